"""Render the SVG icons in resources/icons/ to the PNG, ICO and ICNS files installers need.

Run from the repository root: `.venv/bin/python installer/make_icons.py`.
The renderings are committed, so builds do not depend on this script's tools.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
NAMES = ("evidencekit", "application-x-evidencekit-bundle", "application-x-evidencekit-review")
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> Image.Image:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    out = ICONS / "png"
    out.mkdir(exist_ok=True)
    for name in NAMES:
        svg = ICONS / f"{name}.svg"
        images = {size: render(svg, size) for size in PNG_SIZES}
        for size, image in images.items():
            image.save(out / f"{name}-{size}.png", optimize=True)
        # Pillow picks each size out of the largest image it is given.
        images[256].save(ICONS / f"{name}.ico", sizes=[(s, s) for s in ICO_SIZES])
        if name == "evidencekit":
            images[512].save(ICONS / f"{name}.icns")
        print(f"rendered {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
