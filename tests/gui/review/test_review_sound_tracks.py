"""The evaluator chooses the sound track in the review window, as a person does: a
clip recorded with a wireless microphone on track 2 offers a Sound menu (Alt+O,
arrow keys, or a click), and the player then plays track 2; a one-track clip
shows no menu."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QListWidget, QWidget

from evidencekit.bundle.signing.identity import TrustStore
from evidencekit.domain.review import ReviewerRole
from evidencekit.gui.review.review_window import EvidenceRole, ReviewWindow, start_review
from evidencekit.storage.locations import trust_store_path
from evidencekit.storage.workspace import Workspace, open_workspace
from tests.bundle.two_track_bundle import SIGNER, pack_two_tracks

TWO_TRACKS = "data/video/q-clip-1.mp4"


@pytest.fixture(autouse=True)
def _no_keyring() -> None:
    keyring.set_keyring(fail.Keyring())


@pytest.fixture
def review(qtbot, tmp_path: Path, demo_workspace: Workspace) -> Iterator[ReviewWindow]:
    """The evaluator's review window on a bundle whose questioning clip has two tracks."""
    bundle = pack_two_tracks(demo_workspace, tmp_path)
    TrustStore(trust_store_path()).add(SIGNER.public_key(), "Tess", "teacher")
    evaluator_ws = open_workspace(tmp_path / "evaluator-ws")
    host = QWidget()
    qtbot.addWidget(host)
    windows: list[ReviewWindow] = []
    opening = start_review(host, evaluator_ws, bundle, ReviewerRole.EVALUATOR,
                           Ed25519PrivateKey.generate(), windows.append)  # fmt: skip
    qtbot.waitUntil(lambda: not opening.running, timeout=60_000)
    [window] = windows
    qtbot.addWidget(window)
    yield window
    window.player.media.stop()
    window.close()
    evaluator_ws.close()


def _click_clip(qtbot, review: ReviewWindow, path: str) -> None:
    """Click the clip in the evidence list and wait until the player has it open."""
    listing: QListWidget = review.evidence_list
    [row] = [
        r for r in range(listing.count()) if listing.item(r).data(EvidenceRole)["path"] == path
    ]
    rect = listing.visualItemRect(listing.item(row))
    QTest.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    media = review.player.media
    qtbot.waitUntil(lambda: review.current is not None and review.current["path"] == path)
    qtbot.waitUntil(
        lambda: media.mediaStatus() == QMediaPlayer.MediaStatus.LoadedMedia, timeout=15_000
    )


def test_the_evaluator_switches_to_track_2_by_keyboard_and_back_by_mouse(
    qtbot, review: ReviewWindow
) -> None:
    review.activateWindow()
    qtbot.waitActive(review)
    player = review.player
    _click_clip(qtbot, review, TWO_TRACKS)
    qtbot.waitUntil(lambda: player.sound.isVisible(), timeout=10_000)
    assert player.sound.accessibleName() == "Sound track"
    assert [player.sound.itemText(i) for i in range(player.sound.count())] == [
        "Track 1",
        "Track 2",
    ]
    assert player.media.activeAudioTrack() == 0

    # Alt+O (the label's mnemonic) puts the keyboard on the menu; Down picks track 2.
    QTest.keyClick(review, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    assert player.sound.hasFocus()
    QTest.keyClick(player.sound, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: player.media.activeAudioTrack() == 1)
    assert player.sound.currentText() == "Track 2"
    player.media.play()
    start = player.media.position()
    qtbot.waitUntil(lambda: player.media.position() > start + 300, timeout=10_000)
    assert player.media.activeAudioTrack() == 1  # still track 2 while it plays

    # The mouse: open the menu and click track 1.
    QTest.mouseClick(player.sound, Qt.MouseButton.LeftButton)
    popup = player.sound.view()
    qtbot.waitUntil(popup.isVisible)
    qtbot.wait(QApplication.doubleClickInterval() + 100)  # a release this soon only opens it
    first = popup.visualRect(popup.model().index(0, 0))
    QTest.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=first.center())
    qtbot.waitUntil(lambda: player.media.activeAudioTrack() == 0)


def test_a_one_track_clip_shows_no_sound_menu(qtbot, review: ReviewWindow) -> None:
    player = review.player
    _click_clip(qtbot, review, TWO_TRACKS)
    qtbot.waitUntil(lambda: player.sound.isVisible(), timeout=10_000)
    one_track = next(
        review.evidence_list.item(r).data(EvidenceRole)["path"]
        for r in range(review.evidence_list.count())
        if review.evidence_list.item(r).data(EvidenceRole)["kind"] == "clip"
        and review.evidence_list.item(r).data(EvidenceRole)["path"] != TWO_TRACKS
    )
    _click_clip(qtbot, review, one_track)
    qtbot.waitUntil(lambda: len(player.media.audioTracks()) == 1, timeout=10_000)
    assert not player.sound.isVisible() and not player.sound_label.isVisible()
