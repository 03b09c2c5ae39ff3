"""Checking an Open Badges 3.0 credential offline: structure, proof, dates, evidence.

Everything needed is in the credential: the signer's key is its did:key. Whether
that key belongs to an evaluator the reader trusts is reported as well, and the
wallet insists on it; a stranger checking a teacher's badge only needs the proof.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from evidencekit.bundle.credentials import data_integrity
from evidencekit.bundle.credentials.jcs import NotCanonicalisable, canonicalize
from evidencekit.bundle.signing.did_key import did_for
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.catalog.schema import load_schema
from evidencekit.domain.credentials import (
    CredentialMalformed,
    EvidenceMismatch,
    NotACredential,
    SignerIsNotIssuer,
    check_dates,
    evidence_names,
    issuer_id,
    short_code,
)

SCHEMA = "ob-3.0-credential.schema.json"
MAX_BYTES = 4 << 20  # a credential is a few kilobytes; baked artwork stays outside it


@dataclass(frozen=True)
class CheckedCredential:
    document: dict[str, Any]
    signer: str  # fingerprint of the key that signed it
    sha256: str  # of the credential's canonical (JCS) form, proof included
    legacy_proof: bool = False  # signed the way EvidenceKit did before following vc-di-eddsa

    @property
    def short_code(self) -> str:
        return short_code(self.sha256)

    @property
    def title(self) -> str:
        return str(self.document["credentialSubject"]["achievement"]["name"])

    @property
    def issued(self) -> str:
        return str(self.document.get("validFrom") or self.document.get("issuanceDate"))


def credential_sha256(document: dict[str, Any]) -> str:
    """What the certificate's QR code and short code carry: the same for any layout of the JSON."""
    return hashlib.sha256(canonicalize(document)).hexdigest()


def parse_credential(data: bytes, source: str) -> dict[str, Any]:
    if len(data) > MAX_BYTES:
        raise NotACredential(f"{source} (larger than {MAX_BYTES >> 20} MiB)")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise NotACredential(source) from None
    if not isinstance(document, dict) or "credentialSubject" not in document:
        raise NotACredential(source)
    return document


def check_structure(document: dict[str, Any]) -> None:
    """Refuses, in one sentence, what the Open Badges 3.0 data model does not allow."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    schema = load_schema(SCHEMA)
    error = best_match(Draft202012Validator(schema).iter_errors(document))
    if error is None:
        return
    where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
    detail = _described(schema, error.absolute_schema_path) or error.message
    raise CredentialMalformed(where, detail)


def _described(schema: dict[str, Any], schema_path: Iterable[str | int]) -> str | None:
    """The description of the innermost schema the failed check sits in: it says what is
    allowed in words, where the failed keyword alone ("does not match …") does not."""
    node: Any = schema
    found = None
    for step in schema_path:
        # The path runs through a "$ref" as if the referenced definition were written inline.
        while isinstance(node, dict) and step not in node and "$ref" in node:
            node = schema["$defs"][str(node["$ref"]).rpartition("/")[2]]
            found = _description(node) or found
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        found = _description(node) or found
    return found


def _description(node: Any) -> str | None:
    # Only a schema's own text: under "properties", "description" names a member instead.
    text = node.get("description") if isinstance(node, dict) else None
    return text if isinstance(text, str) else None


def check_credential(
    document: dict[str, Any],
    *,
    now: datetime | None = None,
    bundle_sha256: str | None = None,
) -> CheckedCredential:
    """Every offline check, first failure raised as a typed CredentialRefused."""
    check_structure(document)
    proof = data_integrity.verify_proof(document)
    issuer = issuer_id(document)
    # A did:key issuer is a key: it must be the one that signed (other issuers need a network).
    if issuer.startswith("did:key:") and issuer.partition("#")[0] != did_for(proof.key):
        raise SignerIsNotIssuer(issuer)
    check_dates(document, now or datetime.now(UTC))
    if bundle_sha256 is not None and not evidence_names(document, bundle_sha256):
        raise EvidenceMismatch()
    try:
        digest = credential_sha256(document)
    except NotCanonicalisable as problem:
        raise CredentialMalformed("(top level)", str(problem)) from None
    return CheckedCredential(document, fingerprint(proof.key), digest, proof.legacy)
