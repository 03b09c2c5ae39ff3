"""Badge artwork: the catalog's own image, or a drawn default showing the title's initials.

The default is drawn twice from the same recipe, as SVG text and as a PNG (Pillow,
which ReportLab already depends on), so both baked forms look alike.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

SIZE = 512
# Calm, well-contrasted colours for white text; one is picked per credential id.
PALETTE = ("#1d4e89", "#00695c", "#6a1b9a", "#8d3b00", "#2e5e1e", "#7b1f3a")
_SKIP = {"a", "an", "and", "for", "in", "of", "on", "the", "to", "with", ":", "-", "—"}


@dataclass(frozen=True)
class Artwork:
    png: bytes
    svg: bytes


def initials(title: str) -> str:
    """From the part before a colon: a unit's badge shows its credential's letters."""
    words = [w for w in title.split(":")[0].split() if w.lower() not in _SKIP]
    letters = "".join(w[0] for w in words if w[0].isalnum()).upper()
    return letters[:3] or "?"


def colour_for(key: str) -> str:
    return PALETTE[hashlib.sha256(key.encode()).digest()[0] % len(PALETTE)]


def banner(title: str, limit: int = 34) -> str:
    """The words under the initials: a unit's own title, shortened to fit."""
    label = title.split(":", 1)[-1].strip() or title
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def default_svg(title: str, key: str) -> bytes:
    colour = colour_for(key)
    letters = escape(initials(title))
    label = escape(banner(title))
    # Bold sans glyphs average about 0.6 em: size the banner text to fit its 360 px.
    size = max(12, min(26, 600 // max(len(banner(title)), 1)))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 512 512"
     role="img" aria-label="{escape(title)}">
  <title>{escape(title)}</title>
  <circle cx="256" cy="256" r="248" fill="{colour}"/>
  <circle cx="256" cy="256" r="220" fill="none" stroke="#ffffff" stroke-width="10"/>
  <text x="256" y="290" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif"
        font-size="150" font-weight="bold" fill="#ffffff">{letters}</text>
  <rect x="56" y="352" width="400" height="58" rx="12" fill="#ffffff"/>
  <text x="256" y="391" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif"
        font-size="{size}" font-weight="bold" fill="{colour}">{label}</text>
</svg>
""".encode()


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in ("DejaVuSans-Bold.ttf", "Arial Bold.ttf", "arialbd.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def default_png(title: str, key: str) -> bytes:
    colour = colour_for(key)
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 504, 504), fill=colour)
    draw.ellipse((36, 36, 476, 476), outline="#ffffff", width=10)
    draw.text((256, 240), initials(title), font=_font(150), fill="#ffffff", anchor="mm")
    draw.rounded_rectangle((56, 352, 456, 410), radius=12, fill="#ffffff")
    label = banner(title)
    draw.text((256, 381), label, font=_fit(draw, label, 370, 28), fill=colour, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _fit(
    draw: ImageDraw.ImageDraw, text: str, width: int, size: int
) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    font = _font(size)
    while size > 12 and draw.textlength(text, font=font) > width:
        size -= 2
        font = _font(size)
    return font


def artwork(title: str, key: str, catalog_image: str | None = None) -> Artwork:
    """The catalog's image where it gives one (a data: URI), the default design otherwise."""
    png, svg = default_png(title, key), default_svg(title, key)
    if catalog_image:
        kind, _comma, payload = catalog_image.partition(",")
        try:
            data = base64.b64decode(payload, validate=True)
        except binascii.Error:
            data = b""
        if kind == "data:image/png;base64" and data.startswith(b"\x89PNG\r\n\x1a\n"):
            png = data
        elif kind == "data:image/svg+xml;base64" and b"<svg" in data[:4096]:
            svg = data
    return Artwork(png, svg)
