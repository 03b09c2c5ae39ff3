"""The CLI end to end, in-process: output, JSON and exit codes (0 ok, 1 check, 2 input)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidencekit.services.catalogs import starter_catalog
from tests.cli.conftest import Run

CFU = "checking-for-understanding"


def slot_of_kind(kind: str, credential: str = CFU) -> str:
    cred = starter_catalog().get(credential)
    return next(s.id for u in cred.units for s in u.slots if s.kind == kind)


def test_catalog_list_shows_the_starter_credentials(run: Run) -> None:
    result = run("catalog", "list")
    assert result.code == 0
    assert "Checking for Understanding" in result.out
    assert "Data Literacy" in result.out
    data = run("catalog", "list", "--json").json()
    assert {c["id"] for c in data["credentials"]} >= {CFU, "data-literacy"}
    assert data["pathways"][0]["credentials"] == [CFU, "data-literacy"]


def test_catalog_show(run: Run) -> None:
    data = run("catalog", "show", CFU, "--json").json()
    assert len(data["units"]) == 3
    assert all(unit["slots"] for unit in data["units"])
    missing = run("catalog", "show", "no-such-credential")
    assert missing.code == 2
    assert "There is no credential 'no-such-credential'" in missing.err


def test_catalog_validate_lists_each_error_with_its_location(run: Run, tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[2] / "resources" / "catalog"
    document = json.loads((source / f"{CFU}.json").read_text())
    unit = document["credentials"][0]["units"][0]
    unit["slots"][0]["max_clips"] = 0
    del unit["rubric"]["criteria"][0]["descriptors"]["developing"]
    document["credentials"][0]["id"] = "district-cfu"
    broken = tmp_path / "district.json"
    broken.write_text(json.dumps(document))
    result = run("catalog", "validate", broken)
    assert result.code == 1
    assert "has 1 error" in result.out or "has 2 errors" in result.out
    assert (
        "credentials[0].units[0].slots[0].max_clips: 0 is less than the minimum of 1" in result.out
    )
    data = run("catalog", "validate", broken, "--json").json()
    assert data["valid"] is False
    assert all(e["location"].startswith("credentials[0]") for e in data["errors"])
    assert run("catalog", "validate", source / f"{CFU}.json").code == 0


def test_catalog_import_is_all_or_nothing(run: Run, tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[2] / "resources" / "catalog" / f"{CFU}.json"
    document = json.loads(source.read_text())
    document["credentials"][0]["id"] = "district-cfu"
    good = tmp_path / "good.json"
    good.write_text(json.dumps(document))
    document["credentials"][0]["units"][0]["rubric"]["passing"] = {"all_criteria_at_least": "x"}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    assert run("catalog", "import", bad).code == 2
    assert "district-cfu" not in run("catalog", "list").out
    assert run("catalog", "import", good).code == 0
    assert "district-cfu" in run("catalog", "list").out
    # The same id and version with different content is a conflict, not a silent overwrite.
    document["credentials"][0]["units"][0]["rubric"]["passing"] = {
        "all_criteria_at_least": "developing"
    }
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(document))
    result = run("catalog", "import", changed)
    assert result.code == 2
    assert "already exists with different content" in result.out


def test_submission_lifecycle(run: Run, tmp_path: Path) -> None:
    created = run("submission", "create", "--credential", CFU, "--title", "Spring", "--json")
    assert created.code == 0
    number = str(created.json()["id"])
    essay_slot = slot_of_kind("essay")
    essay = tmp_path / "essay.md"
    essay.write_text("## Reflection\n\nA short start.\n")
    assert (
        run("essay", "set", "--submission", number, "--slot", essay_slot, "--file", essay).code == 0
    )
    answer_slot = slot_of_kind("short_answer")
    assert (
        run(
            "answer", "set", "--submission", number, "--slot", answer_slot, "--text", "Five s."
        ).code
        == 0
    )
    attest_slot = slot_of_kind("attestation")
    assert run("attest", "--submission", number, "--slot", attest_slot).code == 0
    shown = run("submission", "show", number, "--json").json()
    slot = next(s for s in shown["slots"] if s["id"] == essay_slot)
    assert slot["evidence"][0]["words"] == 4
    assert slot["findings"][0]["code"] == "essay.too_short"
    listed = run("submission", "list", "--json").json()
    assert [(s["id"], s["status"], s["evidence"]) for s in listed] == [(int(number), "draft", 3)]
    check = run("check", "--submission", number, "--json")
    assert check.code == 1
    assert check.json()["ready"] is False


def test_adding_files_checks_them_against_the_slot(
    run: Run, tmp_path: Path, sample_clip: Path
) -> None:
    number = str(
        run("submission", "create", "--credential", CFU, "--title", "T", "--json").json()["id"]
    )
    video_slot = slot_of_kind("video")
    artifact_slot = slot_of_kind("artifact")
    added = run(
        "evidence", "add", "--submission", number, "--slot", video_slot, sample_clip, "--json"
    )
    assert added.code == 0, added.err
    [clip] = added.json()
    assert clip["kind"] == "clip" and clip["has_audio"] and 3.5 < clip["duration_s"] < 4.5

    again = run("evidence", "add", "--submission", number, "--slot", video_slot, sample_clip)
    assert again.code == 2 and "already attached" in again.err

    missing = run(
        "evidence", "add", "--submission", number, "--slot", video_slot, tmp_path / "x.mp4"
    )
    assert missing.code == 2 and "does not exist" in missing.err

    fake = tmp_path / "fake.mp4"
    fake.write_bytes(b"\x00" * 4096)
    unreadable = run("evidence", "add", "--submission", number, "--slot", video_slot, fake)
    assert unreadable.code == 2 and "not a video EvidenceKit can read" in unreadable.err

    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ")
    wrong = run("evidence", "add", "--submission", number, "--slot", artifact_slot, exe)
    assert wrong.code == 2 and "not exe" in wrong.err

    # One bad file among good ones: nothing is added, nothing left in the media store.
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(b"%PDF-1.4 demo")
    mixed = run("evidence", "add", "--submission", number, "--slot", artifact_slot, plan, exe)
    assert mixed.code == 2
    shown = run("submission", "show", number, "--json").json()
    assert sum(len(s["evidence"]) for s in shown["slots"]) == 1
    media = tmp_path / "ws" / "media"
    stored = [p for p in media.rglob("*") if p.is_file()]
    assert len(stored) == 1

    essay_slot = slot_of_kind("essay")
    not_file = run("evidence", "add", "--submission", number, "--slot", essay_slot, plan)
    assert not_file.code == 2 and "written in the app" in not_file.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("submission", "show", "42"), "There is no submission '42'"),
        (("check", "--submission", "42"), "There is no submission '42'"),
        (("answer", "set", "--submission", "1", "--slot", "nope", "--text", "x"), "no slot 'nope'"),
        (("submission", "create", "--credential", "nope", "--title", "T"), "no credential"),
        (
            ("submission", "create", "--credential", CFU, "--unit", "nope", "--title", "T"),
            "no unit",
        ),
        (("submission", "create", "--credential", CFU, "--title", "  "), "needs a title"),
        (
            ("essay", "set", "--submission", "1", "--slot", "x", "--file", "/nope.md"),
            "does not exist",
        ),
    ],
)
def test_bad_input_is_one_clear_message_and_exit_2(
    run: Run, args: tuple[str, ...], message: str
) -> None:
    run("submission", "create", "--credential", CFU, "--title", "Exists")
    result = run(*args)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_errors_as_json(run: Run) -> None:
    result = run("submission", "show", "7", "--json")
    assert result.code == 2
    assert result.json()["type"] == "NotFound"


def test_usage_errors_exit_2(run: Run, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run("submission", "frobnicate")
    assert info.value.code == 2


def test_media_info(run: Run, sample_clip: Path, tmp_path: Path) -> None:
    data = run("media", "info", sample_clip, "--json").json()
    assert data["video_codec"] == "h264" and data["has_audio"] is True
    assert 3.9 < data["duration_s"] < 4.2
    text = run("media", "info", sample_clip)
    assert text.code == 0 and "640×360" in text.out
    bad = tmp_path / "notes.mp4"
    bad.write_text("hello")
    result = run("media", "info", bad)
    assert result.code == 2 and "not a video file" in result.err


def test_a_right_to_left_title_cannot_reverse_the_words_around_it(run: Run) -> None:
    title = "Spring \u202eevil\x1b]0;owned\x07"
    created = run("submission", "create", "--credential", "checking-for-understanding",
                  "--title", title)  # fmt: skip
    assert created.code == 0, created.err
    listed = run("submission", "show", "1")
    assert "\x1b" not in listed.out
    # The title is isolated: the override inside cannot spill onto the app's own words.
    line = next(line for line in listed.out.splitlines() if line.startswith("Submission 1:"))
    assert line.endswith("\u2069") and "\u2068" in line
