"""Probe answers kept on disk between processes, for files that have not changed.

Probing reads every video packet (see integrity): a tenth of a second for a
two-minute clip, a second or two for an hour. Each command-line run is a new
process, so ``media info`` and then ``media trim`` would read the whole file
twice, and a trim would cost more than the copy it makes. The answer is
therefore kept in the user's cache folder under the file's identity: its path,
device, inode, size, modification time and change time. No program can set the
change time back, so a file rewritten in place, even with its modification
time restored, is examined again. The versions of this format, of the app and
of FFmpeg's demuxers are part of the key, and so is the caller's ``code`` (probe
gives the modification times of the modules that find the facts), so an upgrade
or an edit examines files again. This store knows nothing of how facts are found.

Only answers for usable files are kept: a damaged or unreadable file is
examined every time, so it gets the same sentence everywhere. An entry that
cannot be read or does not fit the current facts is ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import zlib
from pathlib import Path
from typing import Any

import av

from evidencekit import __version__

FORMAT = 1
KEEP = 512  # entries; the oldest go when more are written


def cache_folder() -> Path:
    if sys.platform.startswith("linux"):  # platformdirs' answer, without its import
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        root = Path(base) if base else Path.home() / ".cache"
        return root / "EvidenceKit" / "probe"
    from platformdirs import user_cache_path

    return user_cache_path("EvidenceKit", appauthor=False) / "probe"


def _key(identity: tuple[Any, ...], code: tuple[Any, ...]) -> str:
    versions = (FORMAT, __version__, av.__version__, av.library_versions.get("libavformat"))
    return repr((versions, code, identity))


def _entry(key: str) -> Path:
    # The name only spreads entries out (zlib is loaded anyway, hashlib is not); the
    # whole key is inside the entry and must match.
    return cache_folder() / f"{zlib.crc32(key.encode()):08x}-{len(key)}.json"


def recall(identity: tuple[Any, ...], code: tuple[Any, ...]) -> dict[str, Any] | None:
    """The facts kept for this file identity by this ``code``, or None."""
    key = _key(identity, code)
    try:
        entry = json.loads(_entry(key).read_bytes())
    except (OSError, ValueError, RuntimeError):  # RuntimeError: no home folder to look in
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    facts = entry.get("facts")
    return facts if isinstance(facts, dict) else None


def remember(identity: tuple[Any, ...], code: tuple[Any, ...], facts: dict[str, Any]) -> None:
    """Keep ``facts`` for this file identity; a cache that cannot be written is no error."""
    key = _key(identity, code)
    with contextlib.suppress(OSError, RuntimeError):
        target = _entry(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.stem}.{os.getpid()}.tmp")
        temp.write_text(json.dumps({"key": key, "facts": facts}), "utf-8")
        os.replace(temp, target)  # a reader sees the whole entry or none
        _prune(target.parent)


def _prune(folder: Path) -> None:
    entries = list(folder.glob("*.json"))
    if len(entries) <= KEEP:
        return
    entries.sort(key=lambda p: p.stat().st_mtime)
    for old in entries[: len(entries) - KEEP]:
        with contextlib.suppress(OSError):
            old.unlink()
