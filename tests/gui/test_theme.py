"""The look: status colours readable (WCAG AA) in light and dark, and View ▸ Theme chosen as
a person does, applied live to real widgets and remembered by the next launch."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from evidencekit.gui import theme
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.work.checklist import SlotIdRole
from evidencekit.storage.workspace import Workspace
from tests.conftest import DEMO_SUBMISSION
from tests.gui.menus import menu_action

ROLE = QPalette.ColorRole
#: Where status text is drawn: labels on the window, table cells on the base and on
#: alternate rows.
BACKGROUNDS = (ROLE.Window, ROLE.Base, ROLE.AlternateBase)


def contrast(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio: relative luminances of the sRGB colours, (L1 + 0.05) / (L2 + 0.05)."""

    def luminance(colour: QColor) -> float:
        def linear(channel: int) -> float:
            c = channel / 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (linear(v) for v in (colour.red(), colour.green(), colour.blue()))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_gives_the_published_figures() -> None:
    assert contrast(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)
    assert contrast(QColor("#767676"), QColor("white")) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_status_colour_reaches_aa_on_its_palette(name: str) -> None:
    palette = theme.theme_palette(name)
    assert theme.is_dark(palette) == (name == "dark")
    for status in theme.STATUSES:
        for background in BACKGROUNDS:
            ratio = contrast(theme.colour(status, palette), palette.color(background))
            assert ratio >= 4.5, (name, status, background, round(ratio, 2))
    for text, background in (
        (ROLE.WindowText, ROLE.Window),
        (ROLE.Text, ROLE.Base),
        (ROLE.Text, ROLE.AlternateBase),
        (ROLE.ButtonText, ROLE.Button),
        (ROLE.HighlightedText, ROLE.Highlight),
        (ROLE.ToolTipText, ROLE.ToolTipBase),
    ):
        ratio = contrast(palette.color(text), palette.color(background))
        assert ratio >= 4.5, (name, text, background, round(ratio, 2))


def test_status_colours_reach_aa_on_the_system_palette_too(qapp) -> None:
    palette = qapp.style().standardPalette()
    for status in theme.STATUSES:
        for background in BACKGROUNDS:
            ratio = contrast(theme.colour(status, palette), palette.color(background))
            assert ratio >= 4.5, (status, background, round(ratio, 2))


def _window(qtbot, workspace: Workspace) -> MainWindow:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.select_submission(DEMO_SUBMISSION)
    return window


def _status_cells(window: MainWindow) -> list[tuple[str, QColor]]:
    """(status text, its colour) of every requirement row in the checklist."""
    checklist = window.checklist
    rows = [
        checklist.topLevelItem(u).child(r)
        for u in range(checklist.topLevelItemCount())
        for r in range(checklist.topLevelItem(u).childCount())
    ]
    return [(row.text(1), row.foreground(1).color()) for row in rows if row.data(0, SlotIdRole)]


def test_view_theme_dark_repaints_the_open_window_and_light_brings_it_back(
    qtbot, demo_workspace: Workspace
) -> None:
    window = _window(qtbot, demo_workspace)
    system_window = window.palette().color(ROLE.Window)
    dark = menu_action(window, "View", "Theme", "Dark")
    assert [a.isChecked() for a in dark.actionGroup().actions()] == [True, False, False]

    window.tabs.setCurrentWidget(window.dashboard)
    dark.trigger()
    QApplication.processEvents()

    assert dark.isChecked()
    assert window.palette().color(ROLE.Window) == QColor("#2b2b2b")
    assert window.checklist.palette().color(ROLE.Base) == QColor("#1f1f1f")
    assert window.slot_panel.palette().color(ROLE.WindowText) == QColor("#e8e8e8")
    # Also a control with a style sheet of its own (the dashed drop zone).
    drop_zone = window.slot_panel.files.drop_hint
    assert drop_zone.styleSheet()
    assert drop_zone.palette().color(ROLE.WindowText) == QColor("#e8e8e8")
    cells = _status_cells(window)
    assert {text for text, _ in cells} == {"Met"}  # the demo is complete
    base = window.checklist.palette().color(ROLE.Base)
    for text, colour in cells:
        assert colour.lightness() > 128, text  # light text on the dark table
        assert contrast(colour, base) >= 4.5, text
    assert QSettings().value(theme.THEME_SETTING) == "dark"
    [card] = window.dashboard.card_list  # drawn again, not only on the next visit
    [missing] = [w for w in card.findChildren(QLabel) if w.accessibleName() == "What is missing"]
    assert missing.styleSheet() == "color: #81c995"  # the dark palette's green

    menu_action(window, "View", "Theme", "Light").trigger()
    QApplication.processEvents()
    assert window.palette().color(ROLE.Window) == QColor("#f5f5f5")
    assert all(colour.lightness() < 128 for _, colour in _status_cells(window))

    menu_action(window, "View", "Theme", "System").trigger()
    QApplication.processEvents()
    assert window.palette().color(ROLE.Window) == system_window
    assert QSettings().value(theme.THEME_SETTING) == "system"


def _launch(folder: Path, settings_home: Path, choose: str | None = None) -> dict[str, object]:
    env = dict(
        os.environ,
        XDG_CONFIG_HOME=str(settings_home),
        HOME=str(settings_home),
        PYTHONPATH=os.pathsep.join(sys.path),
    )
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.gui.theme_launch",
            str(folder),
            *([choose] if choose else []),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert child.returncode == 0, child.stderr[-2000:]
    return json.loads(child.stdout.strip().splitlines()[-1])


def test_the_next_launch_remembers_the_chosen_theme(tmp_path: Path) -> None:
    settings = tmp_path / "settings"
    first = _launch(tmp_path / "ws", settings)
    assert first["checked"] == ["System"]
    chosen = _launch(tmp_path / "ws", settings, choose="Dark")
    assert chosen["window"] == "#2b2b2b"

    relaunched = _launch(tmp_path / "ws", settings)

    assert relaunched["checked"] == ["Dark"]
    assert relaunched["window"] == "#2b2b2b"
    assert relaunched["base"] == "#1f1f1f"
    assert relaunched["text"] == "#e8e8e8"


def test_no_text_colour_is_fixed_outside_the_theme() -> None:
    """A fixed text colour chosen for a light window is unreadable on the dark one (the
    player's message and the recording timer were dark red): text takes the theme's."""
    gui = Path(__file__).resolve().parents[2] / "src" / "evidencekit" / "gui"
    fixed = re.compile(r"(?<![-\w])color:\s*#[0-9a-fA-F]{3,8}")
    found = [
        f"{path.relative_to(gui)}:{number}"
        for path in sorted(gui.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if fixed.search(line)
    ]
    assert found == []
