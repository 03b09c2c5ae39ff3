"""The keyframes probe finds on its one pass are the ones a seek finds, so a trim can
plan its cut from them without opening the file again."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.media.editing.trim import keyframes_around, probed_keyframes_around
from evidencekit.media.probe import probe
from tests.media.flash_clips import FLASH_CLIPS, joined_segments, make_flash_clip

MOMENTS = (0.0, 0.5, 1.0, 1.02, 2.0, 2.033, 3.99, 4.0, 4.034, 5.5, 7.9)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keyframes")


@pytest.mark.parametrize("kind", sorted(FLASH_CLIPS))
def test_probe_keyframes_agree_with_seeking(folder: Path, kind: str) -> None:
    recipe = FLASH_CLIPS[kind]
    path = make_flash_clip(folder / f"{kind}{recipe.suffix}", recipe)
    info = probe(path)
    indexed = recipe.suffix not in (".mts", ".mpg")  # no index: looked up by seeking
    assert bool(info.keyframes_s) is indexed
    for at in MOMENTS:
        before, after = keyframes_around(path, at)
        probed_before, probed_after = probed_keyframes_around(info, at)
        assert probed_before == pytest.approx(before, abs=1e-6), at
        if after is None:
            assert probed_after is None, at
        else:
            assert probed_after == pytest.approx(after, abs=1e-6), at


def test_joined_segments_are_looked_up_by_seeking(folder: Path) -> None:
    joined, _first = joined_segments(folder)
    info = probe(joined)
    assert info.clock_jumps and not info.keyframes_s
