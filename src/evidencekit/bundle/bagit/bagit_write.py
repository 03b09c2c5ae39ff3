"""Writing BagIt 1.0 tag files: manifest lines, Payload-Oxum, and a whole bag's tags.

Small on purpose: the bundle packer streams its own payload and only needs the
text formats; tests use ``write_bag_tags`` to turn a folder into a valid bag.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from evidencekit.domain.tasks import CancelToken, Reporter

CHUNK = 1 << 20
DECLARATION = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


def encode_path(path: str) -> str:
    """A path as BagIt 1.0 writes it in a manifest: '%', CR and LF percent-encoded."""
    return path.replace("%", "%25").replace("\n", "%0A").replace("\r", "%0D")


def manifest_text(digests: Mapping[str, str]) -> str:
    """Manifest lines ('checksum  path') for bag-relative paths, sorted by path."""
    return "".join(f"{digests[path]}  {encode_path(path)}\n" for path in sorted(digests))


def payload_oxum(sizes: Iterable[int]) -> str:
    """'octets.streams' for the payload files' sizes."""
    count = total = 0
    for size in sizes:
        count += 1
        total += size
    return f"{total}.{count}"


def bag_info_text(fields: Sequence[tuple[str, str]]) -> str:
    """bag-info.txt lines; a value's own line breaks become continuation lines."""
    out = []
    for label, value in fields:
        if not label or ":" in label or label != label.strip() or "\n" in label or "\r" in label:
            raise ValueError(f"{label!r} cannot be a bag-info label")
        folded = "\n  ".join(value.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
        out.append(f"{label}: {folded}\n")
    return "".join(out)


def hash_file(
    path: Path,
    algorithms: Sequence[str] = ("sha256",),
    cancel: CancelToken | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> dict[str, str]:
    """The file's digests, read once in chunks."""
    hashers = {name: hashlib.new(name) for name in algorithms}
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            if cancel is not None:
                cancel.raise_if_cancelled()
            for hasher in hashers.values():
                hasher.update(chunk)
            if on_bytes is not None:
                on_bytes(len(chunk))
    return {name: hasher.hexdigest() for name, hasher in hashers.items()}


def _payload_files(bag: Path) -> list[str]:
    found = []
    for folder, _dirs, files in os.walk(bag / "data"):
        for name in files:
            full = Path(folder, name)
            if not stat.S_ISREG(os.lstat(full).st_mode):
                raise ValueError(f"{full} is not a regular file; a bag holds only files")
            found.append(full.relative_to(bag).as_posix())
    return sorted(found)


def write_bag_tags(
    bag: Path,
    info: Sequence[tuple[str, str]] = (),
    algorithms: Sequence[str] = ("sha256",),
    reporter: Reporter | None = None,
) -> None:
    """Make ``bag`` (a folder holding ``data/``) a BagIt 1.0 bag: bagit.txt, bag-info.txt
    with Payload-Oxum, one payload manifest and one tag manifest per algorithm."""
    reporter = reporter or Reporter.silent()
    files = _payload_files(bag)
    total = sum(os.lstat(bag / f).st_size for f in files) or 1
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        reporter.report(done, total, "Hashing the payload")

    digests = {f: hash_file(bag / f, algorithms, reporter.cancel, advance) for f in files}
    oxum = payload_oxum(os.lstat(bag / f).st_size for f in files)
    fields = [(k, v) for k, v in info if k.lower() != "payload-oxum"]
    tags = {
        "bagit.txt": DECLARATION,
        "bag-info.txt": bag_info_text([*fields, ("Payload-Oxum", oxum)]),
    }
    for name in algorithms:
        tags[f"manifest-{name}.txt"] = manifest_text({f: d[name] for f, d in digests.items()})
    for name, text in tags.items():
        (bag / name).write_text(text, encoding="utf-8", newline="\n")
    for name in algorithms:
        tag_digests = {
            tag: hashlib.new(name, (bag / tag).read_bytes()).hexdigest() for tag in sorted(tags)
        }
        (bag / f"tagmanifest-{name}.txt").write_text(
            manifest_text(tag_digests), encoding="utf-8", newline="\n"
        )
