"""Reading BagIt tag files: bagit.txt (strict), bag-info.txt (lenient), manifests, fetch.txt."""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

# Tag files are read whole, so their size is capped: a manifest for 100,000 files
# with SHA-512 and long paths stays far below this.
MAX_TAG_BYTES = 64 * 2**20
HASH_LENGTHS = {"md5": 32, "sha1": 40, "sha224": 56, "sha256": 64, "sha384": 96, "sha512": 128}
_EOL = r"(?:\r\n|\r|\n)"
# ASCII digits, a few of them: \d would take other scripts' digits, and int() then fails.
_DECLARATION = re.compile(
    rf"BagIt-Version: ([0-9]{{1,6}})\.([0-9]{{1,6}}){_EOL}Tag-File-Character-Encoding: (\S+){_EOL}?"
)
# The same lines with stray white space: still invalid, but read so that the
# report can go on to name the bag's other problems.
_LOOSE_DECLARATION = re.compile(
    rf"[ \t]*BagIt-Version[ \t]*:[ \t]*([0-9]{{1,6}})\.([0-9]{{1,6}})[ \t]*{_EOL}"
    rf"[ \t]*Tag-File-Character-Encoding[ \t]*:[ \t]*(\S+)[ \t]*{_EOL}?"
)


def lines(text: str) -> list[str]:
    """Tag file lines: only CR, LF and CRLF end a line (str.splitlines would also
    split a file name at U+2028 or a form feed)."""
    parts = re.split(_EOL, text)
    return parts[:-1] if parts and parts[-1] == "" else parts


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
    problem: str | None = None  # set when bagit.txt was readable but not exactly right


@dataclass(frozen=True)
class ManifestLine:
    line: int
    digest: str
    path: str
    warning: str | None  # e.g. an md5sum-style '*' marker or a './' prefix that was removed


def read_regular(path: Path, name: str, limit: int | None = None) -> bytes:
    """A tag file's bytes; a link, a special file or an outsized file is refused."""
    limit = MAX_TAG_BYTES if limit is None else limit
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise TagError(name, "the file is missing.") from None
    if stat.S_ISLNK(info.st_mode):
        raise TagError(name, "it is a link, not a file.")
    if not stat.S_ISREG(info.st_mode):
        raise TagError(name, "it is not a regular file.")
    if info.st_size > limit:
        raise TagError(name, f"the file is larger than the {limit} bytes a tag file may have.")
    try:
        with path.open("rb") as handle:
            return handle.read(limit + 1)[:limit]
    except OSError as error:
        raise TagError(name, f"the file cannot be read ({error.strerror or error}).") from None


def read_declaration(bag: Path) -> Declaration:
    path = bag / "bagit.txt"
    if not os.path.lexists(path):
        raise TagError("bagit.txt", "the file is missing, so this is not a bag.")
    raw = read_regular(path, "bagit.txt", 4096)
    if raw.startswith(codecs.BOM_UTF8):
        raise TagError("bagit.txt", "the file starts with a byte order mark, which BagIt forbids.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise TagError("bagit.txt", "the file is not UTF-8 text.") from None
    problem = None
    match = _DECLARATION.fullmatch(text)
    if match is None:
        match = _LOOSE_DECLARATION.fullmatch(text)
        problem = (
            "it must be exactly the lines 'BagIt-Version: M.N' and "
            "'Tag-File-Character-Encoding: ENCODING'."
        )
        if match is None:
            raise TagError("bagit.txt", problem)
        problem = problem.replace("it must", "it has stray white space; it must")
    major, minor, encoding = int(match[1]), int(match[2]), match[3]
    try:  # a text encoding, not one of codecs' byte transforms (empty input skips the check)
        bytes(4).decode(encoding)
    except LookupError:
        raise TagError("bagit.txt", f"the encoding {encoding!r} is unknown.") from None
    except UnicodeError:
        pass
    if (major, minor) not in ((0, 93), (0, 94), (0, 95), (0, 96), (0, 97), (1, 0)):
        raise TagError("bagit.txt", f"BagIt version {major}.{minor} is not one this app knows.")
    return Declaration((major, minor), encoding, problem)


def read_tag_text(path: Path, encoding: str, name: str) -> str:
    try:
        text = read_regular(path, name).decode(encoding)
    except UnicodeError:
        raise TagError(name, f"the file is not valid {encoding} text.") from None
    return text.removeprefix("\ufeff")


def parse_bag_info(text: str) -> list[tuple[str, str]]:
    """Labels and values in order; a line starting with white space continues the last value."""
    fields: list[tuple[str, str]] = []
    for number, line in enumerate(lines(text), 1):
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
    """Why a listed path would reach outside the bag (or could name a file two ways),
    or None when it is a plain path inside the bag."""
    if path.startswith(("/", "~")) or re.match(r"^[A-Za-z]:", path):
        return "the path is absolute or points into a home folder"
    if "\\" in path:
        return "the path contains a backslash"
    if "\0" in path:
        return "the path contains a NUL character"
    parts = path.split("/")
    if ".." in parts:
        return "the path climbs out of the bag with '..'"
    if "" in parts or "." in parts:
        return "the path has an empty or '.' part"
    return None


_MANIFEST_LINE = re.compile(r"(\S+)[ \t]+(.*)")


def parse_manifest(
    text: str, algorithm: str, name: str, version: tuple[int, int]
) -> list[ManifestLine]:
    """Each 'checksum path' line; paths are decoded and must stay inside the bag."""
    parsed = []
    for number, line in enumerate(lines(text), 1):
        if not line.strip():
            continue
        match = _MANIFEST_LINE.fullmatch(line)
        if match is None:
            raise TagError(name, f"line {number} is not 'checksum path'.")
        digest, path = match[1], match[2]
        warning = None
        if path.startswith("*"):
            path, warning = path[1:], "an md5sum-style '*' before the path was ignored"
        if len(digest) != HASH_LENGTHS[algorithm] or not re.fullmatch(r"[0-9a-fA-F]+", digest):
            raise TagError(name, f"line {number} does not hold a {algorithm} checksum.")
        path = decode_path(path, version)
        if path.startswith("./"):
            path, warning = path[2:], "a './' before the path was ignored"
        reason = out_of_scope(path)
        if reason:
            raise TagError(name, f"line {number}: {reason} ({path!r}).")
        parsed.append(ManifestLine(number, digest.lower(), path, warning))
    return parsed


def parse_fetch(text: str, version: tuple[int, int]) -> list[str]:
    """The payload paths fetch.txt says can be downloaded; each must stay inside data/."""
    paths = []
    for number, line in enumerate(lines(text), 1):
        if not line.strip():
            continue
        parts = line.split(None, 2)
        if len(parts) != 3 or not ((parts[1].isascii() and parts[1].isdigit()) or parts[1] == "-"):
            raise TagError("fetch.txt", f"line {number} is not 'url length path'.")
        path = decode_path(parts[2], version)
        reason = out_of_scope(path)
        if reason or not path.startswith("data/"):
            raise TagError(
                "fetch.txt", f"line {number}: {reason or 'not a payload path'} ({path!r})."
            )
        paths.append(path)
    return paths
