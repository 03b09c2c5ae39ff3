"""Probe on every kind of file teachers bring, and refusal of cut-off copies of each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from evidencekit.domain.errors import MediaError
from evidencekit.media.probe import probe
from evidencekit.media.synth import make_classroom_clip
from tests.media.clips import RECIPES, truncate


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_probe_reads_each_kind(name: str, clip: Callable[[str], Path]) -> None:
    recipe = RECIPES[name]
    info = probe(clip(name))
    assert info.video_codec == recipe.probe_codec
    assert info.has_audio is (recipe.audio_codec is not None)
    assert info.duration_s == pytest.approx(3.0, abs=0.1)
    assert info.rotation == recipe.rotation
    portrait = recipe.rotation in (90, 270)
    assert (info.display_width, info.display_height) == ((180, 320) if portrait else (320, 180))
    assert info.variable_frame_rate is recipe.vfr


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_a_cut_off_copy_is_refused(name: str, truncated: Callable[[str], Path]) -> None:
    with pytest.raises(MediaError, match=r"cut off|not a video|damaged|truncated"):
        probe(truncated(name))


def test_cut_off_copy_with_the_index_first_is_refused(tmp_path: Path) -> None:
    """MP4 with the index at the front opens fine; the missing data must still be noticed."""
    whole = tmp_path / "whole.mp4"
    make_classroom_clip(whole, seconds=3.0)
    for keep in (0.6, 0.97):
        cut = truncate(whole, tmp_path / f"cut{keep}.mp4", keep)
        with pytest.raises(MediaError, match="cut off"):
            probe(cut)
    assert probe(whole).duration_s == pytest.approx(3.0, abs=0.05)
