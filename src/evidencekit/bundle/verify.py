"""Verifying a bundle file or an unzipped bag: one report, whatever went wrong."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidencekit.bundle.bagit import BagReport, validate_bag
from evidencekit.bundle.errors import BundleRejected
from evidencekit.bundle.safezip import safe_extract
from evidencekit.bundle.seal import SIGNATURE_FILE, SealCheck, SealState, check_seal
from evidencekit.bundle.zipinspect import Limits
from evidencekit.catalog.schema import load_schema
from evidencekit.domain.tasks import CancelToken, Progress, no_progress

METADATA_FILE = "data/submission.json"
METADATA_SCHEMA = "bundle-metadata-1.schema.json"
AGE_MAGIC = b"age-encryption.org/v1\n"


@dataclass
class Verdict:
    source: str
    problems: list[tuple[str, str]] = field(default_factory=list)  # (entry or file, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    info: list[tuple[str, str]] = field(default_factory=list)
    seal: SealState | None = None  # None for bag folders, which carry no seal
    signer: str | None = None
    sha256: str | None = None  # of the bundle file (decrypted), when it was asked for

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


def verify_bag_folder(
    folder: Path, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> Verdict:
    """Any BagIt bag on disk (fetch.txt allowed, as the BagIt specification allows)."""
    if not folder.is_dir():
        return Verdict(str(folder), [(str(folder), "this is not a folder.")])
    return _from_report(str(folder), validate_bag(folder, progress=progress, cancel=cancel))


def verify_bundle(
    path: Path,
    trusted: set[str] | None = None,
    limits: Limits | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    keep_in: Path | None = None,
) -> Verdict:
    """A .evkit file: the zip is checked before anything is extracted, then the bag,
    then the teacher's seal. ``trusted`` holds the key fingerprints the reader trusts.

    With ``keep_in`` (a folder that must not exist yet) a bundle that passes is left
    extracted there for review; otherwise, and always on failure, nothing remains."""
    if is_age_file(path):
        return Verdict(
            str(path),
            [(path.name, "the bundle is encrypted; decrypt it first (evidencekit decrypt).")],
        )
    try:
        with safe_extract(path, limits, progress, cancel) as extracted:
            report = validate_bag(
                extracted.path, allow_fetch=False, known_sha256=extracted.sha256, cancel=cancel
            )
            verdict = _from_report(str(path), report)
            # The seal is checked even when a checksum failed: a rewritten tag manifest
            # is then reported as what it is, a change the signer never made.
            _add_seal(verdict, check_seal(extracted.path, trusted or set()))
            if verdict.ok:
                _check_metadata(verdict, extracted.path / METADATA_FILE)
            if verdict.ok:
                _check_named_signer(verdict, extracted.path / METADATA_FILE)
            if verdict.ok and keep_in is not None:
                shutil.move(extracted.path, keep_in)
            return verdict
    except BundleRejected as rejected:
        return Verdict(str(path), [(rejected.entry or path.name, rejected.reason)])


def is_age_file(path: Path) -> bool:
    """An age-encrypted file (``.evkit.age``) rather than a bundle."""
    try:
        with path.open("rb") as head:
            return head.read(len(AGE_MAGIC)) == AGE_MAGIC
    except OSError:
        return False  # the zip reader reports a missing or unreadable file in its own words


def _check_metadata(verdict: Verdict, path: Path) -> None:
    """The submission metadata must exist and match its schema version."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    if not path.is_file():
        verdict.problems.append((METADATA_FILE, "the submission metadata is missing."))
        return
    try:
        document = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        verdict.problems.append((METADATA_FILE, "the submission metadata is not valid JSON."))
        return
    validator = Draft202012Validator(load_schema(METADATA_SCHEMA))
    error = best_match(validator.iter_errors(document))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        verdict.problems.append((METADATA_FILE, f"{where}: {error.message}."))


def _check_named_signer(verdict: Verdict, metadata: Path) -> None:
    """The signer a bundle names must be the key that sealed it.

    Otherwise a valid seal by one person could be passed off as another's work.
    """
    named = dict(verdict.info).get("EvidenceKit-Signer")
    if named != verdict.signer:
        verdict.problems.append(
            (
                "bag-info.txt",
                f"it names the signer {named}, but the bundle is sealed by {verdict.signer}.",
            )
        )
        return
    stated = json.loads(metadata.read_text("utf-8"))["submission"]["signer"]
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
