"""``evidencekit media faces | redact``: tracks listed, faces hidden, bad input refused cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

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
