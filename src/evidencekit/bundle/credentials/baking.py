"""Baking a credential into badge images, and reading it back out (Open Badges 3.0).

PNG: an ``iTXt`` chunk with the keyword ``openbadgecredential`` holding the JSON,
placed before ``IEND``. SVG: an ``openbadges:credential`` element (namespace
https://purl.imsglobal.org/ob/v3p0) holding the JSON in CDATA, first inside the
root. A badge already holding a credential gets the new one instead.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from xml.etree import ElementTree

from evidencekit.bundle.credentials.pdf_attachment import PDF_SIGNATURE, extract_credential
from evidencekit.domain.credentials import NotACredential

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadgecredential"
OB_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
MAX_CHUNK = 16 << 20


class BadImage(ValueError):
    pass


# -- PNG --------------------------------------------------------------------------------


def _chunks(png: bytes) -> Iterator[tuple[bytes, bytes, int, int]]:
    """(type, data, start, end) for each chunk; refuses anything that is not a whole PNG."""
    if not png.startswith(PNG_SIGNATURE):
        raise BadImage("not a PNG image")
    at = len(PNG_SIGNATURE)
    while at < len(png):
        if at + 8 > len(png):
            raise BadImage("the PNG is cut short")
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        end = at + 12 + length
        if length > MAX_CHUNK or end > len(png):
            raise BadImage("the PNG is cut short or damaged")
        data = png[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", png[end - 4 : end])
        if crc != zlib.crc32(kind + data):
            raise BadImage(f"the PNG's {kind.decode('latin-1')} chunk is damaged")
        yield kind, data, at, end
        if kind == b"IEND":
            return
        at = end
    raise BadImage("the PNG has no end")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _itxt_keyword(data: bytes) -> bytes:
    return data.split(b"\0", 1)[0]


def bake_png(png: bytes, credential_json: str) -> bytes:
    # keyword, NUL, compression flag 0 and method 0, empty language tag and
    # translated keyword (each NUL-terminated), then the UTF-8 text itself.
    text = KEYWORD + b"\0\0\0\0\0" + credential_json.encode("utf-8")
    out = [PNG_SIGNATURE]
    for kind, data, start, end in _chunks(png):
        if kind == b"iTXt" and _itxt_keyword(data) == KEYWORD:
            continue
        if kind == b"IEND":
            out.append(_chunk(b"iTXt", text))
        out.append(png[start:end])
    return b"".join(out)


def extract_png(png: bytes, source: str) -> str:
    try:
        for kind, data, _start, _end in _chunks(png):
            if kind == b"iTXt" and _itxt_keyword(data) == KEYWORD:
                return _itxt_text(data, source)
    except BadImage as problem:
        raise NotACredential(f"{source} ({problem})") from None
    raise NotACredential(f"{source} (a PNG without an openbadgecredential chunk)")


def _itxt_text(data: bytes, source: str) -> str:
    rest = data[len(KEYWORD) + 1 :]
    if len(rest) < 2:
        raise NotACredential(f"{source} (a damaged openbadgecredential chunk)")
    compressed, method = rest[0], rest[1]
    _language, _nul, rest = rest[2:].partition(b"\0")
    _translated, _nul, text = rest.partition(b"\0")
    try:
        if compressed:
            if method != 0:
                raise ValueError
            text = zlib.decompressobj().decompress(text, MAX_CHUNK)
        return text.decode("utf-8")
    except (ValueError, zlib.error, UnicodeDecodeError):
        raise NotACredential(f"{source} (a damaged openbadgecredential chunk)") from None


# -- SVG --------------------------------------------------------------------------------

_ROOT = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE)
_OLD = re.compile(rb"<openbadges:credential\b.*?</openbadges:credential>\s*", re.DOTALL)


def bake_svg(svg: bytes, credential_json: str) -> bytes:
    svg = _OLD.sub(b"", svg)
    root = _ROOT.search(svg)
    if root is None:
        raise BadImage("not an SVG image")
    tag = root.group(0)
    if b"xmlns:openbadges" not in tag:
        closing = -2 if tag.endswith(b"/>") else -1
        tag = tag[:closing] + f' xmlns:openbadges="{OB_NAMESPACE}"'.encode() + tag[closing:]
    # "]]>" would end the CDATA section early; split it across two sections.
    body = credential_json.replace("]]>", "]]]]><![CDATA[>")
    element = f"\n  <openbadges:credential><![CDATA[{body}]]></openbadges:credential>"
    return svg[: root.start()] + tag + element.encode("utf-8") + svg[root.end() :]


def extract_svg(svg: bytes, source: str) -> str:
    if b"<!DOCTYPE" in svg or b"<!ENTITY" in svg:
        # Entities could expand without bound; a badge never needs them.
        raise NotACredential(f"{source} (an SVG with a document type declaration)")
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError:
        raise NotACredential(f"{source} (not a well-formed SVG image)") from None
    element = root.find(f"{{{OB_NAMESPACE}}}credential")
    if element is None:
        element = next(root.iter(f"{{{OB_NAMESPACE}}}credential"), None)
    if element is None or not (element.text or "").strip():
        raise NotACredential(f"{source} (an SVG without an openbadges:credential element)")
    return element.text or ""


def extract_any(data: bytes, source: str) -> str:
    """The credential JSON from a baked PNG or SVG, a certificate PDF or a plain JSON file."""
    if data.startswith(PNG_SIGNATURE):
        return extract_png(data, source)
    if data.startswith(PDF_SIGNATURE):
        return extract_credential(data, source)
    head = data[:4096].lstrip()
    if head.startswith(b"<"):
        return extract_svg(data, source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotACredential(source) from None
