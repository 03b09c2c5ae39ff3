"""Hostile variants of a real, correctly sealed bundle: each names the check it must trip.

Unlike ``hostile_cases`` (archives no honest tool would write), these are bundles a
signer could actually produce, or a good bundle with one thing added or changed:
most are re-sealed with the teacher's own key, so only the strict profile, the
bounded parsers or the manifest (never the seal) can be what refuses them. Each
case gives the bundle's bytes, the entry the refusal must name and a fragment of
its reason.
"""

from __future__ import annotations

import hashlib
import json
import random
import struct
from collections.abc import Callable
from typing import Any

import pytest

from evidencekit.bundle.bagit.bagit_write import bag_info_text, manifest_text
from evidencekit.bundle.signing.seal import fingerprint, signature_file
from tests.bundle.pack_fixtures import ESSAY, TEACHER
from tests.bundle.zipcraft import Entry, build, extra_block

BASE = "spring/"
DECLARATION = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
VIDEO = random.Random(5).randbytes(3000)
SIGNER = fingerprint(TEACHER.public_key())
TEXT_SUFFIXES = (".txt", ".md", ".json", ".html")


def document(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema_version": 1,
        "app_version": "0.1.0",
        "credential": {
            "id": "checking-for-understanding",
            "version": "1.0",
            "title": "Checking for Understanding",
            "unit": "wait-time",
        },
        "submission": {"title": "Spring, Grade 5", "attempt": 1, "signer": SIGNER},
        "evidence": [
            {
                "slot": "q-clip",
                "kind": "clip",
                "title": "Wait time",
                "path": "data/video/q-clip-1.mp4",
                "sha256": hashlib.sha256(VIDEO).hexdigest(),
                "size_bytes": len(VIDEO),
                "duration_s": 12.5,
                "has_audio": True,
            },
            {"slot": "q-reflection", "kind": "text", "title": "Reflection", "path":
             "data/text/q-reflection.md", "words": 8},
        ],
        "warnings": [],
    }  # fmt: skip
    doc.update(changes)
    return doc


def payload(metadata: bytes | None = None) -> dict[str, bytes]:
    return {
        "data/video/q-clip-1.mp4": VIDEO,
        "data/text/q-reflection.md": ESSAY,
        "data/submission.json": metadata
        if metadata is not None
        else json.dumps(document()).encode(),
    }


def info(**extra: str) -> list[tuple[str, str]]:
    return [("Bagging-Date", "2026-11-22"), ("EvidenceKit-Signer", SIGNER), *extra.items()]


def sealed(
    files: dict[str, bytes] | None = None,
    *,
    bag_info: list[tuple[str, str]] | None = None,
    oxum: str | None = None,
    declaration: bytes = DECLARATION,
    bag_info_raw: bytes | None = None,
    manifest_raw: bytes | None = None,
    extra_tags: dict[str, bytes] | None = None,
    tag_lines: str = "",
) -> dict[str, bytes]:
    """A bag's members (bag-relative), signed by the teacher over whatever it holds."""
    files = payload() if files is None else files
    size = sum(len(v) for v in files.values())
    fields = [*(bag_info or info()), ("Payload-Oxum", oxum or f"{size}.{len(files)}")]
    digests = {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}
    tags = {
        "bagit.txt": declaration,
        "bag-info.txt": bag_info_raw or bag_info_text(fields).encode(),
        "manifest-sha256.txt": manifest_raw or manifest_text(digests).encode(),
        **(extra_tags or {}),
    }
    listed = {name: hashlib.sha256(data).hexdigest() for name, data in tags.items()}
    tagmanifest = (manifest_text(listed) + tag_lines).encode()
    return {
        **files,
        **tags,
        "tagmanifest-sha256.txt": tagmanifest,
        "signature-ed25519.txt": signature_file(TEACHER, tagmanifest),
    }


