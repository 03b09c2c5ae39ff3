"""Trying again: attempt N+1 starts from attempt N's evidence, and the app says what changed."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from sqlalchemy import select

from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.submissions import Attempt, AttemptStatus
from evidencekit.storage import repository
from evidencekit.storage.models import AttemptRow, EvidenceRow
from evidencekit.storage.workspace import Workspace

_COPIED = ("slot_id", "kind", "title", "text", "media_sha256", "file_name", "size_bytes",
           "duration_s", "has_audio", "cuts", "bookmarks", "confirmed")  # fmt: skip


def start_next_attempt(workspace: Workspace, submission_id: int) -> Attempt:
    """A new draft attempt holding a copy of the returned attempt's evidence."""
    with workspace.unit_of_work() as session:
        current = repository.latest_attempt_row(session, submission_id)
        if current is None:
            raise EvidenceKitError(f"There is no submission {submission_id}.")
        if current.status != AttemptStatus.RETURNED.value:
            raise EvidenceKitError(
                f"Attempt {current.number} is {current.status}; a new attempt starts only "
                "after a review has returned it as not yet earned."
            )
        following = AttemptRow(
            submission_id=submission_id, number=current.number + 1, status="draft"
        )
        session.add(following)
        session.flush()
        for row in current.evidence:
            session.add(
                EvidenceRow(attempt_id=following.id, **{k: getattr(row, k) for k in _COPIED})
            )
        session.flush()
        return repository.to_attempt(following)


@dataclass(frozen=True)
class EssayChange:
    title: str
    words_added: int
    words_removed: int


@dataclass
class ChangeSummary:
    previous: int
    current: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    essays: list[EssayChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.replaced or self.essays)

    def draft_note(self) -> str:
        """A starting point for the resubmission note; the teacher rewrites it freely."""
        lines = [f"Changes since attempt {self.previous}:"]
        lines += [f"- Replaced {title}." for title in self.replaced]
        lines += [f"- Added {title}." for title in self.added]
        lines += [f"- Removed {title}." for title in self.removed]
        lines += [
            f"- Revised {e.title} ({e.words_added} words added, {e.words_removed} removed)."
            for e in self.essays
        ]
        if self.empty:
            lines.append("- Nothing has changed yet.")
        return "\n".join(lines)


def changes_since_previous(workspace: Workspace, submission_id: int) -> ChangeSummary | None:
    """What attempt N+1 changed compared with attempt N; None for a first attempt."""
    with workspace.unit_of_work() as session:
        attempts = session.scalars(
            select(AttemptRow)
            .where(AttemptRow.submission_id == submission_id)
            .order_by(AttemptRow.number.desc())
            .limit(2)
        ).all()
        if len(attempts) < 2:
            return None
        now, before = attempts
        return _compare(before.number, before.evidence, now.number, now.evidence)


def _compare(
    before_n: int, before: list[EvidenceRow], now_n: int, now: list[EvidenceRow]
) -> ChangeSummary:
    summary = ChangeSummary(before_n, now_n)
    files_before = {(r.slot_id, r.media_sha256): r for r in before if r.media_sha256}
    files_now = {(r.slot_id, r.media_sha256): r for r in now if r.media_sha256}
    gone = [files_before[k] for k in files_before.keys() - files_now.keys()]
    new = [files_now[k] for k in files_now.keys() - files_before.keys()]
    for row in sorted(new, key=lambda r: r.id):
        match = next((old for old in gone if old.slot_id == row.slot_id), None)
        if match is not None:
            gone.remove(match)
            summary.replaced.append(f"“{match.title}” with “{row.title}”")
        else:
            summary.added.append(f"“{row.title}”")
    summary.removed += [f"“{row.title}”" for row in sorted(gone, key=lambda r: r.id)]
    texts_before = {r.slot_id: r for r in before if r.kind == "essay"}
    for row in (r for r in now if r.kind == "essay"):
        old = texts_before.get(row.slot_id)
        old_words, new_words = (old.text or "").split() if old else [], (row.text or "").split()
        if old_words == new_words:
            continue
        added = removed = 0
        matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                removed += i2 - i1
                added += j2 - j1
        summary.essays.append(EssayChange(row.title, added, removed))
    return summary
