"""The essay and short-answer editor: prompt, live word count, formatting, autosave.

Text is kept as Markdown (QTextDocument's own reader and writer). Autosave runs
0.8 seconds after the last keystroke; while she keeps typing, once a second has
passed since the first unsaved change it runs just after her next keystroke, in
the gap before the one after, and its database write goes to the thread pool
(so neither holds up a key); a crash while typing loses under two seconds of
text. It also saves, waiting for any write in flight, when the editor loses
focus, switches text, or closes.

A keystroke costs the same in a 50-word answer and a 5,000-word commentary:
the document is converted to Markdown only when it is saved or when typing
pauses (for the checklist's re-check), and the word count is a sum of
per-paragraph counts kept up to date by the highlighter, which Qt runs only on
the paragraphs an edit touched.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QSyntaxHighlighter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextListFormat,
)
from PySide6.QtWidgets import QLabel, QTextEdit, QToolTip, QVBoxLayout, QWidget

from evidencekit.domain.catalog import EssaySlot, ShortAnswerSlot
from evidencekit.domain.clip_refs import ClipReference, find_clip_references
from evidencekit.domain.submissions import Clip, Evidence
from evidencekit.domain.text import count_words, format_duration
from evidencekit.gui.deferred_imports import load_deferred
from evidencekit.gui.theme import colour
from evidencekit.gui.work.text_saving import BackgroundWrite, WriteSignals
from evidencekit.gui.work.tool_row import ToolRow

AUTOSAVE_IDLE_MS = 800
AUTOSAVE_MAX_WAIT_MS = 1000
# How long after a keystroke a due autosave runs: the key has been drawn by then.
SAVE_AFTER_KEY_MS = 30
# Autosaves this close together update one version; explicit saves always add one.
VERSION_EVERY = timedelta(minutes=5)
# The word count shows at most this long after a key, even while she keeps typing.
COUNT_EVERY_MS = 150
# The checklist is re-checked against unsaved text once typing pauses this long.
RECHECK_IDLE_MS = 400

Saver = Callable[[str, bool], Evidence]  # (markdown, checkpoint) -> saved evidence
TextSlot = EssaySlot | ShortAnswerSlot


class MomentHighlighter(QSyntaxHighlighter):
    """Underlines clip moments; those past the clip's end get a red wavy line.

    It also keeps each paragraph's word count in the block's state, so the
    total is a sum over paragraphs instead of a re-count of the whole text.
    """

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.clips: list[Clip] = []

    def word_count(self) -> int:
        total = 0
        block = self.document().begin()
        while block.isValid():
            total += max(block.userState(), 0)
            block = block.next()
        return total

    def highlightBlock(self, text: str) -> None:
        self.setCurrentBlockState(count_words(text))
        for ref in find_clip_references(text, self.clips):
            fmt = QTextCharFormat()
            fmt.setFontUnderline(True)
            if ref.clip is None or ref.seconds > ref.clip.duration_s:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(colour("problem"))
            else:
                fmt.setForeground(colour("link"))
            self.setFormat(ref.start, ref.end - ref.start, fmt)


class EssayEditor(QWidget):
    saved = Signal(object)  # the saved Evidence
    edited = Signal(str)  # the Markdown once typing pauses, before it is saved
    momentActivated = Signal(int, float)  # clip evidence id, seconds
    historyRequested = Signal()
    insertMomentRequested = Signal()
    saveFailed = Signal(object)  # the exception

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slot: TextSlot | None = None
        self._saver: Saver | None = None
        self._saved_text = ""
        self._dirty = False
        self._loading = False
        self._revision = 0  # counts edits, so a background write knows if it is current
        self._writing: BackgroundWrite | None = None
        self._write_signals = WriteSignals(self)
        self._write_signals.finished.connect(self._write_finished)

        self.prompt = QLabel(self)
        self.prompt.setWordWrap(True)
        self.prompt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.prompt.setAccessibleName(self.tr("Prompt"))
        self.text = QTextEdit(self)
        self.text.setAccessibleName(self.tr("Essay text"))
        self.text.setAcceptRichText(False)  # pasted HTML would carry styles Markdown cannot hold
        self.text.setTabChangesFocus(True)
        self.text.document().setDocumentMargin(12)
        self.highlighter = MomentHighlighter(self.text.document())
        self.count = QLabel(self)
        self.count.setAccessibleName(self.tr("Word count"))
        self.state = QLabel(self)
        self.state.setAccessibleName(self.tr("Save state"))
        self.state.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.toolbar = ToolRow(self.tr("Formatting"), self)
        self._build_actions()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.prompt)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.text, 1)
        footer = QWidget(self)
        row = QVBoxLayout(footer)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.count)
        row.addWidget(self.state)
        layout.addWidget(footer)

        self._idle = QTimer(self, singleShot=True, interval=AUTOSAVE_IDLE_MS)
        self._max_wait = QTimer(self, singleShot=True, interval=AUTOSAVE_MAX_WAIT_MS)
        self._after_key = QTimer(self, singleShot=True, interval=SAVE_AFTER_KEY_MS)
        self._count_timer = QTimer(self, singleShot=True, interval=COUNT_EVERY_MS)
        self._recheck = QTimer(self, singleShot=True, interval=RECHECK_IDLE_MS)
        self._idle.timeout.connect(self.save)
        self._after_key.timeout.connect(self._save_in_background)
        self._count_timer.timeout.connect(self._update_count)
        self._recheck.timeout.connect(lambda: self.edited.emit(self.markdown()))
        self.text.textChanged.connect(self._changed)
        self.text.installEventFilter(self)
        self.text.viewport().installEventFilter(self)
        self.setEnabled(False)

    # -- actions ----------------------------------------------------------------------

    def _build_actions(self) -> None:
        def add(
            text: str,
            shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
            slot: Callable[[], None],
        ) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                act.setToolTip(f"{text.replace('&', '')} ({act.shortcut().toString()})")
            act.triggered.connect(slot)
            self.toolbar.addAction(act)
            self.addAction(act)
            return act

        self.heading_action = add(self.tr("Title"), "Ctrl+1", self.toggle_heading)
        self.bold_action = add(self.tr("Bold"), QKeySequence.StandardKey.Bold, self.toggle_bold)
        self.italic_action = add(
            self.tr("Italic"), QKeySequence.StandardKey.Italic, self.toggle_italic
        )
        self.bullets_action = add(
            self.tr("• List"), "Ctrl+Shift+8", lambda: self.toggle_list(numbered=False)
        )
        self.numbers_action = add(
            self.tr("1. List"), "Ctrl+Shift+7", lambda: self.toggle_list(numbered=True)
        )
        self.toolbar.addSeparator()
        self.undo_action = add(self.tr("Undo"), QKeySequence.StandardKey.Undo, self.text.undo)
        self.redo_action = add(self.tr("Redo"), QKeySequence.StandardKey.Redo, self.text.redo)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.text.undoAvailable.connect(self.undo_action.setEnabled)
        self.text.redoAvailable.connect(self.redo_action.setEnabled)
        self.toolbar.addSeparator()
        self.moment_action = add(
            self.tr("Moment…"), "Ctrl+Shift+M", self.insertMomentRequested.emit
        )
        self.save_action = add(self.tr("Save"), QKeySequence.StandardKey.Save, self.save_version)
        self.history_action = add(self.tr("History…"), "Ctrl+Shift+H", self.historyRequested.emit)
        self.bold_action.setCheckable(True)
        self.italic_action.setCheckable(True)
        for act, style in ((self.bold_action, "bold"), (self.italic_action, "italic")):
            font = act.font()
            font.setBold(style == "bold")
            font.setItalic(style == "italic")
            act.setFont(font)
        self.heading_action.setToolTip(self.tr("Heading (Ctrl+1)"))
        self.moment_action.setToolTip(self.tr("Refer to a clip moment, e.g. 'Lesson 1 @ 03:15'"))
        self.save_action.setToolTip(self.tr("Keep this as a version in the history (Ctrl+S)"))
        self.text.currentCharFormatChanged.connect(self._show_format)

    def toggle_bold(self) -> None:
        fmt = QTextCharFormat()
        bold = self.text.fontWeight() < QFont.Weight.Bold
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        self.text.mergeCurrentCharFormat(fmt)

    def toggle_italic(self) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(not self.text.fontItalic())
        self.text.mergeCurrentCharFormat(fmt)

    def toggle_heading(self) -> None:
        cursor = self.text.textCursor()
        level = 0 if cursor.blockFormat().headingLevel() else 2
        cursor.beginEditBlock()
        block = QTextBlockFormat()
        block.setHeadingLevel(level)
        cursor.mergeBlockFormat(block)
        cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
        char = QTextCharFormat()
        char.setFontWeight(QFont.Weight.Bold if level else QFont.Weight.Normal)
        base = self.text.document().defaultFont().pointSizeF()
        char.setFontPointSize(base * 1.35 if level else base)
        cursor.mergeCharFormat(char)
        cursor.endEditBlock()

    def toggle_list(self, numbered: bool) -> None:
        cursor = self.text.textCursor()
        style = QTextListFormat.Style.ListDecimal if numbered else QTextListFormat.Style.ListDisc
        current = cursor.currentList()
        cursor.beginEditBlock()
        if current is not None and current.format().style() == style:
            for _ in range(current.count()):
                current.remove(current.item(0))
            block = QTextBlockFormat()
            block.setIndent(0)
            cursor.mergeBlockFormat(block)
        else:
            cursor.createList(style)
        cursor.endEditBlock()

    def _show_format(self, fmt: QTextCharFormat) -> None:
        self.bold_action.setChecked(fmt.fontWeight() >= QFont.Weight.Bold)
        self.italic_action.setChecked(fmt.fontItalic())

    # -- content ----------------------------------------------------------------------

    def open_text(self, slot: TextSlot, markdown: str, clips: list[Clip], saver: Saver) -> None:
        """Show ``slot``'s text; whatever was being edited before is saved first."""
        self.flush()
        self.slot, self._saver = slot, saver
        self.highlighter.clips = list(clips)
        self.prompt.setText(f"<b>{slot.title}</b><br>{slot.prompt}")
        self._loading = True
        self.text.setMarkdown(markdown)
        self.text.document().clearUndoRedoStacks()
        self._loading = False
        self._saved_text = self.markdown()
        self._dirty = False
        self.setEnabled(True)
        self._update_count()
        self.state.setText(self.tr("All changes saved"))

    def set_read_only(self, read_only: bool) -> None:
        """Sealed work looks it: no formatting, no moments, no saving, only reading."""
        self.text.setReadOnly(read_only)
        for act in (
            self.heading_action,
            self.bold_action,
            self.italic_action,
            self.bullets_action,
            self.numbers_action,
            self.moment_action,
            self.save_action,
        ):
            act.setEnabled(not read_only)
        if read_only:
            self.undo_action.setEnabled(False)
            self.redo_action.setEnabled(False)
            sealed = colour("sealed").name()
            self.state.setText(
                f"<span style='color:{sealed}'>{self.tr('Sealed: read only')}</span>"
            )

    def close_text(self) -> None:
        self.flush()
        self._count_timer.stop()
        self._recheck.stop()
        self.slot, self._saver = None, None
        self._loading = True
        self.text.clear()
        self._loading = False
        self.setEnabled(False)

    def markdown(self) -> str:
        text = self.text.toMarkdown(QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
        return text.rstrip() + "\n" if text.strip() else ""

    def replace_all(self, markdown: str) -> None:
        """Put ``markdown`` in place of the text as one undoable edit (restoring a version)."""
        cursor = self.text.textCursor()
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.removeSelectedText()
        cursor.insertMarkdown(markdown)
        cursor.endEditBlock()

    def insert_text(self, text: str) -> None:
        self.text.textCursor().insertText(text)

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def typing(self) -> bool:
        """A key came in the last moments (the pause re-check has not run yet)."""
        return self._recheck.isActive()

    def _changed(self) -> None:
        if self._loading or self.slot is None:
            return
        self._revision += 1
        was_dirty, self._dirty = self._dirty, True
        self._idle.start()
        if not was_dirty:
            self._max_wait.start()
        elif not self._max_wait.isActive() and not self._after_key.isActive():
            self._after_key.start()  # a save is due: in the gap after this key
        self.state.setText(self.tr("Editing…"))
        if not self._count_timer.isActive():
            self._count_timer.start()
        self._recheck.start()

    def _update_count(self) -> None:
        if self.slot is None:
            return
        words = self.highlighter.word_count()
        low = self.slot.min_words if isinstance(self.slot, EssaySlot) else 0
        high = self.slot.max_words
        if low and high:
            limits = self.tr("{low}–{high} words asked").format(low=low, high=high)
        elif high:
            limits = self.tr("at most {high} words").format(high=high)
        elif low:
            limits = self.tr("at least {low} words").format(low=low)
        else:
            limits = ""
        status = "met" if words >= low and (high is None or words <= high) else "not_yet"
        if high is not None and words > high:
            status = "problem"
        text = self.tr("%n words", "", words) + (f" · {limits}" if limits else "")
        self.count.setText(f"<span style='color:{colour(status).name()}'>{text}</span>")

    # -- saving -----------------------------------------------------------------------

    def _save_in_background(self) -> None:
        """The autosave due while she keeps typing: converted here, written on the pool."""
        if self._writing is not None or self.slot is None or self._saver is None:
            return  # one write at a time; her next key asks again
        self._idle.stop()
        self._max_wait.stop()
        markdown = self.markdown()
        if markdown == self._saved_text:
            self._dirty = False
            return
        self._writing = BackgroundWrite(self._saver, markdown, self._revision, self._write_signals)
        load_deferred()  # the saver's service must not first load on the worker
        QThreadPool.globalInstance().start(self._writing)

    def _write_finished(self, job: BackgroundWrite) -> None:
        if job is not self._writing:
            return  # already taken in by a save that waited for it
        self._writing = None
        if job.error is not None:
            self.state.setText(self.tr("Not saved — will retry"))
            self._idle.start()
            self._max_wait.start()
            self.saveFailed.emit(job.error)
            return
        self._saved_text = job.markdown
        if job.revision == self._revision:
            self._dirty = False
            self.state.setText(self.tr("All changes saved"))
        else:
            self._idle.start()  # typed meanwhile: her next key or a pause saves that
        self.saved.emit(job.result)

    def _wait_for_write(self) -> None:
        job = self._writing
        if job is not None:
            job.done.wait()
            self._write_finished(job)

    def save(self, checkpoint: bool = False) -> bool:
        """Write the text if it changed; False when saving failed (the text stays dirty)."""
        self._wait_for_write()
        self._idle.stop()
        self._max_wait.stop()
        self._after_key.stop()
        if self.slot is None or self._saver is None:
            return True
        markdown = self.markdown()
        if not self._dirty and not checkpoint:
            return True
        if markdown == self._saved_text and not checkpoint:
            self._dirty = False
            return True
        try:
            evidence = self._saver(markdown, checkpoint)
        except Exception as exc:
            self.state.setText(self.tr("Not saved — will retry"))
            self._idle.start()
            self._max_wait.start()
            self.saveFailed.emit(exc)
            return False
        self._saved_text = markdown
        self._dirty = False
        self.state.setText(self.tr("All changes saved"))
        self.saved.emit(evidence)
        return True

    def save_version(self) -> None:
        self.save(checkpoint=True)

    def flush(self) -> bool:
        """Save now: she has left the text, so she is no longer typing (no pause re-check)."""
        self._recheck.stop()
        return self.save()

    # -- events -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.text and event.type() == QEvent.Type.FocusOut:
            self.flush()
        elif (
            watched is self.text
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.text.textCursor().blockFormat().headingLevel()
        ):
            # After a heading the next paragraph is plain text, as in any word processor.
            plain = QTextCharFormat()
            plain.setFontPointSize(self.text.document().defaultFont().pointSizeF())
            plain.setFontWeight(QFont.Weight.Normal)
            self.text.textCursor().insertBlock(QTextBlockFormat(), plain)
            return True
        elif (
            watched is self.text.viewport()
            and event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            ref = self.reference_at(self.text.cursorForPosition(event.position().toPoint()))
            if ref is not None and ref.clip is not None:
                self.momentActivated.emit(ref.clip.id, float(ref.seconds))
                return True
        elif (
            watched is self.text.viewport()
            and event.type() == QEvent.Type.ToolTip
            and isinstance(event, QHelpEvent)
        ):
            ref = self.reference_at(self.text.cursorForPosition(event.pos()))
            if ref is not None:
                QToolTip.showText(event.globalPos(), self.moment_tooltip(ref), self.text)
                return True
        return super().eventFilter(watched, event)

    def reference_at(self, cursor: QTextCursor) -> ClipReference | None:
        block = cursor.block()
        offset = cursor.position() - block.position()
        for ref in find_clip_references(block.text(), self.highlighter.clips):
            if ref.start <= offset <= ref.end:
                return ref
        return None

    def moment_tooltip(self, ref: ClipReference) -> str:
        if ref.clip is None:
            return self.tr("No clip of this submission has that title.")
        if ref.seconds > ref.clip.duration_s:
            return self.tr("Past the end: the clip is {length} long.").format(
                length=format_duration(ref.clip.duration_s)
            )
        return self.tr("Ctrl+click to jump to this moment.")
