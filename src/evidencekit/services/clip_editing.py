"""Changing a clip already in a submission: trimming it to the part that matters.

The trimmed copy goes into the media store as a new file and takes the old
clip's place in one transaction (same slot, title and tagged students), so
the old evidence row is gone only once the new one is in. The untrimmed
original stays in the media store. The stored original carries no sidecars:
its pauses and bookmarks come from its evidence row, shifted to the kept part.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.domain.errors import EvidenceKitError, MediaError, NotFound
from evidencekit.domain.stretch import Stretch
from evidencekit.domain.submissions import Clip, CutKind
from evidencekit.domain.tasks import Reporter
from evidencekit.media.recording.bookmarks import bookmarks_path, bookmarks_within, save_bookmarks
from evidencekit.media.takes import pauses_between, pauses_path, save_pauses
from evidencekit.services.evidence import check_file, record_file, resolve_slot
from evidencekit.services.submissions import load_attempt
from evidencekit.storage import repository
from evidencekit.storage import roster as roster_store
from evidencekit.storage.workspace import Workspace

if TYPE_CHECKING:
    from evidencekit.media.probe import MediaInfo

# Where the original's kind cannot be written at all, the trimmed copy is Matroska. (Where
# it can hold a copied cut but not a re-encoded one, .avi or .mts, trim writes .mp4.)
_FALLBACK_SUFFIX = ".mkv"


def stored_clip(workspace: Workspace, submission_id: int, evidence_id: int) -> tuple[Clip, Path]:
    """A clip of the submission's current attempt and its stored original, or a clear error."""
    with workspace.unit_of_work() as session:
        _submission, attempt = load_attempt(session, submission_id)
        item = repository.evidence_item(session, attempt.id, evidence_id)
        if item is None:
            raise NotFound("evidence item", str(evidence_id), "in this submission")
    if not isinstance(item, Clip):
        raise EvidenceKitError(f"'{item.title}' is not a clip; only clips can be trimmed.")
    path = workspace.media.path_for(item.sha256)
    if not path.is_file():
        raise MediaError(
            item.file_name,
            "its stored copy is missing from the workspace's media folder, so it cannot be "
            "played or trimmed. Remove it and add the clip again with Add files….",
        )
    return item, path


def probe_stored_clip(workspace: Workspace, submission_id: int, evidence_id: int) -> MediaInfo:
    """What the trim dialog needs to know about the stored original."""
    from evidencekit.media.probe import probe  # PyAV loads with the first clip, not at start

    return probe(stored_clip(workspace, submission_id, evidence_id)[1])


def trim_clip(
    workspace: Workspace,
    submission_id: int,
    evidence_id: int,
    start_s: float,
    end_s: float,
    reporter: Reporter | None = None,
) -> Clip:
    """Replace a clip with its part from ``start_s`` to ``end_s``; nothing changes on failure."""
    from evidencekit.media.editing.trim import COPY_FORMATS, trim  # PyAV loads with the first trim

    reporter = reporter or Reporter.silent()
    clip, source = stored_clip(workspace, submission_id, evidence_id)
    _credential, slot = resolve_slot(workspace, submission_id, clip.slot_id)
    suffix = Path(clip.file_name).suffix.lower()
    if suffix not in COPY_FORMATS:
        suffix = _FALLBACK_SUFFIX
    store = workspace.media
    scratch = store.scratch_path(suffix)
    made = scratch
    try:
        cut = trim(Stretch(source, start_s, end_s), scratch, reporter=reporter)
        made, suffix = cut.path, cut.path.suffix  # .mp4 if the cut had to be re-encoded
        pauses = [c.at_s for c in clip.cuts if c.kind is CutKind.PAUSE]
        save_pauses(made, pauses_between(pauses, cut.start_s, cut.end_s))
        save_bookmarks(made, bookmarks_within(clip.bookmarks, cut.start_s, cut.end_s))
        checked = check_file(slot, made)  # reads both back, and finds jumps the cut kept
        reporter.check()
        blob = store.adopt_file(made, reporter.cancel)
    finally:
        for leftover in (made, pauses_path(made), bookmarks_path(made)):
            leftover.unlink(missing_ok=True)
        scratch.unlink(missing_ok=True)
    try:
        with workspace.unit_of_work() as session:
            _submission, attempt = load_attempt(session, submission_id)
            tagged = roster_store.appearances_in_attempt(session, attempt.id).get(clip.id, [])
            trimmed = record_file(
                session,
                attempt.id,
                slot,
                checked,
                blob,
                title=clip.title,
                file_name=str(Path(clip.file_name).with_suffix(suffix)),
            )
            roster_store.set_tags(session, trimmed.id, [s.id for s in tagged])
            if not repository.delete_evidence(session, attempt.id, clip.id):
                raise NotFound("evidence item", str(clip.id), "in this submission")
    except BaseException:
        if blob.newly_added:
            store.remove(blob.sha256)
        raise
    assert isinstance(trimmed, Clip)
    return trimmed
