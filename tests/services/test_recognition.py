"""Earned → credential in the return file → the teacher's wallet → badges, checked offline."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jsonschema import Draft202012Validator

from evidencekit.bundle.credentials.baking import extract_png, extract_svg
from evidencekit.bundle.credentials.credential_check import SCHEMA, credential_sha256
from evidencekit.bundle.review_file import ReviewRefused
from evidencekit.bundle.signing.did_key import did_for
from evidencekit.bundle.signing.identity import TrustStore
from evidencekit.catalog.schema import load_schema
from evidencekit.domain.credentials import (
    CredentialRefused,
    EvidenceMismatch,
    Expired,
    NotACredential,
    UntrustedIssuer,
    email_matches,
)
from evidencekit.domain.review import Decision, ReviewerRole, Score
from evidencekit.services.feedback import import_review
from evidencekit.services.holder import HolderProfile, save_profile
from evidencekit.services.packing import pack_submission
from evidencekit.services.review_sessions import OpenReview, export_review, open_for_review
from evidencekit.services.wallet import (
    check_entry,
    import_credential_file,
    list_credentials,
    verify_file,
)
from evidencekit.services.wallet_export import export_credential
from evidencekit.storage.locations import trust_store_path
from evidencekit.storage.workspace import Workspace, open_workspace
from tests.bundle import layout

TEACHER = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
EVALUATOR = Ed25519PrivateKey.from_private_bytes(bytes(range(2, 34)))
EMAIL = "ana.ruiz@school.example"
ICONS = Path(__file__).parents[2] / "resources" / "icons" / "png"


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
    save_profile(HolderProfile("Ana Ruiz", EMAIL))
    return pack_submission(workspace, 1, tmp_path / "demo.evkit", TEACHER).path


def score_all(session: OpenReview, level: str) -> OpenReview:
    review = session.review
    for unit_id in review.units:
        for criterion in session.credential.unit(unit_id).rubric.criteria:
            review = review.with_score(session.credential, Score(unit_id, criterion.id, level, ""))
    return OpenReview(
        session.draft_id,
        session.folder,
        session.bundle_name,
        session.metadata,
        session.credential,
        review,
    )


def earned_return_file(evaluator_ws: Workspace, bundle: Path, out: Path, **kw) -> Path:
    session = open_for_review(evaluator_ws, bundle, ReviewerRole.EVALUATOR, EVALUATOR)
    return export_review(evaluator_ws, score_all(session, "demonstrated"), EVALUATOR, out, **kw)


def trust_evaluator() -> None:
    TrustStore(trust_store_path()).add(EVALUATOR.public_key(), "Eva", "evaluator")


def test_earned_review_carries_a_credential_that_ends_in_the_wallet_and_badges(
    workspace: Workspace, evaluator_ws: Workspace, packed: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(packed) as bundle:
        metadata = json.loads(layout.read(bundle, "data/submission.json"))
    # The email never leaves in clear; only its salted hash does.
    assert EMAIL not in json.dumps(metadata)
    assert metadata["recipient"]["identity_hash"].startswith("sha256$")

    returned = earned_return_file(evaluator_ws, packed, tmp_path / "back")
    award = json.loads(returned.read_bytes())["review"]["credential_award"]
    Draft202012Validator(load_schema(SCHEMA)).validate(award)
    assert award["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    subject = award["credentialSubject"]
    assert subject["id"] == did_for(TEACHER.public_key())
    assert email_matches(subject["identifier"][0], EMAIL)
    assert not email_matches(subject["identifier"][0], "someone@else.example")
    assert subject["achievement"]["criteria"]["narrative"]
    assert award["issuer"]["parentOrg"]["name"] == "EvidenceKit Starter Catalog"
    assert award["proof"]["cryptosuite"] == "eddsa-jcs-2022"

    trust_evaluator()
    imported = import_review(workspace, returned)
    assert imported.decision is Decision.EARNED
    [entry] = list_credentials(workspace)
    assert entry.sha256 == credential_sha256(award)
    assert check_entry(workspace, entry.id).ok

    png = export_credential(workspace, entry.id, tmp_path / "badge.png")
    svg = export_credential(workspace, entry.id, tmp_path / "badge.svg")
    plain = export_credential(workspace, entry.id, tmp_path / "badge.json")
    assert json.loads(extract_png(png.read_bytes(), "png")) == award
    assert json.loads(extract_svg(svg.read_bytes(), "svg")) == award
    for path in (png, svg, plain):
        result = verify_file(path, bundle=packed)
        assert result.trusted and result.checked.sha256 == entry.sha256
        with pytest.raises(EvidenceMismatch):
            verify_file(path, bundle=png)  # any file that is not the bundle


def test_not_yet_and_coach_reviews_carry_no_credential(
    evaluator_ws: Workspace, packed: Path, tmp_path: Path
) -> None:
    session = open_for_review(evaluator_ws, packed, ReviewerRole.EVALUATOR, EVALUATOR)
    returned = export_review(
        evaluator_ws, score_all(session, "not_yet"), EVALUATOR, tmp_path / "no"
    )
    assert "credential_award" not in json.loads(returned.read_bytes())["review"]


def test_an_expired_award_is_refused_at_import_and_nothing_is_kept(
    workspace: Workspace, evaluator_ws: Workspace, packed: Path, tmp_path: Path
) -> None:
    returned = earned_return_file(
        evaluator_ws, packed, tmp_path / "old", valid_until=datetime.now(UTC) - timedelta(days=1)
    )
    trust_evaluator()
    with pytest.raises(ReviewRefused, match="expired"):
        import_review(workspace, returned)
    assert list_credentials(workspace) == []


def test_bad_credential_files_are_refused_with_their_reason(
    workspace: Workspace, evaluator_ws: Workspace, packed: Path, tmp_path: Path
) -> None:
    returned = earned_return_file(evaluator_ws, packed, tmp_path / "back")
    award = json.loads(returned.read_bytes())["review"]["credential_award"]

    not_json = tmp_path / "notes.json"
    not_json.write_text("just some notes")
    with pytest.raises(NotACredential, match="holds no Open Badges credential"):
        verify_file(not_json)
    bare_png = tmp_path / "bare.png"
    bare_png.write_bytes((ICONS / "application-x-evidencekit-bundle-128.png").read_bytes())
    with pytest.raises(NotACredential, match="without an openbadgecredential chunk"):
        verify_file(bare_png)
    unsigned = tmp_path / "unsigned.json"
    unsigned.write_text(json.dumps({k: v for k, v in award.items() if k != "proof"}))
    with pytest.raises(CredentialRefused, match="no eddsa-jcs-2022 proof"):
        verify_file(unsigned)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(award))
    later = datetime.now(UTC) + timedelta(days=1)
    with pytest.raises(CredentialRefused, match="not valid before"):
        verify_file(good, now=datetime.now(UTC) - timedelta(days=1))
    assert verify_file(good, now=later).checked.sha256 == credential_sha256(award)
    with pytest.raises(EvidenceMismatch, match="another bundle"):
        verify_file(good, bundle=not_json)
    # Not trusted: verify_file says so; the wallet refuses it.
    assert not verify_file(good).trusted
    with pytest.raises(UntrustedIssuer):
        import_credential_file(workspace, good, TEACHER.public_key())


def test_expired_credential_refused_by_the_file_check(
    evaluator_ws: Workspace, packed: Path, tmp_path: Path
) -> None:
    returned = earned_return_file(
        evaluator_ws, packed, tmp_path / "old", valid_until=datetime.now(UTC) + timedelta(days=30)
    )
    award = json.loads(returned.read_bytes())["review"]["credential_award"]
    path = tmp_path / "c.json"
    path.write_text(json.dumps(award))
    assert verify_file(path)
    with pytest.raises(Expired, match="expired on"):
        verify_file(path, now=datetime.now(UTC) + timedelta(days=31))
