"""Recording a clip so that a crash never loses more than the last second or two.

Frames and sound arrive from any capture source (Qt Multimedia in the app, a
synthetic source in tests) through ``add_video`` and ``add_audio``. They are
encoded to H.264 + AAC in a *fragmented* MP4: every keyframe (one a second)
closes a self-contained fragment that is flushed to disk, so a file cut off at
any moment still plays up to its last fragment. A small JSON sidecar records
when the recording started, the bookmarks the teacher dropped and where it was
paused, so all can be recovered after a crash (see ``recording_recovery``).
"""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from evidencekit.domain.submissions import Bookmark
from evidencekit.media.recording.recording_sidecar import (
    PARTIAL_SUFFIX,
    SIDECAR_SUFFIX,
    RecordingState,
    write_sidecar,
)
from evidencekit.media.takes import save_pauses


class Recorder:
    """Encodes pushed frames to ``<stem>.recording.mp4`` until ``finish`` names the clip.

    Thread-safe: capture callbacks may push from their own threads. Time is the
    source's timestamp in seconds; paused spans are cut out of the recording.
    """

    def __init__(
        self,
        folder: Path,
        stem: str,
        *,
        width: int,
        height: int,
        fps: int = 30,
        sample_rate: int = 48_000,
        channels: int = 1,
        bitrate: int = 2_500_000,
    ) -> None:
        self.partial = folder / f"{stem}{PARTIAL_SUFFIX}"
        self.sidecar = folder / f"{stem}{SIDECAR_SUFFIX}"
        self.state = RecordingState(datetime.now(UTC).isoformat(), width, height, fps)
        self._lock = threading.Lock()
        self._paused_at: float | None = None
        self._paused_total = 0.0
        self._last_t = 0.0
        self._has_video = False
        self._audio_samples = 0
        self._sample_rate = sample_rate
        self._fps = fps
        write_sidecar(self.sidecar, self.state)
        self._file = self.partial.open("xb")
        self._container = av.open(
            self._file,
            "w",
            format="mp4",
            options={"movflags": "frag_keyframe+empty_moov+default_base_moof"},
        )
        self._video = self._container.add_stream("libx264", rate=fps)
        self._video.width, self._video.height, self._video.pix_fmt = width, height, "yuv420p"
        self._video.bit_rate = bitrate
        # A keyframe every second bounds what a crash can lose to about one second.
        self._video.options = {"preset": "veryfast", "g": str(fps), "sc_threshold": "0"}
        self._audio = self._container.add_stream("aac", rate=sample_rate)
        self._audio.layout = "mono" if channels == 1 else "stereo"
        self._closed = False

    @property
    def recorded_seconds(self) -> float:
        return max(0.0, self._last_t - self._paused_total)

    def _timeline(self, t: float) -> float | None:
        """Source time -> recording time, or None while paused."""
        if self._paused_at is not None:
            return None
        return t - self._paused_total

    def pause(self, t: float) -> None:
        with self._lock:
            if self._paused_at is None:
                self._paused_at = t

    def resume(self, t: float) -> None:
        with self._lock:
            if self._paused_at is not None:
                join = round(self._paused_at - self._paused_total, 3)
                self._paused_total += t - self._paused_at
                self._paused_at = None
                # A pause before any picture, or one more with nothing between, joins nothing.
                if self._has_video and (not self.state.pauses or self.state.pauses[-1] < join):
                    self.state.pauses.append(join)
                    write_sidecar(self.sidecar, self.state)

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def bookmark(self, t: float, label: str = "") -> Bookmark:
        """Drop a bookmark at source time ``t`` (saved to disk at once)."""
        with self._lock:
            at = self._timeline(t)
            mark = Bookmark(round(at if at is not None else self.recorded_seconds, 3), label)
            self.state.bookmarks.append(mark)
            write_sidecar(self.sidecar, self.state)
            return mark

    def add_video(self, frame_bgr: np.ndarray, t: float) -> None:
        with self._lock:
            at = self._timeline(t)
            if at is None or self._closed:
                return
            frame = av.VideoFrame.from_ndarray(frame_bgr, format="bgr24")
            frame.pts = round(at * self._fps)
            frame.time_base = Fraction(1, self._fps)
            self._last_t = max(self._last_t, t)
            self._has_video = True
            for packet in self._video.encode(frame):
                self._container.mux(packet)
                if packet.is_keyframe:
                    self._file.flush()  # the previous fragment is complete on disk now

    def add_audio(self, samples: np.ndarray, t: float) -> None:
        """``samples``: float32, shape (channels, n), values in -1..1."""
        with self._lock:
            if self._timeline(t) is None or self._closed:
                return
            layout = "mono" if samples.shape[0] == 1 else "stereo"
            sound = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(samples, np.float32), format="fltp", layout=layout
            )
            sound.sample_rate = self._sample_rate
            sound.pts = self._audio_samples
            self._audio_samples += samples.shape[1]
            for packet in self._audio.encode(sound):
                self._container.mux(packet)

    def finish(self, target: Path) -> Path:
        """Close the file and move it to ``target`` (a plain, playable MP4), pauses beside it."""
        self._close()
        save_pauses(target, self.state.pauses)
        os.replace(self.partial, target)
        self.sidecar.unlink(missing_ok=True)
        return target

    def discard(self) -> None:
        self._close()
        self.partial.unlink(missing_ok=True)
        self.sidecar.unlink(missing_ok=True)

    def _close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for stream in (self._video, self._audio):
                for packet in stream.encode(None):
                    self._container.mux(packet)
            self._container.close()
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
