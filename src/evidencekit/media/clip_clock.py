"""A clip's own zero: the time every cut point, duration and picture time counts from.

Cameras rarely start their clocks at 0: an AVCHD camcorder's transport stream
may begin at 100 s, a DVD-style program stream at about 0.5 s, a Matroska file
with Opus sound slightly below 0. Players show the earliest stream's start as
0:00 (so does ``ffmpeg -ss``), so a time the teacher types means that much past
the container's start time, in every stream.
"""

from __future__ import annotations

import av


def clip_zero(container: av.container.InputContainer) -> float:
    """Seconds on the file's clock where the clip's 0:00 is."""
    start = container.start_time
    return start / av.time_base if start is not None else 0.0


def seek_to_keyframe_before(
    container: av.container.InputContainer, video: av.video.stream.VideoStream, at: float
) -> None:
    """Leave the demuxer where the next video keyframe is at or before ``at`` (file clock).

    Transport and program streams have no index: a seek lands by byte estimate,
    often past the keyframe wanted, which would lose a whole group of pictures.
    So each seek is checked by reading ahead, and repeated further back if needed.
    """
    tb = video.time_base
    floor = clip_zero(container)
    back = 0.0
    while True:
        target = max(floor, at - back)
        container.seek(int(target / tb), stream=video, backward=True)
        first = next(
            (p for p in container.demux(video) if p.pts is not None and p.is_keyframe), None
        )
        if first is None or float(first.pts * tb) <= at + 1e-3 or target <= floor:
            container.seek(int(target / tb), stream=video, backward=True)
            return
        back = back * 2 + 1.0
