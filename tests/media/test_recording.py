"""The whole recording path with a synthetic source, including a crash mid-recording."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidencekit.domain.errors import MediaError
from evidencekit.media.probe import probe
from evidencekit.media.recording.recorder import Recorder
from evidencekit.media.recording.recording_recovery import find_interrupted, recover
from evidencekit.media.recording.synthetic_source import SyntheticSource


def test_record_bookmark_and_finish(tmp_path: Path) -> None:
    source = SyntheticSource(width=320, height=180, fps=15)
    recorder = Recorder(tmp_path, "lesson", width=320, height=180, fps=15)
    next_frame = source.run(recorder, 2.0)
    mark = recorder.bookmark(1.5, "students respond")
    source.run(recorder, 1.0, start_frame=next_frame)
    clip = recorder.finish(tmp_path / "lesson.mp4")
    info = probe(clip)
    assert 2.8 < info.duration_s < 3.3
    assert info.has_audio and (info.width, info.height) == (320, 180)
    assert mark.seconds == 1.5 and mark.label == "students respond"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lesson.mp4"]


def test_paused_time_is_left_out(tmp_path: Path) -> None:
    source = SyntheticSource(width=320, height=180, fps=15)
    recorder = Recorder(tmp_path, "paused", width=320, height=180, fps=15)
    frame = source.run(recorder, 1.0)
    recorder.pause(1.0)
    frame = source.run(recorder, 2.0, start_frame=frame)  # dropped while paused
    recorder.resume(3.0)
    assert recorder.bookmark(3.5, "after the pause").seconds == 1.5
    source.run(recorder, 1.0, start_frame=frame)
    info = probe(recorder.finish(tmp_path / "paused.mp4"))
    assert 1.8 < info.duration_s < 2.3


def test_discard_leaves_nothing(tmp_path: Path) -> None:
    recorder = Recorder(tmp_path, "oops", width=320, height=180, fps=15)
    SyntheticSource(width=320, height=180, fps=15).run(recorder, 0.5)
    recorder.discard()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_killed_recording_is_recovered_up_to_the_last_seconds(tmp_path: Path) -> None:
    script = Path(__file__).with_name("record_until_killed.py")
    process = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    seconds_seen = -1
    started = time.monotonic()
    assert process.stdout is not None
    while seconds_seen < 4 and time.monotonic() - started < 60:
        line = process.stdout.readline()
        if line.startswith("second"):
            seconds_seen = int(line.split()[1])
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert seconds_seen >= 4, "the recorder did not get going"

    [interrupted] = find_interrupted(tmp_path)
    assert interrupted.recoverable
    clip, bookmarks = recover(interrupted, tmp_path / "recovered.mp4")
    info = probe(clip)
    # Killed just after second 4 began: at most the last ~2 s may be lost.
    assert info.duration_s >= seconds_seen - 2
    assert info.has_audio
    assert [(b.seconds, b.label) for b in bookmarks] == [(2.5, "hinge question")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["recovered.mp4"]


def test_nothing_playable_is_not_offered_as_recoverable(tmp_path: Path) -> None:
    (tmp_path / "empty.recording.mp4").write_bytes(b"\x00" * 100)
    [item] = find_interrupted(tmp_path)
    assert not item.recoverable
    with pytest.raises(MediaError, match="nothing playable"):
        recover(item, tmp_path / "out.mp4")
