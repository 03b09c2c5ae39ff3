"""Recording into a slot from the main window, recovery on start, and playing the clip."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from evidencekit.domain.submissions import Clip
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.runner import operations
from evidencekit.gui.video.capture import DEVELOPER_ENV, SYNTHETIC, CaptureWindow
from evidencekit.gui.video.recorded_clip import RecordedClip
from evidencekit.media.recording.recorder import Recorder
from evidencekit.media.recording.synthetic_source import SyntheticSource
from evidencekit.services.submissions import create_submission, submission_detail
from evidencekit.storage.recordings import RecordingTarget, recordings_folder, save_target
from evidencekit.storage.workspace import Workspace, open_workspace
from tests.gui.waiting import wait_until_idle

CFU = "checking-for-understanding"


@pytest.fixture
def window(qtbot, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setenv(DEVELOPER_ENV, "1")  # the synthetic camera, for machines without one
    create_submission(workspace, CFU, "questioning", "Spring")
    win = MainWindow(workspace)
    qtbot.addWidget(win)
    win.show()
    win.select_submission(1)
    win.checklist.select_slot("q-clip")
    return win


def _recorded(capture: CaptureWindow) -> float:
    return capture.recorder.recorded_seconds if capture.recorder else 0.0


def test_record_into_the_slot_keeps_the_bookmark_and_plays_it_as_a_marker(
    qtbot, window: MainWindow, workspace: Workspace
) -> None:
    files, detail = window.slot_panel.files, window.slot_panel.detail
    assert files.record_button.isVisible() and files.record_button.accessibleName()
    with qtbot.waitSignal(window.clips.captureOpened) as opened:
        qtbot.mouseClick(files.record_button, Qt.MouseButton.LeftButton)
    capture: CaptureWindow = opened.args[0]
    assert capture.continuous_slot == "Questioning in action"  # the slot asks for one take
    capture.cameras.setCurrentIndex(capture.cameras.findData(SYNTHETIC))
    qtbot.waitUntil(lambda: capture.record_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(capture.record_button, Qt.MouseButton.LeftButton)
    folder = recordings_folder(workspace.path)
    assert [p.name for p in folder.glob("*.target.json")] != []  # noted for recovery
    qtbot.waitUntil(lambda: _recorded(capture) >= 1.0, timeout=10_000)
    qtbot.mouseClick(capture.bookmark_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _recorded(capture) >= 2.0, timeout=10_000)
    with qtbot.waitSignal(capture.recorded, timeout=20_000):
        qtbot.mouseClick(capture.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: files.items.count() == 1, timeout=30_000)

    [clip] = submission_detail(workspace, 1).evidence
    assert isinstance(clip, Clip) and clip.slot_id == "q-clip" and clip.takes == 1
    [mark] = clip.bookmarks
    assert mark.label == "Bookmark 1" and 1.0 <= mark.seconds < 2.0
    assert list(folder.iterdir()) == []  # the media store holds it now
    capture.close()
    qtbot.waitUntil(lambda: window.clips.capture is None, timeout=10_000)

    assert detail.play_button.isVisible() and detail.play_button.accessibleName()
    with qtbot.waitSignal(window.clips.playerOpened) as shown:
        qtbot.mouseClick(detail.play_button, Qt.MouseButton.LeftButton)
    player = shown.args[0].player
    qtbot.waitUntil(lambda: player.info is not None, timeout=10_000)
    assert [(m.ms, m.label) for m in player.timeline.markers()] == [
        (round(mark.seconds * 1000), "Bookmark 1")
    ]
    shown.args[0].close()


def _interrupted_recording(folder: Path, scratch: Path) -> None:
    """What a crash leaves: the fragments written so far and the sidecar, never finished."""
    recorder = Recorder(scratch, "lesson-crash", width=160, height=90, fps=15)
    source = SyntheticSource(width=160, height=90, fps=15)
    frame = source.run(recorder, 1.5)
    recorder.bookmark(1.2, "Bookmark 1")
    source.run(recorder, 2.0, start_frame=frame)
    folder.mkdir()
    for made in (recorder.partial, recorder.sidecar):
        shutil.copy(made, folder / made.name)
    recorder.discard()


def test_an_interrupted_recording_is_offered_on_start_and_lands_in_its_slot(
    qtbot, workspace: Workspace, tmp_path: Path
) -> None:
    create_submission(workspace, CFU, "questioning", "Spring")
    folder = recordings_folder(workspace.path)
    _interrupted_recording(folder, tmp_path)
    save_target(folder / "lesson-crash.mp4", RecordingTarget(1, "q-clip"))

    window = MainWindow(workspace)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.clips.recoveryOffered, timeout=10_000) as offered:
        window.show()
    with qtbot.waitSignal(offered.args[0].found, timeout=10_000) as found:
        pass
    dialog = found.args[0]
    assert dialog is not None and "1 bookmark" in dialog.list.item(0).text()
    qtbot.mouseClick(dialog.recover_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: submission_detail(workspace, 1).evidence != [], timeout=30_000)

    [clip] = submission_detail(workspace, 1).evidence
    assert isinstance(clip, Clip) and clip.slot_id == "q-clip" and clip.duration_s >= 1.0
    assert [(b.seconds, b.label) for b in clip.bookmarks] == [(1.2, "Bookmark 1")]
    qtbot.waitUntil(lambda: list(folder.iterdir()) == [], timeout=10_000)


def test_a_recovered_recording_without_a_slot_is_left_where_she_can_find_it(
    qtbot, workspace: Workspace, tmp_path: Path
) -> None:
    folder = recordings_folder(workspace.path)
    _interrupted_recording(folder, tmp_path)
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.clips.recoveryOffered, timeout=10_000) as offered:
        window.show()
    with qtbot.waitSignal(offered.args[0].found, timeout=10_000) as found:
        pass
    qtbot.mouseClick(found.args[0].recover_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(b.isVisible() for b in window.findChildren(QMessageBox)), timeout=30_000
    )
    [box] = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    kept = folder / "lesson-crash.mp4"
    assert str(kept) in box.text() and "Add files" in box.text()
    assert "not recorded for a slot" in box.text()
    assert kept.is_file()


def test_record_key_opens_the_window_and_only_video_slots_offer_it(
    qtbot, window: MainWindow
) -> None:
    files = window.slot_panel.files
    with qtbot.waitSignal(window.clips.captureOpened) as opened:
        qtbot.keyClick(
            window,
            Qt.Key.Key_R,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    capture: CaptureWindow = opened.args[0]
    assert capture.windowTitle() == "Record for 'Questioning in action'"
    capture.close()
    qtbot.waitUntil(lambda: window.clips.capture is None, timeout=10_000)
    window.checklist.select_slot("q-question-plan")  # an artifact slot
    assert not files.record_button.isVisible()
    qtbot.keyClick(
        window,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.clips.capture is None


def test_double_click_on_a_clip_plays_it(
    qtbot, window: MainWindow, workspace: Workspace, sample_clip: Path
) -> None:
    files = window.slot_panel.files
    window.work.add_files("q-clip", [sample_clip])
    wait_until_idle(qtbot, timeout=30_000)
    entry = files.items.item(0)
    rect = files.items.visualItemRect(entry)
    viewport = files.items.viewport()
    with qtbot.waitSignal(window.clips.playerOpened) as shown:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = shown.args[0]
    qtbot.waitUntil(lambda: dialog.player.info is not None, timeout=10_000)
    assert dialog.player.timeline.markers() == []  # a file added by hand has no bookmarks
    dialog.close()


def test_switching_workspace_offers_its_interrupted_recordings(
    qtbot, workspace: Workspace, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    with open_workspace(other) as second:
        create_submission(second, CFU, "questioning", "Autumn")
    _interrupted_recording(recordings_folder(other), tmp_path)
    save_target(recordings_folder(other) / "lesson-crash.mp4", RecordingTarget(1, "q-clip"))
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.clips.recoveryOffered, timeout=10_000) as offered:
        window.switch_workspace(other)
    with qtbot.waitSignal(offered.args[0].found, timeout=10_000) as found:
        pass
    qtbot.mouseClick(found.args[0].recover_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: submission_detail(window.workspace, 1).evidence != [], timeout=30_000)
    [clip] = submission_detail(window.workspace, 1).evidence
    assert isinstance(clip, Clip) and window.workspace.path == other.resolve()
    # The import is visible before its worker has left the database (it still notes its
    # own write); closing the workspace under it crashed the process once.
    qtbot.waitUntil(operations().is_idle, timeout=30_000)
    window.workspace.close()


def test_a_recording_the_slot_refuses_stays_and_she_is_told_where(
    qtbot, window: MainWindow, workspace: Workspace, tmp_path: Path
) -> None:
    folder = recordings_folder(workspace.path)
    folder.mkdir()
    clip_file = folder / "lesson.mp4"
    clip_file.write_bytes(b"not a video")
    window.clips._recorded(workspace, RecordingTarget(1, "q-clip"), RecordedClip(clip_file, [], 0))
    qtbot.waitUntil(
        lambda: any(b.isVisible() for b in window.findChildren(QMessageBox)), timeout=30_000
    )
    [box] = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert "not a video EvidenceKit can read" in box.text() and str(clip_file) in box.text()
    assert clip_file.is_file() and submission_detail(workspace, 1).evidence == []
