"""A teacher holding every credential of a pathway asks for, and receives, the pathway's."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.credentials import data_integrity
from evidencekit.bundle.credentials.credential_check import check_credential, credential_sha256
from evidencekit.bundle.signing.did_key import did_for
from evidencekit.bundle.signing.identity import TrustStore
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.domain.credentials import (
    EvidenceRef,
    Issuer,
    NotTheHolder,
    UntrustedIssuer,
    build_credential,
    credential_achievement,
    email_matches,
    named_information,
)
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.services.catalogs import workspace_catalog
from evidencekit.services.holder import HolderProfile, save_profile
from evidencekit.services.recognition import PathwayRequestRefused, issue_pathway
from evidencekit.services.wallet import (
    import_credential_file,
    keep,
    list_credentials,
    pathway_progress,
    pathway_request,
)
from evidencekit.storage.locations import trust_store_path
from evidencekit.storage.workspace import Workspace

TEACHER = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
EVALUATOR = Ed25519PrivateKey.from_private_bytes(bytes(range(2, 34)))
PATHWAY = "formative-assessment-leader"
NOW = datetime(2026, 5, 1, tzinfo=UTC)


def award(workspace: Workspace, credential_id: str, holder: Ed25519PrivateKey = TEACHER) -> dict:
    credential = workspace_catalog(workspace).get(credential_id)
    unsigned = build_credential(
        credential_id=f"urn:uuid:{credential_id}",
        issuer=Issuer(did_for(EVALUATOR.public_key()), "Eva", credential.issuer),
        achievement=credential_achievement(credential),
        subject_did=did_for(holder.public_key()),
        recipient=None,
        evidence=[EvidenceRef("cd" * 32, "Submission bundle", "")],
        valid_from=NOW,
    )
    return data_integrity.sign(unsigned, EVALUATOR, NOW)


def hold(workspace: Workspace, *credential_ids: str) -> list[dict]:
    documents = [award(workspace, cid) for cid in credential_ids]
    with workspace.unit_of_work() as session:
        for document in documents:
            keep(session, check_credential(document), None)
    return documents


def test_pathway_credential_from_a_signed_request(workspace: Workspace, tmp_path: Path) -> None:
    save_profile(HolderProfile("Ana Ruiz", "ana@school.example"))
    TrustStore(trust_store_path()).add(EVALUATOR.public_key(), "Eva", "evaluator")
    hold(workspace, "checking-for-understanding")
    [progress] = pathway_progress(workspace)
    assert progress.missing == ["data-literacy"]
    assert (progress.total, progress.missing_titles, progress.complete) == (
        2,
        ["Data Literacy"],
        False,
    )
    with pytest.raises(EvidenceKitError, match="still needs: data-literacy"):
        pathway_request(workspace, PATHWAY, TEACHER)

    members = [*hold(workspace, "data-literacy")]
    assert pathway_progress(workspace)[0].complete
    request = pathway_request(workspace, PATHWAY, TEACHER)
    issued = issue_pathway(
        workspace_catalog(workspace), request, EVALUATOR, {fingerprint(EVALUATOR.public_key())}
    )
    checked = check_credential(issued)
    subject = issued["credentialSubject"]
    assert subject["achievement"]["name"] == "Formative Assessment Leader"
    assert subject["id"] == did_for(TEACHER.public_key())
    assert email_matches(subject["identifier"][0], "ana@school.example")
    assert named_information(credential_sha256(members[0])) in {e["id"] for e in issued["evidence"]}

    path = tmp_path / "pathway.json"
    path.write_text(json.dumps(issued))
    with pytest.raises(NotTheHolder, match=did_for(TEACHER.public_key())):
        import_credential_file(workspace, path, EVALUATOR.public_key())
    import_credential_file(workspace, path, TEACHER.public_key())
    assert [e.sha256 for e in list_credentials(workspace)][-1] == checked.sha256


def test_pathway_requests_that_are_refused(workspace: Workspace) -> None:
    catalog = workspace_catalog(workspace)
    trusted = {fingerprint(EVALUATOR.public_key())}
    hold(workspace, "checking-for-understanding", "data-literacy")
    request = pathway_request(workspace, PATHWAY, TEACHER)

    with pytest.raises(UntrustedIssuer):
        issue_pathway(catalog, request, EVALUATOR, set())
    tampered = json.loads(request)
    tampered["pathway"] = "another"
    with pytest.raises(PathwayRequestRefused, match="changed after it was signed"):
        issue_pathway(catalog, json.dumps(tampered).encode(), EVALUATOR, trusted)
    # Someone else sends the teacher's credentials under their own signature.
    stranger = Ed25519PrivateKey.generate()
    unsigned = {k: v for k, v in json.loads(request).items() if k != "proof"}
    stolen = data_integrity.sign(unsigned, stranger, NOW, purpose="authentication")
    with pytest.raises(PathwayRequestRefused, match="someone other than"):
        issue_pathway(catalog, json.dumps(stolen).encode(), EVALUATOR, trusted)
    with pytest.raises(PathwayRequestRefused, match="not a pathway request"):
        issue_pathway(catalog, b"{}", EVALUATOR, trusted)
