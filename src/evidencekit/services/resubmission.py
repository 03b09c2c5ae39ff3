"""Trying again: attempt N+1 starts from attempt N's evidence, and the app says what changed."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.submissions import (
    Artifact,
    Attempt,
    AttemptStatus,
    Clip,
    Essay,
    Evidence,
)
from evidencekit.storage import attempts, repository
from evidencekit.storage.workspace import Workspace


def start_next_attempt(workspace: Workspace, submission_id: int) -> Attempt:
    """A new draft attempt holding a copy of the returned attempt's evidence."""
    with workspace.unit_of_work() as session:
        current = repository.latest_attempt(session, submission_id)
        if current is None:
            raise EvidenceKitError(f"There is no submission {submission_id}.")
        if current.status is not AttemptStatus.RETURNED:
            raise EvidenceKitError(
                f"Attempt {current.number} is {current.status}; a new attempt starts only "
                "after a review has returned it as not yet earned."
            )
        return attempts.start_after(session, current)


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
        latest = attempts.latest_two(session, submission_id)
    if len(latest) < 2:
        return None
    (now, now_evidence), (before, before_evidence) = latest
    return _compare(before.number, before_evidence, now.number, now_evidence)


def _compare(
    before_n: int, before: Sequence[Evidence], now_n: int, now: Sequence[Evidence]
) -> ChangeSummary:
    summary = ChangeSummary(before_n, now_n)
    _compare_files(summary, _files(before), _files(now))
    _compare_essays(summary, before, now)
    return summary


def _files(evidence: Sequence[Evidence]) -> dict[tuple[str, str], Clip | Artifact]:
    """Clips and artifacts by (slot, content): the same file in the same slot is unchanged."""
    return {
        (e.slot_id, e.sha256): e for e in evidence if isinstance(e, Clip | Artifact) and e.sha256
    }


def _compare_files(
    summary: ChangeSummary,
    before: dict[tuple[str, str], Clip | Artifact],
    now: dict[tuple[str, str], Clip | Artifact],
) -> None:
    gone = [before[k] for k in before.keys() - now.keys()]
    new = [now[k] for k in now.keys() - before.keys()]
    for item in sorted(new, key=lambda e: e.id):
        match = next((old for old in gone if old.slot_id == item.slot_id), None)
        if match is not None:
            gone.remove(match)
            summary.replaced.append(f"“{match.title}” with “{item.title}”")
        else:
            summary.added.append(f"“{item.title}”")
    summary.removed += [f"“{item.title}”" for item in sorted(gone, key=lambda e: e.id)]


def _compare_essays(
    summary: ChangeSummary, before: Sequence[Evidence], now: Sequence[Evidence]
) -> None:
    texts_before = {e.slot_id: e for e in before if isinstance(e, Essay)}
    for essay in (e for e in now if isinstance(e, Essay)):
        old = texts_before.get(essay.slot_id)
        old_words, new_words = old.text.split() if old else [], essay.text.split()
        if old_words != new_words:
            summary.essays.append(EssayChange(essay.title, *_words_changed(old_words, new_words)))


def _words_changed(old: list[str], new: list[str]) -> tuple[int, int]:
    """(words added, words removed) from ``old`` to ``new``."""
    added = removed = 0
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += i2 - i1
            added += j2 - j1
    return added, removed
