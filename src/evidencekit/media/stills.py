"""A still picture from a clip, as JPEG bytes (for the portfolio's clip index)."""

from __future__ import annotations

from pathlib import Path

import av
import cv2
import numpy as np

from evidencekit.domain.errors import MediaError


def still_jpeg(path: Path | str, at_s: float, width: int = 320) -> bytes:
    """The first frame at or after ``at_s`` seconds, scaled to ``width``, upright."""
    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            if at_s > 0 and stream.time_base is not None:
                container.seek(int(at_s / stream.time_base), stream=stream)
            for frame in container.decode(stream):
                if frame.time is not None and frame.time + 1e-3 < at_s:
                    continue
                image: np.ndarray = frame.to_ndarray(format="bgr24")
                turns = {
                    90: cv2.ROTATE_90_COUNTERCLOCKWISE,
                    180: cv2.ROTATE_180,
                    270: cv2.ROTATE_90_CLOCKWISE,
                }.get(round(frame.rotation) % 360)
                if turns is not None:
                    image = cv2.rotate(image, turns)
                height = round(image.shape[0] * width / image.shape[1])
                small = cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)
                ok, encoded = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 82])
                if ok:
                    return encoded.tobytes()
    except (av.error.FFmpegError, IndexError):
        pass
    raise MediaError(str(path), "no picture could be taken from the clip.")
