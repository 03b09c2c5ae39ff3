"""Finding where a clip's takes join: pauses while recording, jumps and edit lists in files."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from evidencekit.domain.stretch import Stretch
from evidencekit.domain.submissions import Cut, CutKind
from evidencekit.media.editing.mp4_edits import edit_list_joins
from evidencekit.media.editing.trim import TrimMode, trim
from evidencekit.media.recording.recorder import Recorder
from evidencekit.media.recording.recording_recovery import find_interrupted, recover
from evidencekit.media.recording.synthetic_source import SyntheticSource
from evidencekit.media.takes import find_cuts, load_pauses
from tests.media.clips import RECIPES
from tests.media.takes_clips import edit_list_file, jumped_clip, paused_recording


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_every_kind_of_ordinary_clip_is_one_take(name: str, clip: Callable[[str], Path]) -> None:
    # Among them a phone's rotated portrait clip and a variable frame rate one.
    assert find_cuts(clip(name)) == ()


def test_an_unpaused_recording_is_one_take(tmp_path: Path) -> None:
    source = SyntheticSource(width=160, height=90, fps=15)
    recorder = Recorder(tmp_path, "plain", width=160, height=90, fps=15)
    source.run(recorder, 2.0)
    clip = recorder.finish(tmp_path / "plain.mp4")
    assert find_cuts(clip) == ()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.mp4"]


def test_a_paused_recording_is_two_takes(tmp_path: Path) -> None:
    clip = paused_recording(tmp_path)
    assert find_cuts(clip) == (Cut(1.0, CutKind.PAUSE),)


def test_pausing_before_the_first_picture_joins_nothing(tmp_path: Path) -> None:
    source = SyntheticSource(width=160, height=90, fps=15)
    recorder = Recorder(tmp_path, "late", width=160, height=90, fps=15)
    recorder.pause(0.0)
    recorder.resume(1.0)
    source.run(recorder, 1.0, start_frame=15)
    assert find_cuts(recorder.finish(tmp_path / "late.mp4")) == ()


def test_pauses_survive_a_crash(tmp_path: Path) -> None:
    source = SyntheticSource(width=160, height=90, fps=15)
    recorder = Recorder(tmp_path, "crash", width=160, height=90, fps=15)
    frame = source.run(recorder, 1.0)
    recorder.pause(1.0)
    recorder.resume(2.0)
    source.run(recorder, 2.2, start_frame=frame + 15)
    # What a crash leaves: the fragments written so far and the sidecar.
    left = tmp_path / "left"
    left.mkdir()
    shutil.copy(recorder.partial, left)
    shutil.copy(recorder.sidecar, left)
    recorder.discard()
    [interrupted] = find_interrupted(left)
    clip, _marks = recover(interrupted, left / "recovered.mp4")
    assert find_cuts(clip) == (Cut(1.0, CutKind.PAUSE),)


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("mp4", ".mp4"), ("mov", ".mov"), ("matroska", ".mkv")]
)
def test_a_jump_in_the_timeline_is_two_takes(fmt: str, suffix: str, tmp_path: Path) -> None:
    clip = jumped_clip(tmp_path / f"joined{suffix}", fmt)
    [cut] = find_cuts(clip)
    assert cut.kind is CutKind.JUMP
    assert cut.at_s == pytest.approx(6.0, abs=0.1)  # the second piece starts 5 s late


def test_a_picture_held_while_the_sound_runs_on_is_one_take(tmp_path: Path) -> None:
    clip = jumped_clip(tmp_path / "held.mp4", "mp4", sound_jumps=False)
    assert find_cuts(clip) == ()


def test_an_edit_list_of_separate_pieces_joins_them(tmp_path: Path) -> None:
    # 0-4 s of the recording, then 10-14 s: an editor cut 6 s out of the middle.
    joined = edit_list_file(tmp_path / "joined.mp4", [(4000, 0), (4000, 10_000)])
    assert edit_list_joins(joined) == [4.0]


@pytest.mark.parametrize(
    "edits",
    [
        [(4000, 0)],  # the usual single piece
        [(500, -1), (4000, 0)],  # a start delay (an empty edit) before it
        [(4000, 0), (3000, 4000)],  # one piece listed in two parts that meet
    ],
)
def test_an_edit_list_of_one_piece_joins_nothing(
    edits: list[tuple[int, int]], tmp_path: Path
) -> None:
    assert edit_list_joins(edit_list_file(tmp_path / "one.mp4", edits)) == []


@pytest.mark.parametrize("mode", [TrimMode.SNAP, TrimMode.REENCODE])
def test_trimming_the_ends_keeps_one_take(
    mode: TrimMode, clip: Callable[[str], Path], tmp_path: Path
) -> None:
    trimmed = trim(Stretch(clip("h264_mp4"), 0.5, 2.5), tmp_path / "trimmed.mp4", mode=mode).path
    assert find_cuts(trimmed) == ()


def test_trimming_a_paused_recording_keeps_the_pauses_it_spans(tmp_path: Path) -> None:
    clip = paused_recording(tmp_path)
    across = trim(Stretch(clip, 0.0, 2.0), tmp_path / "across.mp4", mode=TrimMode.SNAP).path
    assert find_cuts(across) == (Cut(1.0, CutKind.PAUSE),)
    # The recorder's pictures start 0.133 s into the file (its sound at 0), so the second
    # take's keyframe is at 1.133 s on the clip's clock; 1.1 s snaps forward onto it.
    one_take = trim(Stretch(clip, 1.1, 2.5), tmp_path / "one.mp4", mode=TrimMode.SNAP).path
    assert find_cuts(one_take) == ()
    assert load_pauses(one_take) == []
