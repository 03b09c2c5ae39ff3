"""The recording window end to end with the synthetic source, and recovery after a kill."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtMultimedia import QAudioFormat, QCameraDevice, QVideoFrame

from evidencekit.gui.video import capture as capture_module
from evidencekit.gui.video.capture import SYNTHETIC, CaptureWindow, level_percent
from evidencekit.gui.video.capture_sources import QtCameraSource, pcm_to_float, qimage_to_bgr
from evidencekit.gui.video.recovery import offer_recovery
from evidencekit.media.probe import probe
from evidencekit.media.recording.bookmarks import load_bookmarks

# Recording encodes 720p as it goes: on a busy machine a second of clip can take many.
BUSY_MS = 30_000


@pytest.fixture
def window(qtbot, tmp_path: Path) -> CaptureWindow:
    win = CaptureWindow(tmp_path / "recordings", developer_mode=True)
    qtbot.addWidget(win)
    win.cameras.setCurrentIndex(win.cameras.findData(SYNTHETIC))
    win.show()
    win.activateWindow()  # B is a window shortcut
    qtbot.waitActive(win)
    yield win
    if win.isVisible():
        win.close()
    qtbot.waitUntil(lambda: win.source is None, timeout=BUSY_MS)


def _recorded(win: CaptureWindow) -> float:
    return win.recorder.recorded_seconds if win.recorder else 0.0


def test_record_with_pause_and_two_bookmarks(qtbot, window: CaptureWindow) -> None:
    qtbot.waitUntil(lambda: window.preview.image is not None, timeout=BUSY_MS)
    assert not window.pause_button.isEnabled() and not window.bookmark_button.isEnabled()
    levels: list[int] = []
    window.meter.valueChanged.connect(levels.append)
    qtbot.mouseClick(window.record_button, Qt.MouseButton.LeftButton)
    assert not window.cameras.isEnabled() and not window.record_button.isEnabled()
    qtbot.waitUntil(lambda: _recorded(window) >= 1.0, timeout=BUSY_MS)
    qtbot.keyClick(window, Qt.Key.Key_B)
    qtbot.mouseClick(window.pause_button, Qt.MouseButton.LeftButton)
    assert window.pause_button.text() == "Res&ume" and window.elapsed.text().startswith("Paused")
    paused_at = _recorded(window)
    qtbot.wait(800)
    assert _recorded(window) - paused_at < 0.3  # nothing new while paused
    qtbot.mouseClick(window.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _recorded(window) >= 2.0, timeout=BUSY_MS)
    qtbot.keyClick(window, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: _recorded(window) >= 3.0, timeout=BUSY_MS)
    with qtbot.waitSignal(window.recorded, timeout=20_000) as blocker:
        qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    clip = blocker.args[0]

    info = probe(clip.path)
    assert 2.9 <= info.duration_s <= 3.8  # the paused 0.8 s is not in the clip
    assert info.has_audio and (info.width, info.height) == (640, 360)
    marks = load_bookmarks(clip.path)
    assert marks == clip.bookmarks
    assert [m.label for m in marks] == ["Bookmark 1", "Bookmark 2"]
    assert 1.0 <= marks[0].seconds < 1.6 and 2.0 <= marks[1].seconds < 2.6
    assert window.bookmarks.count() == 2 and "Bookmark 2" in window.bookmarks.item(1).text()
    assert sorted(p.name for p in clip.path.parent.iterdir()) == [
        clip.path.name,
        clip.path.name + ".bookmarks.json",
        clip.path.name + ".pauses.json",  # the pause joined two takes
    ]
    assert max(levels) > 30  # the synthetic voice moved the meter
    assert "Saved" in window.status.text() and window.record_button.isEnabled()


def test_pausing_for_a_continuous_slot_says_the_clip_would_not_fit_it(
    qtbot, tmp_path: Path
) -> None:
    win = CaptureWindow(tmp_path, developer_mode=True, continuous_slot="Classroom clip")
    qtbot.addWidget(win)
    win.cameras.setCurrentIndex(win.cameras.findData(SYNTHETIC))
    qtbot.waitUntil(lambda: win.source is not None, timeout=BUSY_MS)
    win.start_recording()
    win.toggle_pause()
    assert "'Classroom clip' asks for one continuous take" in win.status.text()
    assert "cannot be used there" in win.status.text()
    win.toggle_pause()
    with qtbot.waitSignal(win.recorded, timeout=20_000):
        win.stop_recording()
    win.close()
    qtbot.waitUntil(lambda: win.source is None, timeout=BUSY_MS)


def test_pausing_for_any_other_slot_only_says_it_is_paused(qtbot, window: CaptureWindow) -> None:
    window.start_recording()
    window.toggle_pause()
    assert window.status.text() == "Paused: nothing is recorded until you resume."
    with qtbot.waitSignal(window.recorded, timeout=20_000):
        window.stop_recording()


def test_closing_while_recording_saves_the_clip(qtbot, window: CaptureWindow) -> None:
    window.start_recording()
    qtbot.waitUntil(lambda: _recorded(window) >= 1.0, timeout=BUSY_MS)
    with qtbot.waitSignal(window.recorded, timeout=20_000) as blocker:
        window.close()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert probe(blocker.args[0].path).duration_s >= 1.0


def test_keys_do_nothing_before_recording(qtbot, window: CaptureWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_B)
    window.toggle_pause()
    window.stop_recording()
    assert window.recorder is None and window.bookmarks.count() == 0


class _NoDevices:
    @staticmethod
    def videoInputs() -> list:
        return []

    @staticmethod
    def audioInputs() -> list:
        return []


def test_no_camera_is_said_plainly(qtbot, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(capture_module, "QMediaDevices", _NoDevices)
    monkeypatch.delenv(capture_module.DEVELOPER_ENV, raising=False)
    win = CaptureWindow(tmp_path)
    qtbot.addWidget(win)
    assert win.cameras.currentText() == "No camera found" and not win.cameras.isEnabled()
    assert win.microphones.currentText() == "No microphone found"
    assert win.cameras.findData(SYNTHETIC) == -1  # the test pattern is for developers only
    assert not win.record_button.isEnabled()
    assert win.preview.placeholder.startswith("No camera found.")
    win.start_recording()
    assert win.recorder is None


def test_developer_mode_offers_the_test_pattern(qtbot, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(capture_module, "QMediaDevices", _NoDevices)
    monkeypatch.setenv(capture_module.DEVELOPER_ENV, "1")
    win = CaptureWindow(tmp_path)
    qtbot.addWidget(win)
    assert win.cameras.currentData() == SYNTHETIC and win.record_button.isEnabled()
    assert win.microphones.currentText() == "Test tone (developer mode)"
    assert not win.microphones.isEnabled()  # the pattern brings its own sound
    win.close()


def test_level_meter_scale() -> None:
    assert level_percent(np.zeros((1, 480), np.float32)) == 0
    assert level_percent(np.zeros((1, 0), np.float32)) == 0
    tone = np.sin(np.linspace(0, 200 * np.pi, 4800, dtype=np.float32))[np.newaxis, :]
    assert level_percent(tone) == 95  # a full-scale sine is -3 dBFS
    assert level_percent(tone * 10 ** (-27 / 20)) == 50  # -30 dBFS: half way


def test_pcm_conversion() -> None:
    fmt = QAudioFormat()
    fmt.setChannelCount(2)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    pcm = np.array([0, 16384, -32768, 32767, 7], np.int16).tobytes()  # a torn last frame
    samples = pcm_to_float(pcm, fmt)
    assert samples.shape == (2, 2) and samples.dtype == np.float32
    assert samples[0].tolist() == [0.0, -1.0] and samples[1, 0] == 0.5
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.UInt8)
    assert pcm_to_float(bytes([128, 0]), fmt).tolist() == [[0.0, -1.0]]
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Float)
    assert pcm_to_float(np.array([0.25], np.float32).tobytes(), fmt).tolist() == [[0.25]]


def test_camera_frames_become_bgr_pictures_one_per_slot(qtbot) -> None:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 0, 0))
    assert qimage_to_bgr(image)[0, 0].tolist() == [0, 0, 255]
    source = QtCameraSource(QCameraDevice(), None)  # no formats: 1280x720 at 30 fps
    got: list[tuple[tuple[int, ...], float]] = []
    sound: list[np.ndarray] = []
    source._on_video = lambda frame, t: got.append((frame.shape, t))
    source._on_audio = lambda samples, t: sound.append(samples)
    now = [1.001]
    source.clock = lambda: now[0]
    source._started = 0.0
    frame = QVideoFrame(image)
    source.deliver_frame(frame)
    now[0] = 1.01
    source.deliver_frame(frame)  # the same 1/30 s slot: dropped
    assert [g[0] for g in got] == [(720, 1280, 3)]
    assert got[0][1] == 1.0  # snapped to the frame grid
    now[0] = 1.04
    source.deliver_frame(frame)
    assert [g[1] for g in got] == [1.0, 31 / 30]
    # Without a microphone, silence of one frame's length keeps the sound track going.
    assert sound[0].shape == (1, 1600) and not sound[0].any()
    now[0] = 2.0
    source.deliver_frame(QVideoFrame())  # an invalid frame is ignored
    assert len(got) == 2
    source.stop()


@pytest.mark.slow
def test_killed_recording_is_offered_and_recovered(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    script = Path(__file__).with_name("capture_until_killed.py")
    process = subprocess.Popen(
        [sys.executable, str(script), str(folder)], stdout=subprocess.PIPE, text=True
    )
    seconds_seen = -1
    started = time.monotonic()
    assert process.stdout is not None
    while seconds_seen < 4 and time.monotonic() - started < 90:
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith("second"):
            seconds_seen = int(line.split()[1])
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.close()
    assert seconds_seen >= 4, "the recording window did not get going"

    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    offer = offer_recovery(parent, folder)
    with qtbot.waitSignal(offer.found, timeout=BUSY_MS) as found:
        pass
    dialog = found.args[0]
    assert dialog is not None and dialog.list.count() == 1
    row = dialog.list.item(0).text()
    assert row.startswith("lesson-") and "1 bookmark" in row
    with qtbot.waitSignal(dialog.recovered, timeout=20_000) as done:
        qtbot.mouseClick(dialog.recover_button, Qt.MouseButton.LeftButton)
    [clip] = done.args[0]
    info = probe(clip.path)
    assert info.duration_s >= seconds_seen - 2 and info.has_audio
    assert [m.label for m in clip.bookmarks] == ["Bookmark 1"]
    assert 2.0 <= clip.bookmarks[0].seconds < 3.0
    assert load_bookmarks(clip.path) == clip.bookmarks
    assert sorted(p.name for p in folder.iterdir()) == [
        clip.path.name,
        clip.path.name + ".bookmarks.json",
    ]
    # Nothing left to offer next time.
    again = offer_recovery(parent, folder)
    with qtbot.waitSignal(again.found, timeout=BUSY_MS) as nothing:
        pass
    assert nothing.args[0] is None


def test_unplayable_leftovers_are_listed_but_not_offered(qtbot, tmp_path: Path) -> None:
    (tmp_path / "lesson-x.recording.mp4").write_bytes(b"\x00" * 64)
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    offer = offer_recovery(parent, tmp_path)
    with qtbot.waitSignal(offer.found, timeout=BUSY_MS) as found:
        pass
    dialog = found.args[0]
    assert dialog.list.item(0).text() == "lesson-x: nothing playable was saved."
    assert not dialog.recover_button.isEnabled()
    assert dialog.checked() == []
    dialog.reject()


def test_missing_folder_offers_nothing(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    offer = offer_recovery(parent, tmp_path / "never-made")
    with qtbot.waitSignal(offer.found, timeout=BUSY_MS) as found:
        pass
    assert found.args[0] is None
