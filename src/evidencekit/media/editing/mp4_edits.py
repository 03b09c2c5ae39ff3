"""Joins in an MP4/MOV video track's edit list, read from the ``moov`` box alone.

An editor can assemble a clip from pieces of one recording by listing them in
the edit list (``elst``). FFmpeg then plays the pieces as one seamless
timeline, so the timestamps it reports hide the joins; only the list shows
them. Walking box headers skips the media data, so a one-hour file costs the
read of its index, not of its pictures.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# Two pieces whose media times meet within this are one piece split in two.
_CONTIGUOUS_S = 0.05


@dataclass(frozen=True)
class _Edit:
    duration: int  # in the movie's timescale
    media_time: int  # in the track's timescale; -1 for an empty edit (a pause in play)


def edit_list_joins(path: Path) -> list[float]:
    """Seconds into the clip where the video's edit list joins separate pieces."""
    try:
        return _video_joins(path)
    except struct.error:
        return []  # a damaged index: probing has already judged whether the file plays


def _video_joins(path: Path) -> list[float]:
    with path.open("rb") as handle:
        moov = _top_level_box(handle, b"moov")
    if moov is None:
        return []
    movie_scale = _timescale(_child(moov, b"mvhd"))
    for trak in _children(moov, b"trak"):
        mdia = _child(trak, b"mdia")
        hdlr = _child(mdia, b"hdlr") if mdia else None
        if mdia is None or hdlr is None or hdlr[8:12] != b"vide":
            continue
        edts = _child(trak, b"edts")
        elst = _child(edts, b"elst") if edts else None
        media_scale = _timescale(_child(mdia, b"mdhd"))
        if elst is None or not movie_scale or not media_scale:
            return []
        return _joins(_edits(elst), movie_scale, media_scale)
    return []


def _joins(edits: list[_Edit], movie_scale: int, media_scale: int) -> list[float]:
    joins: list[float] = []
    at = 0  # presentation time, movie timescale
    expected: int | None = None  # where the previous piece's media ends
    dwell = False  # an empty edit since the previous piece
    for edit in edits:
        if edit.media_time == -1:
            dwell = expected is not None
        elif edit.duration:
            apart = expected is not None and (
                abs(edit.media_time - expected) > _CONTIGUOUS_S * media_scale
            )
            if apart or dwell:
                joins.append(round(at / movie_scale, 3))
            expected = edit.media_time + edit.duration * media_scale // movie_scale
            dwell = False
        at += edit.duration
    return joins


def _edits(elst: bytes) -> list[_Edit]:
    version = elst[0]
    (count,) = struct.unpack_from(">I", elst, 4)
    layout, size = (">QqI", 20) if version == 1 else (">IiI", 12)
    return [
        _Edit(*struct.unpack_from(layout, elst, 8 + i * size)[:2])
        for i in range(min(count, (len(elst) - 8) // size))
    ]


def _timescale(header: bytes | None) -> int:
    """mvhd and mdhd keep the timescale after their creation and modification times."""
    if header is None:
        return 0
    offset = 20 if header[0] == 1 else 12
    return struct.unpack_from(">I", header, offset)[0] if len(header) >= offset + 4 else 0


def _top_level_box(handle: BinaryIO, kind: bytes) -> bytes | None:
    """The payload of the first top-level box of ``kind``; others are skipped, not read."""
    while True:
        start = handle.tell()
        header = handle.read(8)
        if len(header) < 8:
            return None
        size, found = struct.unpack(">I4s", header)
        header_size = 8
        if size == 1:
            (size,) = struct.unpack(">Q", handle.read(8))
            header_size = 16
        if found == kind:
            if size == 0:
                return handle.read()
            return handle.read(size - header_size)
        if size < header_size:
            return None  # size 0 (to the end) or damaged: nothing after it
        handle.seek(start + size)


def _boxes(payload: bytes) -> Iterator[tuple[bytes, bytes]]:
    offset = 0
    while offset + 8 <= len(payload):
        size, kind = struct.unpack_from(">I4s", payload, offset)
        header_size = 8
        if size == 1 and offset + 16 <= len(payload):
            (size,) = struct.unpack_from(">Q", payload, offset + 8)
            header_size = 16
        elif size == 0:
            size = len(payload) - offset
        if size < header_size:
            return
        yield kind, payload[offset + header_size : offset + size]
        offset += size


def _children(payload: bytes, kind: bytes) -> Iterator[bytes]:
    return (body for found, body in _boxes(payload) if found == kind)


def _child(payload: bytes, kind: bytes) -> bytes | None:
    return next(_children(payload, kind), None)
