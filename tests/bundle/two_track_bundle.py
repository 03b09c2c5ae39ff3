"""A demo bundle whose questioning clip is a two-track flash-and-beep recording
(1 kHz beeps on track 1, the wireless microphone's 2 kHz beeps on track 2)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.domain.submissions import Clip
from evidencekit.services.evidence import add_evidence_files, remove_evidence
from evidencekit.services.packing import pack_submission
from evidencekit.services.submissions import submission_detail
from evidencekit.storage.workspace import Workspace
from tests.conftest import DEMO_SUBMISSION
from tests.media.flash_clips import FLASH_CLIPS, make_flash_clip

SIGNER = Ed25519PrivateKey.generate()


def with_two_track_clip(workspace: Workspace, folder: Path) -> None:
    """The demo's questioning clip replaced by the two-track recording."""
    [old] = [
        e
        for e in submission_detail(workspace, DEMO_SUBMISSION).evidence
        if isinstance(e, Clip) and e.slot_id == "q-clip"
    ]
    clip = make_flash_clip(folder / "wireless-mic.mp4", FLASH_CLIPS["two_tracks"])
    remove_evidence(workspace, DEMO_SUBMISSION, old.id)
    add_evidence_files(workspace, DEMO_SUBMISSION, "q-clip", [clip])


def pack_two_tracks(workspace: Workspace, folder: Path) -> Path:
    with_two_track_clip(workspace, folder)
    return pack_submission(workspace, DEMO_SUBMISSION, folder / "mic.evkit", SIGNER).path


def loudest_tone(samples: np.ndarray, rate: int) -> float:
    """The frequency (Hz) that carries most of a stretch of sound."""
    spectrum = np.abs(np.fft.rfft(samples))
    return float(np.fft.rfftfreq(len(samples), 1 / rate)[int(np.argmax(spectrum[1:])) + 1])
