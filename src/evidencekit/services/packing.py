"""Packing a submission into a sealed .evkit bundle, when preflight allows it."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jsonschema import Draft202012Validator

from evidencekit import __version__
from evidencekit.bundle.encryption.age_files import (
    AGE_SUFFIX,
    age_recipient_for,
    encrypted_path,
    encrypting_writer,
    parse_recipient,
)
from evidencekit.bundle.packer import (
    PackResult,
    PackSpec,
    PayloadItem,
    pack_bundle,
    pack_bundle_into,
    sweep_partials,
)
from evidencekit.bundle.render.html_viewer import render_viewer_html
from evidencekit.bundle.render.markdown_html import markdown_to_html
from evidencekit.bundle.render.pdf_portfolio import render_portfolio_bytes
from evidencekit.bundle.render.portfolio_content import PortfolioContent
from evidencekit.bundle.render.viewer_sound import SoundChoice
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.bundle.verify import METADATA_FILE, METADATA_SCHEMA
from evidencekit.catalog.schema import load_schema
from evidencekit.domain.coaching import draft_mark
from evidencekit.domain.credentials import Recipient
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.preflight import Finding
from evidencekit.domain.redaction import audit_entry
from evidencekit.domain.submissions import Artifact, Attestation, Clip, Essay
from evidencekit.domain.tasks import Reporter
from evidencekit.domain.text import count_words
from evidencekit.media.stills import still_jpeg
from evidencekit.services.feedback import previous_review
from evidencekit.services.holder import load_profile, recipient_for
from evidencekit.services.redaction import redacted_copy
from evidencekit.services.roster import consent_summary
from evidencekit.services.sound_track_files import sound_track_payload
from evidencekit.services.submissions import EDITABLE, SubmissionDetail, submission_detail
from evidencekit.services.video_import import bundle_clips
from evidencekit.storage.feedback_records import mark_packed, record_packed_bundle
from evidencekit.storage.workspace import Workspace


class PackBlocked(EvidenceKitError):
    """Preflight found blocking problems; they are listed, nothing was written."""

    exit_code = 1

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        lines = "\n".join(f"  - {f.message}" for f in findings)
        super().__init__(f"The submission cannot be packed yet:\n{lines}")


def _safe_name(text: str) -> str:
    """A file name part that is portable everywhere (the bundle is checked for this)."""
    cleaned = re.sub(r"[^A-Za-z0-9._ -]+", "-", text).strip(" .-")
    return cleaned[:80] or "file"


@dataclass(frozen=True)
class BundlePlan:
    spec: PackSpec
    evidence_paths: dict[str, int]  # path in the bundle -> evidence id, to place feedback


@dataclass
class _Layout:
    """What the evidence adds to the bundle besides its metadata entries."""

    payload: list[PayloadItem] = field(default_factory=list)
    files: dict[int, str] = field(default_factory=dict)  # evidence id -> path under data/
    sounds: dict[int, list[SoundChoice]] = field(default_factory=dict)  # clips with tracks

    def add_file(self, evidence_id: int, path: str, source: Path) -> None:
        """A file the viewer links to."""
        self.payload.append(PayloadItem(path, source))
        self.files[evidence_id] = path.removeprefix("data/")


def build_spec(
    workspace: Workspace,
    detail: SubmissionDetail,
    signer: str,
    previous_review: dict[str, Any] | None = None,
    clip_files: Mapping[int, Path] | None = None,
    pseudonym: str | None = None,
    recipient: Recipient | None = None,
    draft: bool = False,
) -> BundlePlan:
    """The payload and bag-info for a submission: a pure function of the workspace's data.

    Clips go in as their browser-ready copies (``clip_files``, by evidence id; made
    here when not given), never as the originals.
    """
    if clip_files is None:
        clip_files = bundle_clips(workspace, detail)
    layout = _Layout()
    entries = _evidence_entries(workspace, detail, clip_files, layout)
    metadata = _metadata(detail, signer, entries, previous_review, pseudonym, recipient, draft)
    content = replace(_portfolio_content(workspace, detail, clip_files), draft=draft)
    layout.payload += (
        PayloadItem("data/portfolio.pdf", render_portfolio_bytes(content)),
        PayloadItem(
            "data/index.html",
            render_viewer_html(content, layout.files, layout.sounds).encode("utf-8"),
        ),
        PayloadItem(
            METADATA_FILE,
            json.dumps(metadata, indent=2, ensure_ascii=False, sort_keys=True).encode("utf-8"),
        ),
    )
    paths = {e["path"]: e["id"] for e in entries if "path" in e}
    return BundlePlan(PackSpec(tuple(layout.payload), _bag_info(detail, signer, draft)), paths)


def _evidence_entries(
    workspace: Workspace,
    detail: SubmissionDetail,
    clip_files: Mapping[int, Path],
    layout: _Layout,
) -> list[dict[str, Any]]:
    """The metadata entry of each piece of evidence, its files laid out as it goes."""
    entries: list[dict[str, Any]] = []
    counters: dict[str, int] = {}
    for item in detail.evidence:
        n = counters[item.slot_id] = counters.get(item.slot_id, 0) + 1
        entry: dict[str, Any] = {"id": item.id, "slot": item.slot_id, "title": item.title}
        match item:
            case Clip():
                entry |= _clip_entry(workspace, item, n, clip_files[item.id], layout)
            case Artifact():
                entry |= _artifact_entry(workspace, item, n, layout)
            case Essay():
                entry |= _essay_entry(item, layout)
            case Attestation():
                entry |= {"kind": "attestation", "confirmed": item.confirmed}
        entries.append(entry)
    return entries


def _clip_entry(
    workspace: Workspace, clip: Clip, n: int, derived: Path, layout: _Layout
) -> dict[str, Any]:
    path = f"data/video/{clip.slot_id}-{n}.mp4"
    layout.add_file(clip.id, path, derived)
    entry: dict[str, Any] = {
        "kind": "clip",
        "path": path,
        "sha256": derived.name,  # the media store names files by their SHA-256
        "size_bytes": derived.stat().st_size,
        "duration_s": clip.duration_s,
        "has_audio": clip.has_audio,
    }
    tracks, listed, choices = sound_track_payload(workspace, derived, path)
    if listed:  # a second sound track: each further one as a file of its own
        layout.payload += tracks
        entry["sound_tracks"] = listed
        layout.sounds[clip.id] = choices
    if clip.bookmarks:
        entry["bookmarks"] = [{"seconds": b.seconds, "label": b.label} for b in clip.bookmarks]
    protected = redacted_copy(workspace, clip)
    if protected is not None:
        entry["redaction"] = audit_entry(protected[1])
    return entry


def _artifact_entry(
    workspace: Workspace, artifact: Artifact, n: int, layout: _Layout
) -> dict[str, Any]:
    path = f"data/artifacts/{artifact.slot_id}-{n}-{_safe_name(artifact.file_name)}"
    layout.add_file(artifact.id, path, workspace.media.path_for(artifact.sha256))
    return {
        "kind": "artifact",
        "path": path,
        "sha256": artifact.sha256,
        "size_bytes": artifact.size_bytes,
    }


def _essay_entry(essay: Essay, layout: _Layout) -> dict[str, Any]:
    """The Markdown as written, and an HTML rendering beside it for the viewer."""
    path = f"data/text/{essay.slot_id}.md"
    html = f"<!doctype html><meta charset=utf-8>\n{markdown_to_html(essay.text)}\n"
    layout.payload += (
        PayloadItem(path, essay.text.encode("utf-8")),
        PayloadItem(f"data/text/{essay.slot_id}.html", html.encode("utf-8")),
    )
    return {"kind": "text", "path": path, "words": count_words(essay.text)}


def _metadata(
    detail: SubmissionDetail,
    signer: str,
    entries: list[dict[str, Any]],
    previous_review: dict[str, Any] | None,
    pseudonym: str | None,
    recipient: Recipient | None,
    draft: bool,
) -> dict[str, Any]:
    """The bundle's metadata.json, checked against its schema before anything is signed."""
    s, credential = detail.submission, detail.credential
    metadata = {
        "schema_version": 1,
        "app_version": __version__,
        "credential": {
            "id": credential.id,
            "version": credential.version,
            "title": credential.title,
            "unit": s.unit_id,
        },
        "submission": {"title": s.title, "attempt": detail.attempt.number, "signer": signer},
        "evidence": entries,
        "warnings": [{"code": f.code, "message": f.message} for f in detail.findings],
    }
    if previous_review is not None:
        metadata["previous_review"] = previous_review
    if pseudonym is not None:
        metadata["candidate"] = {"pseudonym": pseudonym}
    if recipient is not None:
        metadata["recipient"] = {"identity_hash": recipient.identity_hash, "salt": recipient.salt}
    if draft:
        metadata["draft"] = draft_mark([(f.code, f.message) for f in detail.blocking])
    Draft202012Validator(load_schema(METADATA_SCHEMA)).validate(metadata)
    return metadata


