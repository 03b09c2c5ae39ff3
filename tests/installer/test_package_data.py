"""Every file pattern pyproject.toml packages matches files that exist, so none is stale."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SETUPTOOLS = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]


def stale_patterns(package_data: dict[str, list[str]], src: Path) -> list[str]:
    stale = []
    for package, patterns in package_data.items():
        folder = src.joinpath(*package.split("."))
        stale += [f"{package}: {p}" for p in patterns if not any(folder.glob(p))]
    return stale


def test_every_package_data_pattern_matches_a_file() -> None:
    src = REPO / SETUPTOOLS["packages"]["find"]["where"][0]
    assert stale_patterns(SETUPTOOLS["package-data"], src) == []


def test_a_pattern_for_a_missing_folder_is_stale(tmp_path: Path) -> None:
    (tmp_path / "app" / "icons").mkdir(parents=True)
    (tmp_path / "app" / "icons" / "a.svg").write_text("<svg/>")
    data = {"app": ["icons/*", "styles/*"]}
    assert stale_patterns(data, tmp_path) == ["app: styles/*"]
