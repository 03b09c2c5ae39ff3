"""``evidencekit credential …``: verify any form offline, refusals with reasons, the wallet."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from evidencekit.bundle import data_integrity
from evidencekit.bundle.badge_art import artwork
from evidencekit.bundle.baking import bake_png, bake_svg
from evidencekit.bundle.credential_check import check_credential
from evidencekit.bundle.identity import TrustStore
from evidencekit.services.wallet import keep
from evidencekit.storage.locations import trust_store_path
from evidencekit.storage.workspace import open_workspace
from tests.bundle.test_credential_tamper import EVALUATOR, issued
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
    assert text.code == 0 and "unchanged since" in text.out and "Note:" not in text.out


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
    for name in ("b.png", "b.svg", "b.json", "cert.pdf"):
        assert run("credential", "export", str(entry.id), "-o", tmp_path / name).code == 0
        if name != "cert.pdf":
            assert run("credential", "verify", tmp_path / name).code == 0
    assert (tmp_path / "cert.pdf").read_bytes().startswith(b"%PDF")
    bad = run("credential", "export", str(entry.id), "-o", tmp_path / "b.gif")
    assert bad.code == 2 and ".png, .svg, .json or .pdf" in bad.err
