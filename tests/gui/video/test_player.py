"""The player on a generated clip: load, duration, seek, frame steps, speed, errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtMultimedia import QMediaPlayer

from evidencekit.domain.submissions import Bookmark
from evidencekit.gui.video.player import Player
from evidencekit.media.recording.bookmarks import save_bookmarks


@pytest.fixture
def player(qtbot) -> Player:
    widget = Player()
    qtbot.addWidget(widget)
    widget.resize(640, 480)
    widget.show()
    widget.activateWindow()  # shortcuts (Space , .) work in the active window only
    qtbot.waitActive(widget)
    yield widget
    widget.media.stop()


@pytest.fixture
def clip(tmp_path: Path, sample_clip: Path) -> Path:
    target = tmp_path / "lesson.mp4"
    shutil.copy(sample_clip, target)
    save_bookmarks(target, [Bookmark(1.5, "students respond"), Bookmark(3.0, "exit ticket")])
    return target


def _load(qtbot, player: Player, path: Path) -> None:
    with qtbot.waitSignal(player.loaded, timeout=10_000):
        player.load(path)
    qtbot.waitUntil(lambda: player.media.duration() > 0, timeout=10_000)


def test_loads_and_reports_duration_and_bookmarks(qtbot, player: Player, clip: Path) -> None:
    _load(qtbot, player, clip)
    assert 3900 <= player.media.duration() <= 4100
    assert player.timeline.duration() == player.media.duration()
    assert player.time_label.text().endswith(" / 0:04.0")
    assert [(m.ms, m.label) for m in player.timeline.markers()] == [
        (1500, "students respond"),
        (3000, "exit ticket"),
    ]
    assert player.play_button.isEnabled() and not player.message.isVisible()
    assert not player.sound.isVisible()  # one sound track: nothing to choose


def test_scrub_step_and_jump_to_markers(qtbot, player: Player, clip: Path) -> None:
    _load(qtbot, player, clip)
    timeline = player.timeline
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(timeline.x_for_ms(2000), 20))
    qtbot.waitUntil(lambda: abs(player.media.position() - timeline.position()) < 5)
    assert abs(timeline.position() - 2000) < 50
    start = player.media.position()
    # '.' twice and ',' once: one frame (1/15 s) forward, net.
    qtbot.keyClick(player, Qt.Key.Key_Period)
    qtbot.keyClick(player, Qt.Key.Key_Period)
    qtbot.waitUntil(lambda: player.media.position() == start + 2 * player.frame_ms)
    qtbot.keyClick(player, Qt.Key.Key_Comma)
    qtbot.waitUntil(lambda: player.media.position() == start + player.frame_ms)
    assert player.frame_ms == 67
    assert player.media.playbackState() != QMediaPlayer.PlaybackState.PlayingState
    assert player.time_label.text().startswith("0:02.")
    # ']' jumps to the next bookmark and the media follows.
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_BracketRight)
    qtbot.waitUntil(lambda: player.media.position() == 3000)


def test_play_pause_and_speed(qtbot, player: Player, clip: Path) -> None:
    _load(qtbot, player, clip)
    player.speed.setCurrentIndex(player.speed.findData(2.0))
    assert player.media.playbackRate() == 2.0
    player.set_rate(0.5)
    assert player.media.playbackRate() == 0.5 and player.speed.currentText() == "0.5×"
    qtbot.keyClick(player, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.media.position() > 200, timeout=10_000)
    assert player.play_button.accessibleName() == "Pause"
    qtbot.keyClick(player, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.media.playbackState() == QMediaPlayer.PlaybackState.PausedState)
    assert player.play_button.accessibleName() == "Play"


def test_playing_to_the_end_then_play_starts_again(qtbot, player: Player, clip: Path) -> None:
    _load(qtbot, player, clip)
    player.set_rate(2.0)
    player.media.setPosition(3500)
    player.toggle_play()
    qtbot.waitUntil(
        lambda: player.media.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia, timeout=10_000
    )
    player.toggle_play()
    qtbot.waitUntil(lambda: 0 < player.media.position() < 3000, timeout=10_000)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"this is not a video", "not a video file"), (None, "does not exist")],
)
def test_unplayable_file_shows_a_message(
    qtbot, player: Player, tmp_path: Path, content: bytes | None, reason: str
) -> None:
    path = tmp_path / "broken.mp4"
    if content is not None:
        path.write_bytes(content)
    with qtbot.waitSignal(player.failed, timeout=10_000) as blocker:
        player.load(path)
    assert reason in blocker.args[0]
    assert player.message.isVisible() and reason in player.message.text()
    assert not player.play_button.isEnabled() and player.time_label.text() == "No clip"
    player.toggle_play()  # harmless without a clip
    player.step_frames(1)


def test_decoder_errors_from_qt_become_a_message(qtbot, player: Player, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.mp4"
    garbage.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\xff" * 4000)
    with qtbot.waitSignal(player.failed, timeout=10_000) as blocker:
        player.media.setSource(QUrl.fromLocalFile(str(garbage)))
    assert blocker.args[0].startswith("This clip cannot be played.")
    assert player.message.isVisible()


def test_a_damaged_bookmark_list_is_ignored(qtbot, player: Player, clip: Path) -> None:
    clip.with_name(clip.name + ".bookmarks.json").write_text("[{", encoding="utf-8")
    _load(qtbot, player, clip)
    assert player.timeline.markers() == []
    assert player.play_button.isEnabled()
