"""The ``.evkit-replies`` file: a teacher's answers to one reviewer's comments, signed.

Like a review, one JSON document: ``replies`` and an Ed25519 ``signature`` over its
canonical form. The reviewer's app refuses it unless the signature matches, the key
is trusted as a teacher, and it answers that reviewer's own comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.bundle.signing.signed_json import Refusals, open_signed, sign_document
from evidencekit.domain.errors import EvidenceKitError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

SUFFIX = ".evkit-replies"
MAX_BYTES = 16 << 20
SCHEMA = "replies-1.schema.json"


class RepliesRefused(EvidenceKitError):
    """A replies file that must not be taken in; ``reason`` says why in one sentence."""

    exit_code = 1

    def __init__(self, source: str, reason: str) -> None:
        self.source, self.reason = source, reason
        super().__init__(f"The replies {source} were refused: {reason}")


@dataclass(frozen=True)
class Reply:
    bundle_sha256: str
    review_sha256: str
    comment: int  # the comment's position in the signed review
    quote: str  # the comment's text
    text: str


@dataclass(frozen=True)
class SignedReplies:
    teacher: str  # fingerprint
    teacher_name: str
    to: str  # the reviewer's fingerprint
    created_at: str
    items: tuple[Reply, ...]


def sign_replies(
    key: Ed25519PrivateKey, to: str, created_at: str, items: list[Reply], teacher_name: str = ""
) -> bytes:
    public = key.public_key()
    body: dict[str, Any] = {
        "teacher": fingerprint(public),
        "to": to,
        "created_at": created_at,
        "items": [
            {
                "bundle_sha256": r.bundle_sha256,
                "review_sha256": r.review_sha256,
                "comment": r.comment,
                "quote": r.quote,
                "text": r.text,
            }
            for r in items
        ],
    }
    if teacher_name:
        body["teacher_name"] = teacher_name
    return sign_document("replies", "replies", body, key)


def read_replies(data: bytes, source: str, trusted_teachers: set[str]) -> SignedReplies:
    """Check a replies file completely; only replies that pass every check come back."""
    opened = open_signed(
        data,
        schema=SCHEMA,
        max_bytes=MAX_BYTES,
        body_key="replies",
        signer_field="teacher",
        words=Refusals(
            lambda reason: RepliesRefused(source, reason),
            not_json="it is not a replies file (not valid JSON).",
            wrong_signer="the teacher it names is not the key that signed it.",
            changed="the signature does not match: the replies were changed after signing.",
        ),
    )
    body, print_ = opened.body, opened.fingerprint
    if print_ not in trusted_teachers:
        raise RepliesRefused(
            source, f"it is signed by a key you have not trusted as teacher ({print_})."
        )
    items = tuple(
        Reply(i["bundle_sha256"], i["review_sha256"], i["comment"], i["quote"], i["text"])
        for i in body["items"]
    )
    name = body.get("teacher_name", "")
    return SignedReplies(print_, name, body["to"], body["created_at"], items)


def read_replies_file(path: Path, trusted_teachers: set[str]) -> SignedReplies:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise EvidenceKitError(f"{path}: cannot be read ({exc.strerror}).") from None
    return read_replies(data, path.name, trusted_teachers)
