"""Where a submission stands, in the same words on every screen that says it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from evidencekit.domain.progress import Stage, Standing
from evidencekit.domain.submissions import AttemptStatus


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Standing", text, None, n)


def describe(standing: Standing) -> str:
    """ "Ready to pack", "2 things still to do", "Sealed 3 Dec, waiting for review"…"""
    match standing.stage:
        case Stage.TO_DO:
            return tr("%n things still to do", standing.still_to_do)
        case Stage.READY:
            return tr("Ready to pack")
        case Stage.SEALED if standing.sealed_at is not None:
            day = standing.sealed_at.astimezone()  # her day, not UTC's
            return tr("Sealed {day}, waiting for review").format(
                day=QLocale().toString(QDate(day.year, day.month, day.day), "d MMM")
            )
        case Stage.SEALED:
            return tr("Sealed, waiting for review")
        case Stage.RETURNED:
            return tr("Returned with feedback")
        case Stage.EARNED:
            return tr("Earned")


def attempt_word(status: AttemptStatus) -> str:
    """One attempt's status, in the words the standing uses ("Sealed", not "Packed")."""
    return {
        AttemptStatus.DRAFT: tr("Draft"),
        AttemptStatus.READY: tr("Ready"),
        AttemptStatus.PACKED: tr("Sealed"),
        AttemptStatus.RETURNED: tr("Returned"),
        AttemptStatus.EARNED: tr("Earned"),
    }[status]
