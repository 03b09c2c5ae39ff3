"""``evidencekit --self-test``: prove an installed app can start and do real work."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QApplication

from evidencekit.bundle.signing.seal import SealState, fingerprint
from evidencekit.bundle.verify import verify_bundle
from evidencekit.domain.submissions import Clip
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.video.player import Player
from evidencekit.media.probe import probe
from evidencekit.services.demo import create_demo
from evidencekit.services.packing import pack_submission
from evidencekit.services.submissions import submission_detail
from evidencekit.storage.workspace import Workspace, open_workspace


def _step(name: str, ok: bool, detail: str = "") -> bool:
    print(f"[{'ok' if ok else 'FAILED'}] {name}{': ' + detail if detail else ''}", flush=True)
    return ok


def _pack_and_verify(workspace: Workspace, submission_id: int, scratch: Path) -> list[bool]:
    """Seal the demo with a throwaway key (the user's keyring is never touched)."""
    key = Ed25519PrivateKey.generate()
    bundle = scratch / "self-test.evkit"
    result = pack_submission(workspace, submission_id, bundle, key, overwrite=True)
    verdict = verify_bundle(bundle, {fingerprint(key.public_key())})
    clip = next(
        e for e in submission_detail(workspace, submission_id).evidence if isinstance(e, Clip)
    )
    info = probe(workspace.media.path_for(clip.sha256))
    return [
        _step("bundle packed", result.size_bytes > 0, f"{result.size_bytes / 1e6:.1f} MB"),
        _step(
            "portfolio PDF rendered",
            "data/portfolio.pdf" in result.payload_sha256,
            "data/portfolio.pdf in the bundle",
        ),
        _step(
            "bundle verified",
            verdict.ok and verdict.seal is SealState.TRUSTED,
            "; ".join(r for _, r in verdict.problems) or "signature trusted",
        ),
        _step(
            "demo clip probed",
            info.has_audio and info.duration_s > 0,
            f"{info.duration_s:.1f} s {info.video_codec}/{info.audio_codec}",
        ),
    ]


def _player_ready() -> bool:
    """The player's audio output comes from a QML type: proves Qt's QML parts shipped."""
    player = Player()
    try:
        return _step("video player", player.audio is not None, "audio output ready")
    finally:
        player.deleteLater()


def run_self_test(workspace_dir: Path | None = None) -> int:
    """Open the main window on a fresh demo workspace and check what it shows."""
    with tempfile.TemporaryDirectory(prefix="evidencekit-selftest-") as scratch:
        folder = workspace_dir or Path(scratch) / "workspace"
        try:
            workspace = open_workspace(folder)
        except Exception as exc:
            _step("open workspace", False, str(exc))
            return 1
        try:
            demo = create_demo(workspace)
            window = MainWindow(workspace)
            window.show()
            QApplication.processEvents()
            checks = [
                _step("workspace opened", True, str(workspace.path)),
                _step(
                    "catalog loaded",
                    window.catalog_model.rowCount() > 0,
                    f"{window.catalog_model.rowCount()} credentials",
                ),
                _step(
                    "submissions listed",
                    window.submission_model.rowCount() >= 1,
                    f"{window.submission_model.rowCount()} submissions",
                ),
            ]
            window.select_submission(demo.submission.id)
            QApplication.processEvents()
            detail = window.detail
            checks.append(
                _step(
                    "demo submission complete",
                    detail is not None and not detail.blocking,
                    "no blocking findings" if detail and not detail.blocking else "blocked",
                )
            )
            window.close()
            checks.append(_player_ready())
            checks += _pack_and_verify(workspace, demo.submission.id, folder.parent)
            return 0 if all(checks) else 1
        except Exception as exc:  # the self-test reports, it never shows a traceback
            _step("self-test", False, f"{type(exc).__name__}: {exc}")
            return 1
        finally:
            workspace.close()
            sys.stdout.flush()
