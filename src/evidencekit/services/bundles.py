"""Opening bundles someone sent: decrypt if needed, then verify, with the user's trust list."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from evidencekit.bundle.signing.identity import TrustStore
from evidencekit.bundle.verify import Verdict, is_age_file, verify_bundle
from evidencekit.domain.tasks import Reporter
from evidencekit.storage.locations import trust_store_path

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def trusted_teachers() -> set[str]:
    """Bundles are sealed by teachers; a key trusted in another role vouches for nothing here."""
    return TrustStore(trust_store_path()).fingerprints(role="teacher")


def check_bundle(
    path: Path,
    reader: Ed25519PrivateKey | None = None,
    reporter: Reporter | None = None,
    keep_in: Path | None = None,
    identify: bool = True,
) -> Verdict:
    """Verify a bundle; an encrypted one is first decrypted with the reader's key into
    an unnamed private file that vanishes with the process, so no plain copy is left
    behind even if it is killed.

    With ``identify`` the verdict names the bundle by the SHA-256 of its (decrypted)
    file, the hash a review is bound to. With ``keep_in``, a bundle that passes stays
    extracted there."""
    if reader is None or not is_age_file(path):
        return _verify(path, reporter, keep_in, identify)
    # Imported only for an encrypted bundle: a plain check never loads the age code.
    from evidencekit.bundle.encryption.age_files import age_identity_for, decrypt_into

    with _private_plain_file(path.name.removesuffix(".age")) as (out, plain):
        decrypt_into(path, [age_identity_for(reader)], out, reporter=reporter)
        out.flush()
        verdict = _verify(plain, reporter, keep_in, identify)
    # Named as the file the user gave, not the private copy it was checked in.
    verdict.source = str(path)
    verdict.problems = [(path.name if e == plain.name else e, r) for e, r in verdict.problems]
    return verdict


@contextlib.contextmanager
def _private_plain_file(name: str) -> Iterator[tuple[BinaryIO, Path]]:
    """A file for the decrypted bundle that no other process can find and that vanishes
    with this process, even killed: an unnamed file (Linux O_TMPFILE), read back through
    /proc/self/fd. Elsewhere, a file in a private (0700) temporary folder."""
    tmpfile = getattr(os, "O_TMPFILE", 0)
    if tmpfile and os.path.isdir("/proc/self/fd"):
        try:
            fd = os.open(tempfile.gettempdir(), tmpfile | os.O_RDWR, 0o600)
        except OSError:
            fd = -1  # this file system cannot make unnamed files
        if fd >= 0:
            with os.fdopen(fd, "w+b") as out:
                yield out, Path(f"/proc/self/fd/{fd}")
            return
    with tempfile.TemporaryDirectory(prefix="evidencekit-open-") as folder:
        plain = Path(folder) / name
        with plain.open("w+b") as out:
            yield out, plain


def _verify(
    path: Path,
    reporter: Reporter | None,
    keep_in: Path | None,
    identify: bool,
) -> Verdict:
    # The file's SHA-256 comes from the same pass that verified its bytes.
    return verify_bundle(
        path,
        trusted_teachers(),
        reporter=reporter,
        keep_in=keep_in,
        identify=identify,
    )
