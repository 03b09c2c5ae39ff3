"""The trim dialog driven by keys and mouse, with keyframes found by PyAV."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from pathlib import Path

import av
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from evidencekit.gui.video.trim_dialog import TrimDialog
from evidencekit.media.probe import MediaInfo, probe
from evidencekit.media.recording.recorder import Recorder
from evidencekit.media.recording.synthetic_source import SyntheticSource
from tests.gui.waiting import wait_until_idle


def keyframe_finder(path: Path) -> Callable[[float], tuple[float, float]]:
    """Qt-free: the keyframe times of the clip's video, and a lookup either side of a time."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        first = stream.start_time or 0  # timeline 0 is the first frame, wherever it sits
        times = sorted(
            float((packet.pts - first) * stream.time_base)
            for packet in container.demux(stream)
            if packet.is_keyframe and packet.pts is not None
        )

    def nearest(seconds: float) -> tuple[float, float]:
        index = bisect.bisect_right(times, seconds + 1e-6)
        before = times[index - 1] if index else times[0]
        after = times[index] if index < len(times) else before
        return before, after

    return nearest


@pytest.fixture(scope="module")
def clip_with_keyframes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """4 s at 15 fps with a keyframe every second (what the recorder writes)."""
    folder = tmp_path_factory.mktemp("trim")
    recorder = Recorder(folder, "lesson", width=320, height=180, fps=15)
    SyntheticSource(width=320, height=180, fps=15).run(recorder, 4.0)
    return recorder.finish(folder / "lesson.mp4")


@pytest.fixture
def info(clip_with_keyframes: Path) -> MediaInfo:
    return probe(clip_with_keyframes)


def _open(qtbot, info: MediaInfo, **options) -> TrimDialog:
    dialog = TrimDialog(info, **options)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.thumbnailsReady, timeout=20_000):
        dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_keyframes_of_the_generated_clip(clip_with_keyframes: Path) -> None:
    nearest = keyframe_finder(clip_with_keyframes)
    assert nearest(1.3) == (1.0, 2.0)
    assert nearest(2.0) == (2.0, 3.0)


def test_trim_with_keys_snap_and_mouse(qtbot, info: MediaInfo, clip_with_keyframes: Path) -> None:
    dialog = _open(
        qtbot, info, continuous=True, nearest_keyframes=keyframe_finder(clip_with_keyframes)
    )
    strip = dialog.filmstrip
    assert len(strip._thumbnails) == 12 and not strip._thumbnails[0].isNull()
    assert dialog.rule.isVisible() and "beginning and the end" in dialog.rule.text()
    assert dialog.selection() == (0.0, info.duration_s)
    assert not dialog.snap_button.isVisible()  # the start of the clip is a keyframe

    # Keys: Shift+→ twice is twenty frames (1.34 s at 15 fps); I sets the start there.
    strip.setFocus()
    qtbot.keyClick(strip, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    with qtbot.waitSignal(dialog.previewShown, timeout=10_000):
        qtbot.keyClick(strip, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(strip, Qt.Key.Key_I)
    assert strip.in_point() == 20 * 67
    assert "Keep 0:01.3 to" in dialog.points.text()
    assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()

    # Between keyframes: the dialog offers the nearer one (1 s) and snaps to it.
    assert dialog.snap_button.isVisible() and "0:01.0" in dialog.snap_button.text()
    qtbot.mouseClick(dialog.snap_button, Qt.MouseButton.LeftButton)
    assert strip.in_point() == 1000
    assert dialog.keyframe_note.text().startswith("The start is on a keyframe")
    assert not dialog.snap_button.isVisible()

    # Mouse: drag the out handle from the end to 3 s.
    end = QPoint(strip.x_for_ms(strip.duration()), 40)
    three = QPoint(strip.x_for_ms(3000), 40)
    qtbot.mousePress(strip, Qt.MouseButton.LeftButton, pos=end)
    qtbot.mouseMove(strip, three)
    qtbot.mouseRelease(strip, Qt.MouseButton.LeftButton, pos=three)
    start, stop = dialog.selection()
    assert start == 1.0 and abs(stop - 3.0) < 0.02

    qtbot.mouseClick(dialog.trim_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_scrubbing_by_mouse_previews_the_frame(qtbot, info: MediaInfo) -> None:
    dialog = _open(qtbot, info)
    strip = dialog.filmstrip
    assert not dialog.rule.isVisible()  # not a continuous slot: no rule shown
    assert not dialog.snap_button.isVisible() and not dialog.keyframe_note.isVisible()
    with qtbot.waitSignal(dialog.previewShown, timeout=10_000) as shown:
        qtbot.mousePress(strip, Qt.MouseButton.LeftButton, pos=QPoint(strip.x_for_ms(500), 40))
        qtbot.mouseMove(strip, QPoint(strip.x_for_ms(1500), 40))
        qtbot.mouseMove(strip, QPoint(strip.x_for_ms(2500), 40))
        qtbot.mouseRelease(strip, Qt.MouseButton.LeftButton, pos=QPoint(strip.x_for_ms(2500), 40))
    wait_until_idle(qtbot, timeout=10_000)
    assert shown.args[0] in (500, strip.position())
    assert abs(strip.position() - 2500) < 20
    # End then O: the out point cannot go past the clip; Escape cancels.
    strip.setFocus()
    qtbot.keyClick(strip, Qt.Key.Key_End)
    qtbot.keyClick(strip, Qt.Key.Key_O)
    assert strip.out_point() == strip.duration()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_a_clip_that_cannot_be_read_says_so(qtbot, info: MediaInfo, tmp_path: Path) -> None:
    broken = tmp_path / "gone.mp4"  # probed once, then deleted before the filmstrip
    dialog = TrimDialog(MediaInfo(**{**info.to_dict(), "path": str(broken)}))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox) is not None, timeout=10_000)
    box = dialog.findChild(QMessageBox)
    assert "no picture could be taken" in box.text()
    assert dialog.preview.text() == "No pictures could be taken from this clip."
    box.close()