def _bag_info(detail: SubmissionDetail, signer: str, draft: bool) -> tuple[tuple[str, str], ...]:
    credential, unit_id = detail.credential, detail.submission.unit_id
    return (
        # The attempt's date, not today's: the same attempt always packs to the same bytes.
        ("Bagging-Date", detail.attempt.created_at.date().isoformat()),
        ("Bag-Software-Agent", f"EvidenceKit {__version__}"),
        ("EvidenceKit-Credential", f"{credential.id} {credential.version}"),
        ("EvidenceKit-Unit", unit_id or "all"),
        ("EvidenceKit-Attempt", str(detail.attempt.number)),
        ("EvidenceKit-Signer", signer),
        *((("EvidenceKit-Draft", "for coaching, not for evaluation"),) if draft else ()),
    )


def _portfolio_content(
    workspace: Workspace, detail: SubmissionDetail, clip_files: Mapping[int, Path]
) -> PortfolioContent:
    # Stills come from the bundle's copies, so a protected clip's still shows no faces.
    stills = {
        clip.id: still_jpeg(clip_files[clip.id], clip.duration_s * 0.3)
        for clip in detail.evidence
        if isinstance(clip, Clip)
    }
    counts = consent_summary(workspace)
    return PortfolioContent(
        detail.credential,
        detail.submission,
        detail.attempt,
        detail.evidence,
        detail.findings,
        dated=detail.attempt.created_at.date(),
        stills=stills,
        # Counts only: the roster's names never leave the workspace.
        consent_counts=counts if counts["students"] else None,
    )


