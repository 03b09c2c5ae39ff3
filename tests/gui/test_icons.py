"""The icons: every drawing valid and shipped, drawn in the theme's ink, and on the controls
a teacher uses (the main toolbar, each requirement's kind and status, the slot's buttons)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSize
from PySide6.QtGui import QColor, QIcon, QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QToolBar, QToolButton

from evidencekit.domain.catalog import SlotKind
from evidencekit.gui import theme
from evidencekit.gui.icons import icon, slot_icon, status_icon
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.work.checklist import SlotIdRole
from evidencekit.storage.workspace import Workspace
from tests.conftest import DEMO_SUBMISSION
from tests.gui.menus import menu_action

REPO = Path(__file__).resolve().parents[2]
DRAWINGS = sorted((REPO / "resources" / "icons" / "ui").glob("*.svg"))


def test_every_drawing_is_valid_svg_drawn_in_the_current_colour() -> None:
    assert len(DRAWINGS) >= 15
    for drawing in DRAWINGS:
        svg = drawing.read_bytes()
        assert QSvgRenderer(QByteArray(svg)).isValid(), drawing.name
        assert b"currentColor" in svg, drawing.name  # else it could not follow the theme
        assert b"#" not in svg, drawing.name  # no colour of its own


def test_the_wheel_and_the_installer_carry_the_drawings() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["evidencekit.resources"]
    packaged = {path for pattern in patterns for path in (REPO / "resources").glob(pattern)}
    assert set(DRAWINGS) <= packaged
    # PyInstaller copies resources/ whole (installer/evidencekit.spec's datas).
    spec = (REPO / "installer" / "evidencekit.spec").read_text("utf-8")
    assert '(str(ROOT / "resources"), "evidencekit/resources")' in spec


def _ink(name: str, tone: str | None = None) -> set[str]:
    """The opaque colours of the icon drawn at 24 px."""
    image = icon(name, tone).pixmap(QSize(24, 24)).toImage()
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return {
        QColor(image.pixel(x, y)).name()
        for x in range(image.width())
        for y in range(image.height())
        if QColor.fromRgba(image.pixel(x, y)).alpha() == 255
    }


@pytest.mark.parametrize("name", ["light", "dark"])
def test_icons_are_drawn_in_the_themes_text_colour(qapp, name: str) -> None:
    theme.apply_theme(name)
    qapp.processEvents()
    text = theme.theme_palette(name).color(theme.theme_palette(name).ColorRole.WindowText).name()
    for drawing in ("seal", "slot-video", "refresh"):
        assert _ink(drawing) == {text}, drawing
    assert _ink("status-problem", "problem") == {theme.colour("problem").name()}


def test_the_main_toolbar_shows_an_icon_and_the_word(qtbot, demo_workspace: Workspace) -> None:
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    window.show()
    [toolbar] = window.findChildren(QToolBar, "MainToolbar")
    actions = toolbar.actions()
    assert len(actions) == 4
    for act in actions:
        assert not act.icon().isNull(), act.text()
        button = toolbar.widgetForAction(act)
        assert isinstance(button, QToolButton)
        assert button.toolButtonStyle() == button.toolButtonStyle().ToolButtonTextBesideIcon


def same_picture(first: QIcon, second: QIcon) -> bool:
    size = QSize(20, 20)
    return first.pixmap(size).toImage() == second.pixmap(size).toImage()


def test_each_requirement_shows_its_kind_and_its_status_as_pictures(
    qtbot, demo_workspace: Workspace
) -> None:
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    window.show()
    window.select_submission(DEMO_SUBMISSION)
    kinds = {s.id: s.kind for s in window.detail.slots()}
    checklist = window.checklist
    rows = [
        checklist.topLevelItem(u).child(r)
        for u in range(checklist.topLevelItemCount())
        for r in range(checklist.topLevelItem(u).childCount())
    ]
    assert {kinds[row.data(0, SlotIdRole)] for row in rows} >= {SlotKind.VIDEO, SlotKind.ESSAY}
    for row in rows:
        kind = kinds[row.data(0, SlotIdRole)]
        assert same_picture(row.icon(0), slot_icon(kind)), row.text(0)
        assert same_picture(row.icon(1), status_icon("met")), row.text(0)
        assert not same_picture(row.icon(1), status_icon("problem"))
    # The requirement card shows the chosen requirement's kind beside its title.
    for slot_id, kind in kinds.items():
        window.checklist.select_slot(slot_id)
        assert same_picture(window.slot_panel.card.kind.icon, slot_icon(kind)), slot_id
    # The clip's buttons carry pictures too.
    panel = window.slot_panel
    for button in (
        panel.files.add_button,
        panel.files.record_button,
        panel.detail.play_button,
        panel.detail.trim_button,
        panel.detail.protect_button,
        panel.detail.remove_button,
    ):
        assert not button.icon().isNull(), button.text()


def test_view_theme_dark_redraws_the_toolbar_icons_light(qtbot, demo_workspace: Workspace) -> None:
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    window.show()
    [toolbar] = window.findChildren(QToolBar, "MainToolbar")
    refresh = toolbar.widgetForAction(window.refresh_action)

    def lightness() -> list[int]:
        """Of every pixel of the icon, at the button's left (its word is on the right)."""
        image = refresh.grab().toImage()
        side = min(image.width(), image.height())
        return [QColor(image.pixel(x, y)).lightness() for x in range(side) for y in range(side)]

    assert min(lightness()) < 60  # dark ink on the light button
    menu_action(window, "View", "Theme", "Dark").trigger()
    QApplication.processEvents()
    drawn = lightness()
    assert max(drawn) > 220 and drawn[0] < 100  # light ink on the dark button
