"""The signed return file: what is accepted, and each way it is refused."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.review_file import ReviewRefused, read_review, sign_review
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.ids import CriterionId, LevelId, UnitId
from evidencekit.domain.review import Comment, Decision, Review, ReviewerRole, Score
from evidencekit.services.catalogs import starter_catalog

CATALOG = starter_catalog()
CFU = CATALOG.get("checking-for-understanding")
Q = UnitId("questioning")
EVALUATOR = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
COACH = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
BUNDLE = "cd" * 32


def lookup(credential_id: str, version: str):
    return CATALOG.get(credential_id)


def trusted(key: Ed25519PrivateKey = EVALUATOR, role: str = "evaluator") -> dict[str, str]:
    return {fingerprint(key.public_key()): role}


def not_yet_review(key: Ed25519PrivateKey = EVALUATOR) -> Review:
    r = Review(BUNDLE, ReviewerRole.EVALUATOR, fingerprint(key.public_key()), CFU.id,
               CFU.version, (Q,), created_at="2026-11-22T10:00:00Z")  # fmt: skip
    for at in (12.5, 75.0, 140.25):
        r = r.with_comment(Comment("data/video/q-clip-1.mp4", "suggestion", f"At {at}", at_s=at))
    r = r.with_comment(Comment("data/text/q-essay-1.md", "question", "Say more", text_range=(3, 8)))
    for criterion in ("q-design", "q-wait", "q-response"):
        r = r.with_score(CFU, Score(Q, CriterionId(criterion), LevelId("not_yet"), "Not yet: …"))
    return r


def read(data: bytes, **kwargs):
    kwargs.setdefault("trusted", trusted())
    kwargs.setdefault("expected_bundle", {BUNDLE})
    return read_review(data, "r.evkit-review", lookup, **kwargs)


def test_a_signed_review_reads_back_whole() -> None:
    review = not_yet_review()
    signed = read(sign_review(review, CFU, EVALUATOR))
    assert signed.review == review
    assert signed.decision is Decision.NOT_YET
    assert signed.unit_decisions == {Q: Decision.NOT_YET}
    assert len(signed.sha256) == 64 and signed.award is None


def test_every_changed_character_of_the_review_is_caught() -> None:
    data = sign_review(not_yet_review(), CFU, EVALUATOR)
    document = json.loads(data)
    body = json.dumps(document["review"])
    for at in range(0, len(body), max(1, len(body) // 60)):
        char = body[at]
        if char in '{}[]:,"\\ ':
            continue  # structure, not content: a change there is refused as malformed JSON
        swapped = "1" if char != "1" else "2"
        try:
            changed_body = json.loads(body[:at] + swapped + body[at + 1 :])
        except json.JSONDecodeError:
            continue
        tampered = json.dumps({**document, "review": changed_body}).encode()
        with pytest.raises(ReviewRefused):
            read(tampered)


def test_tampering_is_named_as_such() -> None:
    document = json.loads(sign_review(not_yet_review(), CFU, EVALUATOR))
    document["review"]["comments"][0]["text"] = "Lovely work!"
    with pytest.raises(ReviewRefused, match="changed after it was signed"):
        read(json.dumps(document).encode())


def test_a_review_of_another_bundle_is_refused() -> None:
    with pytest.raises(ReviewRefused, match="review of another bundle"):
        read(sign_review(not_yet_review(), CFU, EVALUATOR), expected_bundle={"ef" * 32})


def test_untrusted_or_wrong_role_keys_are_refused() -> None:
    data = sign_review(not_yet_review(), CFU, EVALUATOR)
    with pytest.raises(ReviewRefused, match="not trusted as evaluator"):
        read(data, trusted={})
    with pytest.raises(ReviewRefused, match="not trusted as evaluator"):
        read(data, trusted=trusted(role="teacher"))


def test_a_decision_contradicting_the_rubric_is_refused_even_if_signed() -> None:
    """An evaluator's app with a bug, or a forged one, cannot award what the scores deny."""
    body = json.loads(sign_review(not_yet_review(), CFU, EVALUATOR))["review"]
    body["decision"] = {"overall": "earned", "units": {Q: "earned"}}
    resigned = {
        "format": "evidencekit-review", "version": 1, "review": body,
        "signature": _signature(body, EVALUATOR),
    }  # fmt: skip
    with pytest.raises(ReviewRefused, match="contradicts the rubric"):
        read(json.dumps(resigned).encode())


def _signature(body: dict, key: Ed25519PrivateKey) -> dict:
    import base64

    from evidencekit.bundle.signing.seal import raw_public
    from evidencekit.bundle.signing.signed_json import canonical

    return {
        "algorithm": "Ed25519",
        "public_key": base64.b64encode(raw_public(key.public_key())).decode(),
        "fingerprint": fingerprint(key.public_key()),
        "value": base64.b64encode(key.sign(canonical(body))).decode(),
    }


def test_a_key_that_signs_for_someone_else_is_refused() -> None:
    other = Ed25519PrivateKey.generate()
    body = json.loads(sign_review(not_yet_review(), CFU, EVALUATOR))["review"]
    forged = {"format": "evidencekit-review", "version": 1, "review": body,
              "signature": _signature(body, other)}  # fmt: skip
    with pytest.raises(ReviewRefused, match="not the key that signed it"):
        read(json.dumps(forged).encode(), trusted={**trusted(), **trusted(other)})


def test_coach_reviews_carry_comments_only() -> None:
    coach = Review(BUNDLE, ReviewerRole.COACH, fingerprint(COACH.public_key()), CFU.id,
                   CFU.version, (Q,))  # fmt: skip
    coach = coach.with_comment(Comment("data/video/q-clip-1.mp4", "strength", "Nice", at_s=1.0))
    signed = read(sign_review(coach, CFU, COACH), trusted=trusted(COACH, "coach"))
    assert signed.decision is None and len(signed.review.comments) == 1
    with pytest.raises(ReviewRefused, match="not trusted as coach"):
        read(sign_review(coach, CFU, COACH), trusted=trusted(COACH, "evaluator"))


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\xff\xfe not text", "not valid JSON"),
        (b"[" * 100_000, "not valid JSON"),
        (b'{"format": "something-else"}', "malformed"),
        (b"{}" + b" " * (17 << 20), "larger than 16 MiB"),
    ],
)
def test_junk_is_refused_plainly(data: bytes, reason: str) -> None:
    with pytest.raises(ReviewRefused, match=reason):
        read(data)


def test_signing_needs_a_complete_review_and_the_reviewers_own_key() -> None:
    incomplete = Review(BUNDLE, ReviewerRole.EVALUATOR, fingerprint(EVALUATOR.public_key()),
                        CFU.id, CFU.version, (Q,))  # fmt: skip
    with pytest.raises(EvidenceKitError, match="Score every criterion"):
        sign_review(incomplete, CFU, EVALUATOR)
    with pytest.raises(EvidenceKitError, match="reviewer's own key"):
        sign_review(not_yet_review(), CFU, COACH)
