"""The README's tour points at screenshots that exist and are of a size to read online."""

from __future__ import annotations

import re
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text("utf-8")


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


def test_every_step_of_the_tour_has_its_picture() -> None:
    linked = re.findall(r"\((docs/screenshots/[^)]+\.png)\)", README)
    journey = [link for link in linked if "journey-a-" in link]
    assert len(journey) == 11, journey  # every step of journey (a), in order
    assert journey == sorted(journey)
    for link in linked:
        path = ROOT / link
        assert path.is_file(), link
    for name in ("people.png", "rubric-grid.png", "review-queue.png", *journey):
        width, height = png_size(ROOT / "docs" / "screenshots" / Path(name).name)
        assert width <= 1280 and height <= 800, (name, width, height)
