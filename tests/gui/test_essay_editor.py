"""The essay editor on its own: Markdown, word count, autosave, clip moments, undo."""

from __future__ import annotations

import re
import threading
import time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit

from evidencekit.domain.catalog import EssaySlot, ShortAnswerSlot
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.ids import EvidenceId, SlotId
from evidencekit.domain.submissions import Clip, Essay
from evidencekit.domain.text import count_words
from evidencekit.gui.theme import colour
from evidencekit.gui.work import essay_editor
from evidencekit.gui.work.essay_editor import EssayEditor

SLOT = EssaySlot(SlotId("r"), "Reflection", "What did you notice?", 5, 10)
CLIP = Clip(EvidenceId(7), SlotId("c"), "Lesson 1", "0" * 64, "l.mp4", 1, 120.0, True)


class Saver:
    def __init__(self) -> None:
        self.saved: list[tuple[str, bool]] = []
        self.fail = False

    def __call__(self, markdown: str, checkpoint: bool) -> Essay:
        if self.fail:
            raise EvidenceKitError("The disk is full.")
        self.saved.append((markdown, checkpoint))
        return Essay(EvidenceId(1), SLOT.id, SLOT.title, markdown)


@pytest.fixture
def editor(qtbot) -> tuple[EssayEditor, Saver]:
    widget = EssayEditor()
    qtbot.addWidget(widget)
    widget.show()
    saver = Saver()
    widget.open_text(SLOT, "", [CLIP], saver)
    widget.text.setFocus()
    return widget, saver


def test_formatting_is_stored_as_markdown(qtbot, editor) -> None:
    widget, _ = editor
    widget.toggle_heading()
    qtbot.keyClicks(widget.text, "Findings")
    qtbot.keyClick(widget.text, Qt.Key.Key_Return)  # back to plain text after a heading
    widget.toggle_bold()
    qtbot.keyClicks(widget.text, "bold")
    widget.toggle_bold()
    qtbot.keyClicks(widget.text, " ")
    widget.toggle_italic()
    qtbot.keyClicks(widget.text, "slanted")
    widget.toggle_italic()
    qtbot.keyClick(widget.text, Qt.Key.Key_Return)
    widget.toggle_list(numbered=False)
    qtbot.keyClicks(widget.text, "first point")
    markdown = widget.markdown()
    assert "## Findings" in markdown
    assert "**bold**" in markdown
    assert "*slanted*" in markdown
    assert "- first point" in markdown


def test_markdown_round_trips_when_opened(qtbot, editor) -> None:
    widget, saver = editor
    widget.open_text(SLOT, "## Plan\n\n1. one\n2. two\n", [], saver)
    assert widget.markdown().startswith("## Plan")
    assert re.search(r"^1\.\s+one$", widget.markdown(), re.MULTILINE)
    assert not widget.dirty  # opening is not an edit
    assert saver.saved == []


def test_word_count_against_limits(qtbot, editor) -> None:
    widget, _ = editor
    qtbot.keyClicks(widget.text, "one two three")
    qtbot.waitUntil(lambda: "3 words · 5–10 words asked" in widget.count.text(), timeout=1000)
    answer = ShortAnswerSlot(SlotId("a"), "Answer", "Why?", max_words=2)
    widget.open_text(answer, "one two three", [], Saver())
    assert "at most 2 words" in widget.count.text()
    assert colour("problem").name() in widget.count.text()  # over


def test_sealed_text_says_so_in_the_sealed_colour(qtbot, editor) -> None:
    widget, _ = editor
    widget.set_read_only(True)
    assert "Sealed: read only" in widget.state.text()
    assert colour("sealed").name() in widget.state.text()
    assert widget.text.isReadOnly()


def test_autosave_after_a_pause_and_history_coalesces(qtbot, editor, monkeypatch) -> None:
    widget, saver = editor
    qtbot.keyClicks(widget.text, "first words")
    assert widget.dirty and saver.saved == []
    qtbot.waitUntil(lambda: not widget.dirty, timeout=essay_editor.AUTOSAVE_MAX_WAIT_MS + 1000)
    assert saver.saved == [("first words\n", False)]  # autosave: coalesced into one version
    widget.save_version()
    assert saver.saved[-1] == ("first words\n", True)  # explicit save: a new version


