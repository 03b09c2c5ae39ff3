"""Where recorded pictures and sound come from: a real camera, or a synthetic one.

A ``CaptureSource`` calls ``on_video(frame_bgr, t)`` and ``on_audio(samples, t)``
with ``t`` in seconds on its own clock, from whatever thread it runs on; the
recording window queues both for the Recorder. Pictures are BGR uint8 arrays
of the source's size; sound is float32, shape (channels, n), in -1..1.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QIODevice, QObject
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import (
    QAudioDevice,
    QAudioFormat,
    QAudioSource,
    QCamera,
    QCameraDevice,
    QCameraFormat,
    QMediaCaptureSession,
    QVideoFrame,
    QVideoSink,
)

from evidencekit.media.recording.synthetic_source import SyntheticSource

VideoCallback = Callable[[np.ndarray, float], None]
AudioCallback = Callable[[np.ndarray, float], None]
ErrorCallback = Callable[[str], None]


class CaptureSource(ABC):
    width: int
    height: int
    fps: int
    sample_rate: int
    channels: int

    @abstractmethod
    def start(
        self, on_video: VideoCallback, on_audio: AudioCallback, on_error: ErrorCallback
    ) -> None: ...

    @abstractmethod
    def stop(self) -> None:
        """Stop delivering; once this returns, no callback runs any more."""


class _Callbacks:
    """Looks like a Recorder to SyntheticSource, and passes everything on."""

    def __init__(self, on_video: VideoCallback, on_audio: AudioCallback) -> None:
        self.add_video, self.add_audio = on_video, on_audio


class SyntheticCaptureSource(CaptureSource):
    """The generated classroom and voice, in real time: tests and machines without a camera."""

    def __init__(self, width: int = 640, height: int = 360, fps: int = 15) -> None:
        self._source = SyntheticSource(width=width, height=height, fps=fps)
        self.width, self.height, self.fps = width, height, fps
        self.sample_rate, self.channels = self._source.sample_rate, 1
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(
        self, on_video: VideoCallback, on_audio: AudioCallback, on_error: ErrorCallback
    ) -> None:
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(_Callbacks(on_video, on_audio),), name="synthetic-capture"
        )
        self._thread.start()

    def _run(self, callbacks: _Callbacks) -> None:
        frame = 0
        chunk = max(1, self.fps // 10) / self.fps  # a tenth of a second: a prompt stop
        while not self._stop.is_set():
            frame = self._source.run(
                callbacks,
                chunk,
                realtime=True,
                start_frame=frame,
            )

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None


def qimage_to_bgr(image: QImage) -> np.ndarray:
    """A copy of ``image`` as a BGR uint8 array."""
    rgb = image.convertToFormat(QImage.Format.Format_BGR888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    raw = np.frombuffer(rgb.constBits(), np.uint8, count=stride * height)
    return raw.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()


def bgr_to_qimage(frame: np.ndarray) -> QImage:
    height, width = frame.shape[:2]
    data = np.ascontiguousarray(frame)
    return QImage(data.data, width, height, data.strides[0], QImage.Format.Format_BGR888).copy()


def pcm_to_float(data: bytes, audio_format: QAudioFormat) -> np.ndarray:
    """Interleaved PCM bytes -> float32 (channels, n) in -1..1."""
    kinds = {
        QAudioFormat.SampleFormat.UInt8: (np.uint8, 128.0, 128.0),
        QAudioFormat.SampleFormat.Int16: (np.int16, 0.0, 32768.0),
        QAudioFormat.SampleFormat.Int32: (np.int32, 0.0, 2147483648.0),
        QAudioFormat.SampleFormat.Float: (np.float32, 0.0, 1.0),
    }
    dtype, offset, scale = kinds[audio_format.sampleFormat()]
    channels = max(1, audio_format.channelCount())
    samples = np.frombuffer(data, dtype)
    samples = samples[: len(samples) - len(samples) % channels]
    values = (samples.astype(np.float32) - offset) / scale
    return np.ascontiguousarray(values.reshape(-1, channels).T)


def pick_camera_format(device: QCameraDevice) -> QCameraFormat | None:
    """The largest format up to 1280x720 that runs at 25 fps or more (720p is plenty)."""
    formats = [
        f
        for f in device.videoFormats()
        if f.resolution().width() <= 1280 and f.resolution().height() <= 720
    ]
    fast = [f for f in formats if f.maxFrameRate() >= 25] or formats
    if not fast:
        return None

    def preference(f: QCameraFormat) -> tuple[int, float]:
        return f.resolution().width() * f.resolution().height(), -abs(f.maxFrameRate() - 30)

    return max(fast, key=preference)


class QtCameraSource(CaptureSource):
    """A camera and a microphone through Qt Multimedia. Lives on the GUI thread."""

    def __init__(self, camera: QCameraDevice, microphone: QAudioDevice | None) -> None:
        chosen = pick_camera_format(camera)
        size = chosen.resolution() if chosen is not None else None
        # H.264 in 4:2:0 needs even sides.
        self.width = (size.width() if size else 1280) // 2 * 2
        self.height = (size.height() if size else 720) // 2 * 2
        self.fps = max(10, min(30, round(chosen.maxFrameRate()))) if chosen else 30
        self._device, self._format, self._microphone = camera, chosen, microphone
        self._audio_format = QAudioFormat()
        self._audio_format.setSampleRate(48_000)
        self._audio_format.setChannelCount(1)
        self._audio_format.setSampleFormat(QAudioFormat.SampleFormat.Float)
        if microphone is not None and not microphone.isFormatSupported(self._audio_format):
            self._audio_format = microphone.preferredFormat()
        self.sample_rate = self._audio_format.sampleRate()
        self.channels = min(2, max(1, self._audio_format.channelCount()))
        self._owner = QObject()  # parent of the Qt objects, so they go together
        self._camera: QCamera | None = None
        self._session: QMediaCaptureSession | None = None
        self._sink: QVideoSink | None = None
        self._audio: QAudioSource | None = None
        self._io: QIODevice | None = None
        self.clock: Callable[[], float] = time.monotonic
        self._started = 0.0
        self._last_tick = -1
        self._on_video: VideoCallback | None = None
        self._on_audio: AudioCallback | None = None

    def start(
        self, on_video: VideoCallback, on_audio: AudioCallback, on_error: ErrorCallback
    ) -> None:
        self._on_video, self._on_audio = on_video, on_audio
        self._started = self.clock()
        self._last_tick = -1
        self._camera = QCamera(self._device, self._owner)
        if self._format is not None:
            self._camera.setCameraFormat(self._format)
        self._camera.errorOccurred.connect(lambda _error, text: on_error(text))
        self._session = QMediaCaptureSession(self._owner)
        self._session.setCamera(self._camera)
        self._sink = QVideoSink(self._owner)
        self._session.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self.deliver_frame)
        self._camera.start()
        if self._microphone is not None:
            self._audio = QAudioSource(self._microphone, self._audio_format, self._owner)
            self._io = self._audio.start()
            if self._io is None:
                on_error(
                    QCoreApplication.translate("Capture", "The microphone could not be opened.")
                )
            else:
                self._io.readyRead.connect(self._deliver_sound)

    def _tick(self) -> int:
        """Camera time snapped to the frame grid, so recorded frames never share a slot."""
        return round((self.clock() - self._started) * self.fps)

    def deliver_frame(self, frame: QVideoFrame) -> None:
        if self._on_video is None or not frame.isValid():
            return
        tick = self._tick()
        if tick <= self._last_tick:
            return  # the camera ran ahead of the frame rate: one picture per slot
        self._last_tick = tick
        image = frame.toImage()
        if image.isNull():
            return
        if (image.width(), image.height()) != (self.width, self.height):
            image = image.scaled(self.width, self.height)
        picture = qimage_to_bgr(image)
        t = tick / self.fps
        self._on_video(picture, t)
        if self._microphone is None and self._on_audio is not None:
            # No microphone: keep a silent track, so the clip has sound of the right length.
            silence = np.zeros((1, self.sample_rate // self.fps), np.float32)
            self._on_audio(silence, t)

    def _deliver_sound(self) -> None:
        if self._io is None or self._on_audio is None:
            return
        data = bytes(self._io.readAll().data())
        if data:
            samples = pcm_to_float(data, self._audio_format)[: self.channels]
            self._on_audio(samples, self.clock() - self._started)

    def stop(self) -> None:
        self._on_video = self._on_audio = None
        if self._audio is not None:
            self._audio.stop()
        if self._camera is not None:
            self._camera.stop()
        for child in self._owner.children():
            child.deleteLater()
        self._camera = self._session = self._sink = self._audio = self._io = None
