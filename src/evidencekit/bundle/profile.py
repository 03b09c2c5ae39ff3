"""The strict bundle profile: an archive holds exactly what its signature covers.

A bundle is a BagIt 1.0 bag in a ZIP, and nothing more (docs/bundle-format.md):
the three tag files the tag manifest lists, the tag manifest, the signature,
and the payload files the payload manifest lists. Folder entries, an archive
comment, data descriptors, another manifest of any algorithm, any other BagIt
version or tag-file encoding, and any file the manifests do not list are
refused, naming the entry. Everything here works on the archive's directory
and its small tag files, read in place; nothing is extracted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidencekit.bundle.bagit.bagit_text import TagError, parse_bag_info, parse_manifest
from evidencekit.bundle.errors import BundleRejected, printable
from evidencekit.bundle.signing.seal import (
    SIGNATURE_FILE,
    SIGNED_FILE,
    SealCheck,
    SealState,
    check_signature,
)
from evidencekit.bundle.zip.safezip import ZipArchive
from evidencekit.bundle.zip.zipinspect import FLAG_DESCRIPTOR, ZipEntry

DECLARATION = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
SIGNED_TAG_FILES = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt")
PAYLOAD_MANIFEST = "manifest-sha256.txt"
# Read whole, so capped: a payload manifest of 10,000 long paths stays far below 16 MiB.
TAG_LIMITS = {
    "bagit.txt": 4096,
    "bag-info.txt": 1 << 20,
    PAYLOAD_MANIFEST: 16 << 20,
    SIGNED_FILE: 1 << 20,
    SIGNATURE_FILE: 4096,
}
_ANY_MANIFEST = re.compile(r"(tag)?manifest-[^/]*\.txt")
_DECLARED = re.compile(
    rb"BagIt-Version: *([0-9]{1,6})\.([0-9]{1,6})\r?\n"
    rb"Tag-File-Character-Encoding: *([!-~]{1,64})\r?\n?",
)
_OXUM = re.compile(r"([0-9]{1,20})\.([0-9]{1,20})", re.ASCII)


@dataclass(frozen=True)
class SealedBundle:
    """A bundle whose directory and tag files passed the profile; its bytes are not
    hashed yet (stream_verify does that)."""

    archive: ZipArchive
    base: str  # "" for the old root layout, else the base folder with its "/"
    members: dict[str, ZipEntry]  # bag-relative path -> entry, in archive order
    tags: dict[str, bytes]  # tag files as read here, checked again while streaming
    payload: dict[str, str]  # payload path -> SHA-256 from the signed manifest
    tag_digests: dict[str, str]  # tag file -> SHA-256 from the signed tag manifest
    info: list[tuple[str, str]]
    seal: SealCheck


def _reject(entry: str, reason: str, code: str = "profile") -> BundleRejected:
    return BundleRejected(entry, reason, code)


def _base_folder(entries: list[ZipEntry]) -> str:
    """'' when the bag sits at the zip's root (bundles packed before base folders),
    else the one folder every entry is inside."""
    names = [entry.name for entry in entries]
    if "bagit.txt" in names or not names:
        return ""
    base = names[0].split("/", 1)[0] + "/"
    for name in names:
        if not name.startswith(base):
            raise _reject(name, f"it lies outside the bundle's base folder '{base}'.")
    if base + "bagit.txt" not in names:
        raise _reject("bagit.txt", "the file is missing, so this is not a bag.", "missing")
    return base


def _check_entries(archive: ZipArchive) -> None:
    if archive.comment_length:
        raise _reject("", "the archive has a comment, which a bundle never carries.", "comment")
    for entry in archive.entries:
        if entry.is_dir:
            raise _reject(entry.name, "it is a folder entry; a bundle lists only files.", "folder")
        if entry.flags & FLAG_DESCRIPTOR:
            raise _reject(
                entry.name, "it uses a data descriptor; a bundle's sizes are in its headers.",
                "descriptor",
            )  # fmt: skip


def _check_declaration(raw: bytes) -> None:
    if raw == DECLARATION:
        return
    match = _DECLARED.fullmatch(raw)
    if match is None:
        reason = "it must be exactly 'BagIt-Version: 1.0' and 'Tag-File-Character-Encoding: UTF-8'."
    elif (match[1], match[2]) != (b"1", b"0"):
        version = f"{match[1].decode()}.{match[2].decode()}"
        reason = f"it declares BagIt version {version}; a bundle is BagIt 1.0."
    elif match[3] != b"UTF-8":
        encoding = printable(match[3].decode("ascii"))
        reason = f"it declares the encoding {encoding}; a bundle's tag files are UTF-8."
    else:
        reason = "it must be exactly 'BagIt-Version: 1.0' and 'Tag-File-Character-Encoding: UTF-8'."
    raise _reject("bagit.txt", reason, "declaration")


def _utf8(name: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _reject(name, "the file is not UTF-8 text.", "encoding") from None


def _manifest(name: str, raw: bytes, payload: bool) -> dict[str, str]:
    try:
        lines = parse_manifest(_utf8(name, raw), "sha256", name, (1, 0))
    except TagError as problem:
        raise _reject(problem.file, problem.reason, "manifest") from None
    listed: dict[str, str] = {}
    for line in lines:
        if line.warning:  # a './' or '*' our packer never writes: two readings of one path
            raise _reject(name, f"line {line.line}: {line.warning}.", "manifest")
        if payload != line.path.startswith("data/"):
            kind = "payload" if payload else "tag"
            raise _reject(name, f"line {line.line} lists a file that is not a {kind} file.",
                          "manifest")  # fmt: skip
        if line.path in listed:
            raise _reject(name, f"line {line.line} lists a file a second time.", "manifest")
        listed[line.path] = line.digest
    return listed


def _read_tags(archive: ZipArchive, base: str, members: dict[str, ZipEntry]) -> dict[str, bytes]:
    tags = {}
    for name, limit in TAG_LIMITS.items():
        if name not in members:
            if name == SIGNATURE_FILE:
                continue  # reported as an unsigned bundle, with the rest of the verdict
            raise _reject(name, "the file is missing; every bundle has it.", "missing")
        try:
            tags[name] = archive.read(base + name, max_bytes=limit)
        except BundleRejected as rejected:  # named by its path in the bag, as everywhere
            raise _reject(name, rejected.reason, rejected.code) from None
    return tags


def _check_members(
    members: dict[str, ZipEntry], tag_listed: dict[str, str], payload: dict[str, str]
) -> None:
    if set(tag_listed) != set(SIGNED_TAG_FILES):
        odd = sorted(set(tag_listed) ^ set(SIGNED_TAG_FILES))[0]
        raise _reject(SIGNED_FILE, f"it must list exactly {', '.join(SIGNED_TAG_FILES)}; "
                      f"it differs at '{printable(odd)}'.", "manifest")  # fmt: skip
    covered = {*SIGNED_TAG_FILES, SIGNED_FILE, SIGNATURE_FILE, *payload}
    for name in members:
        if name in covered:
            continue
        if _ANY_MANIFEST.fullmatch(name):
            reason = "it is an extra manifest; a bundle has only the SHA-256 ones."
        else:
            reason = "it is not listed in the signed manifests, so the signature does not cover it."
        raise _reject(name, reason, "unsigned")
    for name in payload:
        if name not in members:
            raise _reject(name, "the manifest lists it, but the archive lacks it.", "missing")


def _bag_info(raw: bytes) -> list[tuple[str, str]]:
    try:
        info = parse_bag_info(_utf8("bag-info.txt", raw))
    except TagError as problem:
        raise _reject(problem.file, problem.reason, "bag-info") from None
    oxums = [value for label, value in info if label.lower() == "payload-oxum"]
    if len(oxums) > 1:
        raise _reject("bag-info.txt", "it gives Payload-Oxum more than once.", "oxum")
    if oxums:
        match = _OXUM.fullmatch(oxums[0])
        if match is None:
            raise _reject("bag-info.txt", "its Payload-Oxum is not 'octets.files' in digits.",
                          "oxum")  # fmt: skip
    return info


def oxum_problem(bundle: SealedBundle) -> str | None:
    """Why the Payload-Oxum disagrees with the payload, or None (also when there is none;
    its form was checked by open_sealed)."""
    oxum = next((v for label, v in bundle.info if label.lower() == "payload-oxum"), None)
    if oxum is None:
        return None
    octets, _dot, files = oxum.partition(".")
    size = sum(bundle.members[path].size for path in bundle.payload)
    if (int(octets), int(files)) == (size, len(bundle.payload)):
        return None
    return (
        f"its Payload-Oxum says {octets} bytes in {files} files; the payload has {size} "
        f"bytes in {len(bundle.payload)} files."
    )


def open_sealed(archive: ZipArchive, trusted: set[str]) -> SealedBundle:
    """The bundle's profile checked (raises BundleRejected naming the entry at fault)
    and its seal judged; nothing is extracted."""
    _check_entries(archive)
    base = _base_folder(archive.entries)
    members = {entry.name[len(base) :]: entry for entry in archive.entries}
    tags = _read_tags(archive, base, members)
    _check_declaration(tags["bagit.txt"])
    if SIGNATURE_FILE in tags:
        seal = check_signature(tags[SIGNATURE_FILE], tags[SIGNED_FILE], trusted)
    else:
        seal = SealCheck(SealState.MISSING, None, "the bundle is not signed.")
    tag_listed = _manifest(SIGNED_FILE, tags[SIGNED_FILE], payload=False)
    payload = _manifest(PAYLOAD_MANIFEST, tags[PAYLOAD_MANIFEST], payload=True)
    _check_members(members, tag_listed, payload)
    info = _bag_info(tags["bag-info.txt"])
    return SealedBundle(archive, base, members, tags, payload, tag_listed, info, seal)
