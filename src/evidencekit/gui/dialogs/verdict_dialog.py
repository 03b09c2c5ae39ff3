"""Opening a bundle someone sent: verified first, the verdict in plain words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from evidencekit.bundle.signing.seal import SealState
from evidencekit.bundle.verify import Verdict
from evidencekit.domain.coaching import is_coaching_draft
from evidencekit.gui.runner import Operation
from evidencekit.services.bundles import check_bundle

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


class VerdictDialog(QDialog):
    """What verification found: one headline, then each problem and warning on its line."""

    def __init__(self, verdict: Verdict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name = Path(verdict.source).name
        self.setWindowTitle(self.tr("Checked {name}").format(name=name))
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.headline.setAccessibleName(self.tr("Verdict"))
        headline = self._headline(verdict)
        if verdict.ok and is_coaching_draft(verdict.metadata):
            headline += self.tr(
                "<br><b>Draft for coaching:</b> a coach can comment on it; it cannot be scored."
            )
        self.headline.setText(headline)
        self.findings = QListWidget(self)
        self.findings.setAccessibleName(self.tr("Problems and warnings"))
        for entry, reason in verdict.problems:
            self.findings.addItem(self.tr("✗ {entry}: {reason}").format(entry=entry, reason=reason))
        for entry, reason in verdict.warnings:
            self.findings.addItem(self.tr("⚠ {entry}: {reason}").format(entry=entry, reason=reason))
        self.findings.setVisible(self.findings.count() > 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.findings)
        layout.addWidget(buttons)
        self.resize(560, 320 if self.findings.count() else 140)

    def _headline(self, verdict: Verdict) -> str:
        if not verdict.ok:
            return self.tr(
                "<b>Refused.</b> This bundle failed its checks and was not opened. "
                "Nothing from it was kept on this computer."
            )
        if verdict.seal is SealState.TRUSTED:
            return self.tr(
                "<b>Verified.</b> Every file is complete and unchanged, sealed by a teacher "
                "you trust ({signer})."
            ).format(signer=verdict.signer)
        return self.tr(
            "<b>Complete and unchanged,</b> but sealed by a key you have not trusted yet "
            "({signer}). Compare this fingerprint with the teacher before trusting it."
        ).format(signer=verdict.signer)


def check_bundle_file(
    parent: QWidget,
    path: Path,
    reader: Ed25519PrivateKey | None,
    on_verdict: Callable[[Verdict], None],
) -> Operation:
    """Verify (decrypting first when the reader's key is given) off the GUI thread."""
    return Operation(
        parent,
        parent.tr("Checking {name}").format(name=path.name),
        lambda reporter: check_bundle(path, reader, reporter),
        on_verdict,
    )
