"""Face-redaction plans, one JSON file per original clip under ``redaction/`` in the workspace.

The plan (boxes and decisions, never pictures) stays in the teacher's
workspace folder beside the media store, named by the original clip's SHA-256,
so every evidence item made from that file shares it. Writes are atomic: the
file holds the old plan or the new one, never half of either.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from evidencekit.domain.ids import EvidenceId
from evidencekit.domain.redaction import RedactionPlan, RedactionStatus
from evidencekit.domain.redaction_json import plan_from_json, plan_to_json
from evidencekit.domain.submissions import Clip
from evidencekit.storage.atomic_files import write_atomically
from evidencekit.storage.media_store import MediaStore

PLANS_DIR = "redaction"


def plan_path(workspace_dir: Path, source_sha256: str) -> Path:
    return workspace_dir / PLANS_DIR / f"{source_sha256}.json"


def load_plan(workspace_dir: Path, source_sha256: str) -> RedactionPlan | None:
    try:
        text = plan_path(workspace_dir, source_sha256).read_text("utf-8")
    except FileNotFoundError:
        return None
    return plan_from_json(text)


def save_plan(workspace_dir: Path, source_sha256: str, plan: RedactionPlan) -> None:
    target = plan_path(workspace_dir, source_sha256)
    target.parent.mkdir(exist_ok=True)
    write_atomically(target, plan_to_json(plan).encode("utf-8"))


def delete_plan(workspace_dir: Path, source_sha256: str) -> None:
    plan_path(workspace_dir, source_sha256).unlink(missing_ok=True)


def plan_statuses(
    workspace_dir: Path, media: MediaStore, clips: Iterable[Clip]
) -> dict[EvidenceId, RedactionStatus]:
    """Each clip that has a plan, and how far it has come (done only if the copy exists)."""
    found: dict[EvidenceId, RedactionStatus] = {}
    for clip in clips:
        plan = load_plan(workspace_dir, clip.sha256)
        if plan is None:
            continue
        status = plan.status
        if status is RedactionStatus.DONE and not media.has(plan.output_sha256 or ""):
            status = RedactionStatus.PENDING
        found[clip.id] = status
    return found
