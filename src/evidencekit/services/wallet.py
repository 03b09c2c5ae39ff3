"""The teacher's wallet: credentials she earned, checked offline, exported in every form.

A credential enters only after passing every check (structure, proof, dates, and
an evaluator the teacher trusts); it is kept verbatim, so what she exports is
exactly what was signed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from evidencekit.bundle.bagit.bagit_write import hash_file
from evidencekit.bundle.credentials import data_integrity
from evidencekit.bundle.credentials.baking import extract_any
from evidencekit.bundle.credentials.credential_check import (
    CheckedCredential,
    check_credential,
    parse_credential,
)
from evidencekit.bundle.signing.did_key import did_for
from evidencekit.bundle.signing.identity import TrustStore, keyring_available, load_identity
from evidencekit.domain.credentials import (
    CredentialRefused,
    NotTheHolder,
    UntrustedIssuer,
    achievement_ref,
    hash_email,
    issuer_name,
    missing_for_pathway,
    subject_emails_match,
)
from evidencekit.domain.errors import EvidenceKitError, NotFound
from evidencekit.domain.wallet import WalletEntry
from evidencekit.services.catalogs import workspace_catalog
from evidencekit.services.holder import load_profile
from evidencekit.services.recognition import REQUEST_TYPE, issue_pathway
from evidencekit.storage import wallet as stored
from evidencekit.storage.atomic_files import write_atomically
from evidencekit.storage.locations import trust_store_path
from evidencekit.storage.workspace import Workspace

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )


@dataclass(frozen=True)
class FileCheck:
    """A credential that passed; ``trusted`` says whether you vouched for its evaluator."""

    checked: CheckedCredential
    trusted: bool
    json_sha256: str  # of the credential JSON as found (the file, or what was baked in)
    email_match: str | None = None  # how the email asked about matched ("as given", …)


@dataclass(frozen=True)
class EntryCheck:
    ok: bool
    message: str


def trusted_evaluators() -> set[str]:
    return TrustStore(trust_store_path()).fingerprints("evaluator")


def keep(session: Session, checked: CheckedCredential, bundle_sha256: str | None) -> WalletEntry:
    """Put a checked credential in the wallet, inside the caller's unit of work."""
    if stored.has_credential(session, checked.sha256):
        raise EvidenceKitError("This credential is already in your wallet; nothing changed.")
    return stored.add_credential(
        session,
        sha256=checked.sha256,
        achievement_id=checked.document["credentialSubject"]["achievement"]["id"],
        title=checked.title[:300],
        issuer=checked.signer,
        valid_from=checked.issued,
        bundle_sha256=bundle_sha256,
        document=json.dumps(checked.document, ensure_ascii=False),
    )


def list_credentials(workspace: Workspace) -> list[WalletEntry]:
    with workspace.unit_of_work() as session:
        return stored.entries(session)


def credential_document(workspace: Workspace, entry_id: int) -> dict[str, Any]:
    with workspace.unit_of_work() as session:
        text = stored.document(session, entry_id)
    if text is None:
        raise NotFound("credential in your wallet", str(entry_id))
    return json.loads(text)


def _credential_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EvidenceKitError(f"{path}: cannot be read ({exc.strerror}).") from None
    return extract_any(data, path.name).encode("utf-8")


def verify_file(
    path: Path,
    bundle: Path | None = None,
    now: datetime | None = None,
    email: str | None = None,
) -> FileCheck:
    """Every offline check of a credential file; raises a CredentialRefused saying why.

    With ``email``, also whether the subject's hashed email is that address.
    """
    data = _credential_bytes(path)
    document = parse_credential(data, path.name)
    bundle_sha = None
    if bundle is not None:
        try:
            bundle_sha = hash_file(bundle)["sha256"]
        except OSError as exc:
            raise EvidenceKitError(f"{bundle}: cannot be read ({exc.strerror}).") from None
    checked = check_credential(document, now=now, bundle_sha256=bundle_sha)
    return FileCheck(
        checked,
        checked.signer in trusted_evaluators(),
        hashlib.sha256(data).hexdigest(),
        subject_emails_match(document, email) if email is not None else None,
    )


def check_entry(workspace: Workspace, entry_id: int, now: datetime | None = None) -> EntryCheck:
    """Check a wallet credential again, now: the result in words, never an exception."""
    document = credential_document(workspace, entry_id)
    try:
        checked = check_credential(document, now=now)
    except CredentialRefused as problem:
        return EntryCheck(False, problem.message)
    if checked.signer not in trusted_evaluators():
        return EntryCheck(False, UntrustedIssuer(checked.signer).message)
    message = (
        f"Valid: signed by {issuer_name(checked.document) or 'the evaluator'} "
        f"({checked.signer}), unchanged since, code {checked.short_code}."
    )
    if checked.legacy_proof:
        message += (
            " Its proof is in the form EvidenceKit wrote before it followed vc-di-eddsa: "
            "other Open Badges verifiers refuse it; ask the evaluator to issue it again."
        )
    return EntryCheck(True, message)


def import_credential_file(
    workspace: Workspace, path: Path, holder: Ed25519PublicKey | None = None
) -> WalletEntry:
    """A credential sent on its own (a pathway's): kept if it passes, names you as its
    subject and comes from an issuer you trust.

    ``holder`` is your public key; without it, you are your keyring identity (if the
    computer has a keyring) and whoever your wallet's credentials were awarded to.
    """
    result = verify_file(path)
    check_holder(result.checked.document, holder_dids(workspace, holder))
    if not result.trusted:
        raise UntrustedIssuer(result.checked.signer)
    with workspace.unit_of_work() as session:
        return keep(session, result.checked, None)


def holder_dids(workspace: Workspace, holder: Ed25519PublicKey | None) -> list[str]:
    """The did:keys that are "you" when a credential is imported."""
    if holder is not None:
        return [did_for(holder)]
    known = []
    # No identity in the keyring (yet)? The wallet's own credentials still say who you are.
    if keyring_available():
        with contextlib.suppress(EvidenceKitError):
            known.append(did_for(load_identity().public_key()))
    for entry in list_credentials(workspace):
        subject = credential_document(workspace, entry.id)["credentialSubject"].get("id")
        if isinstance(subject, str) and subject not in known:
            known.append(subject)
    return known


def check_holder(document: dict[str, Any], holder_dids: list[str]) -> None:
    """Refuses a credential whose subject is not the holder (one of her did:keys).

    A subject named only by a hashed email passes when it is the email you saved.
    """
    you = ", ".join(holder_dids) or "an identity this wallet does not know yet"
    subject = document["credentialSubject"]
    if "id" in subject:
        if subject["id"] not in holder_dids:
            raise NotTheHolder(str(subject["id"]), you)
        return
    email = load_profile().email
    if not email or subject_emails_match(document, email) is None:
        raise NotTheHolder("someone known only by a hashed email that is not yours", you)


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
