"""The right-hand pane: the work area of the requirement chosen in the checklist.

The window opens with no requirement chosen, so the pane shows only its placeholder.
The requirement's card and the three work areas (the essay editor, the files with the
selected file's detail, the statement to confirm) are built when first needed: they
and their modules are a tenth of the start-up's time, for nothing on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.catalog import AttestationSlot, Slot
from evidencekit.domain.preflight import Finding
from evidencekit.domain.submissions import Attestation, Evidence
from evidencekit.gui.theme import colour

if TYPE_CHECKING:
    from evidencekit.gui.work.essay_editor import EssayEditor
    from evidencekit.gui.work.file_slot import EvidenceDetail, FileSlotPane
    from evidencekit.gui.work.requirement_card import RequirementCard
    from evidencekit.services.submissions import SubmissionDetail

#: The work areas built on first use; each can be waited for with ``when_built``.
Part = Literal["editor", "files", "attestation"]


class AttestationPane(QWidget):
    confirmedChanged = Signal(str, bool)  # slot id, confirmed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slot: AttestationSlot | None = None
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName(self.tr("Statement"))
        self.confirm = QCheckBox(self.tr("I &confirm this statement"), self)
        self.confirm.setAccessibleName(self.tr("Confirm the statement"))
        self.confirm.toggled.connect(
            lambda on: self.slot and self.confirmedChanged.emit(self.slot.id, on)
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.confirm)
        layout.addStretch(1)

    def show_slot(self, slot: AttestationSlot, evidence: list[Evidence]) -> None:
        self.slot = None  # no signal while the box is set from the data
        self.heading.setText(f"<b>{slot.title}</b><br><br>{slot.statement}")
        self.confirm.setChecked(any(isinstance(e, Attestation) and e.confirmed for e in evidence))
        self.slot = slot


class SlotPanel(QWidget):
    """The chosen requirement's card and findings in plain words, above its work area:
    the editor, the files with the selected file's detail, or a statement to confirm."""

    #: A part (the card or a work area) was built: the pane has new controls.
    grew = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Requirement detail"))
        self.findings = QLabel(self)
        self.findings.setWordWrap(True)
        self.findings.setAccessibleName(self.tr("What this requirement still needs"))
        self.findings.setObjectName("Findings")
        self.findings.hide()
        self.stack = QStackedWidget(self)
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(8, 0, 4, 0)
        self._outer.addWidget(self.findings)
        self._outer.addWidget(self.stack, 1)
        self.placeholder = QLabel(
            self.tr("Choose a requirement in the checklist to work on it."), self
        )
        self.placeholder.setWordWrap(True)
        self.stack.addWidget(self.placeholder)
        self.slot: Slot | None = None
        self._card: RequirementCard | None = None
        self._editor: EssayEditor | None = None
        self._files: tuple[QWidget, FileSlotPane, EvidenceDetail] | None = None
        self._attestation: AttestationPane | None = None
        self._waiting: dict[Part, list[Callable[[], None]]] = {
            "editor": [],
            "files": [],
            "attestation": [],
        }

    # -- parts built on first use ----------------------------------------------------

    def when_built(self, part: Part, connect: Callable[[], None]) -> None:
        """Run ``connect`` once ``part`` exists: now if it does, else right after it is
        built (and before anything uses it)."""
        if self.built(part):
            connect()
        else:
            self._waiting[part].append(connect)

    def built(self, part: Part) -> bool:
        parts = {"editor": self._editor, "files": self._files, "attestation": self._attestation}
        return parts[part] is not None

    def _ready(self, part: Part, page: QWidget) -> None:
        self.stack.addWidget(page)
        for connect in self._waiting.pop(part, []):
            connect()
        self.grew.emit()

    @property
    def card(self) -> RequirementCard:
        if self._card is None:
            from evidencekit.gui.work.requirement_card import RequirementCard

            self._card = RequirementCard(self)
            self._card.hide()
            self._outer.insertWidget(0, self._card)
            self.grew.emit()
        return self._card

    @property
    def editor(self) -> EssayEditor:
        if self._editor is None:
            from evidencekit.gui.work.essay_editor import EssayEditor

            self._editor = EssayEditor(self)
            self._editor.prompt.hide()  # the card above holds the instruction
            self._ready("editor", self._editor)
        return self._editor

    @property
    def files(self) -> FileSlotPane:
        return self._files_parts()[1]

    @property
    def detail(self) -> EvidenceDetail:
        return self._files_parts()[2]

    @property
    def attestation(self) -> AttestationPane:
        if self._attestation is None:
            self._attestation = AttestationPane(self)
            self._ready("attestation", self._attestation)
        return self._attestation

    def _files_parts(self) -> tuple[QWidget, FileSlotPane, EvidenceDetail]:
        if self._files is None:
            from PySide6.QtWidgets import QFrame, QScrollArea

            from evidencekit.gui.work.file_slot import EvidenceDetail, FileSlotPane

            page = QWidget(self)
            files = FileSlotPane(page)
            files.heading.hide()
            detail = EvidenceDetail(page)
            # The item's detail scrolls rather than overlapping itself on a short screen.
            detail_box = QScrollArea(page)
            detail_box.setWidget(detail)
            detail_box.setWidgetResizable(True)
            detail_box.setFrameShape(QFrame.Shape.NoFrame)
            detail_box.setAccessibleName(self.tr("Selected item"))
            layout = QVBoxLayout(page)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(files)
            layout.addWidget(detail_box, 1)
            self._files = page, files, detail
            self._ready("files", page)
        return self._files

    def flush_text(self) -> None:
        """Save what she typed, if the editor was ever opened."""
        if self._editor is not None:
            self._editor.flush()

    @property
    def text_unsaved(self) -> bool:
        return self._editor is not None and self._editor.dirty

    # -- showing -----------------------------------------------------------------------

    def currentWidget(self) -> QWidget | None:
        return self.stack.currentWidget()

    def setCurrentWidget(self, page: QWidget) -> None:
        self.stack.setCurrentWidget(page)

    def show_detail(self, detail: SubmissionDetail | None) -> None:
        """The card and findings of the chosen slot, from the submission as it now stands."""
        found = (
            detail.credential.find_slot(self.slot.id, detail.submission.unit_id)
            if detail is not None and self.slot is not None
            else None
        )
        if detail is None or found is None:
            if self._card is not None:
                self._card.hide()
            self.show_findings([])
            return
        unit, slot = found
        items = [e for e in detail.evidence if e.slot_id == slot.id]
        self.card.show_requirement(slot, unit.rubric, items)
        self.card.show()
        self.show_findings(detail.findings)

    def show_findings(self, findings: list[Finding]) -> None:
        """The preflight findings about the chosen slot, in words; hidden when it is met."""
        shown = [f for f in findings if self.slot is not None and f.slot_id == self.slot.id]
        if not shown:
            self.findings.hide()
            return
        from html import escape  # no requirement, so no finding, is shown at start

        items = "".join(
            f"<li>{'' if f.blocking else self.tr('(advice) ')}{escape(f.message)}</li>"
            for f in shown
        )
        self.findings.setText(f"<ul style='margin:0; margin-left:-16px'>{items}</ul>")
        tone = colour("problem" if any(f.blocking for f in shown) else "not_yet")
        self.findings.setStyleSheet(
            f"#Findings {{ border: 1px solid {tone.name()}; border-radius: 6px; padding: 6px;"
            " background: palette(alternate-base); }"
        )
        self.findings.show()

    def show_placeholder(self) -> None:
        self._close_text()
        self.slot = None
        self.findings.hide()
        if self._card is not None:
            self._card.hide()
        self.setCurrentWidget(self.placeholder)

    def show_editor(self) -> None:
        self.setCurrentWidget(self.editor)

    def show_files(self) -> None:
        self._close_text()
        self.setCurrentWidget(self._files_parts()[0])

    def show_attestation(self) -> None:
        self._close_text()
        self.setCurrentWidget(self.attestation)

    def _close_text(self) -> None:
        if self._editor is not None:
            self._editor.close_text()
