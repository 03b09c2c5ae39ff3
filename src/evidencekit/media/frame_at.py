"""One frame of a clip, found by its number, as a BGR picture in stored orientation.

The review of face tracks draws boxes over it, and boxes are in stored pixels,
so the picture is not turned upright here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.domain.errors import MediaError

if TYPE_CHECKING:  # for the annotation only: NumPy is not needed to open the review
    import numpy as np


def frame_at(path: Path, frame_times_ms: Sequence[int], index: int) -> np.ndarray:
    """Frame ``index`` (counted as face finding counts them) at full size."""
    if not 0 <= index < len(frame_times_ms):
        raise MediaError(str(path), f"the clip has no frame {index}.")
    wanted = frame_times_ms[index]
    import av  # loaded when a frame is first shown, not at the app's start

    from evidencekit.media.clip_clock import time_base

    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            stream = container.streams.video[0]
            origin = container.start_time / av.time_base if container.start_time else 0.0
            if wanted > 0:
                target = origin + wanted / 1000
                container.seek(int(target / time_base(stream)), stream=stream, backward=True)
            last = None
            for frame in container.decode(stream):
                if frame.time is None:
                    continue
                if round((frame.time - origin) * 1000) > wanted + 1:
                    break
                last = frame
            if last is not None:
                return last.to_ndarray(format="bgr24")
    except (av.error.FFmpegError, IndexError):
        pass
    raise MediaError(str(path), "no picture could be taken from the clip.")
