"""The two pieces that keep the window's start light: tabs built on first show, and
modules whose code runs only when first used or once the window is painted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMenu, QTabWidget

from evidencekit.gui.main_window.lazy_tabs import LazyTabs
from evidencekit.gui.main_window.window_menus import undo_redo
from evidencekit.gui.work.slot_panel import SlotPanel


def test_a_lazy_tab_is_built_when_first_shown_under_its_title(qtbot) -> None:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QLabel("work"), "&Work")
    lazy = LazyTabs(tabs)
    built: list[str] = []

    def build(name: str) -> QLabel:
        built.append(name)
        return QLabel(name)

    lazy.add("roster", "Class r&oster", lambda: build("roster"))
    lazy.add("people", "Peop&le", lambda: build("people"))
    tabs.show()
    assert built == [] and lazy.built("roster") is None
    seen: list[object] = []
    tabs.currentChanged.connect(lambda _i: seen.append(tabs.currentWidget()))
    tabs.setCurrentIndex(2)
    assert built == ["people"]
    assert seen == [lazy.built("people")]  # later slots already find the view in place
    assert tabs.currentWidget() is lazy.view("people")
    assert [tabs.tabText(i) for i in range(3)] == ["&Work", "Class r&oster", "Peop&le"]


def test_asking_for_a_lazy_view_builds_it_and_keeps_the_current_tab(qtbot) -> None:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QLabel("work"), "&Work")
    lazy = LazyTabs(tabs)
    lazy.add("wallet", "Crede&ntials", lambda: QLabel("wallet"))
    changes: list[int] = []
    tabs.currentChanged.connect(changes.append)
    view = lazy.view("wallet")
    assert lazy.view("wallet") is view and tabs.indexOf(view) == 1
    assert tabs.currentIndex() == 0 and changes == []


_DEFERRED = """
import sys
sys.path.insert(0, sys.argv[1])
from evidencekit.gui.deferred_imports import deferred, load_deferred
module = deferred("probe_pkg.noisy")
print("made", "ran" in sys.modules["probe_pkg"].__dict__)
load_deferred()
print("loaded", sys.modules["probe_pkg"].ran, module.VALUE)
"""


def test_a_deferred_module_runs_its_code_only_when_loaded(tmp_path: Path) -> None:
    package = tmp_path / "probe_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "noisy.py").write_text("import probe_pkg\nprobe_pkg.ran = True\nVALUE = 7\n")
    result = subprocess.run(
        [sys.executable, "-c", _DEFERRED, str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["made False", "loaded True 7"]


def test_the_work_pane_builds_each_part_when_first_used(qtbot) -> None:
    panel = SlotPanel()
    qtbot.addWidget(panel)
    connected: list[str] = []
    for part in ("editor", "files", "attestation"):
        panel.when_built(part, lambda part=part: connected.append(part))
    grew: list[bool] = []
    panel.grew.connect(lambda: grew.append(True))
    panel.show_placeholder()
    panel.flush_text()  # nothing typed, nothing built
    assert not panel.text_unsaved
    assert [p for p in ("editor", "files", "attestation") if panel.built(p)] == []
    assert connected == [] and panel.currentWidget() is panel.placeholder

    panel.show_files()
    assert connected == ["files"] and grew == [True]
    assert panel.currentWidget().isAncestorOf(panel.files)
    panel.show_editor()
    assert connected == ["files", "editor"]
    assert panel.currentWidget() is panel.editor
    late: list[str] = []
    panel.when_built("editor", lambda: late.append("editor"))  # already built: runs now
    assert late == ["editor"]
    assert not panel.built("attestation")


def test_the_edit_menu_takes_the_editors_undo_once_it_is_built(qtbot) -> None:
    panel = SlotPanel()
    qtbot.addWidget(panel)
    menu = QMenu()
    undo_redo(menu, panel, ("Undo", "Redo"))
    stand_ins = menu.actions()
    assert [a.text() for a in stand_ins] == ["Undo", "Redo"]
    assert not any(a.isEnabled() for a in stand_ins)
    editor = panel.editor
    assert menu.actions() == [editor.undo_action, editor.redo_action]
