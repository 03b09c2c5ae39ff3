"""Jumps in a clip's own timeline: where an export joined pieces recorded apart.

Packets are demuxed, never decoded, so a one-hour file costs one read (as the
copy into the media store does anyway). A jump is a wait between pictures far
longer than the clip's usual frame interval. A screen recording or a slideshow
may hold one picture for seconds while the sound runs on: when the sound plays
through the whole wait, it is a still picture, not a join. (MP4 stores a gap
in the sound as one long packet, so each sound packet counts for the usual
packet length, not its own.)
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import pairwise
from pathlib import Path
from statistics import median

# A wait counts as a jump past both: far beyond the frame interval, and long enough to notice.
_JUMP_FACTOR = 10
_MIN_JUMP_S = 1.0
# Sound may stop this short of the wait's ends and still count as running through it.
_SOUND_SLACK_S = 0.2


def timeline_jumps(path: Path) -> list[float]:
    """Seconds into the clip where its pictures jump ahead in time."""
    import av  # loaded when a clip is first added, not at the app's start

    pictures: list[float] = []
    sound: list[float] = []
    lengths: list[float] = []
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            video = container.streams.video[0]
            streams = [video, *container.streams.audio[:1]]
            for packet in container.demux(*streams):
                if packet.pts is None or packet.time_base is None:
                    continue
                start = float(packet.pts * packet.time_base)
                if packet.stream.index == video.index:
                    pictures.append(start)
                else:
                    sound.append(start)
                    lengths.append(float((packet.duration or 0) * packet.time_base))
    except av.error.FFmpegError:
        pass  # a damaged stretch ends the scan; probing has judged whether the file plays
    pictures.sort()  # demuxed in decoding order; B-frames come back in display order
    waits = [b - a for a, b in pairwise(pictures)]
    if not waits:
        return []
    limit = max(_MIN_JUMP_S, _JUMP_FACTOR * median(waits))
    sound.sort()
    length = median(lengths) if lengths else 0.0
    return [
        round(pictures[i + 1] - pictures[0], 3)
        for i, wait in enumerate(waits)
        if wait > limit and not _sound_through(sound, length, pictures[i], pictures[i + 1])
    ]


def _sound_through(starts: list[float], length: float, begin: float, end: float) -> bool:
    """Whether sound packets of ``length`` play without a break from ``begin`` to ``end``."""
    reach = begin
    for start in starts[max(0, bisect_left(starts, begin) - 1) :]:
        if start > reach + _SOUND_SLACK_S:
            return False
        reach = max(reach, start + length)
        if reach >= end - _SOUND_SLACK_S:
            return True
    return False
