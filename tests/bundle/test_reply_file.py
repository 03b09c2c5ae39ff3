"""The signed replies file: what is accepted, and each way it is refused."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.reply_file import RepliesRefused, Reply, read_replies, sign_replies
from evidencekit.bundle.signing.seal import fingerprint

TEACHER = Ed25519PrivateKey.from_private_bytes(bytes(range(2, 34)))
STRANGER = Ed25519PrivateKey.from_private_bytes(bytes(range(3, 35)))
COACH = fingerprint(Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33))).public_key())
ITEMS = [
    Reply("cd" * 32, "ef" * 32, 0, "Who answered first?", "The quickest three, again."),
    Reply("cd" * 32, "ef" * 32, 2, "Why here?", "Because the hinge question came next."),
]
TRUSTED = {fingerprint(TEACHER.public_key())}


def signed(key: Ed25519PrivateKey = TEACHER) -> bytes:
    return sign_replies(key, COACH, "2026-12-03T10:00:00+00:00", ITEMS, "Tess Ng")


def test_a_signed_file_reads_back_whole() -> None:
    replies = read_replies(signed(), "r.evkit-replies", TRUSTED)
    assert replies.items == tuple(ITEMS)
    assert (replies.teacher_name, replies.to) == ("Tess Ng", COACH)
    assert replies.teacher == fingerprint(TEACHER.public_key())


def _edited(change) -> bytes:
    document = json.loads(signed())
    change(document)
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            _edited(lambda d: d["replies"]["items"][0].update(text="Words she never wrote.")),
            "the signature does not match: the replies were changed after signing.",
        ),
        (
            _edited(lambda d: d["replies"].update(to=fingerprint(STRANGER.public_key()))),
            "the signature does not match: the replies were changed after signing.",
        ),
        (
            _edited(lambda d: d["replies"].update(teacher=fingerprint(STRANGER.public_key()))),
            "the teacher it names is not the key that signed it.",
        ),
        (b"\xff\xfe", "it is not a replies file (not valid JSON)."),
        (
            _edited(lambda d: d["replies"]["items"][0].update(comment=-1)),
            "it is malformed at replies/items/0/comment: -1 is less than the minimum of 0.",
        ),
        (
            _edited(lambda d: d["replies"].update(extra="smuggled")),
            "it is malformed at replies: Additional properties are not allowed "
            "('extra' was unexpected).",
        ),
    ],
)
def test_each_spoiled_file_is_refused_with_its_reason(data: bytes, reason: str) -> None:
    with pytest.raises(RepliesRefused) as refused:
        read_replies(data, "r.evkit-replies", TRUSTED)
    assert refused.value.reason == reason
    assert refused.value.exit_code == 1


def test_replies_from_a_key_not_trusted_as_teacher_are_refused() -> None:
    with pytest.raises(RepliesRefused) as refused:
        read_replies(signed(STRANGER), "r.evkit-replies", TRUSTED)
    assert "not trusted as teacher" in refused.value.reason


def test_an_oversized_file_is_refused_before_parsing() -> None:
    with pytest.raises(RepliesRefused, match="larger than 16 MiB"):
        read_replies(b" " * ((16 << 20) + 1), "big.evkit-replies", TRUSTED)
