"""``evidencekit media info | trim | normalize | thumbs`` with text and JSON output."""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from evidencekit.media.probe import probe
from tests.cli.conftest import Run
from tests.media.clips import make_clip
from tests.media.flash_clips import FLASH_CLIPS, damage, ffmpeg, joined_segments, make_flash_clip


@pytest.fixture
def phone_clip(tmp_path: Path) -> Path:
    return make_clip(tmp_path / "phone.mov", "phone_portrait")


def test_trim_copy_snap_and_reencode(run: Run, phone_clip: Path, tmp_path: Path) -> None:
    copied = run(
        "media",
        "trim",
        phone_clip,
        "--start",
        "0:01",
        "--end",
        "2.5",
        "-o",
        tmp_path / "a.mov",
        "--json",
    ).json()
    assert copied["method"] == "copy" and copied["start_s"] == 1.0
    snapped = run(
        "media",
        "trim",
        phone_clip,
        "--start",
        "1.4",
        "--end",
        "0:02.5",
        "-o",
        tmp_path / "b.mov",
        "--snap",
        "--json",
    ).json()
    assert snapped["method"] == "copy" and snapped["start_s"] == 1.0
    text = run(
        "media", "trim", phone_clip, "--start", "1.4", "--end", "2.5", "-o", tmp_path / "c.mp4"
    )
    assert text.code == 0 and "re-encoded" in text.out and "1.00 s or 2.00 s" in text.out
    assert probe(tmp_path / "c.mp4").rotation == 90
    refused = run(
        "media",
        "trim",
        phone_clip,
        "--start",
        "1.4",
        "--end",
        "2.5",
        "-o",
        tmp_path / "d.mov",
        "--copy",
    )
    assert refused.code == 2 and "not on a keyframe" in refused.err
    assert not (tmp_path / "d.mov").exists()


@pytest.mark.parametrize("on", [True, False])
def test_a_trim_leaves_the_garbage_collector_as_it_was(
    on: bool, run: Run, phone_clip: Path, tmp_path: Path
) -> None:
    # Paused only while PyAV and the trim's modules load; the app keeps it off throughout
    # (gui/main_thread_gc.py), as this test session does.
    was_on = gc.isenabled()
    (gc.enable if on else gc.disable)()
    try:
        done = run(
            "media", "trim", phone_clip, "--start", "1", "--end", "2", "-o", tmp_path / "a.mov"
        )
        assert done.code == 0 and gc.isenabled() is on
    finally:
        (gc.enable if was_on else gc.disable)()


