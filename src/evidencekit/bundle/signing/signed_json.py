"""One JSON document signed with Ed25519: how review and replies files are written and
checked.

The document holds its body under one key (``review``, ``replies``) and a
``signature`` over the body's canonical form, with the public key and its
fingerprint. Reading checks size, JSON, schema, that the signer named in the body is
the key that signed, and the signature itself; each failure is one sentence through
the caller's own error.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from evidencekit.bundle.signing.seal import fingerprint, raw_public
from evidencekit.catalog.schema import load_schema

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign_document(kind: str, body_key: str, body: dict[str, Any], key: Ed25519PrivateKey) -> bytes:
    """The file's bytes: ``{"format": "evidencekit-<kind>", "version": 1, <body_key>: body,
    "signature": …}``."""
    public = key.public_key()
    document = {
        "format": f"evidencekit-{kind}",
        "version": 1,
        body_key: body,
        "signature": {
            "algorithm": "Ed25519",
            "public_key": base64.b64encode(raw_public(public)).decode(),
            "fingerprint": fingerprint(public),
            "value": base64.b64encode(key.sign(canonical(body))).decode(),
        },
    }
    return json.dumps(document, indent=1, ensure_ascii=False).encode() + b"\n"


@dataclass(frozen=True)
class Refusals:
    """The words one kind of file uses for each failure, and the error that carries them."""

    refuse: Callable[[str], Exception]  # reason -> the error to raise
    not_json: str
    wrong_signer: str
    changed: str


@dataclass(frozen=True)
class Opened:
    body: dict[str, Any]
    public: Ed25519PublicKey
    fingerprint: str


def open_signed(
    data: bytes,
    *,
    schema: str,
    max_bytes: int,
    body_key: str,
    signer_field: str,
    words: Refusals,
) -> Opened:
    """The body of a document whose signature holds, signed by the key it names."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    if len(data) > max_bytes:
        raise words.refuse(f"it is larger than {max_bytes >> 20} MiB.")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise words.refuse(words.not_json) from None
    error = best_match(Draft202012Validator(load_schema(schema)).iter_errors(document))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise words.refuse(f"it is malformed at {where}: {error.message}.")
    body, seal = document[body_key], document["signature"]
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(seal["public_key"]))
    print_ = fingerprint(public)
    if seal["fingerprint"] != print_ or body[signer_field] != print_:
        raise words.refuse(words.wrong_signer)
    try:
        public.verify(base64.b64decode(seal["value"]), canonical(body))
    except (InvalidSignature, binascii.Error):
        raise words.refuse(words.changed) from None
    return Opened(body, public, print_)
