"""Drafts for coaching from the command line: an unfinished submission packed for a
coach, refused on every scoring path, commented on, and the teacher's replies carried
back to the coach in a signed file."""

from __future__ import annotations

import html
import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.bundle import layout
from tests.cli.conftest import Run
from tests.cli.test_pack_cmd import rewrite_entry

PASSPHRASE = "a long enough passphrase"
ESSAY = "In my first lesson I asked who could tell me the answer, and the same three hands went up."


@pytest.fixture
def draft(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """An unfinished submission (one short essay) packed for coaching, the teacher's and
    the coach's key files; each trusts the other."""
    monkeypatch.setenv("EVIDENCEKIT_PASSPHRASE", PASSPHRASE)
    teacher, coach = tmp_path / "teacher.key", tmp_path / "coach.key"
    for key, role in ((teacher, "teacher"), (coach, "coach")):
        assert run("keys", "create", "--key-file", key).code == 0
        public = tmp_path / f"{role}.pub"
        public.write_text(run("keys", "show", "--key-file", key, "--json").json()["public_key"])
        assert run("keys", "trust", public, "--role", role).code == 0
    run("submission", "create", "--credential", "checking-for-understanding", "--title", "Spring")
    essay = tmp_path / "essay.md"
    essay.write_text(ESSAY, "utf-8")
    slot = ("--submission", "1", "--slot", "q-reflection")
    assert run("essay", "set", *slot, "--file", essay).code == 0
    bundle = tmp_path / "draft.evkit"
    packed = run("pack", "--submission", "1", "--for-coaching", "-o", bundle, "--key-file", teacher)
    assert packed.code == 0, packed.err
    assert "draft for coaching" in packed.out
    return bundle, teacher, coach


def test_a_draft_is_signed_marked_and_lists_what_is_open(run: Run, draft) -> None:
    bundle, _teacher, _coach = draft
    [verdict] = run("verify", bundle, "--json").json()["results"]
    assert verdict["ok"] and verdict["seal"] == "trusted"
    assert {"label": "EvidenceKit-Draft", "value": "for coaching, not for evaluation"} in verdict[
        "bag_info"
    ]
    with zipfile.ZipFile(bundle) as archive:
        metadata = json.loads(layout.read(archive, "data/submission.json"))
        viewer = layout.read(archive, "data/index.html").decode()
        pdf = layout.read(archive, "data/portfolio.pdf")
    assert metadata["draft"]["purpose"] == "coaching"
    still_open = [f["message"] for f in metadata["draft"]["open_findings"]]
    assert any("has not been written yet" in m or "No clip" in m for m in still_open), still_open
    assert "Draft for coaching" in viewer
    assert all(html.escape(message) in viewer for message in still_open)
    pdf_text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "DRAFT FOR COACHING" in pdf_text
    assert " ".join(still_open[0].split()[:4]) in " ".join(pdf_text.split())
    # Packing a draft does not seal the attempt: she keeps working on it.
    assert run("submission", "show", "1", "--json").json()["status"] != "packed"


def test_the_draft_mark_cannot_be_stripped(run: Run, draft, tmp_path: Path) -> None:
    bundle, _teacher, _coach = draft
    with zipfile.ZipFile(bundle) as archive:
        metadata = json.loads(layout.read(archive, "data/submission.json"))
    del metadata["draft"]
    stripped = json.dumps(metadata, indent=2, sort_keys=True).encode()
    spoiled = rewrite_entry(bundle, "data/submission.json", stripped, tmp_path / "x.evkit")
    result = run("verify", spoiled, "--json")
    assert result.code == 1
    problems = result.json()["results"][0]["problems"]
    assert {"entry": "data/submission.json", "reason": "its sha256 checksum does not match."} in (
        problems
    )
    opened = run("review", "open", spoiled, "--key-file", draft[2],
                 "--workspace", tmp_path / "evaluator-ws")  # fmt: skip
    assert opened.code == 1 and "Traceback" not in opened.err


def test_evaluators_and_the_review_centre_refuse_a_draft(run: Run, draft, tmp_path: Path) -> None:
    bundle, _teacher, coach = draft
    elsewhere = ("--workspace", tmp_path / "evaluator-ws")
    opened = run("review", "open", bundle, "--key-file", coach, *elsewhere)
    assert opened.code == 1
    assert opened.err.strip().endswith(
        "draft.evkit is a draft for coaching: a coach can comment on it, but it cannot be scored."
    )
    assert "Traceback" not in opened.err
    assert not list((tmp_path / "evaluator-ws" / "reviews").iterdir())  # nothing kept
    queued = run("review", "queue", "add", bundle, "--workspace", tmp_path / "centre-ws")
    assert queued.code == 1 and "draft for coaching" in queued.err
    assert "Traceback" not in queued.err


def test_coach_comments_teacher_replies_coach_reads_the_reply(
    run: Run, draft, tmp_path: Path
) -> None:
    bundle, teacher, coach = draft
    coach_ws = ("--workspace", tmp_path / "coach-ws")
    opened = run("review", "open", bundle, "--coach", "--key-file", coach, "--json", *coach_ws)
    assert opened.code == 0, opened.err
    draft_id = str(opened.json()["draft"])
    essay = next(e["path"] for e in opened.json()["evidence"] if e["kind"] == "text")
    said = run("review", "comment", draft_id, "--on", essay, "--words", "3:19",
               "--category", "question", "--text", "Who answered first?", *coach_ws)  # fmt: skip
    assert said.code == 0, said.err
    returned = tmp_path / "coach.evkit-review"
    exported = run("review", "export", draft_id, "-o", returned, "--key-file", coach, *coach_ws)
    assert exported.code == 0, exported.err

    assert run("review", "import", returned).code == 0
    shown = run("review", "feedback", "1")
    assert "#1 [Question]" in shown.out and "Who answered first?" in shown.out
    assert run("review", "reply", "1", "7", "--text", "x").code == 2  # no comment #7
    assert run("review", "reply", "1", "1", "--text", "The quickest three, again.").code == 0
    answers = tmp_path / "spring.evkit-replies"
    sent = run("review", "export-replies", "1", "-o", answers, "--key-file", teacher)
    assert sent.code == 0, sent.err

    taken = run("review", "import-replies", answers, "--json", *coach_ws)
    assert taken.code == 0, taken.err
    assert taken.json() == {
        "drafts": [int(draft_id)],
        "replies": 1,
        "answered": [{"comment": "Who answered first?", "reply": "The quickest three, again."}],
    }
    again = run("review", "import-replies", answers, *coach_ws)
    assert again.code == 0 and "The quickest three, again." in again.out

    document = json.loads(answers.read_text("utf-8"))
    document["replies"]["items"][0]["text"] = "Something she never wrote."
    forged = tmp_path / "forged.evkit-replies"
    forged.write_text(json.dumps(document), "utf-8")
    refused = run("review", "import-replies", forged, *coach_ws)
    assert refused.code == 1
    assert "the replies were changed after signing" in refused.err
    elsewhere = run("review", "import-replies", answers, "--workspace", tmp_path / "other-ws")
    assert elsewhere.code == 1 and "not written on this computer" in elsewhere.err