def zipped(
    members: dict[str, bytes],
    base: str = BASE,
    tweak: Callable[[list[Entry]], None] | None = None,
    compress: bool = True,
    **layout: Any,
) -> bytes:
    """The members zipped in a base folder (text deflated, media stored, as packed;
    without ``compress`` all stored, so repetitive test data is no zip bomb)."""
    entries = [
        Entry((base + name).encode(), data,
              method=8 if compress and name.endswith(TEXT_SUFFIXES) else 0)
        for name, data in members.items()
    ]  # fmt: skip
    if tweak is not None:
        tweak(entries)
    return build(entries, **layout)


GOOD = sealed()
CASES: list[Any] = []


def case(case_id: str, archive: bytes, entry: str, reason: str) -> None:
    CASES.append(pytest.param(archive, entry, reason, id=case_id))


def plus(**added: bytes) -> dict[str, bytes]:
    return {**GOOD, **{name.replace("__", "/"): data for name, data in added.items()}}


def at(name: str, **fields: Any) -> Callable[[list[Entry]], None]:
    """A tweak that changes the fields of the entry for bag path ``name``."""

    def tweak(entries: list[Entry]) -> None:
        for entry in entries:
            if entry.name.decode().endswith("/" + name) or entry.name.decode() == name:
                for key, value in fields.items():
                    setattr(entry, key, value)

    return tweak


def metadata_case(case_id: str, raw: bytes, reason: str) -> None:
    """submission.json replaced by ``raw`` and the bundle sealed again around it."""
    case(case_id, zipped(sealed(payload(raw)), compress=False), "data/submission.json", reason)


def evidence_path_case(case_id: str, path: str) -> None:
    doc = document()
    doc["evidence"][0]["path"] = path
    metadata_case(case_id, json.dumps(doc).encode(), "not a file in the signed payload manifest")


def sound_track_path_case(case_id: str, path: str) -> None:
    """A clip's second sound track naming a file the signature does not cover."""
    doc = document()
    doc["evidence"][0]["sound_tracks"] = [{"track": 1}, {"track": 2, "path": path}]
    metadata_case(case_id, json.dumps(doc).encode(), "not a file in the signed payload manifest")


UNSIGNED = "not listed in the signed manifests"
EXTRA_MANIFEST = "extra manifest"

# -- Anything the signature does not cover ----------------------------------------------------
case("extra-root-file", zipped(plus(**{"notes.txt": b"hi"})), "notes.txt", UNSIGNED)
case("extra-folder-html", zipped(plus(extra__evil_html=b"<script>")), "extra/evil_html", UNSIGNED)
case("extra-home-dotfile", zipped(plus(**{"~/.bashrc": b"rm -rf ~"})), "~/.bashrc", UNSIGNED)
case("extra-payload-file", zipped(plus(**{"data/evil.html": b"<script>"})), "data/evil.html",
     UNSIGNED)  # fmt: skip
case("extra-payload-deep", zipped(plus(**{"data/a/b/c.txt": b"x"})), "data/a/b/c.txt", UNSIGNED)
for algorithm in ("md5", "sha1", "sha512"):
    case(f"extra-manifest-{algorithm}", zipped(plus(**{f"manifest-{algorithm}.txt": b""})),
         f"manifest-{algorithm}.txt", EXTRA_MANIFEST)  # fmt: skip
    case(f"extra-tagmanifest-{algorithm}", zipped(plus(**{f"tagmanifest-{algorithm}.txt": b""})),
         f"tagmanifest-{algorithm}.txt", EXTRA_MANIFEST)  # fmt: skip
case("extra-fetch-txt", zipped(plus(**{"fetch.txt": b"http://x 1 data/y\n"})), "fetch.txt",
     UNSIGNED)  # fmt: skip
case("signature-copy", zipped(plus(**{"signature-ed25519.txt.bak": GOOD["signature-ed25519.txt"]})),
     "signature-ed25519.txt.bak", UNSIGNED)  # fmt: skip
