"""Reading BagIt tag files: bagit.txt (strict), bag-info.txt (lenient), manifests, fetch.txt."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

HASH_LENGTHS = {"md5": 32, "sha1": 40, "sha224": 56, "sha256": 64, "sha384": 96, "sha512": 128}
_DECLARATION = re.compile(
    r"^BagIt-Version: (\d+)\.(\d+)\r?\n" r"Tag-File-Character-Encoding: (\S+)\r?\n?$"
)


class TagError(Exception):
    """A tag file that makes the bag invalid; ``file`` and ``reason`` are shown to people."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


@dataclass(frozen=True)
class Declaration:
    version: tuple[int, int]
    encoding: str


@dataclass(frozen=True)
class ManifestLine:
    line: int
    digest: str
    path: str
    warning: str | None  # e.g. an md5sum-style '*' marker or a './' prefix that was removed


def read_declaration(bag: Path) -> Declaration:
    path = bag / "bagit.txt"
    if not path.is_file():
        raise TagError("bagit.txt", "the file is missing, so this is not a bag.")
    raw = path.read_bytes()
    if raw.startswith(codecs.BOM_UTF8):
        raise TagError("bagit.txt", "the file starts with a byte order mark, which BagIt forbids.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise TagError("bagit.txt", "the file is not UTF-8 text.") from None
    match = _DECLARATION.match(text)
    if match is None:
        raise TagError(
            "bagit.txt",
            "it must be exactly the lines 'BagIt-Version: M.N' and "
            "'Tag-File-Character-Encoding: ENCODING'.",
        )
    major, minor, encoding = int(match[1]), int(match[2]), match[3]
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise TagError("bagit.txt", f"the encoding {encoding!r} is unknown.") from None
    if (major, minor) not in ((0, 93), (0, 94), (0, 95), (0, 96), (0, 97), (1, 0)):
        raise TagError("bagit.txt", f"BagIt version {major}.{minor} is not one this app knows.")
    return Declaration((major, minor), encoding)


def read_tag_text(path: Path, encoding: str, name: str) -> str:
    try:
        text = path.read_bytes().decode(encoding)
    except UnicodeDecodeError:
        raise TagError(name, f"the file is not valid {encoding} text.") from None
    return text.removeprefix("\ufeff")


def parse_bag_info(text: str) -> list[tuple[str, str]]:
    """Labels and values in order; a line starting with white space continues the last value."""
    fields: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line[0] in " \t":
            if not fields:
                raise TagError(
                    "bag-info.txt", f"line {number} continues a value that is not there."
                )
            label, value = fields[-1]
            fields[-1] = (label, f"{value} {line.strip()}")
            continue
        label, colon, value = line.partition(":")
        if not colon or not label.strip():
            raise TagError("bag-info.txt", f"line {number} has no 'Label: value' form.")
        fields.append((label.strip(), value.strip()))
    return fields


def decode_path(text: str, version: tuple[int, int]) -> str:
    """BagIt 1.0 percent-encodes only line breaks and '%' in manifest paths."""
    if version < (1, 0):
        return text
    return re.sub(
        r"%(0A|0D|25)", lambda m: {"0A": "\n", "0D": "\r", "25": "%"}[m[1].upper()], text,
        flags=re.IGNORECASE,
    )  # fmt: skip


def out_of_scope(path: str) -> str | None:
    """Why a listed path would reach outside the bag, or None when it stays inside."""
    if path.startswith(("/", "~")) or re.match(r"^[A-Za-z]:", path):
        return "the path is absolute or points into a home folder"
    if "\\" in path:
        return "the path contains a backslash"
    if ".." in path.split("/"):
        return "the path climbs out of the bag with '..'"
    return None


def parse_manifest(
    text: str, algorithm: str, name: str, version: tuple[int, int]
) -> list[ManifestLine]:
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        digest, _space, rest = line.strip("\r").partition(" ")
        path = rest.lstrip(" \t")
        warning = None
        if path.startswith("*"):
            path, warning = path[1:], "an md5sum-style '*' before the path was ignored"
        if not digest or not path:
            raise TagError(name, f"line {number} is not 'checksum path'.")
        if len(digest) != HASH_LENGTHS[algorithm] or not re.fullmatch(r"[0-9a-fA-F]+", digest):
            raise TagError(name, f"line {number} does not hold a {algorithm} checksum.")
        path = decode_path(path, version)
        reason = out_of_scope(path)
        if reason:
            raise TagError(name, f"line {number}: {reason} ({path!r}).")
        if path.startswith("./"):
            path, warning = path[2:], "a './' before the path was ignored"
        lines.append(ManifestLine(number, digest.lower(), path, warning))
    return lines


def parse_fetch(text: str, version: tuple[int, int]) -> list[str]:
    """The payload paths fetch.txt says can be downloaded; each must stay inside data/."""
    paths = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.strip("\r").split(None, 2)
        if len(parts) != 3:
            raise TagError("fetch.txt", f"line {number} is not 'url length path'.")
        path = decode_path(parts[2], version)
        reason = out_of_scope(path)
        if reason or not path.startswith("data/"):
            raise TagError(
                "fetch.txt", f"line {number}: {reason or 'not a payload path'} ({path!r})."
            )
        paths.append(path)
    return paths
