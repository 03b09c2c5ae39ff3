"""EvidenceKit's credentials against Digital Bazaar's VC library and eddsa-jcs-2022
cryptosuite (npm), both ways.

The Node.js side is tools/interop/ob3.mjs with the packages pinned in its
package-lock.json, installed by ``./dev test``. Each exported form (JSON, baked PNG
and SVG, the certificate PDF's attachment) is taken apart in Python and the JSON
given to that verifier; and a credential the cryptosuite signs must pass
``credential verify`` and ``credential import``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.credentials import data_integrity
from evidencekit.bundle.credentials.baking import extract_any
from evidencekit.bundle.credentials.credential_check import check_credential
from evidencekit.bundle.signing.did_key import did_for
from evidencekit.bundle.signing.identity import TrustStore, write_key_file
from evidencekit.domain.credentials import SignerIsNotIssuer
from evidencekit.services.wallet import keep
from evidencekit.storage.locations import trust_store_path
from evidencekit.storage.workspace import open_workspace
from tests.bundle.test_credential_tamper import (
    EVALUATOR,
    TEACHER,
    issued,
    signed_the_old_way,
    unsigned,
)
from tests.cli.conftest import Run

TOOLS = Path(__file__).parents[2] / "tools" / "interop"
SCRIPT = TOOLS / "ob3.mjs"
PASSPHRASE = "a long enough passphrase"
DB_SEED = bytes(range(100, 132))  # the key Digital Bazaar's side signs with


def node() -> str:
    found = shutil.which("node")
    assert found, "Node.js is missing: ./dev test installs it (Debian's nodejs and npm)"
    assert (TOOLS / "node_modules" / "@digitalbazaar").is_dir(), (
        "tools/interop/node_modules is missing: ./dev test runs npm ci there"
    )
    return found


def db_verify(document: dict, tmp_path: Path, name: str) -> dict:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    done = subprocess.run(
        [node(), SCRIPT, "verify", path], capture_output=True, text=True, timeout=120
    )
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    assert report["verified"] is (done.returncode == 0)
    return report


@pytest.fixture
def exported(run: Run, ws_path: Path, tmp_path: Path) -> dict[str, Path]:
    """The test credential, exported from the wallet in every form."""
    with open_workspace(ws_path) as ws, ws.unit_of_work() as session:
        entry = keep(session, check_credential(issued()), None)
    assert run("credential", "holder", "--name", "Ana Ruiz").code == 0
    out = {}
    for form in ("json", "png", "svg", "pdf"):
        out[form] = tmp_path / f"badge.{form}"
        assert run("credential", "export", str(entry.id), "-o", out[form]).code == 0
    return out


@pytest.mark.parametrize("form", ["json", "png", "svg", "pdf"])
def test_digital_bazaar_verifies_every_exported_form(
    exported: dict[str, Path], form: str, tmp_path: Path
) -> None:
    text = extract_any(exported[form].read_bytes(), exported[form].name)
    document = json.loads(text)
    assert document == issued()
    assert db_verify(document, tmp_path, form) == {"verified": True, "error": ""}


def test_digital_bazaar_refuses_changed_and_pre_fix_credentials(tmp_path: Path) -> None:
    changed = issued()
    changed["credentialSubject"]["achievement"]["name"] = "Something else"
    assert not db_verify(changed, tmp_path, "changed")["verified"]
    # Signed by one key in the name of another: both sides refuse it.
    posing = data_integrity.sign(
        unsigned(issuer=did_for(TEACHER.public_key())), EVALUATOR, datetime.now(UTC)
    )
    assert "issuer must match" in db_verify(posing, tmp_path, "posing")["error"]
    with pytest.raises(SignerIsNotIssuer):
        check_credential(posing)
    # What EvidenceKit wrote before issue 19: our verifier still reads it, theirs does not.
    old = signed_the_old_way(unsigned())
    assert check_credential(old).legacy_proof
    assert "Invalid signature" in db_verify(old, tmp_path, "old")["error"]


def test_what_digital_bazaar_signs_is_verified_and_imported(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "unsigned.json"
    their_key = Ed25519PrivateKey.from_private_bytes(DB_SEED)
    issuer = {**unsigned()["issuer"], "id": did_for(their_key.public_key())}
    source.write_text(json.dumps(unsigned(issuer=issuer)), "utf-8")
    signed_text = subprocess.run(
        [node(), SCRIPT, "sign", source, DB_SEED.hex()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    signed = json.loads(signed_text)
    proof = signed["proof"]
    assert proof["cryptosuite"] == "eddsa-jcs-2022" and "@context" in proof
    path = tmp_path / "from-digital-bazaar.json"
    path.write_text(signed_text, "utf-8")

    verified = run("credential", "verify", path, "--json")
    assert verified.code == 0, verified.err
    assert verified.json()["legacy_proof"] is False and verified.json()["trusted"] is False

    assert proof["verificationMethod"].startswith(did_for(their_key.public_key()))
    TrustStore(trust_store_path()).add(their_key.public_key(), "DB", "evaluator")
    monkeypatch.setenv("EVIDENCEKIT_PASSPHRASE", PASSPHRASE)
    teacher_key = tmp_path / "teacher.key"
    write_key_file(teacher_key, TEACHER, PASSPHRASE)
    imported = run("credential", "import", path, "--key-file", teacher_key, "--json")
    assert imported.code == 0, imported.err
    assert run("credential", "list", "--json").json()[0]["id"] == imported.json()["id"]
