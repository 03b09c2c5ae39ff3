"""Finding recordings a crash interrupted, and turning them back into clips.

An interrupted recording is a fragmented MP4 cut off somewhere after its last
complete fragment. Recovery copies its packets (no re-encoding) into a plain
MP4 with the index at the front, keeping whatever the fragments hold, and
returns the bookmarks the sidecar saved (its pauses go beside the clip).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.domain.errors import MediaError
from evidencekit.domain.submissions import Bookmark
from evidencekit.media.recording.recording_sidecar import (
    PARTIAL_SUFFIX,
    SIDECAR_SUFFIX,
    RecordingState,
    read_sidecar,
)
from evidencekit.media.takes import save_pauses

if TYPE_CHECKING:
    from evidencekit.media.probe import MediaInfo

# PyAV is imported where a partial recording is read: the app looks for them at every start.


@dataclass(frozen=True)
class Interrupted:
    partial: Path
    sidecar: Path | None
    state: RecordingState | None
    info: MediaInfo | None  # None when nothing playable survived

    @property
    def recoverable(self) -> bool:
        return self.info is not None and self.info.duration_s > 0


def find_interrupted(folder: Path) -> list[Interrupted]:
    """Recordings in ``folder`` that were never finished, oldest first."""
    from evidencekit.media.probe import probe

    found = []
    for partial in sorted(folder.glob(f"*{PARTIAL_SUFFIX}"), key=lambda p: p.stat().st_mtime):
        sidecar = partial.with_name(partial.name[: -len(PARTIAL_SUFFIX)] + SIDECAR_SUFFIX)
        state = None
        if sidecar.exists():
            try:
                state = read_sidecar(sidecar)
            except (ValueError, TypeError, KeyError):
                state = None  # a sidecar cut off mid-write: the clip may still be saved
        try:
            info = probe(partial)
        except MediaError:
            info = None
        found.append(Interrupted(partial, sidecar if sidecar.exists() else None, state, info))
    return found


def recover(item: Interrupted, target: Path) -> tuple[Path, list[Bookmark]]:
    """Copy what survived into ``target``; remove the leftovers only once that is safe."""
    from evidencekit.media.probe import probe

    if not item.recoverable:
        raise MediaError(str(item.partial), "nothing playable was saved before the interruption.")
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".recovering-", suffix=".mp4")
    os.close(fd)
    try:
        _remux(item.partial, Path(temp_name))
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    duration = probe(target).duration_s
    bookmarks = [b for b in (item.state.bookmarks if item.state else []) if b.seconds <= duration]
    save_pauses(target, [p for p in (item.state.pauses if item.state else []) if p < duration])
    item.partial.unlink()
    if item.sidecar is not None:
        item.sidecar.unlink(missing_ok=True)
    return target, bookmarks


def _remux(source: Path, target: Path) -> None:
    import av

    with (
        av.open(str(source)) as inp,
        av.open(str(target), "w", format="mp4", options={"movflags": "faststart"}) as out,
    ):
        mapping = {}
        for stream in inp.streams:
            if stream.type in ("video", "audio"):
                mapping[stream.index] = out.add_stream_from_template(stream)
        try:
            for packet in inp.demux(*[inp.streams[i] for i in mapping]):
                if packet.dts is None:
                    continue  # the flush packet at the end of each stream
                packet.stream = mapping[packet.stream.index]
                out.mux(packet)
        except av.error.FFmpegError:
            pass  # the cut-off tail: everything before it has been copied
        with open(target, "rb+") as handle:
            os.fsync(handle.fileno())
