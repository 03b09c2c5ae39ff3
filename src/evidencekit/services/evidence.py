"""Attaching evidence to a submission's slots: files, essays, answers, attestations.

Adding files is all-or-nothing: every file is checked against its slot first,
then copied into the media store, then recorded in one transaction. If any
step fails, files this call put in the store are removed again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from evidencekit.domain.catalog import (
    ArtifactSlot,
    AttestationSlot,
    Credential,
    EssaySlot,
    ShortAnswerSlot,
    Slot,
    VideoSlot,
    file_extension,
)
from evidencekit.domain.errors import EvidenceKitError, EvidenceRejected, MediaError, NotFound
from evidencekit.domain.ids import SubmissionId
from evidencekit.domain.limits import (
    FILE_NAME_MAX,
    check_length,
    clean_title,
    without_controls,
)
from evidencekit.domain.submissions import Bookmark, Cut, Evidence
from evidencekit.domain.tasks import ProgressEvent, Reporter, no_progress
from evidencekit.domain.text import format_megabytes
from evidencekit.media.recording.bookmarks import load_bookmarks
from evidencekit.media.takes import find_cuts
from evidencekit.services.catalogs import workspace_catalog
from evidencekit.services.submissions import EDITABLE, credential_of, load_attempt
from evidencekit.storage import evidence_index, repository
from evidencekit.storage.media_store import StoredFile
from evidencekit.storage.workspace import Workspace

if TYPE_CHECKING:
    from evidencekit.media.probe import MediaInfo

VIDEO_TYPES = ("mp4", "mov", "m4v", "avi", "mkv", "webm")
_MB = 1_000_000


@dataclass(frozen=True)
class CheckedFile:
    """A file that fits its slot, with what probing it found."""

    path: Path
    size_bytes: int
    video: MediaInfo | None
    cuts: tuple[Cut, ...] = ()
    bookmarks: tuple[Bookmark, ...] = ()


def resolve_slot(workspace: Workspace, submission_id: int, slot_id: str) -> tuple[Credential, Slot]:
    catalog = workspace_catalog(workspace)
    with workspace.unit_of_work() as session:
        submission, attempt = load_attempt(session, submission_id)
        status = attempt.status
        number = attempt.number
    if status not in EDITABLE:
        raise EvidenceKitError(
            f"Attempt {number} of submission {submission_id} is {status}; "
            "its evidence can no longer change."
        )
    credential = credential_of(catalog, submission)
    found = credential.find_slot(slot_id, submission.unit_id)
    if found is None:
        slots = [s.id for u in credential.units_in_scope(submission.unit_id) for s in u.slots]
        raise NotFound("slot", slot_id, f"This submission's slots are: {', '.join(slots)}.")
    return credential, found[1]


def check_file(slot: Slot, path: Path) -> CheckedFile:
    name = path.name
    if not path.exists():
        raise EvidenceRejected(str(path), "the file does not exist.")
    if not path.is_file():
        raise EvidenceRejected(str(path), "this is a folder, not a file.")
    size = path.stat().st_size
    match slot:
        case VideoSlot():
            if file_extension(name) not in VIDEO_TYPES:
                raise EvidenceRejected(
                    name,
                    f"'{slot.title}' takes video files ({', '.join(VIDEO_TYPES)}).",
                )
            from evidencekit.media.probe import probe  # PyAV loads with the first video

            try:
                info = probe(path)
                cuts = find_cuts(path)
            except MediaError as exc:
                raise MediaError(name, f"not a video EvidenceKit can read: {exc.reason}") from None
            _check_no_hidden_bulk(path, info)
            # A recording's bookmarks sit beside it; the stored copy keeps them in the row.
            return CheckedFile(path, size, info, cuts, tuple(load_bookmarks(path)))
        case ArtifactSlot():
            if not slot.accepts(name):
                kind = file_extension(name) or "without an extension"
                raise EvidenceRejected(
                    name,
                    f"'{slot.title}' accepts {', '.join(slot.accepted_types)} files, not {kind}.",
                )
            if slot.max_mb is not None and size > slot.max_mb * _MB:
                raise EvidenceRejected(
                    name,
                    f"it is {size / _MB:.1f} MB; '{slot.title}' allows at most {slot.max_mb:g} MB.",
                )
            return CheckedFile(path, size, None)
        case _:
            raise EvidenceRejected(
                name, f"'{slot.title}' is written in the app, not added as a file."
            )


# A file may hold this much more than its streams account for (indexes, metadata,
# a thumbnail) before it counts as padded.
_BULK_FACTOR = 1.5
_BULK_SLACK_BYTES = 16 * _MB


def _check_no_hidden_bulk(path: Path, info: MediaInfo) -> None:
    """Refuse a video whose file is far bigger than what its streams contain.

    A short clip followed by gigabytes of something else (a damaged copy, a sparse
    tail) plays fine, but would fill the store and every bundle with dead weight.
    The streams' bit rates (from the container's index, no decoding) times the
    duration give the bytes the video accounts for.
    """
    import av  # only for videos, and PyAV is slow to import

    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            rates = [
                stream.codec_context.bit_rate or 0  # 0: not known
                for stream in container.streams
                if stream.type in ("video", "audio")
            ]
    except av.error.FFmpegError:
        return  # probe read it a moment ago; its own checks stand
    if not rates or not all(rates):
        return  # some containers (Matroska) do not say; nothing to compare with
    accounted = sum(rates) * info.duration_s / 8
    if info.size_bytes > accounted * _BULK_FACTOR + _BULK_SLACK_BYTES:
        raise EvidenceRejected(
            path.name,
            f"the file holds {format_megabytes(info.size_bytes)} but its video accounts for only "
            f"{format_megabytes(int(accounted))}, so it is damaged or padded; export it again "
            "from the camera or phone.",
        )


def add_evidence_files(
    workspace: Workspace,
    submission_id: int,
    slot_id: str,
    paths: Sequence[Path],
    reporter: Reporter | None = None,
) -> list[Evidence]:
    """Add clips or artifacts to a slot of the submission's current attempt."""
    reporter = reporter or Reporter.silent()
    if not paths:
        raise EvidenceKitError("Name at least one file to add.")
    _credential, slot = resolve_slot(workspace, submission_id, slot_id)
    checked = [check_file(slot, Path(p)) for p in paths]
    total = sum(c.size_bytes for c in checked)
    stored: list[StoredFile] = []
    try:
        done = 0
        for item in checked:

            def report(event: ProgressEvent, base: int = done, name: str = item.path.name) -> None:
                reporter.report(base + event.done, total, f"Copying {name}")

            stored.append(workspace.media.add_file(item.path, reporter.via(report)))
            done += item.size_bytes
        reporter.check()
        with workspace.unit_of_work() as session:
            _submission, attempt = load_attempt(session, submission_id)
            for item, blob in zip(checked, stored, strict=True):
                if not workspace.media.has(blob.sha256):
                    # Another process, failing, removed this very file a moment ago.
                    workspace.media.add_file(item.path, reporter.via(no_progress))
            return [
                record_file(session, attempt.id, slot, item, blob)
                for item, blob in zip(checked, stored, strict=True)
            ]
    except BaseException:
        _forget_unrecorded(workspace, stored)
        raise


