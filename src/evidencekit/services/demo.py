"""A complete sample submission, so a newcomer sees a full portfolio at once."""

from __future__ import annotations

import tempfile
from pathlib import Path

from evidencekit.domain.catalog import (
    ArtifactSlot,
    AttestationSlot,
    Credential,
    EssaySlot,
    ShortAnswerSlot,
    VideoSlot,
)
from evidencekit.domain.tasks import Reporter, no_progress
from evidencekit.media.synth import make_classroom_clip
from evidencekit.services import evidence as evidence_service
from evidencekit.services.catalogs import get_credential, workspace_catalog
from evidencekit.services.demo_content import essay_text, lesson_plan_pdf, work_sample_png
from evidencekit.services.submissions import SubmissionSummary, create_submission
from evidencekit.storage import repository
from evidencekit.storage.workspace import Workspace

DEMO_CREDENTIAL = "checking-for-understanding"
DEMO_TITLE = "Demo — Grade 5 math, spring term"


def create_demo(
    workspace: Workspace,
    reporter: Reporter | None = None,
    credential_id: str = DEMO_CREDENTIAL,
) -> SubmissionSummary:
    """Create a submission of the whole credential with every slot filled."""
    reporter = reporter or Reporter.silent()
    credential = get_credential(workspace_catalog(workspace), credential_id)
    summary = create_submission(workspace, credential.id, None, DEMO_TITLE)
    try:
        _fill(workspace, summary.submission.id, credential, reporter)
    except BaseException:
        # A demo is all or nothing: no half-filled sample is left behind.
        with workspace.unit_of_work() as session:
            repository.delete_submission(session, summary.submission.id)
        raise
    return summary


def _fill(
    workspace: Workspace,
    number: int,
    credential: Credential,
    reporter: Reporter,
) -> None:
    slots = [slot for unit in credential.units for slot in unit.slots]
    with tempfile.TemporaryDirectory(prefix="evidencekit-demo-") as scratch:
        folder = Path(scratch)
        for index, slot in enumerate(slots):
            reporter.step(index, len(slots), f"Preparing '{slot.title}'")
            match slot:
                case VideoSlot():
                    clips = []
                    for n in range(max(1, slot.min_clips)):
                        clip = folder / f"{slot.id}-lesson-{n + 1}.mp4"
                        # Lengths differ per clip so no two clips share a hash.
                        make_classroom_clip(
                            clip, seconds=10.0 + index + n, reporter=reporter.via(no_progress)
                        )
                        clips.append(clip)
                    evidence_service.add_evidence_files(
                        workspace, number, slot.id, clips, reporter.via(no_progress)
                    )
                case EssaySlot() | ShortAnswerSlot():
                    evidence_service.set_text(workspace, number, slot.id, essay_text(slot))
                case ArtifactSlot():
                    files = [_artifact(folder, slot, n) for n in range(max(1, slot.min_count))]
                    evidence_service.add_evidence_files(
                        workspace, number, slot.id, files, reporter.via(no_progress)
                    )
                case AttestationSlot():
                    evidence_service.set_attestation(workspace, number, slot.id, True)
    reporter.report(len(slots), len(slots), "Demo ready")


def _artifact(folder: Path, slot: ArtifactSlot, n: int) -> Path:
    if slot.accepts("plan.pdf"):
        path = folder / f"{slot.id}-lesson-plan-{n + 1}.pdf"
        lesson_plan_pdf(path, f"{slot.title} {n + 1}")
    elif slot.accepts("sample.png"):
        path = folder / f"{slot.id}-work-sample-{n + 1}.png"
        work_sample_png(path, seed=n)
    else:
        raise ValueError(f"the demo cannot make a file for {slot.id} ({slot.accepted_types})")
    return path
