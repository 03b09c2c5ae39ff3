"""Protecting students in a clip: find faces, review the tracks, make the redacted copy.

The original clip stays in the workspace untouched. The plan (tracks and the
teacher's decisions) is kept beside the media store; the redacted copy is a
derived file in the media store, recorded against the original. Only a plan
that was reviewed and rendered counts as protecting anyone (preflight), and
only then does a bundle carry the redacted copy and the plan's audit entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.domain.redaction import (
    Box,
    RedactionError,
    RedactionPlan,
    RedactionStatus,
    coverage_cautions,
    mark_reviewed,
)
from evidencekit.domain.submissions import Clip
from evidencekit.domain.tasks import ProgressEvent, Reporter
from evidencekit.services.roster import list_students
from evidencekit.storage.clip_people import people_tagged
from evidencekit.storage.derived_media import record_derived
from evidencekit.storage.redaction_plans import delete_plan, load_plan, save_plan
from evidencekit.storage.workspace import Workspace

if TYPE_CHECKING:
    from evidencekit.media.faces.face_follow import FollowedTrack

# The face work (media.faces: face_tracks, face_follow, redact_render) pulls in OpenCV and
# NumPy, a tenth of a second the main window would pay at every start for a button
# most teachers press rarely: the three functions doing it import it when called.

RECIPE = "redacted-h264-aac"


def clip_path(workspace: Workspace, clip: Clip) -> Path:
    return workspace.media.path_for(clip.sha256)


def _naming(reporter: Reporter | None, clip: Clip, workspace: Workspace) -> Reporter:
    """The reporter, its messages naming the clip by title where media code names its stored
    (hash) file."""
    reporter = reporter or Reporter.silent()
    stored = clip_path(workspace, clip).name

    def report(event: ProgressEvent) -> None:
        reporter.progress(replace(event, message=event.message.replace(stored, f"'{clip.title}'")))

    return reporter.via(report)


def redaction_plan(workspace: Workspace, clip: Clip) -> RedactionPlan | None:
    return load_plan(workspace.path, clip.sha256)


def protect_clip(
    workspace: Workspace,
    clip: Clip,
    reporter: Reporter | None = None,
) -> RedactionPlan:
    """Find and follow every face; the clip is now marked for protection (not yet reviewed).

    The plan says in words where faces may have been missed: a dark, grainy or blurred
    picture, no face at all, or fewer faces than students tagged on the clip (the teacher
    is not tagged, so she is not counted).
    """
    from evidencekit.media.faces.face_tracks import find_faces

    plan = find_faces(
        clip_path(workspace, clip),
        reporter=_naming(reporter, clip, workspace),
    )
    with workspace.unit_of_work() as session:
        tagged = people_tagged(session, clip.id)
    plan = replace(plan, cautions=coverage_cautions(plan, tagged))
    save_plan(workspace.path, clip.sha256, plan)
    return plan


def follow_face(
    workspace: Workspace,
    clip: Clip,
    plan: RedactionPlan,
    keyframes: Mapping[int, Box],
    reporter: Reporter | None = None,
) -> FollowedTrack:
    """A face the teacher boxed by hand, followed through the clip from her keyframes."""
    from evidencekit.media.faces.face_follow import follow_keyframes

    return follow_keyframes(
        clip_path(workspace, clip),
        plan.frame_times_ms,
        keyframes,
        reporter=reporter,
    )


def check_keeps(workspace: Workspace, plan: RedactionPlan) -> None:
    """Only the teacher and students with video consent may stay visible."""
    consenting = {s.id for s in list_students(workspace) if s.video}
    for track in plan.tracks:
        keep = track.keep
        if keep is None or track.removed or keep.teacher:
            continue
        if keep.student_id not in consenting:
            raise RedactionError(
                f"Face track {track.id} is marked as a student without video consent; "
                "it must stay hidden."
            )


def save_review(workspace: Workspace, clip: Clip, plan: RedactionPlan) -> None:
    """Keep the teacher's edits so far; the clip stays unfinished until it is rendered."""
    check_keeps(workspace, plan)
    save_plan(workspace.path, clip.sha256, replace(plan, reviewed=False, output_sha256=None))


def finish_redaction(
    workspace: Workspace,
    clip: Clip,
    plan: RedactionPlan,
    reporter: Reporter | None = None,
) -> RedactionPlan:
    """The teacher has reviewed the tracks: make the redacted copy and mark the clip done."""
    from evidencekit.media.faces.redact_render import render_redacted

    check_keeps(workspace, plan)
    named = _naming(reporter, clip, workspace)
    store = workspace.media
    scratch = store.scratch_path(".mp4")
    try:
        render_redacted(
            clip_path(workspace, clip),
            scratch,
            plan,
            reporter=named,
        )
        made = store.adopt_file(scratch, named.cancel)
    finally:
        scratch.unlink(missing_ok=True)
    done = replace(mark_reviewed(plan), output_sha256=made.sha256)
    try:
        with workspace.unit_of_work() as session:
            record_derived(session, clip.sha256, RECIPE, made.sha256, made.size_bytes)
        save_plan(workspace.path, clip.sha256, done)
    except BaseException:
        if made.newly_added:
            store.remove(made.sha256)
        raise
    return done


def stop_protecting(workspace: Workspace, clip: Clip) -> None:
    """Forget the plan: the clip is packed as it is again (and preflight judges it so)."""
    delete_plan(workspace.path, clip.sha256)


def redacted_copy(workspace: Workspace, clip: Clip) -> tuple[Clip, RedactionPlan] | None:
    """For a clip whose protection is done: the clip as its redacted copy, and the plan."""
    plan = redaction_plan(workspace, clip)
    if plan is None or plan.status is not RedactionStatus.DONE or plan.output_sha256 is None:
        return None
    if not workspace.media.has(plan.output_sha256):
        return None
    size = workspace.media.path_for(plan.output_sha256).stat().st_size
    return replace(clip, sha256=plan.output_sha256, size_bytes=size), plan
