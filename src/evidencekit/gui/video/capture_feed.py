"""Hands captured pictures and sound to a Recorder on a thread of its own.

Capture callbacks arrive on the GUI thread (Qt camera, microphone) or on a
source's own thread (the synthetic source); encoding H.264 there would stall
the preview, so they only queue the data here. If the encoder falls behind,
pictures are dropped (the clip stutters) but sound never is (gaps in speech
are what an evaluator notices). Qt-free.
"""

from __future__ import annotations

import queue
import threading

import cv2
import numpy as np

from evidencekit.media.recording.recorder import Recorder

_CLOSE = object()


class RecordingFeed:
    def __init__(self, recorder: Recorder, *, max_pictures_waiting: int = 30) -> None:
        self.recorder = recorder
        self.dropped_pictures = 0
        self.error: BaseException | None = None
        self._size = (recorder.state.width, recorder.state.height)
        self._max_waiting = max_pictures_waiting
        self._pictures_waiting = 0
        self._count_lock = threading.Lock()
        # ("video" | "audio", pixels or samples, seconds), then _CLOSE
        self._queue: queue.SimpleQueue[tuple[str, np.ndarray, float] | object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._drain, name="recording-feed")
        self._thread.start()

    def video(self, frame_bgr: np.ndarray, t: float) -> None:
        with self._count_lock:
            if self._pictures_waiting >= self._max_waiting:
                self.dropped_pictures += 1
                return
            self._pictures_waiting += 1
        self._queue.put(("video", frame_bgr, t))

    def audio(self, samples: np.ndarray, t: float) -> None:
        self._queue.put(("audio", samples, t))

    def close(self) -> None:
        """Encode what is queued, then stop; raises what the encoder raised, if anything."""
        self._queue.put(_CLOSE)
        self._thread.join()
        if self.error is not None:
            raise self.error

    def _drain(self) -> None:
        while True:
            item = self._queue.get()
            if not isinstance(item, tuple):  # _CLOSE
                return
            kind, data, t = item
            if kind == "video":
                with self._count_lock:
                    self._pictures_waiting -= 1
            if self.error is not None:
                continue  # keep emptying the queue so close() returns
            try:
                if kind == "video":
                    self.recorder.add_video(self._fit(data), t)
                else:
                    self.recorder.add_audio(data, t)
            except Exception as exc:  # reported by close(), on the caller's thread
                self.error = exc

    def _fit(self, frame: np.ndarray) -> np.ndarray:
        width, height = self._size
        if frame.shape[1] == width and frame.shape[0] == height:
            return frame
        return cv2.resize(frame, (width, height), interpolation=cv2.INTER_AREA)
