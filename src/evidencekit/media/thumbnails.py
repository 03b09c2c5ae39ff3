"""Pictures from a clip: one thumbnail at a time, or a filmstrip for choosing cut points.

A filmstrip decodes only keyframes: it seeks to each position and takes the
keyframe there, so twenty pictures from an hour-long clip cost twenty seeks,
not an hour of decoding. Pictures come back upright (phone rotation applied)
as BGR arrays that OpenCV and Qt can both use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import cv2
import numpy as np

from evidencekit.domain.errors import MediaError
from evidencekit.domain.tasks import CancelToken
from evidencekit.media.clip_clock import clip_zero, time_base

_TURNS = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_CLOCKWISE}


@dataclass(frozen=True)
class Thumbnail:
    time_s: float  # when the picture is shown in the clip
    image: np.ndarray  # height x width x 3, BGR, upright


def upright_bgr(frame: av.VideoFrame, width: int | None) -> np.ndarray:
    """The frame as BGR, scaled to ``width`` (shape kept) and turned the way it is shown."""
    rotation = round(frame.rotation) % 360
    shown_w = frame.height if rotation in (90, 270) else frame.width
    if width is not None and width < shown_w:
        # Scale before converting and rotating: far fewer pixels to move.
        scale = width / shown_w
        w, h = max(2, round(frame.width * scale)), max(2, round(frame.height * scale))
        image = frame.to_ndarray(format="bgr24", width=w, height=h, interpolation="AREA")
    else:
        image = frame.to_ndarray(format="bgr24")
    turn = _TURNS.get(rotation)
    return cv2.rotate(image, turn) if turn is not None else image


def thumbnail(path: Path, at_s: float, width: int | None = 320) -> Thumbnail:
    """The picture shown at ``at_s`` seconds, exactly (decodes from the keyframe before)."""
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            stream = container.streams.video[0]
            origin = clip_zero(container)  # the clock trim and the player count on
            container.seek(
                int((origin + max(at_s, 0.0)) / time_base(stream)), stream=stream, backward=True
            )
            last = None
            for frame in container.decode(stream):
                if frame.time is None:
                    continue
                if last is not None and frame.time - origin > at_s + 1e-3:
                    break  # ``last`` is the picture on screen at ``at_s``
                last = frame
                if frame.time - origin >= at_s - 1e-3:
                    break
            if last is not None:
                return Thumbnail(last.time - origin, upright_bgr(last, width))
    except (av.error.FFmpegError, IndexError):
        pass
    raise MediaError(str(path), f"no picture could be taken at {at_s:.2f} s.")


def filmstrip(
    path: Path, count: int, width: int = 160, cancel: CancelToken | None = None
) -> list[Thumbnail]:
    """``count`` pictures spread evenly over the clip, each the keyframe nearest its place."""
    if count < 1:
        raise MediaError(str(path), "ask for at least one picture.")
    cancel = cancel or CancelToken()
    pictures: list[Thumbnail] = []
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            stream = container.streams.video[0]
            stream.codec_context.skip_frame = "NONKEY"  # the decoder drops everything else
            stream.thread_type = "SLICE"  # frame threads would delay the one frame we want
            origin = clip_zero(container)  # the clock trim and the player count on
            length = _length(container, stream)
            for i in range(count):
                cancel.raise_if_cancelled()
                at = length * (i + 0.5) / count
                container.seek(int((origin + at) / time_base(stream)), stream=stream, backward=True)
                frame = next((f for f in container.decode(stream) if f.time is not None), None)
                if frame is not None:
                    pictures.append(Thumbnail(frame.time - origin, upright_bgr(frame, width)))
    except (av.error.FFmpegError, IndexError):
        raise MediaError(str(path), "pictures could not be taken from the clip.") from None
    if not pictures:
        raise MediaError(str(path), "pictures could not be taken from the clip.")
    return pictures


def write_jpeg(image: np.ndarray, target: Path, quality: int = 85) -> None:
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise MediaError(str(target), "the picture could not be saved as JPEG.")
    target.write_bytes(encoded.tobytes())


def _length(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> float:
    if stream.duration is not None:
        return float(stream.duration * time_base(stream))
    return container.duration / av.time_base if container.duration else 0.0
