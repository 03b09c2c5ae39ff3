"""Encrypting a sealed bundle to an evaluator's age key, and opening it again.

A ``.evkit`` is signed but readable by anyone who holds it. When it travels
through e-mail or a shared drive, the teacher can encrypt it to the evaluator's
age public key (``age1…``): the result, ``<name>.evkit.age``, is a standard age
file (age-encryption.org/v1, X25519 recipients) that the ``age`` command line
tool opens as well. Encryption adds confidentiality only; authenticity still
comes from the Ed25519 seal inside, which the evaluator checks after decrypting.

Both directions stream through pyrage's ``encrypt_io``/``decrypt_io``, which
copy 8 KiB at a time through age's 64 KiB STREAM chunks, so memory stays flat
whatever the bundle's size. Output goes to a clearly named partial file in the
target folder and gets its name only once complete and fsynced: a decrypted
bundle appears only after age has authenticated every chunk, the last one
included, so a truncated or altered ``.age`` file never yields a bundle.
"""

from __future__ import annotations

import contextlib
import os
import queue
import secrets
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import bech32

# The packer's prefix, so its sweep_partials also finds leftovers of a killed encryption.
from evidencekit.bundle.packer import PARTIAL_PREFIX
from evidencekit.bundle.zip.zipstream import ByteSink
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.tasks import Reporter
from evidencekit.storage.atomic_files import fsync_directory

# pyrage and cryptography load in the functions that use them: the app and `verify` import
# this module without encrypting or decrypting anything.
if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from pyrage import x25519

AGE_SUFFIX = ".age"
_REPORT_EVERY = 4 << 20  # pyrage reads 8 KiB at a time; report progress far less often


class AgeKeyError(EvidenceKitError):
    """Text that is not a usable age public key or identity."""

    def __init__(self, what: str, reason: str) -> None:
        self.what = what
        self.reason = reason
        super().__init__(f"This is not a usable age {what}: {reason}.")


class NotForThisKey(EvidenceKitError):
    """The file was encrypted, but not to any identity the reader holds."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"{path.name} was not encrypted for your key; ask the sender to encrypt it "
            "to your age public key."
        )


class DecryptionFailed(EvidenceKitError):
    """The encrypted file is damaged, truncated or not an age file; nothing was written."""

    exit_code = 1

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path.name} cannot be decrypted: {reason}")


@dataclass(frozen=True)
class AgeKeyPair:
    identity: str  # AGE-SECRET-KEY-1…, secret: keep it like a password
    recipient: str  # age1…, public: send it to teachers


def new_age_key() -> AgeKeyPair:
    """A fresh X25519 key pair for an evaluator (storing the secret is the caller's job)."""
    from pyrage import x25519

    identity = x25519.Identity.generate()
    return AgeKeyPair(str(identity), str(identity.to_public()))


def age_identity_for(key: Ed25519PrivateKey) -> str:
    """The age identity that belongs to an EvidenceKit signing identity.

    Derived from the Ed25519 seed with HKDF under its own label, so the two keys are
    independent yet nothing new has to be stored: wherever the signing key lives (the
    keyring or a passphrase-protected key file), its encryption key comes with it.
    """
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    seed = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    secret = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"evidencekit age x25519 v1"
    ).derive(seed)
    words = bech32.convertbits(secret, 8, 5)
    assert words is not None  # None only for values over 8 bits, never for bytes
    return bech32.bech32_encode("age-secret-key-", words).upper()


def age_recipient_for(key: Ed25519PrivateKey) -> str:
    """The ``age1…`` public key others encrypt to, for this signing identity."""
    from pyrage import x25519

    return str(x25519.Identity.from_str(age_identity_for(key)).to_public())


