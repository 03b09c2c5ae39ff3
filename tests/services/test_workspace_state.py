"""One state of the open workspace: read once, forgotten by what a change touches, and
every listener told; the dashboard's figures and the shown submission agree."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.domain.progress import Stage
from evidencekit.services.evidence import set_text
from evidencekit.services.packing import pack_submission
from evidencekit.services.submissions import create_submission
from evidencekit.services.workspace_state import Changes, WorkspaceState, standing_of
from evidencekit.storage.workspace import Workspace
from tests.conftest import DEMO_SUBMISSION


def test_a_change_is_seen_only_after_it_is_announced(demo_workspace: Workspace) -> None:
    state = WorkspaceState(demo_workspace)
    heard: list[Changes] = []
    state.subscribe(heard.append)
    [before] = state.submissions()
    detail = state.detail(DEMO_SUBMISSION)
    assert standing_of(detail).stage is Stage.READY
    assert state.detail(DEMO_SUBMISSION) is detail  # read once

    set_text(demo_workspace, DEMO_SUBMISSION, "q-wait-time", "")  # emptied: not met now
    assert state.detail(DEMO_SUBMISSION) is detail  # nothing said yet
    change = Changes.of_submission(DEMO_SUBMISSION, evidence=True)
    state.apply(change)
    assert heard == [change]
    after = state.detail(DEMO_SUBMISSION)
    standing = standing_of(after)
    assert (standing.stage, standing.still_to_do) == (Stage.TO_DO, 1)
    [progress] = state.progress()
    assert progress.standing == standing  # the dashboard counts as the header does
    assert state.submissions()[0].evidence_count == before.evidence_count


def test_a_change_to_one_submission_leaves_the_others_read(demo_workspace: Workspace) -> None:
    state = WorkspaceState(demo_workspace)
    other = create_submission(demo_workspace, "checking-for-understanding", None, "Other")
    state.apply(Changes(submissions=True))
    assert len(state.submissions()) == 2
    demo = state.detail(DEMO_SUBMISSION)
    state.apply(Changes.of_submission(other.submission.id, evidence=True))
    assert state.detail(DEMO_SUBMISSION) is demo
    state.apply(Changes(people=True))  # consent can change any submission's findings
    assert state.detail(DEMO_SUBMISSION) is not demo


def test_sealing_is_read_as_sealed_on_its_day(demo_workspace: Workspace, tmp_path: Path) -> None:
    state = WorkspaceState(demo_workspace)
    assert state.progress()[0].standing.stage is Stage.READY
    pack_submission(
        demo_workspace, DEMO_SUBMISSION, tmp_path / "s.evkit", Ed25519PrivateKey.generate()
    )
    state.apply(Changes.of_submission(DEMO_SUBMISSION, submissions=True))
    standing = standing_of(state.detail(DEMO_SUBMISSION))
    assert standing.stage is Stage.SEALED and standing.sealed_at is not None
    assert state.progress()[0].standing == standing


def test_changes_merge() -> None:
    one = Changes.of_submission(1, evidence=True)
    two = Changes.of_submission(2, findings=True)
    both = one | two
    assert both.evidence and both.findings and both.submission_ids == {1, 2}
    assert (one | Changes(people=True)).submission_ids == frozenset()  # everyone
    assert not Changes().progress and not Changes().touches(1)
