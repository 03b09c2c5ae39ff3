"""A capture source that needs no camera: the demo classroom, frame by frame.

It drives a ``Recorder`` exactly as the Qt camera does, so the whole recording
path (and its crash recovery) can be tested on machines without devices.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

import numpy as np

from evidencekit.media.synth import classroom_frame, voice_chunk


class Sink(Protocol):
    """What the source feeds: a ``Recorder``, or anything that takes the same two calls."""

    def add_video(self, frame_bgr: np.ndarray, t: float, /) -> None: ...

    def add_audio(self, samples: np.ndarray, t: float, /) -> None: ...


class SyntheticSource:
    def __init__(
        self, width: int = 640, height: int = 360, fps: int = 15, sample_rate: int = 48_000
    ):
        self.width, self.height, self.fps, self.sample_rate = width, height, fps, sample_rate
        self._rng = np.random.default_rng(3)

    def run(
        self,
        recorder: Sink,
        seconds: float,
        *,
        realtime: bool = False,
        on_second: Callable[[int], None] | None = None,
        start_frame: int = 0,
    ) -> int:
        """Feed ``seconds`` of picture and sound; returns the next frame number."""
        per_frame = self.sample_rate // self.fps
        frames = round(seconds * self.fps)
        started = time.monotonic()
        for index in range(start_frame, start_frame + frames):
            t = index / self.fps
            recorder.add_video(classroom_frame(index, self.fps, self.width, self.height), t)
            chunk = voice_chunk(index * per_frame, per_frame, self._rng, self.sample_rate)
            recorder.add_audio(chunk[np.newaxis, :], t)
            if on_second and index % self.fps == 0:
                on_second(index // self.fps)
            if realtime:
                time.sleep(
                    max(0.0, started + (index - start_frame + 1) / self.fps - time.monotonic())
                )
        return start_frame + frames
