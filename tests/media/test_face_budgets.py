"""What bounds the face finder's memory: the tiles the network is given, the frames kept."""

from __future__ import annotations

import itertools

import pytest

from evidencekit.media.faces.face_detect import _WHOLE_PIXELS, _starts, _tile_size
from evidencekit.media.faces.face_tracks import FindSettings, _lookback_frames


@pytest.mark.parametrize("size", [(1920, 1080), (2880, 1620), (1624, 1546), (3840, 2160)])
def test_tiles_fit_the_network_budget_and_cover_the_whole_picture(size: tuple[int, int]) -> None:
    width, height = size
    tile_w, tile_h = _tile_size(width, height)
    assert tile_w % 32 == 0 and tile_h % 32 == 0
    assert tile_w * tile_h <= _WHOLE_PIXELS
    for length, tile in ((width, tile_w), (height, tile_h)):
        starts = _starts(length, tile)
        assert starts[0] == 0 and starts[-1] + tile >= length
        # Neighbours overlap, so a small face on a seam is whole in one of them.
        assert all(b - a <= tile - 64 for a, b in itertools.pairwise(starts))


def test_a_new_face_is_followed_back_3_s_at_720p_and_as_far_as_96_mb_allow_at_1080p() -> None:
    settings = FindSettings()
    assert _lookback_frames(settings, 30.0, 1280, 720) == 90
    at_1080p = _lookback_frames(settings, 30.0, 1920, 1080)
    assert 40 <= at_1080p < 90
    assert at_1080p * 1920 * 1080 <= settings.lookback_mb * 2**20
    # Larger video is searched at 1920 px at most, so 4K keeps as many frames as 1080p.
    assert _lookback_frames(settings, 30.0, 3840, 2160) == at_1080p
