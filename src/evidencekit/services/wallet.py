"""The teacher's wallet: credentials she earned, checked offline, exported in every form.

A credential enters only after passing every check (structure, proof, dates, and
an evaluator the teacher trusts); it is kept verbatim, so what she exports is
exactly what was signed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from evidencekit.bundle import data_integrity
from evidencekit.bundle.bagit_write import hash_file
from evidencekit.bundle.baking import extract_any
from evidencekit.bundle.credential_check import (
    CheckedCredential,
    check_credential,
    parse_credential,
)
from evidencekit.bundle.did_key import did_for
from evidencekit.bundle.identity import TrustStore
from evidencekit.domain.credentials import (
    CredentialRefused,
    UntrustedIssuer,
    achievement_ref,
    hash_email,
    missing_for_pathway,
    short_code,
)
from evidencekit.domain.errors import EvidenceKitError, NotFound
from evidencekit.services.catalogs import workspace_catalog
from evidencekit.services.holder import load_profile
from evidencekit.services.recognition import REQUEST_TYPE, issue_pathway
from evidencekit.storage.atomic_files import write_atomically
from evidencekit.storage.locations import trust_store_path
from evidencekit.storage.models import WalletCredential
from evidencekit.storage.workspace import Workspace


@dataclass(frozen=True)
class WalletEntry:
    id: int
    title: str
    issued: str
    issuer: str  # the evaluator's key fingerprint
    sha256: str
    bundle_sha256: str | None

    @property
    def short_code(self) -> str:
        return short_code(self.sha256)


@dataclass(frozen=True)
class FileCheck:
    """A credential that passed; ``trusted`` says whether you vouched for its evaluator."""

    checked: CheckedCredential
    trusted: bool


@dataclass(frozen=True)
class EntryCheck:
    ok: bool
    message: str


def trusted_evaluators() -> set[str]:
    return TrustStore(trust_store_path()).fingerprints("evaluator")


def _entry(row: WalletCredential) -> WalletEntry:
    return WalletEntry(row.id, row.title, row.valid_from, row.issuer, row.sha256, row.bundle_sha256)


def keep(session: Session, checked: CheckedCredential, bundle_sha256: str | None) -> WalletEntry:
    """Put a checked credential in the wallet, inside the caller's unit of work."""
    if session.scalars(
        select(WalletCredential).where(WalletCredential.sha256 == checked.sha256)
    ).first():
        raise EvidenceKitError("This credential is already in your wallet; nothing changed.")
    row = WalletCredential(
        sha256=checked.sha256,
        achievement_id=checked.document["credentialSubject"]["achievement"]["id"],
        title=checked.title[:300],
        issuer=checked.signer,
        valid_from=checked.issued,
        bundle_sha256=bundle_sha256,
        document=json.dumps(checked.document, ensure_ascii=False),
    )
    session.add(row)
    session.flush()
    return _entry(row)


def list_credentials(workspace: Workspace) -> list[WalletEntry]:
    with workspace.unit_of_work() as session:
        rows = session.scalars(select(WalletCredential).order_by(WalletCredential.id)).all()
        return [_entry(row) for row in rows]


def credential_document(workspace: Workspace, entry_id: int) -> dict[str, Any]:
    with workspace.unit_of_work() as session:
        row = session.get(WalletCredential, entry_id)
        if row is None:
            raise NotFound("credential in your wallet", str(entry_id))
        return json.loads(row.document)


