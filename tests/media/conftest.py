"""Clips of every kind teachers bring, generated once per test session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.media.clips import RECIPES, make_clip, truncate


@pytest.fixture(scope="session")
def clip_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("clips")
    for name, recipe in RECIPES.items():
        make_clip(folder / f"{name}{recipe.suffix}", recipe)
    return folder


@pytest.fixture(scope="session")
def clip(clip_folder: Path) -> Callable[[str], Path]:
    def find(name: str) -> Path:
        return clip_folder / f"{name}{RECIPES[name].suffix}"

    return find


@pytest.fixture(scope="session")
def truncated(clip_folder: Path, clip: Callable[[str], Path]) -> Callable[[str], Path]:
    def make(name: str) -> Path:
        target = clip_folder / f"cut-{name}{RECIPES[name].suffix}"
        if not target.exists():
            truncate(clip(name), target, keep=0.6)
        return target

    return make