def _forget_unrecorded(workspace: Workspace, stored: Sequence[StoredFile]) -> None:
    """Remove the files this call put in the store, unless a row uses them.

    Another process may have added the same file at the same moment and recorded it;
    the check and the removal run under the database's write lock, as recording does,
    so a file is never removed from under a row.
    """
    fresh = [blob for blob in stored if blob.newly_added]
    if not fresh:
        return
    try:
        with workspace.unit_of_work() as session:
            for blob in fresh:
                if not repository.media_blob_known(session, blob.sha256):
                    workspace.media.remove(blob.sha256)
    except EvidenceKitError:
        pass  # the database is out of reach; the files stay rather than risk a row's


def record_file(
    session: Session,
    attempt_id: int,
    slot: Slot,
    item: CheckedFile,
    blob: StoredFile,
    *,
    title: str | None = None,
    file_name: str | None = None,
) -> Evidence:
    """One evidence row for a checked, stored file; titled after the file unless told."""
    file_name = check_length(
        "file name", without_controls(file_name or item.path.name), FILE_NAME_MAX
    )
    twin = repository.find_evidence_by_media(session, attempt_id, blob.sha256)
    if twin is not None:
        raise EvidenceRejected(file_name, f"the same file is already attached as '{twin.title}'.")
    repository.ensure_media_blob(session, blob.sha256, blob.size_bytes)
    common = {
        "slot_id": slot.id,
        "title": clean_title(title or Path(file_name).stem or file_name, "evidence title"),
        "media_sha256": blob.sha256,
        "file_name": file_name,
        "size_bytes": blob.size_bytes,
    }
    if item.video is not None:
        return repository.add_evidence(
            session,
            attempt_id,
            kind="clip",
            duration_s=item.video.duration_s,
            has_audio=item.video.has_audio,
            cuts=repository.cuts_json(item.cuts),
            bookmarks=repository.bookmarks_json(item.bookmarks),
            **common,
        )
    return repository.add_evidence(session, attempt_id, kind="artifact", **common)


