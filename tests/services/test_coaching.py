"""Drafts for coaching through the services: packed while unfinished, refused to
evaluators, the mark tamper-proof, and a teacher's replies placed under the right comment."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.reply_file import RepliesRefused, Reply, sign_replies
from evidencekit.bundle.signing.contact import Contact
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.domain.coaching import DraftNotForScoring
from evidencekit.domain.review import Comment, ReviewerRole
from evidencekit.domain.submissions import AttemptStatus
from evidencekit.services.coach_replies import import_replies, replies_by_comment
from evidencekit.services.evidence import set_attestation
from evidencekit.services.packing import PackBlocked, pack_submission
from evidencekit.services.people import trust
from evidencekit.services.review_sessions import (
    REVIEWS_DIR,
    BundleRefused,
    open_for_review,
    save_review,
)
from evidencekit.services.submissions import submission_detail
from evidencekit.storage.workspace import Workspace, open_workspace
from tests.bundle import layout
from tests.cli.test_pack_cmd import rewrite_entry

TEACHER = Ed25519PrivateKey.from_private_bytes(bytes(range(5, 37)))
COACH = Ed25519PrivateKey.from_private_bytes(bytes(range(6, 38)))


@pytest.fixture
def draft(demo_workspace: Workspace, tmp_path: Path) -> Path:
    """The demo submission with its consent statement withdrawn, packed for coaching."""
    set_attestation(demo_workspace, 1, "q-consent", False)
    with pytest.raises(PackBlocked):
        pack_submission(demo_workspace, 1, tmp_path / "sealed.evkit", TEACHER)
    return pack_submission(demo_workspace, 1, tmp_path / "draft.evkit", TEACHER, draft=True).path


@pytest.fixture
def coach_ws(tmp_path: Path):
    ws = open_workspace(tmp_path / "coach-ws")
    yield ws
    ws.close()


def test_a_draft_lists_its_blockers_and_leaves_the_attempt_open(
    demo_workspace: Workspace, draft: Path
) -> None:
    with zipfile.ZipFile(draft) as archive:
        metadata = json.loads(layout.read(archive, "data/submission.json"))
    blockers = submission_detail(demo_workspace, 1).blocking
    assert metadata["draft"] == {
        "purpose": "coaching",
        "open_findings": [{"code": f.code, "message": f.message} for f in blockers],
    }
    assert blockers and submission_detail(demo_workspace, 1).attempt.status is not (
        AttemptStatus.PACKED
    )


def test_an_evaluator_cannot_open_a_draft_and_nothing_is_kept(
    coach_ws: Workspace, draft: Path
) -> None:
    with pytest.raises(DraftNotForScoring):
        open_for_review(coach_ws, draft, ReviewerRole.EVALUATOR, COACH)
    assert list((coach_ws.path / REVIEWS_DIR).iterdir()) == []
    session = open_for_review(coach_ws, draft, ReviewerRole.COACH, COACH)
    assert session.is_draft and session.review.role is ReviewerRole.COACH


def test_a_draft_with_its_mark_removed_does_not_open_at_all(
    coach_ws: Workspace, draft: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(draft) as archive:
        metadata = json.loads(layout.read(archive, "data/submission.json"))
    del metadata["draft"]
    plain = json.dumps(metadata, indent=2, ensure_ascii=False, sort_keys=True).encode()
    stripped = rewrite_entry(draft, "data/submission.json", plain, tmp_path / "stripped.evkit")
    for role in ReviewerRole:
        with pytest.raises(BundleRefused) as refused:
            open_for_review(coach_ws, stripped, role, COACH)
        assert ("data/submission.json", "its sha256 checksum does not match.") in (
            refused.value.verdict.problems
        )


def _replies(session_sha: str, items: list[tuple[int, str, str]], when: str) -> bytes:
    replies = [Reply(session_sha, "ab" * 32, n, quote, text) for n, quote, text in items]
    return sign_replies(TEACHER, fingerprint(COACH.public_key()), when, replies, "Tess Ng")


def test_replies_find_their_comment_even_after_the_coach_moved_it(
    coach_ws: Workspace, draft: Path, tmp_path: Path
) -> None:
    session = open_for_review(coach_ws, draft, ReviewerRole.COACH, COACH)
    first = Comment("data/text/q-reflection.md", "question", "Who answered?", text_range=(0, 4))
    second = Comment("data/text/q-reflection.md", "note", "Nice plan.", text_range=(5, 9))
    review = session.review.with_comment(first).with_comment(second)
    save_review(coach_ws, session.draft_id, review)
    sha = session.review.bundle_sha256
    path = tmp_path / "r.evkit-replies"
    path.write_bytes(
        _replies(sha, [(0, "Who answered?", "The same three."), (1, "Nice plan.", "Thanks!")], "2")
    )
    with pytest.raises(RepliesRefused, match="not trusted as teacher"):
        import_replies(coach_ws, path)
    trust(Contact(TEACHER.public_key(), "Tess Ng", None), "teacher")
    assert import_replies(coach_ws, path).replies == 2

    moved = (second, first)  # the coach reordered her comments after exporting
    assert replies_by_comment(coach_ws, session.draft_id, moved) == {
        0: [("Tess Ng", "Thanks!")],
        1: [("Tess Ng", "The same three.")],
    }
    older = tmp_path / "old.evkit-replies"
    older.write_bytes(_replies(sha, [(0, "Who answered?", "An early answer.")], "1"))
    import_replies(coach_ws, older)  # an older file never replaces a newer one
    assert replies_by_comment(coach_ws, session.draft_id, (first, second))[0] == [
        ("Tess Ng", "The same three.")
    ]
