"""The reviewer's side: open a verified bundle read-only, comment, score, export the return file."""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import stat
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidencekit.bundle.bagit.bagit_text import parse_manifest
from evidencekit.bundle.errors import printable
from evidencekit.bundle.profile import PAYLOAD_MANIFEST
from evidencekit.bundle.review_file import SUFFIX, sign_review
from evidencekit.bundle.signing.seal import SIGNATURE_FILE, SealState, fingerprint
from evidencekit.bundle.verify import METADATA_FILE, Verdict
from evidencekit.domain.catalog import Credential
from evidencekit.domain.coaching import DraftNotForScoring, is_coaching_draft
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.ids import CriterionId, LevelId, UnitId
from evidencekit.domain.review import (
    DEFAULT_MARKERS,
    Comment,
    MarkerCategory,
    Review,
    ReviewerRole,
    Score,
    marker_set,
)
from evidencekit.domain.review_export import comments_to_csv, comments_to_vtt
from evidencekit.domain.tasks import Reporter
from evidencekit.services.bundles import check_bundle
from evidencekit.services.catalogs import get_credential, workspace_catalog
from evidencekit.services.people import load_me, remember_my_key
from evidencekit.services.recognition import issue_award
from evidencekit.storage import review_records
from evidencekit.storage.atomic_files import write_atomically
from evidencekit.storage.locations import marker_set_path
from evidencekit.storage.workspace import Workspace

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

REVIEWS_DIR = "reviews"
MAX_TEXT_BYTES = 8 * 2**20


class BundleRefused(EvidenceKitError):
    """Verification failed: the bundle is not opened for review."""

    exit_code = 1

    def __init__(self, verdict: Verdict) -> None:
        self.verdict = verdict
        reasons = "\n".join(f"  - '{entry}': {reason}" for entry, reason in verdict.problems)
        super().__init__(f"{Path(verdict.source).name} was refused:\n{reasons}")


class UnknownSigner(EvidenceKitError):
    """A bundle validly sealed by a teacher nobody vouched for: nothing was opened.

    The app asks whether to trust the key (trust on first contact) and opens again."""

    exit_code = 1

    def __init__(self, bundle_name: str, public_key: Ed25519PublicKey) -> None:
        self.bundle_name = bundle_name
        self.public_key = public_key
        super().__init__(
            f"{bundle_name} is sealed by a teacher you have not trusted yet "
            f"({fingerprint(public_key)})."
        )

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


@dataclass(frozen=True)
class OpenReview:
    """A review open for writing: its saved draft and the verified bag it is written on."""

    draft_id: int
    folder: Path  # the extracted bag: read it, never write to it
    bundle_name: str
    metadata: dict[str, Any]
    credential: Credential
    review: Review
    # The verified payload manifest's paths: the only files the review may open.
    payload: frozenset[str] = frozenset()

    @property
    def is_draft(self) -> bool:
        """A draft for coaching (marked so in its signed metadata)."""
        return is_coaching_draft(self.metadata)

    @property
    def candidate(self) -> str:
        """Who the evaluator sees: a pseudonym for blind review, else the submission title."""
        pseudonym = self.metadata.get("candidate", {}).get("pseudonym")
        return pseudonym or self.metadata["submission"]["title"]

    def evidence(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.metadata["evidence"] if e["kind"] == kind]

    def file(self, bundle_path: str) -> Path:
        """An evidence file, resolved through the verified manifest: a path that only
        the metadata names is never opened."""
        if bundle_path not in self.payload:
            raise EvidenceKitError(
                f"'{printable(bundle_path)}' is not a file of the verified bundle."
            )
        return self.folder / bundle_path

    def read_text(self, bundle_path: str, max_bytes: int = MAX_TEXT_BYTES) -> str:
        """A text evidence file (an essay), read only if it is a regular file of the
        verified bundle and no larger than ``max_bytes``."""
        path = self.file(bundle_path)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(path, flags)
        except OSError as error:
            raise EvidenceKitError(f"{path.name} cannot be read ({error.strerror}).") from None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
                raise EvidenceKitError(f"{path.name} is not a text file this review can show.")
            return handle.read(max_bytes).decode("utf-8", errors="replace")


def default_markers() -> tuple[MarkerCategory, ...]:
    """The reviewer's own categories if they saved some, else the standard four."""
    path = marker_set_path()
    try:
        items = json.loads(path.read_text("utf-8"))
        return marker_set([(item["label"], item["colour"]) for item in items])
    except FileNotFoundError:
        return DEFAULT_MARKERS
    except (ValueError, TypeError, KeyError, EvidenceKitError):
        raise EvidenceKitError(
            f"{path}: the saved comment categories are damaged; delete the file to start over."
        ) from None


