"""The Reviews list: only my own drafts where several reviewers share one database, and
a review of a draft for coaching says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.review import ReviewerRole
from evidencekit.services.people import my_keys
from evidencekit.services.review_list import DRAFT, my_reviews
from evidencekit.services.review_sessions import open_for_review
from evidencekit.storage.locations import holder_profile_path
from evidencekit.storage.workspace import Workspace, open_workspace
from tests.services.review_fixtures import review_bundle

ANA = Ed25519PrivateKey.from_private_bytes(bytes(range(10, 42)))
BEN = Ed25519PrivateKey.from_private_bytes(bytes(range(12, 44)))


def test_each_reviewer_lists_only_her_own_drafts(tmp_path: Path, any_workspace: Workspace) -> None:
    """One database for the whole centre (PostgreSQL there, SQLite for one person)."""
    lesson = review_bundle(tmp_path, 1)
    draft = review_bundle(tmp_path, 2, draft=True)
    open_for_review(any_workspace, lesson, ReviewerRole.EVALUATOR, BEN)
    open_for_review(any_workspace, lesson, ReviewerRole.EVALUATOR, ANA)
    open_for_review(any_workspace, draft, ReviewerRole.COACH, ANA)
    anas = my_reviews(any_workspace, {fingerprint(ANA.public_key())})
    bens = my_reviews(any_workspace, {fingerprint(BEN.public_key())})
    assert sorted((e.title, e.role, e.on_draft) for e in anas) == [
        ("cand-0001", ReviewerRole.EVALUATOR, False),
        ("cand-0002", ReviewerRole.COACH, True),
    ]
    assert [(e.title, e.state, e.on_draft) for e in bens] == [("cand-0001", DRAFT, False)]
    # Opening a bundle with a key is what tells the app that key is hers.
    assert my_keys() == {fingerprint(ANA.public_key()), fingerprint(BEN.public_key())}


def test_a_reviewer_whose_key_is_not_known_yet_sees_no_drafts(tmp_path: Path) -> None:
    centre = open_workspace(tmp_path / "centre")
    try:
        open_for_review(centre, review_bundle(tmp_path, 1), ReviewerRole.EVALUATOR, BEN)
        assert my_reviews(centre, frozenset()) == []
    finally:
        centre.close()


def test_a_damaged_list_of_my_keys_is_said_in_words_and_rebuilt(tmp_path: Path) -> None:
    broken = holder_profile_path().with_name("my-keys.json")
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text("{not json", "utf-8")
    with pytest.raises(EvidenceKitError, match="damaged"):
        my_keys()
    centre = open_workspace(tmp_path / "centre")
    try:
        open_for_review(centre, review_bundle(tmp_path, 1), ReviewerRole.EVALUATOR, ANA)
    finally:
        centre.close()
    assert my_keys() == {fingerprint(ANA.public_key())}