def parse_recipient(text: str) -> x25519.Recipient:
    """An ``age1…`` public key; surrounding space and a ``# comment`` line are ignored."""
    import pyrage
    from pyrage import x25519

    lines = [s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#")]
    if len(lines) != 1 or not lines[0].startswith("age1"):
        raise AgeKeyError("public key", "expected one line starting with 'age1'")
    try:
        return x25519.Recipient.from_str(lines[0])
    except pyrage.RecipientError as exc:
        raise AgeKeyError("public key", str(exc)) from None


def parse_identity(text: str) -> x25519.Identity:
    """An age identity, as ``age-keygen`` writes it (comment lines allowed)."""
    import pyrage
    from pyrage import x25519

    lines = [s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#")]
    if len(lines) != 1 or not lines[0].upper().startswith("AGE-SECRET-KEY-1"):
        raise AgeKeyError("identity", "expected one line starting with 'AGE-SECRET-KEY-1'")
    try:
        return x25519.Identity.from_str(lines[0])
    except pyrage.IdentityError as exc:
        raise AgeKeyError("identity", str(exc)) from None


def encrypted_path(bundle: Path) -> Path:
    """Where ``encrypt_bundle`` puts its output by default: ``<name>.evkit.age``."""
    return bundle.with_name(bundle.name + AGE_SUFFIX)


class _Reader:
    """The source as pyrage sees it: counts bytes for progress and honours cancel."""

    def __init__(self, source: BinaryIO, total: int, message: str, reporter: Reporter) -> None:
        self._source, self._total, self._message = source, total, message
        self._reporter = reporter
        self.done = 0
        self._reported = 0

    def read(self, size: int = -1) -> bytes:
        # Raising here surfaces in pyrage as a generic I/O error; the caller
        # looks at the token afterwards to tell cancellation from damage.
        self._reporter.check()
        chunk = self._source.read(size)
        self.done += len(chunk)
        if self.done - self._reported >= _REPORT_EVERY or not chunk:
            self._reported = self.done
            self._reporter.report(self.done, self._total, self._message)
        return chunk

    def readable(self) -> bool:
        return True


class _Sink:
    """The output as pyrage sees it. pyrage flushes its buffer when it drops it,
    where a failed write would be ignored, so failures are remembered here."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self.error: OSError | None = None

    def write(self, data: bytes) -> int:
        try:
            self._out.write(data)
        except OSError as exc:
            self.error = self.error or exc
            raise
        return len(data)

    def flush(self) -> None:
        self._out.flush()

    def writable(self) -> bool:
        return True


@contextlib.contextmanager
def _placed_output(target: Path, overwrite: bool) -> Iterator[BinaryIO]:
    """A partial file beside ``target`` that takes its name only if the block succeeds."""
    if target.exists() and not overwrite:
        raise EvidenceKitError(f"{target} already exists; choose another name or overwrite it.")
    if not target.parent.is_dir():
        raise EvidenceKitError(f"{target.parent}: the folder does not exist.")
    partial = target.with_name(f"{PARTIAL_PREFIX}{secrets.token_hex(8)}")
    fd = os.open(partial, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w+b") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if overwrite:
            os.replace(partial, target)
        else:
            # link() refuses an existing name, so a file that appeared meanwhile is kept.
            try:
                os.link(partial, target)
            except FileExistsError:
                raise EvidenceKitError(f"{target} appeared while writing; it was kept.") from None
            except OSError:  # no hard links here (FAT USB sticks, some shares): rename
                if target.exists():
                    raise EvidenceKitError(
                        f"{target} appeared while writing; it was kept."
                    ) from None
                os.replace(partial, target)
            partial.unlink(missing_ok=True)
        fsync_directory(target.parent)
    finally:
        partial.unlink(missing_ok=True)


class _Pipe:
    """Bytes handed from a writer (the packer, on the caller's thread) to pyrage's reader
    (on the encryption thread), a few chunks at a time, so memory stays bounded."""

    def __init__(self, worker_alive: Callable[[], bool]) -> None:
        self._queue: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=8)
        self._worker_alive = worker_alive
        self._view = memoryview(b"")
        self._eof = False

    # The writer's side.
    def write(self, data: bytes) -> int:
        self._put(bytes(data))
        return len(data)

    def close(self) -> None:
        self._put(None)

    def abort(self) -> None:
        self._put(OSError("the bundle was not finished"))

    def _put(self, item: bytes | BaseException | None) -> None:
        while True:
            try:
                self._queue.put(item, timeout=0.2)
                return
            except queue.Full:
                if not self._worker_alive():
                    raise OSError("the encryption stopped") from None

    # pyrage's side.
    def read(self, size: int = -1) -> bytes:
        while not self._view and not self._eof:
            item = self._queue.get()
            if isinstance(item, BaseException):
                raise item
            if item is None:
                self._eof = True
            else:
                self._view = memoryview(item)
        size = len(self._view) if size < 0 else size
        piece, self._view = self._view[:size], self._view[size:]
        return bytes(piece)

    def readable(self) -> bool:
        return True


@contextlib.contextmanager
def encrypting_writer(
    target: Path, recipients: Sequence[str], *, overwrite: bool = False
) -> Iterator[ByteSink]:
    """A stream whose bytes are encrypted to every ``age1…`` recipient straight into
    ``target``: no plaintext ever reaches the disk. ``target`` appears only when the
    block finishes; on any error only a partial (ciphertext) file is removed."""
    import pyrage

    if not recipients:
        raise AgeKeyError("public key", "no recipient was given")
    parsed = [parse_recipient(text) for text in recipients]
    with _placed_output(target, overwrite) as out:
        sink, failures = _Sink(out), list[BaseException]()

        def encrypt() -> None:
            try:
                pyrage.encrypt_io(pipe, sink, parsed)
            except BaseException as exc:  # handed to the caller's thread below
                failures.append(exc)

        worker = threading.Thread(target=encrypt, name="age-encrypt", daemon=True)
        pipe = _Pipe(worker.is_alive)
        worker.start()
        try:
            yield pipe
        except BaseException:
            pipe.abort()
            worker.join()
            raise
        pipe.close()
        worker.join()
        if sink.error is not None or failures:
            raise sink.error or OSError(f"encrypting failed: {failures[0]}")


def _open_source(path: Path, target: Path) -> BinaryIO:
    if target.exists() and target.resolve() == path.resolve():
        raise EvidenceKitError(f"{path}: the output would overwrite the input.")
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise EvidenceKitError(f"{path}: the file does not exist.") from None


def encrypt_bundle(
    bundle: Path,
    recipients: Sequence[str],
    target: Path | None = None,
    *,
    overwrite: bool = False,
    reporter: Reporter | None = None,
) -> Path:
    """Encrypt ``bundle`` to every ``age1…`` recipient; returns the ``.age`` file's path.

    Add the teacher's own recipient to the list to keep the ability to open it.
    The output differs on every run (age uses a fresh file key), unlike the bundle.
    """
    import pyrage

    reporter = reporter or Reporter.silent()
    if not recipients:
        raise AgeKeyError("public key", "no recipient was given")
    parsed = [parse_recipient(text) for text in recipients]
    target = target or encrypted_path(bundle)
    with _open_source(bundle, target) as source:
        total = os.fstat(source.fileno()).st_size
        with _placed_output(target, overwrite) as out:
            reader, sink = _Reader(source, total, "Encrypting", reporter), _Sink(out)
            try:
                pyrage.encrypt_io(reader, sink, parsed)
            except (pyrage.EncryptError, OSError) as exc:
                reporter.check()
                raise sink.error or OSError(f"encrypting {bundle.name} failed: {exc}") from None
            reporter.check()
            if sink.error is not None or reader.done != total:
                raise sink.error or OSError(f"{bundle.name} changed while it was encrypted")
    return target


def decrypt_bundle(
    encrypted: Path,
    identities: Sequence[str],
    target: Path,
    *,
    overwrite: bool = False,
    reporter: Reporter | None = None,
) -> Path:
    """Decrypt an ``.evkit.age`` file to ``target`` with the reader's age identities.

    The result still has to be verified like any bundle: this only proves it was
    not altered since it was encrypted, not who sealed it.
    """
    if target.exists() and target.resolve() == encrypted.resolve():
        raise EvidenceKitError(f"{encrypted}: the output would overwrite the input.")
    with _placed_output(target, overwrite) as out:
        decrypt_into(encrypted, identities, out, reporter=reporter)
    return target


def decrypt_into(
    encrypted: Path,
    identities: Sequence[str],
    out: BinaryIO,
    *,
    reporter: Reporter | None = None,
) -> None:
    """Decrypt an ``.evkit.age`` file into ``out``. Its content may be trusted only if
    this returns: a damaged or truncated file raises after writing part of it."""
    import pyrage

    reporter = reporter or Reporter.silent()
    if not identities:
        raise AgeKeyError("identity", "no identity was given")
    parsed = [parse_identity(text) for text in identities]
    try:
        source = encrypted.open("rb")
    except FileNotFoundError:
        raise EvidenceKitError(f"{encrypted}: the file does not exist.") from None
    with source:
        total = os.fstat(source.fileno()).st_size
        reader, sink = _Reader(source, total, "Decrypting", reporter), _Sink(out)
        try:
            pyrage.decrypt_io(reader, sink, parsed)
        except pyrage.DecryptError as exc:
            reporter.check()
            if "no matching keys" in str(exc).lower():
                raise NotForThisKey(encrypted) from None
            raise DecryptionFailed(encrypted, f"it is not a valid age file ({exc}).") from None
        except OSError as exc:
            reporter.check()
            if sink.error is not None:
                raise sink.error from None
            # age authenticates each chunk and marks the last: damage or truncation.
            raise DecryptionFailed(encrypted, f"it is damaged or incomplete ({exc}).") from None
        reporter.check()
        if sink.error is not None:
            raise sink.error
