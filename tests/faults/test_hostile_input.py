"""Input that used to crash or be accepted though wrong: now one sentence, nothing stored."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from evidencekit.media.synth import make_classroom_clip
from evidencekit.storage.workspace import DB_FILE
from tests.faults.conftest import assert_one_sentence, run_cli, tree

STARTER = Path(__file__).resolve().parents[2] / "src/evidencekit/resources/catalog"


def _catalog_with(tmp_path: Path, value_text: str) -> Path:
    """The starter catalog with its first video slot's size limit written as ``value_text``."""
    document = json.loads((STARTER / "data-literacy.json").read_text("utf-8"))
    text = json.dumps(document).replace(
        '"max_mb_per_file": 500', f'"max_mb_per_file": {value_text}', 1
    )
    assert text != json.dumps(document)
    path = tmp_path / "district.json"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("NaN", "NaN is not a number"),
        ("Infinity", "Infinity is not a number"),
        ("1e400", "too large"),
        ("9" * 5000, "5000 digits"),
        ("100000000", "more than the sensible"),
    ],
)
def test_catalog_numbers_must_be_finite_and_sane(tmp_path: Path, value: str, words: str) -> None:
    outcome = run_cli(tmp_path / "ws", "catalog", "import", _catalog_with(tmp_path, value))
    assert outcome.code == 2, outcome.err
    assert words in outcome.out + outcome.err and "Traceback" not in outcome.err
    if (tmp_path / "ws" / DB_FILE).exists():
        db = sqlite3.connect(tmp_path / "ws" / DB_FILE)
        assert db.execute("SELECT count(*) FROM catalog_documents").fetchone() == (0,)
        db.close()


def test_a_catalog_100k_arrays_deep_is_refused(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    outcome = run_cli(tmp_path / "ws", "catalog", "import", deep)
    assert outcome.code == 2
    assert "nested more than" in outcome.out + outcome.err and "Traceback" not in outcome.err


def test_titles_are_limited_and_cleaned_the_same_on_every_database(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    long = run_cli(
        ws, "submission", "create", "--credential", "data-literacy", "--title", "x" * 201
    )
    assert_one_sentence(long, "201 characters", "at most 200")
    escaped = run_cli(
        ws,
        "submission",
        "create",
        "--credential",
        "data-literacy",
        "--title",
        "\x1b[31mRed\x1b[0m term",
    )
    assert escaped.code == 0, escaped.err
    listed = run_cli(ws, "submission", "list")
    assert "\x1b" not in listed.out and "[31mRed[0m term" in listed.out
    assert listed.out.count("data-literacy") + listed.out.count("Data Literacy") >= 1


def test_a_clip_with_gigabytes_of_padding_is_refused_before_copying(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert (
        run_cli(ws, "submission", "create", "--credential", "data-literacy", "--title", "T").code
        == 0
    )
    clip = tmp_path / "lesson.mp4"
    make_classroom_clip(clip, seconds=2, width=160, height=120)
    with clip.open("r+b") as handle:
        handle.truncate(clip.stat().st_size + 4_000_000_000)  # sparse: costs no disk
    files_before = tree(ws)
    slot = _first_video_slot()
    outcome = run_cli(ws, "evidence", "add", "--submission", "1", "--slot", slot, clip)
    assert_one_sentence(outcome, "damaged or padded")
    assert tree(ws) == files_before
    assert os.listdir(ws / "media" / ".incoming") == []
    assert (ws / DB_FILE).exists()


def _first_video_slot() -> str:
    document = json.loads((STARTER / "data-literacy.json").read_text("utf-8"))
    for unit in document["credentials"][0]["units"]:
        for slot in unit["slots"]:
            if slot["kind"] == "video":
                return slot["id"]
    raise AssertionError("the starter catalog has a video slot")
