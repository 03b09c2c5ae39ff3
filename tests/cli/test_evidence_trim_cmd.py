"""``evidencekit evidence trim``: the same trim as the app's Trim… button."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Run
from tests.services.clip_fixtures import recorded_clip

CFU = "checking-for-understanding"


def test_trim_replaces_the_clip_and_says_so(run: Run, tmp_path: Path) -> None:
    number = str(
        run("submission", "create", "--credential", CFU, "--title", "T", "--json").json()["id"]
    )
    clip_file = recorded_clip(tmp_path)
    [clip] = run(
        "evidence", "add", "--submission", number, "--slot", "q-clip", clip_file, "--json"
    ).json()
    assert [b["label"] for b in clip["bookmarks"]] == ["warm-up", "hinge question"]
    trimmed = run(
        "evidence", "trim", "--submission", number, str(clip["id"]),
        "--start", "0:01", "--end", "3", "--json",
    )  # fmt: skip
    assert trimmed.code == 0, trimmed.err
    data = trimmed.json()
    assert data["id"] != clip["id"] and data["title"] == "lesson"
    assert data["duration_s"] < clip["duration_s"] - 1.5
    assert data["bookmarks"] == [{"seconds": 1.5, "label": "hinge question"}]
    text = run("evidence", "trim", "--submission", number, str(data["id"]),
               "--start", "0.5", "--end", "0.2")  # fmt: skip
    assert text.code == 2 and "out point must come after the in point" in text.err
    shown = run("submission", "show", number, "--json").json()
    ids = [e["id"] for s in shown["slots"] for e in s["evidence"]]
    assert ids == [data["id"]]
