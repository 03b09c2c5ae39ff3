"""A camcorder file whose clock jumps back (segments joined end to end) cuts as one timeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.domain.stretch import Stretch
from evidencekit.media.editing.normalize import normalize
from evidencekit.media.editing.trim import TrimMethod, TrimMode, trim
from evidencekit.media.probe import probe
from tests.media.flash_clips import FPS, ffmpeg_decode_errors, joined_segments, measure

FRAME = 1 / FPS


@pytest.fixture(scope="module")
def joined(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[float]]:
    """The joined file and where its flashes are on the joined-up timeline."""
    path, segment = joined_segments(tmp_path_factory.mktemp("jumps"))
    first = measure(segment).flashes
    return path, [*first, *(f + 4.0 for f in first)]  # each segment's picture runs 4.0 s


def test_probe_counts_both_segments_and_says_where_they_join(
    joined: tuple[Path, list[float]],
) -> None:
    info = probe(joined[0])
    assert info.duration_s == pytest.approx(8.0, abs=0.05)
    assert info.clock_jumps == pytest.approx([4.0], abs=0.05)


@pytest.mark.parametrize(
    ("start", "end", "mode", "method"),
    [
        (2.0, 6.5, TrimMode.AUTO, TrimMethod.COPY),
        (3.1, 6.6, TrimMode.AUTO, TrimMethod.REENCODE),
        (5.0, 7.5, TrimMode.AUTO, TrimMethod.COPY),
    ],
)
def test_cuts_across_and_after_the_join_land_on_the_frame(
    start: float,
    end: float,
    mode: TrimMode,
    method: TrimMethod,
    joined: tuple[Path, list[float]],
    tmp_path: Path,
) -> None:
    path, flashes = joined
    result = trim(Stretch(path, start, end), tmp_path / "cut.mp4", mode=mode)
    assert result.method is method
    out = measure(result.path)
    expected = [f - result.start_s for f in flashes if result.start_s - FRAME / 2 <= f < end]
    assert out.flashes == pytest.approx(expected, abs=FRAME + 1e-3)
    assert abs(out.sync()) <= 0.010
    assert ffmpeg_decode_errors(result.path) == ""


def test_normalize_keeps_both_segments_in_order(
    joined: tuple[Path, list[float]], tmp_path: Path
) -> None:
    path, flashes = joined
    result = normalize(path, tmp_path / "whole.mp4")
    out = measure(result.path)
    assert out.flashes == pytest.approx(flashes, abs=FRAME + 1e-3)
    assert abs(out.sync()) <= 0.010
    assert result.duration_s == pytest.approx(8.0, abs=0.05)
