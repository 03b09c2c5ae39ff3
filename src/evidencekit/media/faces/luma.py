"""Grey, shrunk pictures of a clip's frames, numbered, for finding and following faces.

Faces are found and followed on the brightness plane alone, scaled down: that
is most of the speed. For YUV video the brightness plane is read in place, with
no colour conversion. Frames are numbered in the order they are shown, from 0;
the renderer numbers them the same way, so a box for frame n lands on frame n.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import av
import cv2
import numpy as np

from evidencekit.domain.errors import MediaError
from evidencekit.media.clip_clock import time_base

# Formats whose first plane is 8-bit brightness at full size.
_EIGHT_BIT_YUV = frozenset(
    ("yuv420p", "yuvj420p", "yuv422p", "yuvj422p", "yuv444p", "yuvj444p", "nv12", "nv21")
)


@dataclass(frozen=True)
class GreyFrame:
    index: int
    time_ms: int  # from the clip's start
    small: np.ndarray  # grey, shrunk by ``scale``
    scale: float  # small pixels per stored pixel
    rotation: int  # display rotation, counter-clockwise degrees


def luma(frame: av.VideoFrame) -> np.ndarray:
    """The frame's brightness at full size (a view into the frame for YUV formats)."""
    if frame.format.name in _EIGHT_BIT_YUV:
        plane = frame.planes[0]
        if plane.width == frame.width and plane.buffer_size >= plane.line_size * frame.height:
            rows = np.frombuffer(memoryview(plane), np.uint8, plane.line_size * frame.height)
            return rows.reshape(frame.height, plane.line_size)[:, : frame.width]
    return frame.to_ndarray(format="gray")


def shrink(gray: np.ndarray, long_side: int) -> tuple[np.ndarray, float]:
    scale = min(1.0, long_side / max(gray.shape))
    if scale >= 1.0:
        return np.ascontiguousarray(gray), 1.0
    size = (max(1, round(gray.shape[1] * scale)), max(1, round(gray.shape[0] * scale)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA), scale


def grey_frames(
    path: Path,
    long_side: int,
    *,
    from_ms: int = 0,
    frame_times_ms: Sequence[int] | None = None,
) -> Iterator[GreyFrame]:
    """Every frame from ``from_ms`` on. Seeking needs ``frame_times_ms`` to know the numbers."""
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            origin = container.start_time / av.time_base if container.start_time else 0.0
            if from_ms > 0:
                if frame_times_ms is None:
                    raise ValueError("seeking needs the clip's frame times")
                target = origin + from_ms / 1000
                container.seek(int(target / time_base(stream)), stream=stream, backward=True)
            index = -1
            for frame in container.decode(stream):
                if frame.time is None:
                    continue
                time_ms = round((frame.time - origin) * 1000)
                if frame_times_ms is not None and from_ms > 0:
                    index = _nearest(frame_times_ms, time_ms)
                else:
                    index += 1
                if time_ms < from_ms - 1:
                    continue
                small, scale = shrink(luma(frame), long_side)
                yield GreyFrame(index, time_ms, small, scale, round(frame.rotation) % 360)
    except av.error.FFmpegError as exc:
        raise MediaError(str(path), f"the video could not be read ({exc.strerror}).") from None
    except IndexError:
        raise MediaError(str(path), "the file has no video.") from None


def _nearest(times: Sequence[int], ms: int) -> int:
    i = bisect.bisect_left(times, ms)
    if i == len(times):
        return len(times) - 1
    if i > 0 and ms - times[i - 1] < times[i] - ms:
        return i - 1
    return i