@pytest.mark.parametrize("bad", ["1:75", "abc", "-3", "1:2:3:4"])
def test_trim_rejects_bad_times(run: Run, phone_clip: Path, tmp_path: Path, bad: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("media", "trim", phone_clip, "--start", bad, "--end", "2", "-o", tmp_path / "x.mov")
    assert exit_info.value.code == 2


def test_normalize(run: Run, phone_clip: Path, tmp_path: Path) -> None:
    data = run(
        "media",
        "normalize",
        phone_clip,
        "-o",
        tmp_path / "n.mp4",
        "--max-mb",
        "0.5",
        "--json",
        "--reencode",
    ).json()
    assert data["reencoded"] and data["size_bytes"] <= 500_000
    assert probe(tmp_path / "n.mp4").display_height == 320
    text = run("media", "normalize", tmp_path / "n.mp4", "-o", tmp_path / "again.mp4")
    assert text.code == 0 and "without re-encoding" in text.out
    assert (
        run("media", "normalize", phone_clip, "-o", tmp_path / "x.mp4", "--max-mb", "0").code == 2
    )
    bad = run("media", "normalize", phone_clip, "-o", tmp_path / "x.mp4", "--max-mb", "0.01")
    assert bad.code == 2 and "cannot be made to fit" in bad.err
    assert not (tmp_path / "x.mp4").exists()


def test_thumbs(run: Run, phone_clip: Path, tmp_path: Path) -> None:
    listed = run(
        "media", "thumbs", phone_clip, "--count", "3", "-o", tmp_path / "t", "--json"
    ).json()
    assert [Path(t["file"]).name for t in listed] == [f"thumb-00{n}.jpg" for n in (1, 2, 3)]
    assert all(Path(t["file"]).read_bytes()[:2] == b"\xff\xd8" for t in listed)
    assert run("media", "thumbs", phone_clip, "--count", "0", "-o", tmp_path / "u").code == 2


def test_info_lists_every_stream_by_codec(run: Run, tmp_path: Path) -> None:
    clip = make_flash_clip(tmp_path / "mic.mkv", FLASH_CLIPS["av1_mp3"])
    text = run("media", "info", clip)
    assert text.code == 0
    assert "video av1, audio mp3" in text.out
    assert "stream 0: video av1" in text.out and "stream 1: audio mp3" in text.out
    two = make_flash_clip(tmp_path / "two.mp4", FLASH_CLIPS["two_tracks"])
    streams = run("media", "info", two, "--json").json()["streams"]
    assert [(s["kind"], s["codec"]) for s in streams] == [
        ("video", "h264"),
        ("audio", "aac"),
        ("audio", "aac"),
    ]


def test_not_a_file_is_said_in_words(run: Run, tmp_path: Path) -> None:
    pipe = tmp_path / "clip.mp4"
    os.mkfifo(pipe)
    for path, words in [(pipe, "a pipe or socket"), (Path("/dev/null"), "a device")]:
        result = run("media", "info", path)
        assert result.code == 2 and words in result.err and "Traceback" not in result.err


def test_a_damaged_clip_gets_the_same_answer_everywhere(run: Run, tmp_path: Path) -> None:
    busy = tmp_path / "busy.mp4"
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc2=s=320x180:r=30:d=6",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-g",
        "30",
        str(busy),
    )
    damaged = damage(busy, tmp_path / "damaged.mp4")
    answers = {
        " ".join(args): run("media", *args)
        for args in [
            ("info", str(damaged)),
            ("normalize", str(damaged), "-o", str(tmp_path / "n.mp4")),
            ("trim", str(damaged), "--start", "1", "--end", "4", "-o", str(tmp_path / "t.mp4")),
            ("redact", str(damaged), "-o", str(tmp_path / "r.mp4")),
        ]
    }
    reasons = {result.err.strip().split(": ", 2)[-1] for result in answers.values()}
    assert len(reasons) == 1 and "the file is damaged" in reasons.pop()
    assert all(result.code == 2 for result in answers.values())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["busy.mp4", "damaged.mp4"]


def test_info_says_where_a_camcorder_clock_jumps(run: Run, tmp_path: Path) -> None:
    joined, _segment = joined_segments(tmp_path)
    text = run("media", "info", joined)
    assert text.code == 0 and "0:08" in text.out
    assert re.search(r"clock jumps at 4\.0[01] s", text.out)


def _face_actions(argv: list[str]) -> dict[str, int]:
    """How many options each face action's parser has when the line is ``argv``."""
    from evidencekit.cli.main import build_parser

    top = next(a for a in build_parser(argv)._actions if a.dest == "command")
    media = next(a for a in top.choices["media"]._actions if a.dest == "action")
    return {name: len(media.choices[name]._actions) for name in ("faces", "redact")}


@pytest.mark.parametrize(
    ("argv", "in_full"),
    [
        (["media", "trim", "a.mp4", "--start", "0", "--end", "1", "-o", "b.mp4"], False),
        (["media", "--help"], True),
        (["media", "redact", "a.mp4", "-o", "b.mp4"], True),
        (["--workspace", "media", "media", "faces", "a.mp4"], True),
        (["--workspace", "media", "media", "info", "a.mp4"], False),
    ],
)
def test_face_actions_are_defined_in_full_only_when_they_may_run(
    argv: list[str], in_full: bool
) -> None:
    # A stub has -h alone; the real actions have their options (--expected-faces, ...).
    assert all((count > 1) is in_full for count in _face_actions(argv).values())


def test_a_trim_does_not_load_the_redaction_model(phone_clip: Path, tmp_path: Path) -> None:
    code = (
        "import sys; from evidencekit.launcher import main; "
        f"main(['media', 'trim', {str(phone_clip)!r}, '--start', '0', '--end', '1', "
        f"'-o', {str(tmp_path / 'cut.mov')!r}]); "
        "print(sorted(m for m in sys.modules if 'redact' in m))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert (tmp_path / "cut.mov").is_file()
    assert done.stdout.strip().splitlines()[-1] == "[]"