case(
    "extra-tag-file-listed-and-resealed",
    zipped(sealed(extra_tags={"notes.txt": b"signed, but not in the profile"})),
    "tagmanifest-sha256.txt",
    "must list exactly",
)
case(
    "extra-manifest-listed-and-resealed",
    zipped(sealed(extra_tags={"manifest-md5.txt": b""})),
    "tagmanifest-sha256.txt",
    "must list exactly",
)
case(
    "tag-manifest-omits-bag-info",
    zipped({**GOOD, "tagmanifest-sha256.txt": b"", "signature-ed25519.txt": signature_file(
        TEACHER, b"")}),
    "tagmanifest-sha256.txt",
    "must list exactly",
)  # fmt: skip
case(
    "manifest-lists-a-missing-file",
    zipped({k: v for k, v in GOOD.items() if k != "data/text/q-reflection.md"}),
    "data/text/q-reflection.md",
    "archive lacks it",
)
case("missing-bagit-txt", zipped({k: v for k, v in GOOD.items() if k != "bagit.txt"}),
     "bagit.txt", "missing")  # fmt: skip
case("missing-bag-info", zipped({k: v for k, v in GOOD.items() if k != "bag-info.txt"}),
     "bag-info.txt", "missing")  # fmt: skip
case(
    "missing-tag-manifest",
    zipped({k: v for k, v in GOOD.items() if k != "tagmanifest-sha256.txt"}),
    "tagmanifest-sha256.txt",
    "missing",
)
case("unsigned", zipped({k: v for k, v in GOOD.items() if k != "signature-ed25519.txt"}),
     "signature-ed25519.txt", "not signed")  # fmt: skip
case("payload-changed", zipped({**GOOD, "data/text/q-reflection.md": b"Someone else's words.\n"}),
     "data/text/q-reflection.md", "checksum does not match")  # fmt: skip
case(
    "tag-manifest-edited-after-signing",
    zipped({**GOOD, "tagmanifest-sha256.txt": GOOD["tagmanifest-sha256.txt"] + b"\n"}),
    "signature-ed25519.txt",
    "was changed",
)

# -- Format deviations -------------------------------------------------------------------------
case("folder-entry", zipped(GOOD, tweak=lambda e: e.append(Entry(b"spring/data/empty/"))),
     "spring/data/empty/", "folder entry")  # fmt: skip
case("base-folder-entry", zipped(GOOD, tweak=lambda e: e.insert(0, Entry(b"spring/"))),
     "spring/", "folder entry")  # fmt: skip
case("archive-comment", zipped(GOOD, comment=b"made by hand"), "", "comment")
case(
    "data-descriptor",
    zipped(GOOD, tweak=at("bag-info.txt", flags=0x808)),
    "spring/bag-info.txt",
    "data descriptor",
)
for version in (b"0.97", b"1.1", b"2.0", b"0.96"):
    case(f"bagit-version-{version.decode()}",
         zipped(sealed(declaration=DECLARATION.replace(b"1.0", version))), "bagit.txt",
         f"version {version.decode()}")  # fmt: skip
case("bagit-version-superscript",
     zipped(sealed(declaration=DECLARATION.replace(b"1.0", "1.²".encode()))), "bagit.txt",
     "must be exactly")  # fmt: skip
case("bagit-version-5000-digits",
     zipped(sealed(declaration=DECLARATION.replace(b"1.0", b"1." + b"9" * 5000))), "bagit.txt",
     "larger than the 4096 bytes")  # fmt: skip
case("bagit-version-2000-digits",
     zipped(sealed(declaration=DECLARATION.replace(b"1.0", b"1." + b"9" * 2000))), "bagit.txt",
     "must be exactly")  # fmt: skip
for encoding in (b"ISO-8859-1", b"UTF-16", b"utf-8", b"US-ASCII"):
    case(f"encoding-{encoding.decode()}",
         zipped(sealed(declaration=DECLARATION.replace(b"UTF-8", encoding))), "bagit.txt",
         f"encoding {encoding.decode()}")  # fmt: skip
