"""Importing classroom video, and the browser-ready copy of each clip that goes into a bundle.

Import keeps the original exactly as it came (in the content-addressed media
store) after probing it: a damaged or truncated file is refused with a clear
MediaError and nothing is added. The clip's picture and sound are then sampled
for warnings (no sound, very dark, nearly silent).

The bundle copy (H.264 + AAC MP4, index first, under the slot's size cap) is
made lazily, the first time a pack needs it, not on import: import stays as
quick as a file copy, and the cap that decides the bitrate belongs to the slot
at packing time. Each copy is recorded in ``derived_media`` by the original's
SHA-256 and a recipe naming every setting that shapes it, so packing the same
clip again reuses the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from evidencekit.domain.catalog import VideoSlot
from evidencekit.domain.errors import MediaError
from evidencekit.domain.preflight import Finding, Severity
from evidencekit.domain.submissions import Clip, Evidence
from evidencekit.domain.tasks import ProgressEvent, Reporter
from evidencekit.media.editing.normalize import DEFAULT_PRESET, normalize
from evidencekit.media.quality import check_quality
from evidencekit.services.evidence import add_evidence_files
from evidencekit.services.redaction import redacted_copy
from evidencekit.services.submissions import SubmissionDetail
from evidencekit.storage.derived_media import find_derived, forget_derived, record_derived
from evidencekit.storage.workspace import Workspace

# Bump when the normalize settings change, so old copies are not reused.
RECIPE_VERSION = 2  # 2: every sound track kept, bitrate ceiling scaled to the picture size


@dataclass(frozen=True)
class ImportedClips:
    evidence: list[Evidence]
    warnings: list[Finding]


def import_clips(
    workspace: Workspace,
    submission_id: int,
    slot_id: str,
    paths: Sequence[Path],
    reporter: Reporter | None = None,
) -> ImportedClips:
    """Add video files to a slot (all or nothing) and say what an evaluator may struggle with."""
    added = add_evidence_files(workspace, submission_id, slot_id, paths, reporter)
    warnings: list[Finding] = []
    for item in added:
        if isinstance(item, Clip):
            warnings.extend(clip_warnings(workspace, item))
    return ImportedClips(added, warnings)


def clip_warnings(workspace: Workspace, clip: Clip) -> list[Finding]:
    """No sound, very dark picture, nearly silent sound: warnings, never blocking."""
    found: list[Finding] = []
    if not clip.has_audio:
        found.append(
            Finding(
                "video.no_audio",
                Severity.WARNING,
                f"Clip '{clip.title}' has no sound; evaluators usually need to hear the lesson.",
            )
        )
    try:
        # Sampled and quick; the clip is already in, so this is not cancellable.
        report = check_quality(workspace.media.path_for(clip.sha256))
    except MediaError:
        report = None
    if report is not None:
        found.extend(report.findings(clip.title))
    return [replace(f, slot_id=clip.slot_id, evidence_id=clip.id) for f in found]


def bundle_recipe(max_mb: float | None) -> str:
    cap = "nocap" if max_mb is None else f"{max_mb:g}MB"
    return f"bundle-h264-aac-mp4/v{RECIPE_VERSION}/{cap}/{DEFAULT_PRESET}"


def bundle_clip_path(
    workspace: Workspace,
    clip: Clip,
    max_mb: float | None,
    reporter: Reporter | None = None,
) -> Path:
    """The clip's browser-ready copy in the media store, made now if it is not there yet."""
    reporter = reporter or Reporter.silent()
    recipe = bundle_recipe(max_mb)
    store = workspace.media
    with workspace.unit_of_work() as session:
        found = find_derived(session, clip.sha256, recipe)
        if found is not None and not store.has(found[0]):
            forget_derived(session, clip.sha256, recipe)  # the file was lost; make it again
            found = None
    if found is not None:
        return store.path_for(found[0])
    scratch = store.scratch_path(".mp4")
    try:
        normalize(
            store.path_for(clip.sha256),
            scratch,
            max_mb=max_mb,
            reporter=reporter,
        )
        made = store.adopt_file(scratch, reporter.cancel)
    finally:
        scratch.unlink(missing_ok=True)
    try:
        with workspace.unit_of_work() as session:
            record_derived(session, clip.sha256, recipe, made.sha256, made.size_bytes)
    except BaseException:
        if made.newly_added:
            store.remove(made.sha256)
        raise
    return store.path_for(made.sha256)


def bundle_clips(
    workspace: Workspace,
    detail: SubmissionDetail,
    reporter: Reporter | None = None,
) -> dict[int, Path]:
    """Every clip's bundle copy, by evidence id; progress counts seconds of video prepared."""
    reporter = reporter or Reporter.silent()
    clips = [item for item in detail.evidence if isinstance(item, Clip)]
    total = sum(c.duration_s for c in clips) or None
    files: dict[int, Path] = {}
    done = 0.0
    for clip in clips:

        def report(event: ProgressEvent, base: float = done, clip: Clip = clip) -> None:
            share = (event.fraction or 0.0) * clip.duration_s
            reporter.report(base + share, total, f"Preparing '{clip.title}' for the bundle")

        # A protected clip goes into bundles only as its redacted copy.
        protected = redacted_copy(workspace, clip)
        source = clip if protected is None else protected[0]
        files[clip.id] = bundle_clip_path(
            workspace, source, slot_cap(detail, clip), reporter.via(report)
        )
        done += clip.duration_s
    return files


def slot_cap(detail: SubmissionDetail, clip: Clip) -> float | None:
    found = detail.credential.find_slot(clip.slot_id, detail.submission.unit_id)
    slot = found[1] if found is not None else None
    return slot.max_mb_per_file if isinstance(slot, VideoSlot) else None