def read_credential_file(path: Path) -> dict[str, Any]:
    """The credential in a JSON file or baked into a PNG or SVG badge."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EvidenceKitError(f"{path}: cannot be read ({exc.strerror}).") from None
    return parse_credential(extract_any(data, path.name).encode("utf-8"), path.name)


def verify_file(path: Path, bundle: Path | None = None, now: datetime | None = None) -> FileCheck:
    """Every offline check of a credential file; raises a CredentialRefused saying why."""
    document = read_credential_file(path)
    bundle_sha = None
    if bundle is not None:
        try:
            bundle_sha = hash_file(bundle)["sha256"]
        except OSError as exc:
            raise EvidenceKitError(f"{bundle}: cannot be read ({exc.strerror}).") from None
    checked = check_credential(document, now=now, bundle_sha256=bundle_sha)
    return FileCheck(checked, checked.signer in trusted_evaluators())


def check_entry(workspace: Workspace, entry_id: int, now: datetime | None = None) -> EntryCheck:
    """Check a wallet credential again, now: the result in words, never an exception."""
    document = credential_document(workspace, entry_id)
    try:
        checked = check_credential(document, now=now)
    except CredentialRefused as problem:
        return EntryCheck(False, problem.message)
    if checked.signer not in trusted_evaluators():
        return EntryCheck(False, UntrustedIssuer(checked.signer).message)
    return EntryCheck(
        True,
        f"Valid: signed by {checked.document['issuer'].get('name', 'the evaluator')} "
        f"({checked.signer}), unchanged since, code {checked.short_code}.",
    )


def import_credential_file(workspace: Workspace, path: Path) -> WalletEntry:
    """A credential sent on its own (a pathway's): kept if it passes and you trust its issuer."""
    result = verify_file(path)
    if not result.trusted:
        raise UntrustedIssuer(result.checked.signer)
    with workspace.unit_of_work() as session:
        return keep(session, result.checked, None)


# -- pathways ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PathwayProgress:
    pathway_id: str
    title: str
    missing: list[str]  # credential ids not yet held
    total: int  # member credentials in all
    missing_titles: list[str]  # the same as ``missing``, as the catalog names them
    earned: bool = False  # the pathway's own credential is in the wallet already

    @property
    def complete(self) -> bool:
        return not self.missing


def pathway_progress(workspace: Workspace) -> list[PathwayProgress]:
    catalog = workspace_catalog(workspace)
    held = [credential_document(workspace, e.id) for e in list_credentials(workspace)]
    earned = {achievement_ref(d["credentialSubject"]["achievement"]["id"]).pathway_id for d in held}
    progress = []
    for p in catalog.pathways:
        missing = missing_for_pathway(p, held)
        titles = [c.title if (c := catalog.get(cid)) else cid for cid in missing]
        progress.append(
            PathwayProgress(p.id, p.title, missing, len(p.credential_ids), titles, p.id in earned)
        )
    return progress


def pathway_request(workspace: Workspace, pathway_id: str, key: Ed25519PrivateKey) -> bytes:
    """A request an evaluator's app issues the pathway credential against, signed by you.

    It holds every member credential, which must name your key as their subject.
    """
    catalog = workspace_catalog(workspace)
    pathway = catalog.pathway(pathway_id)
    if pathway is None:
        raise NotFound("pathway", pathway_id)
    me = did_for(key.public_key())
    mine = [
        doc
        for e in list_credentials(workspace)
        if (doc := credential_document(workspace, e.id))["credentialSubject"].get("id") == me
    ]
    missing = missing_for_pathway(pathway, mine)
    if missing:
        raise EvidenceKitError(
            f"“{pathway.title}” still needs: {', '.join(missing)}; nothing was written."
        )
    wanted = set(pathway.credential_ids)
    refs = [(doc, achievement_ref(doc["credentialSubject"]["achievement"]["id"])) for doc in mine]
    members = [doc for doc, ref in refs if ref.credential_id in wanted and ref.unit_id is None]
    request: dict[str, Any] = {"type": REQUEST_TYPE, "pathway": pathway.id, "credentials": members}
    email = load_profile().email
    if email:
        salt = hashlib.sha256(key.sign(f"pathway-salt/{pathway.id}".encode())).hexdigest()[:32]
        request["identifier"] = {"identityHash": hash_email(email, salt), "salt": salt}
    signed = data_integrity.sign(request, key, datetime.now(UTC), purpose="authentication")
    return json.dumps(signed, ensure_ascii=False, indent=1).encode("utf-8")


def save_pathway_request(
    workspace: Workspace, pathway_id: str, key: Ed25519PrivateKey, target: Path
) -> Path:
    """``pathway_request`` written to ``target``, replacing it: the app's save dialog asked."""
    data = pathway_request(workspace, pathway_id, key)
    try:
        write_atomically(target, data)
    except OSError as exc:
        raise EvidenceKitError(f"{target}: cannot be written ({exc.strerror}).") from None
    return target


def answer_pathway_request(
    workspace: Workspace,
    request: Path,
    key: Ed25519PrivateKey,
    target: Path,
    *,
    overwrite: bool = False,
) -> dict[str, Any]:
    """(Evaluators) issue the pathway credential a teacher's request asks for, into ``target``."""
    try:
        data = request.read_bytes()
    except OSError as exc:
        raise EvidenceKitError(f"{request}: cannot be read ({exc.strerror}).") from None
    issued = issue_pathway(workspace_catalog(workspace), data, key, trusted_evaluators())
    if target.exists() and not overwrite:
        raise EvidenceKitError(f"{target} already exists; it was kept.")
    text = json.dumps(issued, ensure_ascii=False, indent=2)
    try:
        write_atomically(target, text.encode("utf-8"))
    except OSError as exc:
        raise EvidenceKitError(f"{target}: cannot be written ({exc.strerror}).") from None
    return issued