case("bagit-txt-crlf", zipped(sealed(declaration=DECLARATION.replace(b"\n", b"\r\n"))),
     "bagit.txt", "must be exactly")  # fmt: skip
case("bagit-txt-bom", zipped(sealed(declaration=b"\xef\xbb\xbf" + DECLARATION)), "bagit.txt",
     "must be exactly")  # fmt: skip
case("bag-info-latin1", zipped(sealed(bag_info_raw=b"Contact-Name: Jos\xe9\n")), "bag-info.txt",
     "not UTF-8")  # fmt: skip
case(
    "manifest-dot-slash",
    zipped(sealed(manifest_raw=GOOD["manifest-sha256.txt"].replace(b"  data/", b"  ./data/"))),
    "manifest-sha256.txt",
    "'./'",
)
case(
    "manifest-lists-a-file-twice",
    zipped(sealed(manifest_raw=GOOD["manifest-sha256.txt"] * 2)),
    "manifest-sha256.txt",
    "second time",
)
case(
    "manifest-lists-a-tag-file",
    zipped(sealed(manifest_raw=GOOD["manifest-sha256.txt"] + b"0" * 64 + b"  bagit.txt\n")),
    "manifest-sha256.txt",
    "not a payload file",
)
case(
    "manifest-climbs-out",
    zipped(sealed(manifest_raw=b"0" * 64 + b"  data/../../etc/passwd\n")),
    "manifest-sha256.txt",
    "'..'",
)

# -- Layout ------------------------------------------------------------------------------------
case(
    "member-outside-the-base-folder",
    zipped(GOOD, tweak=lambda e: e.append(Entry(b"other/notes.txt", b"x"))),
    "other/notes.txt",
    "outside the bundle's base folder",
)
case(
    "two-base-folders",
    zipped(GOOD, tweak=lambda e: setattr(e[-1], "name", b"autumn/" + e[-1].name[7:])),
    "autumn/signature-ed25519.txt",
    "outside the bundle's base folder",
)

# -- Payload-Oxum ------------------------------------------------------------------------------
OXUM = "its Payload-Oxum is not"
for case_id, oxum in (
    ("oxum-superscript", "²."),
    ("oxum-5000-digits", "9" * 5000 + ".3"),
    ("oxum-arabic-indic-digits", "١٢.3"),
    ("oxum-negative", "-1.3"),
    ("oxum-no-dot", "12345"),
    ("oxum-spaces-inside", "12 3.3"),
    ("oxum-hex", "0x10.3"),
):
    case(case_id, zipped(sealed(oxum=oxum)), "bag-info.txt", OXUM)
case("oxum-wrong-count", zipped(sealed(oxum="1.1")), "bag-info.txt", "the payload has")
case(
    "oxum-twice",
    zipped(sealed(bag_info=[*info(), ("Payload-Oxum", "1.1")])),
    "bag-info.txt",
    "more than once",
)

# -- Metadata: paths only from the manifest, parsing within limits -----------------------------
evidence_path_case("evidence-path-traversal", "data/../../../../etc/passwd")
evidence_path_case("evidence-path-dev-zero", "data/../../../../dev/zero")
evidence_path_case("evidence-path-unlisted", "data/video/not-there.mp4")
evidence_path_case("evidence-path-tag-file", "data/../bagit.txt")
evidence_path_case("evidence-path-case-twin", "data/VIDEO/q-clip-1.mp4")
sound_track_path_case("sound-track-unlisted", "data/video/q-clip-1.track-2.m4a")
sound_track_path_case("sound-track-traversal", "data/../../etc/passwd")
metadata_case("metadata-5000-digit-integer",
              json.dumps(document()).replace('"attempt": 1', '"attempt": ' + "9" * 5000).encode(),
              "number is longer")  # fmt: skip
