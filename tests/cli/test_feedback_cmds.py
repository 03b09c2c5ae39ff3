"""The review loop from the command line: open, comment, level, export, import, resubmit."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.bundle import layout
from tests.cli.conftest import Run

PASSPHRASE = "a long enough passphrase"


@pytest.fixture
def keys(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("EVIDENCEKIT_PASSPHRASE", PASSPHRASE)
    teacher, evaluator = tmp_path / "teacher.key", tmp_path / "evaluator.key"
    for key in (teacher, evaluator):
        assert run("keys", "create", "--key-file", key).code == 0
    public = tmp_path / "evaluator.pub"
    public.write_text(run("keys", "show", "--key-file", evaluator, "--json").json()["public_key"])
    assert run("keys", "trust", public, "--role", "evaluator").code == 0
    return teacher, evaluator


def test_review_round_trip(run: Run, keys: tuple[Path, Path], tmp_path: Path) -> None:
    teacher, evaluator = keys
    elsewhere = ("--workspace", tmp_path / "evaluator-ws")
    assert run("demo").code == 0
    bundle = tmp_path / "demo.evkit"
    assert run("pack", "--submission", "1", "-o", bundle, "--key-file", teacher).code == 0

    opened = run("review", "open", bundle, "--key-file", evaluator, "--json", *elsewhere)
    assert opened.code == 0, opened.err
    draft = str(opened.json()["draft"])
    clip = next(e["path"] for e in opened.json()["evidence"] if e["kind"] == "clip")
    essay = next(e["path"] for e in opened.json()["evidence"] if e["kind"] == "text")
    for at in ("0:02", "4.5", "0:00:07"):
        said = run("review", "comment", draft, "--on", clip, "--at", at, "--category",
                   "suggestion", "--text", f"At {at}", *elsewhere)  # fmt: skip
        assert said.code == 0, said.err
    assert run("review", "comment", draft, "--on", essay, "--words", "0:12",
               "--text", "Say more", *elsewhere).code == 0  # fmt: skip
    refused = run("review", "export", draft, "-o", tmp_path / "r", "--key-file", evaluator,
                  *elsewhere)  # fmt: skip
    assert refused.code == 1 and "Score every criterion" in refused.err

    units = ("questioning", "response-signals", "quick-writes")
    criteria = {
        "questioning": ("q-design", "q-wait", "q-response"),
        "response-signals": ("rs-all", "rs-hinge", "rs-action"),
        "quick-writes": ("qw-alignment", "qw-analysis", "qw-next"),
    }
    for unit in units:
        for criterion in criteria[unit]:
            scored = run("review", "level", draft, unit, criterion, "not_yet",
                         "--feedback", "Not yet", "--json", *elsewhere)  # fmt: skip
            assert scored.code == 0, scored.err
    assert scored.json()["still_to_score"] == 0
    exported = run("review", "export", draft, "-o", tmp_path / "back", "--key-file", evaluator,
                   "--json", *elsewhere)  # fmt: skip
    returned = Path(exported.json()["review"])
    vtt = run("review", "comments", draft, "--on", clip, "-o", tmp_path / "c.vtt", *elsewhere)
    assert vtt.code == 0 and (tmp_path / "c.vtt").read_text().startswith("WEBVTT")

    imported = run("review", "import", returned, "--json")
    assert imported.code == 0, imported.err
    assert imported.json() == {
        "submission": 1, "attempt": 1, "role": "evaluator", "decision": "not-yet", "comments": 4,
    }  # fmt: skip
    feedback = run("review", "feedback", "1", "--json").json()
    assert len(feedback[0]["criteria"]) == 9 and len(feedback[0]["comments"]) == 4
    again = run("review", "import", returned)
    assert again.code == 2 and "already imported" in again.err
    resubmitted = run("review", "resubmit", "1", "--json")
    assert resubmitted.json()["attempt"] == 2
    assert run("submission", "show", "1", "--json").json()["attempt"] == 2


def test_bad_comment_arguments_are_explained(
    run: Run, keys: tuple[Path, Path], tmp_path: Path, demo_ws: Path
) -> None:
    teacher, evaluator = keys
    bundle = tmp_path / "demo.evkit"
    assert run("pack", "--submission", "1", "-o", bundle, "--key-file", teacher).code == 0
    draft = str(run("review", "open", bundle, "--key-file", evaluator, "--json").json()["draft"])
    wrong_path = run("review", "comment", draft, "--on", "data/video/none.mp4", "--at", "1",
                     "--text", "?")  # fmt: skip
    assert wrong_path.code == 2 and "no evidence at data/video/none.mp4" in wrong_path.err
    bad_range = run("review", "comment", draft, "--on", "data/portfolio.pdf", "--words", "a:b",
                    "--text", "?")  # fmt: skip
    assert bad_range.code == 2 and "--words" in bad_range.err
    bad_time = run("review", "comment", draft, "--on", "data/portfolio.pdf", "--at", "soon",
                   "--text", "?")  # fmt: skip
    assert bad_time.code == 2
    missing = run("review", "import", tmp_path / "nothing.evkit-review")
    assert missing.code == 2 and "cannot be read" in missing.err


def test_blind_bundles_show_the_evaluator_a_pseudonym_only(
    run: Run, keys: tuple[Path, Path], tmp_path: Path, demo_ws: Path
) -> None:
    teacher, evaluator = keys
    title = run("submission", "show", "1", "--json").json()["title"]
    bundle = tmp_path / "blind.evkit"
    blind = ("--key-file", teacher, "--blind")
    assert run("pack", "--submission", "1", "-o", bundle, *blind).code == 0
    with zipfile.ZipFile(bundle) as archive:
        for name in ("data/submission.json", "data/index.html"):
            assert title.encode() not in layout.read(archive, name), name
        pdf_text = subprocess.run(
            ["pdftotext", "-", "-"], input=layout.read(archive, "data/portfolio.pdf"),
            capture_output=True, check=True,
        ).stdout.decode()  # fmt: skip
    assert title not in pdf_text and "CAND-" in pdf_text
    opened = run("review", "open", bundle, "--key-file", evaluator, "--json",
                 "--workspace", tmp_path / "evaluator-ws")  # fmt: skip
    candidate = opened.json()["candidate"]
    assert re.fullmatch(r"CAND-[A-Z2-7]{4}-[A-Z2-7]{4}", candidate)
    # The same attempt always packs to the same pseudonym (and, under the same file name,
    # which names the bag's base folder inside the zip, to the same bytes).
    (tmp_path / "again").mkdir()
    again = tmp_path / "again" / bundle.name
    assert run("pack", "--submission", "1", "-o", again, *blind).code == 0
    assert again.read_bytes() == bundle.read_bytes()
