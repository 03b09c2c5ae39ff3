"""The right-hand pane: the work area of the requirement chosen in the checklist."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.catalog import AttestationSlot, Slot
from evidencekit.domain.preflight import Finding
from evidencekit.domain.submissions import Attestation, Evidence
from evidencekit.gui.theme import colour
from evidencekit.gui.work.essay_editor import EssayEditor
from evidencekit.gui.work.file_slot import EvidenceDetail, FileSlotPane
from evidencekit.gui.work.requirement_card import RequirementCard

if TYPE_CHECKING:
    from evidencekit.services.submissions import SubmissionDetail


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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Requirement detail"))
        self.findings = QLabel(self)
        self.findings.setWordWrap(True)
        self.findings.setAccessibleName(self.tr("What this requirement still needs"))
        self.findings.setObjectName("Findings")
        self.findings.hide()
        self.card = RequirementCard(self)
        self.card.hide()
        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 0, 4, 0)
        outer.addWidget(self.card)
        outer.addWidget(self.findings)
        outer.addWidget(self.stack, 1)
        self.placeholder = QLabel(
            self.tr("Choose a requirement in the checklist to work on it."), self
        )
        self.placeholder.setWordWrap(True)
        self.editor = EssayEditor(self)
        self.editor.prompt.hide()  # the card above holds the instruction
        files = QWidget(self)
        self.files = FileSlotPane(files)
        self.files.heading.hide()
        self.detail = EvidenceDetail(files)
        # The item's detail scrolls rather than overlapping itself on a short screen.
        detail_box = QScrollArea(files)
        detail_box.setWidget(self.detail)
        detail_box.setWidgetResizable(True)
        detail_box.setFrameShape(QFrame.Shape.NoFrame)
        detail_box.setAccessibleName(self.tr("Selected item"))
        layout = QVBoxLayout(files)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.files)
        layout.addWidget(detail_box, 1)
        self._files_page = files
        self.attestation = AttestationPane(self)
        for page in (self.placeholder, self.editor, files, self.attestation):
            self.stack.addWidget(page)
        self.slot: Slot | None = None

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
            self.card.hide()
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
        self.editor.close_text()
        self.slot = None
        self.findings.hide()
        self.card.hide()
        self.setCurrentWidget(self.placeholder)

    def show_editor(self) -> None:
        self.setCurrentWidget(self.editor)

    def show_files(self) -> None:
        self.editor.close_text()
        self.setCurrentWidget(self._files_page)

    def show_attestation(self) -> None:
        self.editor.close_text()
        self.setCurrentWidget(self.attestation)