def set_text(
    workspace: Workspace,
    submission_id: int,
    slot_id: str,
    text: str,
    coalesce_within: timedelta | None = None,
) -> Evidence:
    """Write an essay, reflection or short answer (Markdown); the old text stays in history.

    Autosave passes ``coalesce_within`` so saves close together make one version.
    """
    _credential, slot = resolve_slot(workspace, submission_id, slot_id)
    if not isinstance(slot, EssaySlot | ShortAnswerSlot):
        raise EvidenceRejected(slot_id, f"'{slot.title}' is not an essay or answer slot.")
    with workspace.unit_of_work() as session:
        _submission, attempt = load_attempt(session, submission_id)
        return repository.save_text(session, attempt.id, slot.id, slot.title, text, coalesce_within)


def text_history(
    workspace: Workspace, submission_id: int, slot_id: str
) -> list[tuple[int, datetime, int]]:
    """(revision id, saved at, word count) of a slot's text, oldest first."""
    with workspace.unit_of_work() as session:
        _submission, attempt = load_attempt(session, submission_id)
        text_id = repository.text_evidence_id(session, attempt.id, slot_id)
        return [] if text_id is None else repository.revisions_of(session, text_id)


def revision_text(workspace: Workspace, submission_id: int, slot_id: str, revision_id: int) -> str:
    with workspace.unit_of_work() as session:
        _submission, attempt = load_attempt(session, submission_id)
        text_id = repository.text_evidence_id(session, attempt.id, slot_id)
        text = None if text_id is None else repository.revision_text(session, text_id, revision_id)
    if text is None:
        raise NotFound("saved version", str(revision_id), "of this text")
    return text


def set_attestation(
    workspace: Workspace, submission_id: int, slot_id: str, confirmed: bool = True
) -> Evidence:
    _credential, slot = resolve_slot(workspace, submission_id, slot_id)
    if not isinstance(slot, AttestationSlot):
        raise EvidenceRejected(slot_id, f"'{slot.title}' is not something to confirm.")
    with workspace.unit_of_work() as session:
        _submission, attempt = load_attempt(session, submission_id)
        return repository.set_attestation(session, attempt.id, slot.id, slot.title, confirmed)


def remove_evidence(workspace: Workspace, submission_id: int, evidence_id: int) -> None:
    with workspace.unit_of_work() as session:
        _submission, attempt = load_attempt(session, submission_id)
        if attempt.status not in EDITABLE:
            raise EvidenceKitError(
                f"Attempt {attempt.number} is {attempt.status}; it cannot change."
            )
        if not repository.delete_evidence(session, attempt.id, evidence_id):
            raise NotFound("evidence item", str(evidence_id), "in this submission")


def current_evidence(
    workspace: Workspace, submission_id: int | None = None
) -> list[tuple[SubmissionId, Evidence]]:
    """The evidence of every submission's current attempt (or one's), for the evidence list."""
    with workspace.unit_of_work() as session:
        return evidence_index.current_evidence(session, submission_id)