def save_default_markers(markers: tuple[MarkerCategory, ...]) -> None:
    path = marker_set_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    body = [{"label": m.label, "colour": m.colour} for m in markers]
    write_atomically(path, json.dumps(body, indent=2).encode("utf-8"))


def open_for_review(
    workspace: Workspace,
    bundle: Path,
    role: ReviewerRole,
    reviewer: Ed25519PrivateKey,
    reporter: Reporter | None = None,
    strangers: bool = True,
) -> OpenReview:
    """Verify first; only a bundle that passes is kept (extracted) and gets a draft.
    A draft for coaching opens only for a coach (DraftNotForScoring otherwise).

    A bundle this reviewer already has a draft of resumes that draft. With
    ``strangers=False`` a bundle sealed by an untrusted teacher raises UnknownSigner
    and leaves nothing behind, so the app can ask before anything is opened."""
    home = workspace.path / REVIEWS_DIR
    home.mkdir(exist_ok=True)
    folder = home / secrets.token_hex(8)
    verdict = check_bundle(bundle, reviewer, reporter, keep_in=folder)
    if not verdict.ok:
        raise BundleRefused(verdict)
    assert verdict.sha256 is not None and verdict.metadata is not None
    if role is ReviewerRole.EVALUATOR and is_coaching_draft(verdict.metadata):
        shutil.rmtree(folder)
        raise DraftNotForScoring(bundle.name)
    if verdict.seal is SealState.UNKNOWN_SIGNER and not strangers:
        sealer = _sealing_key(folder)
        shutil.rmtree(folder)
        raise UnknownSigner(bundle.name, sealer)
    remember_my_key(reviewer)  # so the Reviews list knows her drafts from colleagues'
    draft_id = draft_of(workspace, verdict.sha256, role, fingerprint(reviewer.public_key()))
    if draft_id is not None:
        return _resume(workspace, draft_id, folder)
    metadata = verdict.metadata
    meta_credential = metadata["credential"]
    credential = get_credential(
        workspace_catalog(workspace), meta_credential["id"], meta_credential["version"]
    )
    unit = meta_credential["unit"]
    units = (UnitId(unit),) if unit else tuple(u.id for u in credential.units)
    review = Review(
        verdict.sha256,
        role,
        fingerprint(reviewer.public_key()),
        credential.id,
        credential.version,
        units,
        markers=default_markers(),
    )
    with workspace.unit_of_work() as session:
        draft_id = review_records.add_draft(
            session,
            verdict.sha256,
            bundle.name,
            role.value,
            folder,
            json.dumps(_draft_body(review)),
        )
    return OpenReview(
        draft_id, folder, bundle.name, metadata, credential, review, frozenset(verdict.payload)
    )


def _sealing_key(bag: Path) -> Ed25519PublicKey:
    """The public key in a verified bag's signature file (check_seal has matched it)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    for line in (bag / SIGNATURE_FILE).read_text("ascii").splitlines():
        label, _colon, value = line.partition(":")
        if label.strip() == "Public-Key":
            return Ed25519PublicKey.from_public_bytes(base64.b64decode(value.strip()))
    raise EvidenceKitError(f"{SIGNATURE_FILE} names no key.")  # verification made sure it does


def draft_of(workspace: Workspace, sha256: str, role: ReviewerRole, reviewer: str) -> int | None:
    """This reviewer's newest draft of this bundle in this role, if she started one."""
    with workspace.unit_of_work() as session:
        for draft in review_records.drafts_of(session, sha256, role.value):
            if json.loads(draft.body).get("reviewer") == reviewer:
                return draft.id
    return None


def _resume(workspace: Workspace, draft_id: int, fresh: Path) -> OpenReview:
    """Reopen a draft; the copy just verified replaces its folder only if that one is gone."""
    with workspace.unit_of_work() as session:
        draft = review_records.draft(session, draft_id)
        assert draft is not None
        if draft.folder.is_dir():
            shutil.rmtree(fresh)
        else:
            review_records.move_draft(session, draft_id, fresh)
    return load_session(workspace, draft_id)


def _draft_body(review: Review) -> dict[str, Any]:
    return {
        "bundle_sha256": review.bundle_sha256,
        "role": review.role.value,
        "reviewer": review.reviewer,
        "credential": [review.credential_id, review.credential_version],
        "units": list(review.units),
        "markers": [[m.id, m.label, m.colour] for m in review.markers],
        "comments": [
            [c.evidence, c.category, c.text, c.at_s, c.text_range, c.author]
            for c in review.comments
        ],
        "scores": [[s.unit, s.criterion, s.level, s.feedback] for s in review.scores],
        "summary": review.summary,
    }