def test_autosave_during_continuous_typing(qtbot, editor) -> None:
    widget, saver = editor
    # Keystrokes closer together than the idle delay never let it fire; the
    # maximum wait still saves.
    for n in range(12):
        qtbot.keyClicks(widget.text, f"w{n} ")
        qtbot.wait(essay_editor.AUTOSAVE_IDLE_MS // 4)
    assert saver.saved, "continuous typing must still be saved"


def test_saves_on_focus_loss_and_on_switching_text(qtbot, editor) -> None:
    widget, saver = editor
    other = QLineEdit()
    qtbot.addWidget(other)
    other.show()
    qtbot.keyClicks(widget.text, "typed")
    widget.activateWindow()
    widget.text.clearFocus()  # focus out, as when she clicks elsewhere
    assert saver.saved == [("typed\n", False)]
    qtbot.keyClicks(widget.text, " more")
    widget.open_text(SLOT, "other text", [], Saver())
    assert saver.saved[-1] == ("typed more\n", False)


def test_a_failed_save_keeps_the_text_dirty_and_retries(qtbot, editor) -> None:
    widget, saver = editor
    saver.fail = True
    errors = []
    widget.saveFailed.connect(errors.append)
    qtbot.keyClicks(widget.text, "precious")
    assert widget.flush() is False
    assert widget.dirty and "Not saved" in widget.state.text()
    assert str(errors[0]) == "The disk is full."
    saver.fail = False
    qtbot.waitUntil(lambda: not widget.dirty, timeout=3000)
    assert saver.saved == [("precious\n", False)]


def test_clip_moments_are_found_and_ctrl_click_jumps(qtbot, editor) -> None:
    widget, _ = editor
    qtbot.keyClicks(widget.text, "See Lesson 1 @ 01:05 and Lesson 1 @ 09:00.")
    cursor = widget.text.textCursor()
    cursor.setPosition(8)
    ref = widget.reference_at(cursor)
    assert ref is not None and ref.clip == CLIP and ref.seconds == 65
    assert "Ctrl+click" in widget.moment_tooltip(ref)
    cursor.setPosition(30)
    past = widget.reference_at(cursor)
    assert past is not None and "Past the end" in widget.moment_tooltip(past)
    cursor.setPosition(8)
    point: QPoint = widget.text.cursorRect(cursor).center()
    with qtbot.waitSignal(widget.momentActivated) as blocker:
        qtbot.mouseClick(
            widget.text.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ControlModifier,
            point,
        )
    assert blocker.args == [7, 65.0]


def test_undo_redo_and_restore_as_one_step(qtbot, editor) -> None:
    widget, _ = editor
    qtbot.keyClicks(widget.text, "draft")
    assert widget.undo_action.isEnabled()
    widget.replace_all("An **older** version")
    assert "**older**" in widget.markdown()
    widget.undo_action.trigger()
    assert widget.text.toPlainText() == "draft"
    widget.redo_action.trigger()
    assert widget.text.toPlainText() == "An older version"
    widget.text.moveCursor(QTextCursor.MoveOperation.End)


def test_closed_editor_is_disabled_and_saves_first(qtbot, editor) -> None:
    widget, saver = editor
    qtbot.keyClicks(widget.text, "last words")
    widget.close_text()
    assert saver.saved == [("last words\n", False)]
    assert not widget.isEnabled() and widget.slot is None


def test_typing_converts_nothing_per_key_and_autosave_saves_markdown(qtbot, editor) -> None:
    widget, saver = editor
    long_text = "\n\n".join(" ".join(f"word{p}x{w}" for w in range(100)) for p in range(50))
    widget.open_text(SLOT, "**Bold** start.\n\n" + long_text, [], saver)
    conversions = []
    original = widget.text.toMarkdown

    def counting(*args):
        conversions.append(1)
        return original(*args)

    widget.text.toMarkdown = counting  # a spy on Qt's converter; the editor is untouched
    widget.text.setFocus()
    widget.text.moveCursor(QTextCursor.MoveOperation.End)
    for n in range(50):
        qtbot.keyClick(widget.text, "abcdefghij "[n % 11])
    assert conversions == [], "no key may convert the whole document"
    assert widget.dirty
    words = count_words(widget.text.toPlainText())  # the whole text, counted afresh
    assert words == 2 + 5000 + 4
    qtbot.waitUntil(lambda: f">{words} words" in widget.count.text(), timeout=1000)
    qtbot.waitUntil(lambda: not widget.dirty, timeout=essay_editor.AUTOSAVE_MAX_WAIT_MS + 1000)
    assert 1 <= len(conversions) <= 3  # the pause's re-check and the autosave
    markdown, checkpoint = saver.saved[-1]
    assert markdown.startswith("**Bold** start.\n\nword0x0 ") and not checkpoint
    # Qt's writer wraps long lines; the words and their order are what must survive.
    assert " ".join(markdown.split()).endswith(
        "word49x99abcdefghij" + " abcdefghij" * 3 + " abcdef"
    )


def test_a_slow_disk_is_written_off_the_gui_thread_and_writes_stay_in_order(qtbot, editor) -> None:
    widget, _ = editor
    writes: list[tuple[str, bool, bool]] = []  # (markdown, checkpoint, on the GUI thread)

    def slow(markdown: str, checkpoint: bool) -> Essay:
        time.sleep(0.2)  # a slow network drive
        writes.append((markdown, checkpoint, threading.current_thread() is threading.main_thread()))
        return Essay(EvidenceId(1), SLOT.id, SLOT.title, markdown)

    widget.open_text(SLOT, "", [], slow)
    widget.text.setFocus()
    for n in range(30):  # she keeps typing for about three seconds
        qtbot.keyClicks(widget.text, f"w{n} ")
        qtbot.wait(essay_editor.AUTOSAVE_IDLE_MS // 8)
    assert any(not gui for _text, _cp, gui in writes), "autosave while typing left the GUI thread"
    widget.save_version()  # Ctrl+S waits for a write in flight, then writes
    texts = [text for text, _cp, _gui in writes]
    assert texts == sorted(texts, key=len)  # never an older text after a newer one
    last_text, checkpoint, on_gui = writes[-1]
    assert " ".join(last_text.split()) == " ".join(f"w{n}" for n in range(30))
    assert checkpoint and on_gui
    assert not widget.dirty
