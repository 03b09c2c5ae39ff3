"""Opening bundles someone sent: decrypt if needed, then verify, with the user's trust list."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.bundle.encryption import age_identity_for, decrypt_bundle
from evidencekit.bundle.identity import TrustStore
from evidencekit.bundle.verify import Verdict, is_age_file, verify_bundle
from evidencekit.domain.tasks import CancelToken, Progress, no_progress
from evidencekit.storage.locations import trust_store_path

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def trusted_teachers() -> set[str]:
    """Bundles are sealed by teachers; a key trusted in another role vouches for nothing here."""
    return TrustStore(trust_store_path()).fingerprints(role="teacher")


def check_bundle(
    path: Path,
    reader: Ed25519PrivateKey | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    keep_in: Path | None = None,
    identify: bool = True,
) -> Verdict:
    """Verify a bundle; an encrypted one is first opened with the reader's key into a
    private folder that is removed afterwards, so no plain copy is left behind.

    With ``identify`` the verdict names the bundle by the SHA-256 of its (decrypted)
    file, the hash a review is bound to. With ``keep_in``, a bundle that passes stays
    extracted there."""
    if reader is None or not is_age_file(path):
        return _verify(path, progress, cancel, keep_in, identify)
    with tempfile.TemporaryDirectory(prefix="evidencekit-open-") as folder:
        plain = Path(folder) / path.name.removesuffix(".age")
        decrypt_bundle(path, [age_identity_for(reader)], plain, progress=progress, cancel=cancel)
        verdict = _verify(plain, progress, cancel, keep_in, identify)
    verdict.source = str(path)
    return verdict


def _verify(
    path: Path,
    progress: Progress,
    cancel: CancelToken | None,
    keep_in: Path | None,
    identify: bool,
) -> Verdict:
    # The file's SHA-256 comes from the same pass that verified its bytes.
    return verify_bundle(
        path,
        trusted_teachers(),
        progress=progress,
        cancel=cancel,
        keep_in=keep_in,
        identify=identify,
    )
