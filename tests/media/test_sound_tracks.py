"""A clip's sound tracks named for a chooser, and one track written on its own."""

from __future__ import annotations

from pathlib import Path

import av
import pytest

from evidencekit.domain.errors import MediaError
from evidencekit.media.probe import probe
from evidencekit.media.sound_tracks import sound_tracks, write_sound_track
from tests.media.flash_clips import FLASH_CLIPS, beep_onsets, ffmpeg, make_flash_clip


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tracks")
    plain = make_flash_clip(folder / "plain.mp4", FLASH_CLIPS["two_tracks"])
    named = folder / "named.mkv"  # MP4 keeps no track titles; Matroska does
    ffmpeg("-i", plain, "-map", "0", "-c", "copy",
           "-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=fra",
           "-metadata:s:a:1", "title=Wireless mic", named)  # fmt: skip
    return named


def test_tracks_are_named_by_number_language_and_title(labelled: Path, tmp_path: Path) -> None:
    tracks = sound_tracks(probe(labelled))
    assert [t.label for t in tracks] == ["Track 1 (eng)", "Track 2 (fra · Wireless mic)"]
    assert [t.label for t in sound_tracks(probe(make_flash_clip(
        tmp_path / "one.mp4", FLASH_CLIPS["h264"])))] == ["Track 1"]  # fmt: skip


def test_one_track_is_written_alone_keeping_its_name_and_clock(
    labelled: Path, tmp_path: Path
) -> None:
    target = tmp_path / "mic.m4a"
    write_sound_track(labelled, 2, target)
    with av.open(str(target)) as alone:
        assert not alone.streams.video and len(alone.streams.audio) == 1
        assert alone.streams.audio[0].metadata.get("language") == "fra"
    assert beep_onsets(target) == pytest.approx(beep_onsets(labelled, 1), abs=0.001)
    with pytest.raises(MediaError, match="no sound track 3"):
        write_sound_track(labelled, 3, tmp_path / "none.m4a")
    assert not (tmp_path / "none.m4a").exists()