metadata_case("metadata-nested-20000-deep",
              b'{"x": ' + b"[" * 20_000 + b"]" * 20_000 + b"}", "nested deeper")  # fmt: skip
metadata_case("metadata-nan", json.dumps(document()).replace("12.5", "NaN").encode(), "NaN")
metadata_case("metadata-infinite-float",
              json.dumps(document()).replace("12.5", "1e999").encode(), "too large")  # fmt: skip
DUPLICATE_KEY = json.dumps(document())[:-1].encode() + b', "warnings": []}'
metadata_case("metadata-duplicate-key", DUPLICATE_KEY, "same key twice")
metadata_case("metadata-not-utf8", b'{"title": "\xff"}', "not UTF-8")
metadata_case("metadata-not-json", b"{'single': 'quotes'}", "not valid JSON")
metadata_case("metadata-truncated", json.dumps(document()).encode()[:-5], "not valid JSON")
metadata_case(
    "metadata-2000-evidence-entries",
    json.dumps(document(evidence=[{"slot": "x", "kind": "attestation", "title": "t"}] * 2000))
    .encode(),
    "at most 1000",
)  # fmt: skip
MANY_VALUES = json.dumps(document(warnings=[[0] * 1000] * 120)).encode()
metadata_case("metadata-too-many-values", MANY_VALUES, "more than 100000")
metadata_case("metadata-over-8-mib", b'{"pad": "' + b"x" * (8 * 2**20) + b'"}', "larger than")
metadata_case("metadata-schema-violation", json.dumps(document(schema_version=2)).encode(),
              "schema_version")  # fmt: skip
case(
    "metadata-missing",
    zipped(sealed({k: v for k, v in payload().items() if k != "data/submission.json"})),
    "data/submission.json",
    "missing",
)
case(
    "signer-with-terminal-escapes",
    zipped(sealed(bag_info=[("EvidenceKit-Signer", "\x1b]0;pwned\x07\x1b[2J")])),
    "bag-info.txt",
    "\\u001b]0;pwned",
)


# -- ZIP64 values outside the file -------------------------------------------------------------
def zip64_offset(value: int) -> Callable[[list[Entry]], None]:
    """The first entry's central offset as a ZIP64 value (the 32-bit field says 'see ZIP64')."""

    def tweak(entries: list[Entry]) -> None:
        entries[0].central_offset = 0xFFFFFFFF
        entries[0].central_extra = extra_block(1, struct.pack("<Q", value))

    return tweak


def zip64_csize(value: int) -> Callable[[list[Entry]], None]:
    def tweak(entries: list[Entry]) -> None:
        entries[0].central_csize = 0xFFFFFFFF
        entries[0].central_extra = extra_block(1, struct.pack("<Q", value))

    return tweak


VIDEO_ENTRY = "spring/data/video/q-clip-1.mp4"
case("zip64-offset-2-64-minus-1", zipped(GOOD, tweak=zip64_offset(2**64 - 1)), VIDEO_ENTRY,
     "past the end of the file")  # fmt: skip
case("zip64-offset-2-62", zipped(GOOD, tweak=zip64_offset(2**62)), VIDEO_ENTRY,
     "past the end of the file")  # fmt: skip
case("zip64-csize-2-64-minus-16", zipped(GOOD, tweak=zip64_csize(2**64 - 16)), VIDEO_ENTRY,
     "past the end of the file")  # fmt: skip


def huge_descriptor(entries: list[Entry]) -> None:
    """The audit's case: a streamed ZIP64 entry whose data descriptor claims 2**64 - 16."""
    first = entries[0]
    first.flags, first.zip64 = 0x808, True
    first.descriptor = struct.pack("<4sIQQ", b"PK\x07\x08", 0, 2**64 - 16, len(first.data))


case("zip64-descriptor-csize-2-64-minus-16", zipped(GOOD, tweak=huge_descriptor), VIDEO_ENTRY,
     "data descriptor")  # fmt: skip
