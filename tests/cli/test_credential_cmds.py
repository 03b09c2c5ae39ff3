"""``evidencekit credential …``: verify any form offline, refusals with reasons, the wallet."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.credentials import data_integrity
from evidencekit.bundle.credentials.badge_art import artwork
from evidencekit.bundle.credentials.baking import bake_png, bake_svg
from evidencekit.bundle.credentials.credential_check import check_credential
from evidencekit.bundle.signing.did_key import did_for
from evidencekit.bundle.signing.identity import TrustStore, write_key_file
from evidencekit.domain.credentials import hash_email
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

ICON = Path(__file__).parents[2] / "resources/icons/png/application-x-evidencekit-bundle-128.png"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    document = issued()
    text = json.dumps(document, indent=2)
    art = artwork("Checking for Understanding", "checking-for-understanding")
    out = {
        "json": tmp_path / "c.json",
        "png": tmp_path / "c.png",
        "svg": tmp_path / "c.svg",
        "bundle": tmp_path / "b.evkit",
    }
    out["json"].write_text(text)
    out["png"].write_bytes(bake_png(art.png, text))
    out["svg"].write_bytes(bake_svg(art.svg, text))
    out["bundle"].write_bytes(b"not the bundle the credential names")
    return out


@pytest.mark.parametrize("form", ["json", "png", "svg"])
def test_verify_every_form(run: Run, files: dict[str, Path], form: str) -> None:
    result = run("credential", "verify", files[form], "--json")
    assert result.code == 0, result.err
    report = result.json()
    assert report["ok"] and report["title"].startswith("Checking for Understanding")
    assert not report["trusted"]
    TrustStore(trust_store_path()).add(EVALUATOR.public_key(), "Eva", "evaluator")
    text = run("credential", "verify", files[form])
    assert text.code == 0 and "unchanged since" in text.out and "unknown" not in text.out


def _expect_refusal(run: Run, path: Path, words: str, *extra: str | Path) -> None:
    result = run("credential", "verify", path, *extra)
    assert result.code == 1
    assert words in result.err and "Traceback" not in result.err
    as_json = run("credential", "verify", path, "--json", *extra)
    assert as_json.code == 1 and words in as_json.json()["error"]


def test_refusals_have_reasons(run: Run, files: dict[str, Path], tmp_path: Path) -> None:
    document = json.loads(files["json"].read_text())
    cases = {
        "notes.txt": (b"Lesson notes\n", "holds no Open Badges credential"),
        "plain.png": (ICON.read_bytes(), "without an openbadgecredential chunk"),
        "unsigned.json": (
            json.dumps({k: v for k, v in document.items() if k != "proof"}).encode(),
            "no eddsa-jcs-2022 proof",
        ),
        "tampered.json": (
            files["json"].read_bytes().replace(b"Eva Lindqvist", b"Eve Lindqvist"),
            "changed after it was signed",
        ),
        "shapeless.json": (
            json.dumps({**document, "type": ["VerifiableCredential"]}).encode(),
            "Open Badges 3.0 structure at type",
        ),
    }
    for name, (data, words) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        _expect_refusal(run, path, words)
    _expect_refusal(run, files["json"], "names another bundle", "--bundle", files["bundle"])
    expiring = {k: v for k, v in document.items() if k != "proof"}
    expiring["validUntil"] = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    expired = tmp_path / "expired.json"
    expired.write_text(json.dumps(data_integrity.sign(expiring, EVALUATOR, datetime.now(UTC))))
    _expect_refusal(run, expired, "expired on")
    future = {**expiring, "validFrom": "2999-01-01T00:00:00Z"}
    del future["validUntil"]
    early = tmp_path / "early.json"
    early.write_text(json.dumps(data_integrity.sign(future, EVALUATOR, datetime.now(UTC))))
    _expect_refusal(run, early, "not valid before 2999")


def test_wallet_commands(run: Run, ws_path: Path, tmp_path: Path) -> None:
    assert run("credential", "list").out.startswith("Your wallet is empty")
    with open_workspace(ws_path) as ws, ws.unit_of_work() as session:
        entry = keep(session, check_credential(issued()), None)
    listed = run("credential", "list", "--json").json()
    assert [e["id"] for e in listed] == [entry.id] and listed[0]["short_code"] == entry.short_code
    # Not yet trusted: the check says so, with a failing exit code.
    assert run("credential", "check", str(entry.id)).code == 1
    TrustStore(trust_store_path()).add(EVALUATOR.public_key(), "Eva", "evaluator")
    checked = run("credential", "check", str(entry.id))
    assert checked.code == 0 and checked.out.startswith("Valid")

    refused = run("credential", "export", str(entry.id), "-o", tmp_path / "cert.pdf")
    assert refused.code == 2 and "Give your name first" in refused.err
    assert run("credential", "holder", "--name", "Ana Ruiz", "--email", "ana@x.example").code == 0
    assert run("credential", "holder", "--json").json()["name"] == "Ana Ruiz"
    digests = set()
    for name in ("b.png", "b.svg", "b.json", "cert.pdf"):
        assert run("credential", "export", str(entry.id), "-o", tmp_path / name).code == 0
        verified = run("credential", "verify", tmp_path / name, "--json")
        assert verified.code == 0, verified.err
        digests.add(verified.json()["sha256"])
    assert (tmp_path / "cert.pdf").read_bytes().startswith(b"%PDF")
    # Every form carries the very file `sha256sum b.json` hashes, the PDF's QR code included.
    assert digests == {hashlib.sha256((tmp_path / "b.json").read_bytes()).hexdigest()}
    bad = run("credential", "export", str(entry.id), "-o", tmp_path / "b.gif")
    assert bad.code == 2 and ".png, .svg, .json or .pdf" in bad.err


def _write(tmp_path: Path, name: str, document: dict) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False))
    return path


def test_untrusted_issuer_is_the_first_line_and_can_fail_scripts(
    run: Run, files: dict[str, Path]
) -> None:
    told = run("credential", "verify", files["json"])
    assert told.code == 0
    assert told.out.splitlines()[0].startswith("Verified, but the issuer is unknown to you:")
    strict = run("credential", "verify", files["json"], "--require-trusted")
    assert strict.code == 1 and "not trusted as evaluator" in strict.err
    TrustStore(trust_store_path()).add(EVALUATOR.public_key(), "Eva", "evaluator")
    trusted = run("credential", "verify", files["json"], "--require-trusted")
    assert trusted.code == 0 and trusted.out.startswith("Verified: “Checking for Understanding")


def test_credentials_signed_before_the_fix_verify_and_say_so(
    run: Run, ws_path: Path, tmp_path: Path
) -> None:
    old = _write(tmp_path, "old.json", signed_the_old_way(unsigned()))
    result = run("credential", "verify", old)
    assert result.code == 0 and "before it followed vc-di-eddsa" in result.out
    assert run("credential", "verify", old, "--json").json()["legacy_proof"] is True
    assert (
        run("credential", "verify", _write(tmp_path, "new.json", issued()), "--json").json()[
            "legacy_proof"
        ]
        is False
    )
    with open_workspace(ws_path) as ws, ws.unit_of_work() as session:
        entry = keep(session, check_credential(signed_the_old_way(unsigned())), None)
    TrustStore(trust_store_path()).add(EVALUATOR.public_key(), "Eva", "evaluator")
    rechecked = run("credential", "check", str(entry.id))
    assert rechecked.code == 0 and "issue it again" in rechecked.out
    changed = signed_the_old_way(unsigned())
    changed["name"] = "Something else"
    assert run("credential", "verify", _write(tmp_path, "changed.json", changed)).code == 1


def test_every_shape_open_badges_allows_is_accepted(run: Run, tmp_path: Path) -> None:
    base = unsigned()
    subject = base["credentialSubject"]
    identifier = subject["identifier"][0]
    upper = {**identifier, "identityHash": "sha256$" + identifier["identityHash"][7:].upper()}
    shapes = {
        "issuer-uri": unsigned(issuer=base["issuer"]["id"]),
        "no-name": {k: v for k, v in base.items() if k != "name"},
        "upper-hex": unsigned(credentialSubject={**subject, "identifier": [upper]}),
        "more-contexts": unsigned(**{"@context": [*base["@context"], "https://example.org/x"]}),
    }
    for name, document in shapes.items():
        signed = data_integrity.sign(document, EVALUATOR, datetime.now(UTC))
        result = run("credential", "verify", _write(tmp_path, f"{name}.json", signed))
        assert result.code == 0, (name, result.err)
    as_set = data_integrity.sign(base, EVALUATOR, datetime.now(UTC))
    as_set["proof"] = [as_set["proof"]]
    assert run("credential", "verify", _write(tmp_path, "proof-set.json", as_set)).code == 0


def test_what_open_badges_forbids_is_refused_in_one_sentence(run: Run, tmp_path: Path) -> None:
    base = unsigned()
    forbidden = {
        "swapped-contexts": (
            unsigned(**{"@context": list(reversed(base["@context"]))}),
            "the Verifiable Credentials context must come first and the Open Badges 3.0 "
            "context second",
        ),
        "issuer-number": (unsigned(issuer=7), "must be a URI or a Profile"),
        "issuer-not-signer": (
            unsigned(issuer=did_for(TEACHER.public_key())),
            "was signed with another key",
        ),
        "no-subject-type": (
            unsigned(credentialSubject={**base["credentialSubject"], "type": ["Person"]}),
            "credentialSubject/type",
        ),
    }
    for name, (document, words) in forbidden.items():
        signed = data_integrity.sign(document, EVALUATOR, datetime.now(UTC))
        result = run("credential", "verify", _write(tmp_path, f"{name}.json", signed))
        assert result.code == 1 and words in result.err, (name, result.err)
        assert len(result.err.strip().splitlines()) == 1


def test_verify_tries_the_email_as_given(
    run: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typed = "Ana.Ruiz@School.Example"
    subject = unsigned()["credentialSubject"]

    def awarded_to(identity_hash: str) -> Path:
        identifier = {**subject["identifier"][0], "identityHash": identity_hash, "salt": "5a17"}
        document = unsigned(credentialSubject={**subject, "identifier": [identifier]})
        signed = data_integrity.sign(document, EVALUATOR, datetime.now(UTC))
        return _write(tmp_path, f"{identity_hash[-6:]}.json", signed)

    now = awarded_to(hash_email(typed, "5a17"))
    assert hash_email(typed, "5a17") != hash_email(typed.lower(), "5a17")
    result = run("credential", "verify", now, "--email", typed, "--json").json()
    assert (result["email_matches"], result["email_match"]) == (True, "as given")
    other = run("credential", "verify", now, "--email", typed.lower())
    assert other.code == 0 and "is not ana.ruiz@school.example" in other.out
    before = awarded_to(hash_email(typed.lower(), "5a17"))  # how EvidenceKit once hashed
    said = run("credential", "verify", before, "--email", typed)
    assert f"awarded to {typed} (hashed lower-cased" in said.out
    for command in ("verify", "holder"):
        with pytest.raises(SystemExit):
            run("credential", command, "--help")
        assert "exactly as the holder gave it" in " ".join(capsys.readouterr().out.split())


def test_import_takes_only_the_holders_credentials(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVIDENCEKIT_PASSPHRASE", "a long enough passphrase")
    mine, someone = tmp_path / "teacher.key", tmp_path / "someone.key"
    write_key_file(mine, TEACHER, "a long enough passphrase")
    write_key_file(someone, Ed25519PrivateKey.generate(), "a long enough passphrase")
    TrustStore(trust_store_path()).add(EVALUATOR.public_key(), "Eva", "evaluator")
    badge = _write(tmp_path, "badge.json", issued())
    refused = run("credential", "import", badge, "--key-file", someone)
    assert refused.code == 1
    assert f"awarded to {did_for(TEACHER.public_key())}, not to you" in refused.err
    assert run("credential", "list", "--json").json() == []
    added = run("credential", "import", badge, "--key-file", mine, "--json")
    assert added.code == 0 and added.json()["title"].startswith("Checking for Understanding")