def _review_from_draft(body: dict[str, Any]) -> Review:
    return Review(
        body["bundle_sha256"],
        ReviewerRole(body["role"]),
        body["reviewer"],
        body["credential"][0],
        body["credential"][1],
        tuple(UnitId(u) for u in body["units"]),
        comments=tuple(
            Comment(e, cat, text, at_s=at, text_range=tuple(span) if span else None, author=who)
            for e, cat, text, at, span, who in body["comments"]
        ),
        scores=tuple(
            Score(UnitId(u), CriterionId(c), LevelId(lvl), fb) for u, c, lvl, fb in body["scores"]
        ),
        markers=tuple(MarkerCategory(*m) for m in body["markers"]),
        summary=body["summary"],
    )


def load_session(workspace: Workspace, draft_id: int) -> OpenReview:
    with workspace.unit_of_work() as session:
        draft = review_records.draft(session, draft_id)
    if draft is None:
        raise EvidenceKitError(f"There is no review draft {draft_id}.")
    folder, name, body = draft.folder, draft.bundle_name, json.loads(draft.body)
    review = _review_from_draft(body)
    try:
        metadata = json.loads((folder / METADATA_FILE).read_text("utf-8"))
    except FileNotFoundError:
        raise EvidenceKitError(
            f"The copy of {name} this review was written on is gone; open the bundle file "
            "again and the review carries on where you left it."
        ) from None
    credential = get_credential(
        workspace_catalog(workspace), review.credential_id, review.credential_version
    )
    return OpenReview(
        draft_id, folder, name, metadata, credential, review, _verified_payload(folder)
    )


def _verified_payload(folder: Path) -> frozenset[str]:
    """The payload paths of a bundle this app verified and kept (its own copy of the
    signed manifest, written while the bundle was verified)."""
    text = (folder / PAYLOAD_MANIFEST).read_text("utf-8")
    lines = parse_manifest(text, "sha256", PAYLOAD_MANIFEST, (1, 0))
    return frozenset(line.path for line in lines)


def list_drafts(workspace: Workspace) -> list[tuple[int, str, str, bool]]:
    """(draft id, bundle name, role, exported) for each review on this machine."""
    with workspace.unit_of_work() as session:
        rows = review_records.drafts(session)
    return [(r.id, r.bundle_name, r.role, r.exported_at is not None) for r in reversed(rows)]


def save_review(workspace: Workspace, draft_id: int, review: Review) -> None:
    """Autosave: the whole draft, in one short transaction."""
    with workspace.unit_of_work() as session:
        if not review_records.save_draft(session, draft_id, json.dumps(_draft_body(review))):
            raise EvidenceKitError(f"There is no review draft {draft_id}.")


def export_review(
    workspace: Workspace,
    opened: OpenReview,
    key: Ed25519PrivateKey,
    target: Path,
    valid_until: datetime | None = None,
) -> Path:
    """Sign and write the return file atomically (temporary file, fsync, rename).

    When the decision is "earned", the Open Badges credential is issued now and
    travels inside the signed file (``valid_until`` limits it, if given).
    """
    now = datetime.now(UTC)
    stamped = replace(opened.review, created_at=now.isoformat(timespec="seconds"))
    teacher = _sealing_key(opened.folder)
    award = issue_award(stamped, opened.credential, opened.metadata, teacher, key, now, valid_until)
    data = sign_review(
        stamped, opened.credential, key, award, load_me().name, on_draft=opened.is_draft
    )
    if target.suffix != SUFFIX:
        target = target.with_name(target.name + SUFFIX)
    write_atomically(target, data)
    with workspace.unit_of_work() as session:
        review_records.mark_exported(session, opened.draft_id, datetime.now(UTC))
    return target


def export_comments(opened: OpenReview, clip_path: str, target: Path) -> Path:
    """One clip's comments as WebVTT (.vtt) or CSV (.csv), chosen by the target's suffix."""
    comments = [c for c in opened.review.comments if c.evidence == clip_path]
    if target.suffix == ".csv":
        text = comments_to_csv(comments)
    elif target.suffix == ".vtt":
        duration = next(
            (
                e.get("duration_s")
                for e in opened.metadata["evidence"]
                if e.get("path") == clip_path
            ),
            None,
        )
        text = comments_to_vtt(comments, opened.review.markers, duration)
    else:
        raise EvidenceKitError("Export comments as .vtt (WebVTT) or .csv.")
    write_atomically(target, text.encode("utf-8"))
    return target
