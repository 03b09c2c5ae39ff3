"""Counts read as English: '1 word', '2 words', from Qt's %n and the English catalog."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QLabel

from evidencekit.domain.catalog import EssaySlot
from evidencekit.domain.ids import SlotId
from evidencekit.gui.translations import catalog_path
from evidencekit.gui.views.dashboard import DashboardView
from evidencekit.gui.work.essay_editor import EssayEditor
from evidencekit.services.catalogs import workspace_catalog
from evidencekit.services.progress import workspace_progress
from evidencekit.services.submissions import create_submission
from evidencekit.storage.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "evidencekit_en.ts"


def test_no_maybe_plural_is_left_in_the_teachers_screens() -> None:
    gui = ROOT / "src" / "evidencekit" / "gui"
    for path in gui.rglob("*.py"):
        if "review" in path.parts:
            continue  # the evaluator's screens are another issue's
        assert not re.search(r"\w\(s\)", path.read_text()), path


def test_every_counted_string_has_its_english_forms() -> None:
    sources = {html.unescape(s) for s in re.findall(r"<source>(.*?)</source>", TS.read_text())}
    gui = ROOT / "src" / "evidencekit" / "gui"
    for path in gui.rglob("*.py"):
        if "review" in path.parts:
            continue
        for text in re.findall(r'tr\(\s*"([^"]*%n[^"]*)"', path.read_text()):
            if re.search(r"%n \w+s\b", text):  # a counted noun: "%n words"
                assert text in sources, (path.name, text)


def test_the_compiled_catalog_matches_its_source(tmp_path: Path) -> None:
    built = tmp_path / "en.qm"
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), str(TS), "-qm", str(built)], check=True, capture_output=True)
    assert built.read_bytes() == Path(catalog_path()).read_bytes()


def test_the_word_count_says_word_for_one(qtbot) -> None:
    editor = EssayEditor()
    qtbot.addWidget(editor)
    slot = EssaySlot(SlotId("r"), "Reflection", "What did you notice?", 0, None)
    editor.open_text(slot, "one", [], lambda text, checkpoint: None)
    assert ">1 word<" in editor.count.text()
    editor.open_text(slot, "one two", [], lambda text, checkpoint: None)
    assert ">2 words<" in editor.count.text()


def test_a_one_unit_submissions_card_says_unit(qtbot, workspace: Workspace) -> None:
    create_submission(workspace, "checking-for-understanding", "questioning", "Redo")
    view = DashboardView()
    qtbot.addWidget(view)
    catalog = workspace_catalog(workspace)
    view.show_progress(catalog, workspace_progress(workspace, catalog))
    [card] = view.card_list
    [figures] = [
        label
        for label in card.findChildren(QLabel)
        if label.accessibleName() == "Requirements and units"
    ]
    assert figures.text() == "0 of 5 requirements met · 0 of 1 unit done"
