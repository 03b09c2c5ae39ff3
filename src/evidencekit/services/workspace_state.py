"""The open workspace as one state that every view reads, and what each operation changed.

Views never refresh each other: an operation says what it changed (a ``Changes``
record, like Anki's ``OpChanges``), ``WorkspaceState.apply`` forgets what that makes
stale and tells every listener, and each listener redraws only what it shows.
Everything is read through the same services, so the dashboard, the checklist, the
submission list, the header and the pathways cannot disagree. Qt-free on purpose:
the CLI and tests can hold one too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from evidencekit.domain.catalog import Catalog
from evidencekit.domain.progress import Standing, SubmissionProgress, submission_progress
from evidencekit.services.catalogs import workspace_catalog
from evidencekit.services.submission_list import (
    SubmissionDetail,
    SubmissionSummary,
    list_submissions,
    submission_detail,
)
from evidencekit.storage.workspace import Workspace


@dataclass(frozen=True)
class Changes:
    """What one operation changed; ``submission_ids`` empty means every submission."""

    submissions: bool = False  # added, removed, renamed, sealed, returned, earned
    evidence: bool = False  # items added, edited, tagged or removed
    findings: bool = False  # preflight may say something new (protection, limits)
    people: bool = False  # students, their consent, the people she trusts
    reviews: bool = False  # a review came back
    submission_ids: frozenset[int] = frozenset()

    @classmethod
    def everything(cls) -> Changes:
        return cls(True, True, True, True, True)

    @classmethod
    def of_submission(cls, submission_id: int, **what: bool) -> Changes:
        return cls(submission_ids=frozenset({submission_id}), **what)

    @property
    def progress(self) -> bool:
        """Whether anything a progress figure counts may have moved."""
        return bool(
            self.submissions or self.evidence or self.findings or self.people or self.reviews
        )

    def touches(self, submission_id: int | None) -> bool:
        """Whether a view showing this submission must look again."""
        if submission_id is None or not self.progress:
            return False
        return self.people or not self.submission_ids or submission_id in self.submission_ids

    def __or__(self, other: Changes) -> Changes:
        ids = (
            self.submission_ids | other.submission_ids
            if self.submission_ids and other.submission_ids
            else frozenset()
        )
        return Changes(
            self.submissions or other.submissions,
            self.evidence or other.evidence,
            self.findings or other.findings,
            self.people or other.people,
            self.reviews or other.reviews,
            ids,
        )


Listener = Callable[[Changes], None]


def standing_of(detail: SubmissionDetail) -> Standing:
    """Where a shown submission stands, counted as the dashboard counts it."""
    progress = submission_progress(
        detail.submission, detail.credential, [detail.attempt], detail.evidence, detail.findings
    )
    return progress.standing


class WorkspaceState:
    """What the open workspace holds, read once and kept until a change makes it stale."""

    def __init__(self, workspace: Workspace, catalog: Catalog | None = None) -> None:
        self.workspace = workspace
        self.catalog = catalog or workspace_catalog(workspace)
        self._listeners: list[Listener] = []
        self._summaries: list[SubmissionSummary] | None = None
        self._progress: list[SubmissionProgress] | None = None
        self._details: dict[int, SubmissionDetail] = {}

    # -- reading ---------------------------------------------------------------------

    def submissions(self) -> list[SubmissionSummary]:
        if self._summaries is None:
            self._summaries = list_submissions(self.workspace, self.catalog)
        return list(self._summaries)

    def summary(self, submission_id: int) -> SubmissionSummary | None:
        return next((s for s in self.submissions() if s.submission.id == submission_id), None)

    def detail(self, submission_id: int) -> SubmissionDetail:
        """One submission with its evidence and findings (raises NotFound when gone)."""
        found = self._details.get(submission_id)
        if found is None:
            found = submission_detail(self.workspace, submission_id, self.catalog)
            self._details[submission_id] = found
        return found

    def progress(self) -> list[SubmissionProgress]:
        """Every submission's progress, newest first (read only when a view asks)."""
        if self._progress is None:
            # The dashboard's figures need the ORM; imported when a view first asks.
            from evidencekit.services.progress import workspace_progress

            self._progress = workspace_progress(self.workspace, self.catalog)
        return list(self._progress)

    # -- changing --------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def apply(self, changes: Changes) -> None:
        """Forget what ``changes`` made stale, then tell every listener, in order."""
        if changes.submissions or changes.evidence:
            self._summaries = None  # titles, statuses, evidence counts
        if changes.progress:
            self._progress = None
            for submission_id in list(self._details):
                if changes.touches(submission_id):
                    del self._details[submission_id]
        for listener in list(self._listeners):
            listener(changes)

    def switch(self, workspace: Workspace, catalog: Catalog | None = None) -> None:
        """Another workspace is open now: everything is new."""
        self.workspace = workspace
        self.catalog = catalog or workspace_catalog(workspace)
        self._summaries, self._progress, self._details = None, None, {}
        self.apply(Changes.everything())