def _pack_encrypted(
    spec: PackSpec,
    target: Path,
    signer: Ed25519PrivateKey,
    recipients: list[str],
    overwrite: bool,
    reporter: Reporter,
) -> PackResult:
    """The packer's output goes straight into age's encryptor: the plain bundle never
    exists as a file, not even for a moment (a killed pack leaves only ciphertext)."""
    if target.exists() and not overwrite:
        raise EvidenceKitError(f"{target} already exists; it was kept.")
    everyone = [*recipients, age_recipient_for(signer)]
    with encrypting_writer(target, everyone, overwrite=overwrite) as plain:
        packed = pack_bundle_into(spec, plain, target.name, signer, reporter=reporter)
    return replace(packed, path=target, size_bytes=target.stat().st_size)


def candidate_pseudonym(signer: str, submission_id: int, attempt: int) -> str:
    """A stable stand-in name for blind review: the same attempt always gets the same one,
    and nothing in it can be turned back into the teacher's name."""
    digest = hashlib.sha256(f"{signer}/{submission_id}/{attempt}".encode()).digest()
    code = base64.b32encode(digest).decode()[:8]
    return f"CAND-{code[:4]}-{code[4:]}"


def pack_submission(
    workspace: Workspace,
    submission_id: int,
    target: Path,
    signer: Ed25519PrivateKey,
    *,
    encrypt_to: Sequence[str] = (),
    blind: bool = False,
    overwrite: bool = False,
    draft: bool = False,
    reporter: Reporter | None = None,
) -> PackResult:
    """Seal the current attempt; refuses (listing why) while preflight finds blockers.

    With ``draft`` an unfinished attempt is packed for a coach instead: signed like any
    bundle, marked as a draft for coaching in its signed metadata (which evaluators'
    paths refuse), its blockers listed rather than refused, and the attempt stays open.

    With ``encrypt_to`` (evaluators' ``age1…`` keys) the file at ``target`` is the
    age-encrypted bundle (named ``.evkit.age``), readable by those evaluators and by the
    teacher herself; the plain bundle is never written to disk.
    With ``blind`` the evaluator sees a pseudonym instead of the submission's title.
    """
    reporter = reporter or Reporter.silent()
    detail = submission_detail(workspace, submission_id)
    if detail.blocking and not draft:
        raise PackBlocked(detail.blocking)
    signer_print = fingerprint(signer.public_key())
    pseudonym = None
    if blind:
        pseudonym = candidate_pseudonym(signer_print, submission_id, detail.attempt.number)
        detail = replace(detail, submission=replace(detail.submission, title=pseudonym))
    recipients = [str(parse_recipient(text)) for text in encrypt_to]
    if recipients and target.suffix != AGE_SUFFIX:
        target = encrypted_path(target)  # an age file is named .evkit.age, as documented
    sweep_partials(target.parent)  # what killed packs left here (never a plain bundle now)
    clip_files = bundle_clips(workspace, detail, reporter)
    plan = build_spec(
        workspace,
        detail,
        signer_print,
        previous_review(workspace, submission_id, detail.attempt.number),
        clip_files,
        pseudonym,
        recipient_for(load_profile(), signer, submission_id, detail.attempt.number),
        draft,
    )
    if recipients:
        result = _pack_encrypted(plan.spec, target, signer, recipients, overwrite, reporter)
    else:
        result = pack_bundle(
            plan.spec,
            target,
            signer,
            overwrite=overwrite,
            reporter=reporter,
        )
    with workspace.unit_of_work() as session:
        if not draft:  # a draft for coaching is not sealed work
            mark_packed(session, detail.attempt.id, EDITABLE)
        record_packed_bundle(
            session, detail.attempt.id, result.bundle_sha256, target.name, plan.evidence_paths
        )
    return result
