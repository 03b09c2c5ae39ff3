"""Verifying a bundle file or an unzipped bag: one report, whatever went wrong."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidencekit.bundle.bagit.validate import BagReport, validate_bag
from evidencekit.bundle.bounded_json import JsonLimits, JsonRefused, parse_bounded
from evidencekit.bundle.errors import BundleRejected, printable
from evidencekit.bundle.profile import open_sealed, oxum_problem
from evidencekit.bundle.signing.seal import SIGNATURE_FILE, SealCheck, SealState
from evidencekit.bundle.stream_verify import METADATA_FILE, METADATA_MAX_BYTES, stream_members
from evidencekit.bundle.zip.safezip import ZipArchive
from evidencekit.bundle.zip.zipinspect import Limits
from evidencekit.catalog.schema import load_schema
from evidencekit.domain.tasks import Reporter

__all__ = [
    "METADATA_FILE",
    "METADATA_SCHEMA",
    "Verdict",
    "is_age_file",
    "verify_bag_folder",
    "verify_bundle",
]

METADATA_SCHEMA = "bundle-metadata-1.schema.json"
METADATA_LIMITS = JsonLimits(max_bytes=METADATA_MAX_BYTES)
MAX_EVIDENCE = 1000
MAX_METADATA_VALUES = 100_000
AGE_MAGIC = b"age-encryption.org/v1\n"
STAGING_PREFIX = ".evidencekit-open-"


@dataclass
class Verdict:
    source: str
    problems: list[tuple[str, str]] = field(default_factory=list)  # (entry or file, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    info: list[tuple[str, str]] = field(default_factory=list)
    seal: SealState | None = None  # None for bag folders, which carry no seal
    signer: str | None = None
    sha256: str | None = None  # of the bundle file (decrypted), when it passed
    # The verified payload manifest (path -> SHA-256): the only files a reader may open.
    payload: dict[str, str] = field(default_factory=dict)
    metadata: dict[str, Any] | None = None  # data/submission.json, parsed, when it passed

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "ok": self.ok,
            "problems": [{"entry": e, "reason": r} for e, r in self.problems],
            "warnings": [{"entry": e, "reason": r} for e, r in self.warnings],
            "bag_info": [{"label": k, "value": v} for k, v in self.info],
            "seal": str(self.seal) if self.seal else None,
            "signer": self.signer,
            "sha256": self.sha256,
        }


def _from_report(source: str, report: BagReport) -> Verdict:
    return Verdict(
        source,
        [(p.file, p.reason) for p in report.errors],
        [(p.file, p.reason) for p in report.warnings],
        report.info,
    )


def verify_bag_folder(folder: Path, reporter: Reporter | None = None) -> Verdict:
    """Any BagIt bag on disk (fetch.txt allowed, as the BagIt specification allows)."""
    if not folder.is_dir():
        return Verdict(str(folder), [(str(folder), "this is not a folder.")])
    return _from_report(str(folder), validate_bag(folder, reporter=reporter))


def verify_bundle(
    path: Path,
    trusted: set[str] | None = None,
    limits: Limits | None = None,
    reporter: Reporter | None = None,
    keep_in: Path | None = None,
    identify: bool = False,
) -> Verdict:
    """A .evkit file, checked in place: the zip's structure and the strict profile
    (exactly what was signed) before any byte is hashed, then every member hashed
    straight from the archive, then the seal and the metadata. ``trusted`` holds the
    key fingerprints the reader trusts. Nothing is written.

    With ``keep_in`` (a folder that must not exist yet) the members are also written
    there while they are hashed, bag-relative; the folder appears only if the bundle
    passes. With ``identify`` the same pass also hashes the whole file, for
    ``Verdict.sha256`` (the name a review binds to); it costs a second SHA-256."""
    if is_age_file(path):
        return Verdict(
            str(path),
            [(path.name, "the bundle is encrypted; decrypt it first (evidencekit decrypt).")],
        )
    staging = None
    try:
        with ZipArchive(path, limits) as archive:
            sealed = open_sealed(archive, trusted or set())
            if keep_in is not None:
                staging = Path(tempfile.mkdtemp(dir=keep_in.parent, prefix=STAGING_PREFIX))
            streamed = stream_members(
                sealed, reporter or Reporter.silent(), staging, whole_file=identify
            )
        verdict = Verdict(str(path), info=sealed.info, payload=dict(sealed.payload))
        for name in dict.fromkeys(streamed.mismatches):
            verdict.problems.append((name, "its sha256 checksum does not match."))
        if (oxum := oxum_problem(sealed)) is not None:
            verdict.problems.append(("bag-info.txt", oxum))
        # The seal is judged even when a checksum failed: a rewritten tag manifest is
        # then reported as what it is, a change the signer never made.
        _add_seal(verdict, sealed.seal)
        document = None
        if verdict.ok:
            document = _check_metadata(verdict, streamed.metadata, sealed.payload)
            if verdict.ok:
                _check_named_signer(verdict, document)
        if verdict.ok:
            verdict.metadata = document
            verdict.sha256 = streamed.file_sha256
            if staging is not None and keep_in is not None:
                os.rename(staging, keep_in)
                staging = None
        return verdict
    except BundleRejected as rejected:
        return Verdict(str(path), [(rejected.entry or path.name, rejected.reason)])
    except OSError as error:  # a disk that fails mid-read is a refusal, not a crash
        reason = f"the file cannot be read ({error.strerror or error})."
        return Verdict(str(path), [(path.name, reason)])
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def is_age_file(path: Path) -> bool:
    """An age-encrypted file (``.evkit.age``) rather than a bundle. Only a regular file
    is looked into (O_NONBLOCK: a FIFO under a bundle's name must not hang us)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return False  # the zip reader reports a missing or unreadable file in its own words
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        return os.pread(fd, len(AGE_MAGIC), 0) == AGE_MAGIC
    except OSError:
        return False
    finally:
        os.close(fd)


def _check_metadata(
    verdict: Verdict, raw: bytes | None, payload: dict[str, str]
) -> dict[str, Any] | None:
    """The submission metadata must exist, parse within limits, match its schema, and
    name as evidence only files of the signed payload manifest."""
    # jsonschema loads here, not at start-up: a bundle refused earlier never needs it.
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    if raw is None:
        verdict.problems.append((METADATA_FILE, "the submission metadata is missing."))
        return None
    try:
        document = parse_bounded(raw, METADATA_LIMITS)
    except JsonRefused as refused:
        verdict.problems.append((METADATA_FILE, f"the metadata is refused: {refused.reason}"))
        return None
    problem = _metadata_size_problem(document)
    if problem is None:
        validator = Draft202012Validator(load_schema(METADATA_SCHEMA))
        error = best_match(validator.iter_errors(document))
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
            problem = f"{where}: {error.message}."
    if problem is None:
        problem = _evidence_path_problem(document, payload)
    if problem is not None:
        verdict.problems.append((METADATA_FILE, problem))
        return None
    return document


def _metadata_size_problem(document: Any) -> str | None:
    """Counted before the schema is applied, so a huge document costs no validation."""
    evidence = document.get("evidence") if isinstance(document, dict) else None
    if isinstance(evidence, list) and len(evidence) > MAX_EVIDENCE:
        return f"it lists {len(evidence)} pieces of evidence; at most {MAX_EVIDENCE} are allowed."
    values, stack = 0, [document]
    while stack:
        value = stack.pop()
        values += 1
        if values > MAX_METADATA_VALUES:
            return f"it holds more than {MAX_METADATA_VALUES} values."
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return None


def _evidence_path_problem(document: dict[str, Any], payload: dict[str, str]) -> str | None:
    for number, entry in enumerate(document["evidence"], 1):
        paths = [entry.get("path"), *(t.get("path") for t in entry.get("sound_tracks", []))]
        for path in paths:
            if path is not None and (not path.startswith("data/") or path not in payload):
                return (
                    f"evidence {number} names '{printable(path)}', which is not a file in the "
                    "signed payload manifest."
                )
    return None


def _check_named_signer(verdict: Verdict, document: dict[str, Any] | None) -> None:
    """The signer a bundle names must be the key that sealed it.

    Otherwise a valid seal by one person could be passed off as another's work.
    """
    named = dict(verdict.info).get("EvidenceKit-Signer")
    if named != verdict.signer:
        verdict.problems.append(
            (
                "bag-info.txt",
                f"it names the signer {printable(str(named))}, but the bundle is sealed by "
                f"{verdict.signer}.",
            )
        )
        return
    stated = document["submission"]["signer"] if document is not None else None
    if stated != verdict.signer:
        verdict.problems.append(
            (
                METADATA_FILE,
                f"it names the signer {stated}, but the bundle is sealed by {verdict.signer}.",
            )
        )


def _add_seal(verdict: Verdict, seal: SealCheck) -> None:
    verdict.signer = seal.fingerprint
    verdict.seal = seal.state
    if seal.state is SealState.UNKNOWN_SIGNER:
        verdict.warnings.append((SIGNATURE_FILE, seal.reason))
    elif seal.state is not SealState.TRUSTED:
        verdict.problems.append((SIGNATURE_FILE, seal.reason))
