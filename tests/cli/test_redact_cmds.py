"""``evidencekit media faces | redact``: tracks listed, faces hidden, bad input refused cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.domain.redaction import Box
from evidencekit.media.probe import probe
from tests.cli.conftest import Run
from tests.media.face_clips import decoded_grey, four_faces, make_face_clip, sharpness


@pytest.fixture(scope="module")
def faces_clip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    path = tmp_path_factory.mktemp("cli-faces") / "lesson.mp4"
    truth = make_face_clip(path, four_faces()[:2], seconds=2.0)
    return path, truth


def test_faces_lists_tracks_and_redact_keeps_the_chosen_one(
    run: Run, faces_clip: tuple[Path, list], tmp_path: Path
) -> None:
    clip, truth = faces_clip
    listed = run("media", "faces", clip, "--json")
    assert listed.code == 0
    tracks = listed.json()["tracks"]
    assert len(tracks) == 2 and tracks[0]["first_frame"] == 0
    # Enough to pick a track by looking: where it is each second, how big, how sure.
    for track, face in zip(sorted(tracks, key=lambda t: -t["mean_height_px"]), truth, strict=True):
        first = track["boxes_each_second"][0]
        x, y, w, h = first["box"]
        assert first["frame"] == 0 and x <= face[0].cx <= x + w and y <= face[0].cy <= y + h
        assert [s["frame"] for s in track["boxes_each_second"]] == [0, 15]
        assert abs(track["mean_height_px"] - face[0].h) < 0.5 * face[0].h
        assert 0.3 <= track["confidence"] <= 1 and track["detections"] >= 2
        assert track["hidden"] is True
    # Track ids are stable between runs, so an id from `faces` is what `redact` keeps.
    teacher = max(tracks, key=lambda t: t["mean_height_px"])["id"]
    out = tmp_path / "protected.mp4"
    done = run(
        "media", "redact", clip, "-o", out, "--keep-track", teacher, "--mute", "0.5-1", "--json"
    )
    assert done.code == 0, done.err
    assert done.json()["tracks_hidden"] == 1 and done.json()["has_audio"]
    before, after = decoded_grey(clip), decoded_grey(out)
    big, small = truth
    for f in range(len(before)):
        assert sharpness(after[f], big[f]) > 0.7 * sharpness(before[f], big[f])
        assert sharpness(after[f], small[f]) < 0.05 * sharpness(before[f], small[f])
    assert probe(out).has_audio
    text = run("media", "faces", clip)
    assert text.code == 0 and "2 face track(s)" in text.out


def test_bad_inputs_are_refused_with_no_output(
    run: Run, faces_clip: tuple[Path, list], tmp_path: Path
) -> None:
    clip, _truth = faces_clip
    out = tmp_path / "out.mp4"
    unknown = run("media", "redact", clip, "-o", out, "--keep-track", "9")
    assert unknown.code == 2 and "no face track 9" in unknown.err
    late = run("media", "redact", clip, "-o", out, "--mute", "5-6")
    assert late.code == 2 and "starts after the clip ends" in late.err
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(4000))
    damaged = run("media", "redact", broken, "-o", out)
    assert damaged.code == 2 and "broken.mp4" in damaged.err
    for bad in ("3-1", "abc", "1:75-2:00", "4"):
        with pytest.raises(SystemExit) as exit_info:
            run("media", "redact", clip, "-o", out, "--mute", bad)
        assert exit_info.value.code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.mp4"]


def test_a_clip_without_faces_is_not_reported_as_protected(run: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty-room.mp4"
    make_face_clip(empty, [], seconds=1.0)
    listed = run("media", "faces", empty, "--json", "--expected-faces", "3")
    assert listed.code == 0 and listed.json()["tracks"] == []
    assert any("not proof" in c for c in listed.json()["cautions"])
    out = tmp_path / "out.mp4"
    refused = run("media", "redact", empty, "-o", out)
    assert refused.code == 2 and "No face was found" in refused.err and not out.exists()
    hidden = run("media", "redact", empty, "-o", out, "--hide-everything")
    assert hidden.code == 0 and "whole picture hidden" in hidden.out and out.exists()
    before, after = decoded_grey(empty), decoded_grey(out)
    board = Box(285, 55, 95, 45)
    assert sharpness(after[3], board) < 0.05 * sharpness(before[3], board)
