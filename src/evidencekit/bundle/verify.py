"""Verifying a bundle file or an unzipped bag: one report, whatever went wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidencekit.bundle.bagit import BagReport, validate_bag
from evidencekit.bundle.errors import BundleRejected
from evidencekit.bundle.safezip import safe_extract
from evidencekit.bundle.zipinspect import Limits
from evidencekit.domain.tasks import CancelToken, Progress, no_progress


@dataclass
class Verdict:
    source: str
    problems: list[tuple[str, str]] = field(default_factory=list)  # (entry or file, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    info: list[tuple[str, str]] = field(default_factory=list)

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
    limits: Limits | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Verdict:
    """A .evkit file: the zip is checked before anything is extracted, then the bag."""
    try:
        with safe_extract(path, limits, progress, cancel) as extracted:
            report = validate_bag(extracted.path, allow_fetch=False, cancel=cancel)
            return _from_report(str(path), report)
    except BundleRejected as rejected:
        return Verdict(str(path), [(rejected.entry or path.name, rejected.reason)])
