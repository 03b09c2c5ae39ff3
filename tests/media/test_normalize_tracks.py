"""Normalize and trim keep every sound track, in step, in files with the user's permissions."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidencekit.domain.stretch import Stretch
from evidencekit.media.editing.normalize import normalize
from evidencekit.media.editing.trim import trim
from evidencekit.media.probe import probe
from tests.media.flash_clips import FLASH_CLIPS, FPS, make_flash_clip, measure


@pytest.fixture(scope="module")
def two_tracks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tracks")
    return make_flash_clip(folder / "two.mp4", FLASH_CLIPS["two_tracks"])


@pytest.mark.parametrize("reencode", [False, True])
def test_normalize_keeps_the_second_sound_track_in_step(
    reencode: bool, two_tracks: Path, tmp_path: Path
) -> None:
    result = normalize(two_tracks, tmp_path / "out.mp4", force_encode=reencode)
    assert result.reencoded is reencode
    assert probe(result.path).audio_tracks == 2
    for track in (0, 1):
        source, out = measure(two_tracks, track), measure(result.path, track)
        assert out.flashes == pytest.approx(source.flashes, abs=1 / FPS)
        assert abs(out.sync() - source.sync()) <= 0.010


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.usefixtures("umask_022")
def test_outputs_get_the_users_normal_permissions(two_tracks: Path, tmp_path: Path) -> None:
    made = [
        normalize(two_tracks, tmp_path / "n.mp4").path,
        normalize(two_tracks, tmp_path / "e.mp4", force_encode=True).path,
        trim(Stretch(two_tracks, 1.0, 3.0), tmp_path / "c.mp4").path,
        trim(Stretch(two_tracks, 1.1, 3.0), tmp_path / "r.mkv").path,
    ]
    for path in made:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path.name
