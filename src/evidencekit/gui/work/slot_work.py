"""What happens in the work pane: writing, adding files, tagging students, confirming.

Every change goes through the services, then says what it changed to the
workspace state, which every view follows, so the checklist, the list and the
dashboard show the new status straight away. While she types, the
checklist is re-checked against the unsaved text (preflight is a pure function).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from evidencekit.domain.catalog import (
    ArtifactSlot,
    AttestationSlot,
    EssaySlot,
    ShortAnswerSlot,
    Slot,
    VideoSlot,
)
from evidencekit.domain.ids import EvidenceId, SlotId
from evidencekit.domain.preflight import preflight
from evidencekit.domain.submissions import Clip, Essay, Evidence
from evidencekit.gui.deferred_imports import deferred
from evidencekit.gui.models.evidence_model import EvidenceEntry
from evidencekit.gui.runner import show_error
from evidencekit.gui.work.slot_panel import SlotPanel
from evidencekit.services.workspace_state import Changes, WorkspaceState

if TYPE_CHECKING:
    from evidencekit.gui.main_window.shell import WindowShell
    from evidencekit.gui.work.protect_students import ProtectStudents
    from evidencekit.services import evidence as evidence_service
    from evidencekit.services import roster, submissions
else:  # loaded behind the first paint (they need the ORM)
    evidence_service = deferred("evidencekit.services.evidence")
    roster = deferred("evidencekit.services.roster")
    submissions = deferred("evidencekit.services.submissions")

_UNSAVED = EvidenceId(-1)  # stands in for an essay that has not been saved yet


class SlotWork(QObject):
    def __init__(self, window: WindowShell) -> None:
        super().__init__(window)
        self.window = window
        self.panel: SlotPanel | None = None
        self.protection: ProtectStudents | None = None
        self._reload_pending = False

    def connect_panel(self, panel: SlotPanel) -> None:
        self.panel = panel
        # The panel builds its work areas when first shown.
        panel.when_built("editor", lambda: self._connect_editor(panel))
        panel.when_built("files", lambda: self._connect_files(panel))
        panel.when_built("attestation", lambda: self._connect_attestation(panel))

    def _connect_editor(self, panel: SlotPanel) -> None:
        editor = panel.editor
        editor.edited.connect(self._text_edited)
        editor.saved.connect(lambda _evidence: self._text_saved())
        editor.saveFailed.connect(lambda exc: show_error(self.window, exc))
        editor.historyRequested.connect(self.show_history)
        editor.insertMomentRequested.connect(self.insert_moment)
        editor.momentActivated.connect(self.jump_to_moment)

    def _connect_files(self, panel: SlotPanel) -> None:
        panel.files.filesChosen.connect(self.add_files)
        panel.files.evidenceSelected.connect(self._show_item)
        panel.detail.tagsChanged.connect(self.tag)
        panel.detail.removeRequested.connect(self.remove)
        panel.detail.protectRequested.connect(self.protect)

    def _connect_attestation(self, panel: SlotPanel) -> None:
        panel.attestation.confirmedChanged.connect(self.confirm)

    def protect(self, evidence_id: int) -> None:
        """Hide students' faces in a clip (the original stays as it is)."""
        clip = next((c for c in self._clips() if c.id == evidence_id), None)
        if clip is None:
            return
        # Imported here: the face review (its video widgets) loads when a clip is protected.
        from evidencekit.gui.work.protect_students import ProtectStudents

        submission_id = self._submission_id
        self.protection = ProtectStudents(self.window, self.window.workspace)
        self.protection.changed.connect(
            lambda: self.window.state.apply(Changes.of_submission(submission_id, findings=True))
        )
        self.protection.start(clip)

    # -- helpers ---------------------------------------------------------------------

    @property
    def _submission_id(self) -> int:
        assert self.window.detail is not None
        return self.window.detail.submission.id

    def _slot(self, slot_id: str) -> Slot | None:
        detail = self.window.detail
        if detail is None:
            return None
        found = detail.credential.find_slot(slot_id, detail.submission.unit_id)
        return found[1] if found else None

    def _items(self, slot_id: str) -> list[Evidence]:
        detail = self.window.detail
        return [e for e in detail.evidence if e.slot_id == slot_id] if detail else []

    def _clips(self) -> list[Clip]:
        detail = self.window.detail
        return [e for e in detail.evidence if isinstance(e, Clip)] if detail else []

    def _editable(self) -> bool:
        detail = self.window.detail
        return detail is not None and detail.attempt.status in submissions.EDITABLE

    def reload_evidence_list(self, submission_id: int | None = None) -> None:
        """Refresh the evidence list: one submission's rows, or all when all are shown."""
        window = self.window
        model = window.evidence_model
        everything = model.holds_everything or window.all_evidence.isChecked()
        if submission_id is None and everything:
            model.set_rows(self._entries(None), everything=True)
            return
        if submission_id is None and window.detail is not None:
            submission_id = window.detail.submission.id
        if submission_id is None:
            model.set_rows([])
        elif model.holds_everything:
            model.replace_submission(submission_id, self._entries(submission_id))
        else:
            model.set_rows(self._entries(submission_id))

    def _entries(self, submission_id: int | None) -> list[EvidenceEntry]:
        window = self.window
        titles = {
            summary.submission.id: summary.submission.title
            for summary in (
                window.submission_model.summary(r)
                for r in range(window.submission_model.rowCount())
            )
        }
        slot_titles = _slot_titles(window)
        return [
            EvidenceEntry(sid, titles.get(sid, ""), slot_titles.get(e.slot_id, e.slot_id), e)
            for sid, e in evidence_service.current_evidence(window.workspace, submission_id)
        ]

    # -- opening a requirement -------------------------------------------------------

    def open_slot(self, slot_id: str) -> None:
        panel = self.panel
        assert panel is not None
        panel.flush_text()
        slot = self._slot(slot_id) if slot_id else None
        panel.slot = slot
        panel.show_detail(self.window.detail)
        match slot:
            case None:
                panel.show_placeholder()
            case EssaySlot() | ShortAnswerSlot():
                self._open_text(slot)
            case VideoSlot() | ArtifactSlot():
                panel.show_files()
                self._show_files(slot)
            case AttestationSlot():
                panel.show_attestation()
                panel.attestation.show_slot(slot, self._items(slot.id))
                panel.attestation.setEnabled(self._editable())

    def _open_text(self, slot: EssaySlot | ShortAnswerSlot) -> None:
        assert self.panel is not None
        text = next((e.text for e in self._items(slot.id) if isinstance(e, Essay)), "")
        submission_id = self._submission_id
        editor = self.panel.editor  # its module is loaded from here on
        from evidencekit.gui.work.essay_editor import VERSION_EVERY

        def save(markdown: str, checkpoint: bool) -> Evidence:
            return evidence_service.set_text(
                self.window.workspace,
                submission_id,
                slot.id,
                markdown,
                None if checkpoint else VERSION_EVERY,
            )

        editor.open_text(slot, text, self._clips(), save)
        editor.set_read_only(not self._editable())
        self.panel.show_editor()

    def _show_files(self, slot: VideoSlot | ArtifactSlot) -> None:
        assert self.panel is not None
        self.panel.files.show_slot(slot, self._items(slot.id), self.window.workspace.media.path_for)
        self.panel.files.setEnabled(self._editable())

    def _show_item(self, item: Evidence | None, at_s: float | None = None) -> None:
        assert self.panel is not None
        detail = self.window.detail
        if item is None or detail is None:
            self.panel.detail.show_evidence(None, [], [], None)
            return
        sha = getattr(item, "sha256", "")
        path = self.window.workspace.media.path_for(sha) if sha else None
        students = roster.list_students(self.window.workspace)
        tagged = detail.appearances.get(item.id, [])
        self.panel.detail.show_evidence(item, students, tagged, path, at_s)
        self.panel.detail.set_editable(self._editable())

    def show_evidence(self, slot_id: str, evidence_id: int, at_s: float | None = None) -> None:
        """Open the slot of an item and select the item (from the evidence list or a link)."""
        self.window.tabs.setCurrentIndex(0)
        self.window.checklist.select_slot(slot_id)
        assert self.panel is not None
        if isinstance(self.panel.slot, VideoSlot | ArtifactSlot):
            self.panel.files.select_evidence(evidence_id)
            if at_s is not None:
                item = next((e for e in self._items(slot_id) if e.id == evidence_id), None)
                self._show_item(item, at_s)

    # -- changes ---------------------------------------------------------------------

    def _text_saved(self) -> None:
        """Show what was saved; while she is typing, only once she pauses (the reload
        would otherwise hold up her next key)."""
        assert self.panel is not None
        if self.panel.editor.typing:
            self._reload_pending = True
        else:
            self._reload_pending = False
            self._changed()

    def _text_edited(self, markdown: str) -> None:
        """Re-check the checklist against the text being typed, before it is saved."""
        if self._reload_pending:
            self._reload_pending = False
            self._changed()
        detail = self.window.detail
        slot = self.panel.editor.slot if self.panel else None
        if detail is None or slot is None:
            return
        current = next(
            (e for e in detail.evidence if e.slot_id == slot.id and isinstance(e, Essay)), None
        )
        typed = Essay(current.id if current else _UNSAVED, SlotId(slot.id), slot.title, markdown)
        evidence = [e for e in detail.evidence if e is not current] + [typed]
        # Only the text's own slot is re-judged: the other findings stay as the saved
        # state had them (they need facts, like protected clips, that typing cannot change).
        typed_findings = preflight(
            detail.credential, detail.submission.unit_id, evidence, detail.appearances
        )
        findings = [f for f in detail.findings if f.slot_id != slot.id] + [
            f for f in typed_findings if f.slot_id == slot.id
        ]
        self.window.show_detail(dataclasses.replace(detail, evidence=evidence, findings=findings))

    def add_files(self, slot_id: str, paths: list[Path]) -> None:
        workspace, submission_id = self.window.workspace, self._submission_id

        def done(added: list[Evidence]) -> None:
            self.window.state.apply(Changes.of_submission(submission_id, evidence=True))
            self.open_slot(slot_id)
            if added and self.panel is not None:
                self.panel.files.select_evidence(added[-1].id)

        self.window.run(
            self.tr("Adding %n files", "", len(paths)),
            lambda reporter: evidence_service.add_evidence_files(
                workspace, submission_id, slot_id, paths, reporter
            ),
            done,
        )

    def tag(self, evidence_id: int, student_ids: list[int]) -> None:
        try:
            roster.tag_evidence(
                self.window.workspace, self._submission_id, evidence_id, student_ids
            )
        except Exception as exc:
            show_error(self.window, exc)
        self.after_item_change(evidence_id)

    def remove(self, evidence_id: int) -> None:
        answer = QMessageBox.question(
            self.window,
            self.tr("Remove evidence"),
            self.tr("Remove this item from the submission? The file stays in the workspace."),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            evidence_service.remove_evidence(
                self.window.workspace, self._submission_id, evidence_id
            )
        except Exception as exc:
            show_error(self.window, exc)
        self.after_item_change(None)

    def confirm(self, slot_id: str, confirmed: bool) -> None:
        try:
            evidence_service.set_attestation(
                self.window.workspace, self._submission_id, slot_id, confirmed
            )
        except Exception as exc:
            show_error(self.window, exc)
        self._changed()

    def _changed(self) -> None:
        """Say that the shown submission's evidence changed (and so its findings)."""
        if self.window.detail is not None:
            self.window.state.apply(Changes.of_submission(self._submission_id, evidence=True))

    def follow(self, state: WorkspaceState) -> None:
        state.subscribe(self._state_changed)

    def _state_changed(self, changes: Changes) -> None:
        """The open requirement follows: new tags, consent and protection on its files,
        and read-only once the attempt is sealed."""
        detail, panel = self.window.detail, self.panel
        if detail is None or panel is None or not changes.touches(detail.submission.id):
            return
        match panel.slot:
            case EssaySlot() | ShortAnswerSlot():
                if panel.editor.text.isReadOnly() == self._editable():  # sealed meanwhile
                    panel.editor.set_read_only(not self._editable())
            case VideoSlot() | ArtifactSlot():
                self._show_files(panel.slot)
            case AttestationSlot():
                panel.attestation.setEnabled(self._editable())

    def after_item_change(self, evidence_id: int | None) -> None:
        self._changed()
        assert self.panel is not None
        if evidence_id is not None and isinstance(self.panel.slot, VideoSlot | ArtifactSlot):
            self.panel.files.select_evidence(evidence_id)

    # -- essay helpers ---------------------------------------------------------------

    def show_history(self) -> None:
        assert self.panel is not None
        editor = self.panel.editor
        if editor.slot is None:
            return
        editor.flush()
        workspace, submission_id, slot_id = (
            self.window.workspace,
            self._submission_id,
            editor.slot.id,
        )
        revisions = evidence_service.text_history(workspace, submission_id, slot_id)
        from evidencekit.gui.dialogs.text_dialogs import HistoryDialog

        dialog = HistoryDialog(
            revisions,
            lambda rid: evidence_service.revision_text(workspace, submission_id, slot_id, rid),
            self.window,
        )
        if dialog.exec() == HistoryDialog.DialogCode.Accepted and dialog.chosen_text is not None:
            editor.replace_all(dialog.chosen_text)
            editor.save(checkpoint=True)

    def insert_moment(self) -> None:
        assert self.panel is not None
        clips = self._clips()
        if not clips:
            QMessageBox.information(
                self.window,
                self.tr("No clips yet"),
                self.tr("Add a clip to this submission first; then you can refer to its moments."),
            )
            return
        from evidencekit.gui.dialogs.text_dialogs import MomentDialog

        dialog = MomentDialog(clips, self.window)
        if dialog.exec() == MomentDialog.DialogCode.Accepted:
            self.panel.editor.insert_text(dialog.moment_text())

    def jump_to_moment(self, clip_id: int, seconds: float) -> None:
        clip = next((c for c in self._clips() if c.id == clip_id), None)
        if clip is not None:
            self.show_evidence(clip.slot_id, clip.id, seconds)


def _slot_titles(window: WindowShell) -> dict[str, str]:
    return {
        slot.id: slot.title
        for credential in window.catalog.credentials
        for unit in credential.units
        for slot in unit.slots
    }
