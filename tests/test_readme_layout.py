"""The README's Layout section names every package and top-level folder, and only those."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "evidencekit"
# A folder entry: indentation, then a name ending in "/" (continuation lines have none).
ENTRY = re.compile(r"^(?P<indent> *)(?P<name>[\w.-]+(?:/[\w.-]+)*/)(?:\s|$)")


def layout_block(readme: str) -> list[str]:
    section = readme.split("\n## Layout\n", 1)[1]
    return section.split("```", 2)[1].splitlines()[1:]


def listed_folders(lines: list[str]) -> set[str]:
    """Repository-relative folders and their parents; an indented entry is inside the one
    above it."""
    found: set[str] = set()
    parents: list[tuple[int, str]] = []
    for line in lines:
        match = ENTRY.match(line)
        if match is None:
            continue
        indent = len(match["indent"])
        while parents and parents[-1][0] >= indent:
            parents.pop()
        path = (parents[-1][1] if parents else "") + match["name"]
        parts = path.rstrip("/").split("/")
        found.update("/".join(parts[:n]) for n in range(1, len(parts) + 1))
        parents.append((indent, path))
    return found


def packages() -> set[str]:
    """evidencekit's packages below the top one (resources is data, not code)."""
    return {
        str(init.parent.relative_to(ROOT))
        for init in PACKAGE.rglob("__init__.py")
        if init.parent != PACKAGE and "resources" not in init.relative_to(PACKAGE).parts
    }


def top_folders() -> set[str]:
    return {
        p.name
        for p in ROOT.iterdir()
        if p.is_dir()
        and not p.name.startswith((".", "_"))
        and p.name not in {"build", "dist"}
        and not p.name.endswith(".egg-info")
    }


def test_every_package_and_top_folder_is_listed() -> None:
    listed = listed_folders(layout_block((ROOT / "README.md").read_text("utf-8")))
    assert sorted(packages() - listed) == []
    assert sorted(top_folders() - listed) == []


def test_every_listed_folder_exists() -> None:
    listed = listed_folders(layout_block((ROOT / "README.md").read_text("utf-8")))
    assert sorted(p for p in listed if not (ROOT / p).is_dir()) == []


def test_nesting_follows_the_indentation() -> None:
    lines = [
        "src/app/",
        "  gui/      windows",
        "    video/  the player",
        "              more",
        "docs/",
    ]
    assert listed_folders(lines) == {"src", "src/app", "src/app/gui", "src/app/gui/video", "docs"}
