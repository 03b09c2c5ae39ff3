"""Probing the clips the demo and tests rely on, and refusing files that are not video."""

from __future__ import annotations

from pathlib import Path

import av
import pytest

from evidencekit.domain.errors import Cancelled, MediaError
from evidencekit.domain.tasks import CancelToken, ProgressEvent, Reporter
from evidencekit.media.probe import probe
from evidencekit.media.synth import make_classroom_clip


def test_probe_reports_the_generated_clip(sample_clip: Path) -> None:
    info = probe(sample_clip)
    assert 3.9 < info.duration_s < 4.2
    assert (info.width, info.height) == (640, 360)
    assert (info.video_codec, info.audio_codec) == ("h264", "aac")
    assert info.has_audio and info.rotation == 0 and info.fps == 15
    assert info.size_bytes == sample_clip.stat().st_size
    assert info.to_dict()["display_width"] == 640


def test_rotation_from_the_display_matrix(tmp_path: Path, sample_clip: Path) -> None:
    """A phone's portrait clip: stored landscape, shown portrait."""
    rotated = tmp_path / "portrait.mp4"
    with av.open(str(sample_clip)) as source, av.open(str(rotated), "w") as out:
        video_in = source.streams.video[0]
        video_out = out.add_stream_from_template(video_in)
        video_out.set_display_rotation(90)
        for packet in source.demux(video_in):
            if packet.dts is not None:
                packet.stream = video_out
                out.mux(packet)
    info = probe(rotated)
    assert info.rotation == 90
    assert (info.display_width, info.display_height) == (360, 640)
    assert not info.has_audio


def test_clip_without_audio(tmp_path: Path) -> None:
    silent = tmp_path / "silent.mp4"
    make_classroom_clip(silent, seconds=1.0, with_audio=False)
    assert probe(silent).has_audio is False


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "not a video file"),
        (b"just some text\n" * 100, "not a video file"),
    ],
)
def test_non_video_files_are_refused(tmp_path: Path, content: bytes, reason: str) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(content)
    with pytest.raises(MediaError, match=reason):
        probe(bad)


def test_truncated_clip_is_refused(tmp_path: Path, sample_clip: Path) -> None:
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(sample_clip.read_bytes()[:3000])
    with pytest.raises(MediaError):
        probe(cut)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="does not exist"):
        probe(tmp_path / "none.mp4")
    with pytest.raises(MediaError, match="folder"):
        probe(tmp_path)


def test_audio_only_file_has_no_video(tmp_path: Path) -> None:
    path = tmp_path / "voice.m4a"
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("aac", rate=44100)
        stream.layout = "mono"
        import numpy as np

        frame = av.AudioFrame.from_ndarray(
            np.zeros((1, 44100), np.float32), format="flt", layout="mono"
        )
        frame.sample_rate = 44100
        frame.pts = 0
        out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    with pytest.raises(MediaError, match="no video"):
        probe(path)


def test_synthesis_is_atomic_and_cancellable(tmp_path: Path) -> None:
    target = tmp_path / "clip.mp4"
    token = CancelToken()

    def stop_early(event: ProgressEvent) -> None:
        if event.done >= 5:
            token.cancel()

    with pytest.raises(Cancelled):
        make_classroom_clip(target, seconds=3.0, reporter=Reporter(stop_early, token))
    assert list(tmp_path.iterdir()) == []
