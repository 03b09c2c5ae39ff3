"""Teacher packs, evaluator reviews, teacher imports the review and tries again."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.review_file import ReviewRefused
from evidencekit.bundle.signing.identity import TrustStore
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.review import Comment, Decision, ReviewerRole, Score
from evidencekit.domain.submissions import AttemptStatus, Clip
from evidencekit.services.evidence import set_text
from evidencekit.services.feedback import feedback_for, import_review
from evidencekit.services.packing import pack_submission
from evidencekit.services.resubmission import changes_since_previous, start_next_attempt
from evidencekit.services.review_sessions import (
    BundleRefused,
    export_comments,
    export_review,
    load_session,
    open_for_review,
    save_review,
)
from evidencekit.services.submissions import submission_detail
from evidencekit.storage.locations import trust_store_path
from evidencekit.storage.workspace import Workspace, open_workspace
from tests.bundle import layout
from tests.conftest import copy_demo

TEACHER = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
EVALUATOR = Ed25519PrivateKey.from_private_bytes(bytes(range(2, 34)))
MOMENTS = (3.0, 6.5, 9.25)


@pytest.fixture
def evaluator_ws(tmp_path: Path):
    ws = open_workspace(tmp_path / "evaluator")
    yield ws
    ws.close()


@pytest.fixture
def workspace(demo_workspace: Workspace) -> Workspace:
    return demo_workspace


@pytest.fixture
def packed(workspace: Workspace, tmp_path: Path) -> Path:
    return pack_submission(workspace, 1, tmp_path / "demo.evkit", TEACHER).path


def _trust(key: Ed25519PrivateKey, role: str) -> None:
    TrustStore(trust_store_path()).add(key.public_key(), role, role)


def _not_yet_review(evaluator_ws: Workspace, bundle: Path, out: Path) -> tuple[Path, str]:
    session = open_for_review(evaluator_ws, bundle, ReviewerRole.EVALUATOR, EVALUATOR)
    clip = session.evidence("clip")[0]["path"]
    review = session.review
    for at in MOMENTS:
        review = review.with_comment(Comment(clip, "suggestion", f"Look at {at}", at_s=at))
    for unit_id in review.units:
        for criterion in session.credential.unit(unit_id).rubric.criteria:
            score = Score(unit_id, criterion.id, "not_yet", f"{criterion.title}: not yet")
            review = review.with_score(session.credential, score)
    save_review(evaluator_ws, session.draft_id, review)
    reloaded = load_session(evaluator_ws, session.draft_id)  # what autosave kept
    assert reloaded.review == review
    return export_review(evaluator_ws, reloaded, EVALUATOR, out), clip


def test_the_whole_loop(
    workspace: Workspace, evaluator_ws: Workspace, packed: Path, tmp_path: Path
) -> None:
    _trust(EVALUATOR, "evaluator")
    returned, clip_path = _not_yet_review(evaluator_ws, packed, tmp_path / "back")
    assert returned.name == "back.evkit-review"

    imported = import_review(workspace, returned)
    assert (imported.decision, imported.comments) == (Decision.NOT_YET, 3)
    detail = submission_detail(workspace, 1)
    assert detail.attempt.status is AttemptStatus.RETURNED
    [feedback] = feedback_for(workspace, 1)
    placed = [c for c in feedback.comments if c.at_s is not None]
    assert [c.at_s for c in placed] == list(MOMENTS)
    # Each marker lands on the teacher's own clip: the one the bundle path came from.
    clips = {e.sha256: e for e in detail.evidence if isinstance(e, Clip)}
    assert {clips[c.media_sha256].title for c in placed} == {placed[0].evidence_title}
    assert clip_path.startswith("data/video/")
    assert len(feedback.criteria) == 9 and all(c.level_label for c in feedback.criteria)
    with pytest.raises(EvidenceKitError, match="already imported"):
        import_review(workspace, returned)

    # Attempt 2 starts from attempt 1's evidence; the change summary follows her edits.
    start_next_attempt(workspace, 1)
    essay = next(e for e in submission_detail(workspace, 1).evidence if hasattr(e, "text"))
    set_text(workspace, 1, essay.slot_id, essay.text + "\n\nI now wait five seconds.")
    changes = changes_since_previous(workspace, 1)
    assert changes is not None and changes.previous == 1 and changes.current == 2
    assert [e.words_added for e in changes.essays] == [5]
    assert "Revised" in changes.draft_note()
    second = pack_submission(workspace, 1, tmp_path / "attempt2.evkit", TEACHER).path
    with zipfile.ZipFile(second) as bundle:
        metadata = json.loads(layout.read(bundle, "data/submission.json"))
    assert metadata["previous_review"]["attempt"] == 1
    assert metadata["submission"]["attempt"] == 2


def test_comments_export_as_webvtt_and_csv(
    evaluator_ws: Workspace, packed: Path, tmp_path: Path
) -> None:
    session = open_for_review(evaluator_ws, packed, ReviewerRole.COACH, EVALUATOR)
    clip = session.evidence("clip")[0]["path"]
    review = session.review.with_comment(Comment(clip, "strength", "Calm voice", at_s=2.0))
    session = load_session(evaluator_ws, session.draft_id)
    save_review(evaluator_ws, session.draft_id, review)
    session = load_session(evaluator_ws, session.draft_id)
    vtt = export_comments(session, clip, tmp_path / "c.vtt").read_text()
    assert vtt.startswith("WEBVTT") and "Calm voice" in vtt
    assert "Calm voice" in export_comments(session, clip, tmp_path / "c.csv").read_text()
    with pytest.raises(EvidenceKitError, match=r"\.vtt"):
        export_comments(session, clip, tmp_path / "c.txt")


def test_a_tampered_bundle_is_not_opened_and_nothing_is_kept(
    evaluator_ws: Workspace, packed: Path, tmp_path: Path
) -> None:
    spoiled = tmp_path / "spoiled.evkit"
    with zipfile.ZipFile(packed) as source, zipfile.ZipFile(spoiled, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("submission.json"):
                data = data.replace(b"Demo", b"Fake")
            target.writestr(info, data)
    with pytest.raises(BundleRefused, match=r"submission\.json"):
        open_for_review(evaluator_ws, spoiled, ReviewerRole.EVALUATOR, EVALUATOR)
    assert list((evaluator_ws.path / "reviews").iterdir()) == []


def test_return_files_that_must_be_refused(
    workspace: Workspace,
    evaluator_ws: Workspace,
    packed: Path,
    tmp_path: Path,
    demo_template: Path,
) -> None:
    returned, _clip = _not_yet_review(evaluator_ws, packed, tmp_path / "back")
    # Signed by a key the teacher never trusted as an evaluator.
    with pytest.raises(ReviewRefused, match="not trusted as evaluator"):
        import_review(workspace, returned)
    _trust(EVALUATOR, "evaluator")
    # Tampered: one word of feedback changed after signing.
    tampered = tmp_path / "tampered.evkit-review"
    tampered.write_bytes(returned.read_bytes().replace(b"Look at 3.0", b"Look at 4.0"))
    with pytest.raises(ReviewRefused, match="changed after it was signed"):
        import_review(workspace, tampered)
    # A review of a bundle this teacher never sent.
    other_path = copy_demo(demo_template, tmp_path / "someone-else")
    with open_workspace(other_path) as other, pytest.raises(ReviewRefused, match="another bundle"):
        import_review(other, returned)
    assert submission_detail(workspace, 1).attempt.status is AttemptStatus.PACKED


def test_only_a_returned_attempt_can_be_tried_again(workspace: Workspace, packed: Path) -> None:
    with pytest.raises(EvidenceKitError, match="only after a review"):
        start_next_attempt(workspace, 1)
    assert changes_since_previous(workspace, 1) is None
