"""What a credential asks, before she starts and whenever she wants to look again: the
competency, each unit's requirements and limits, and the rubric with every level."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from evidencekit.domain.catalog import (
    AllCriteriaAtLeast,
    AttestationSlot,
    Credential,
    PointsAtLeast,
    Rubric,
)
from evidencekit.gui.theme import heading_css
from evidencekit.gui.work.requirement_card import criteria_html, instruction, limits


def estimated_effort(hours: float) -> str:
    """'about 19 hours', the catalog's own figure (never one made up here)."""
    whole = round(hours)
    if hours == whole:
        return QCoreApplication.translate("Effort", "about %n hours", "", whole)
    return QCoreApplication.translate("Effort", "about {hours} hours").format(hours=f"{hours:g}")


def effort_line(credential: Credential, widget: QWidget) -> str:
    """The credential's stated effort in a sentence, or '' when its catalog states none."""
    if credential.estimated_hours is None:
        return ""
    return widget.tr("<b>Estimated effort:</b> {effort} in all (estimate by {issuer})").format(
        effort=estimated_effort(credential.estimated_hours), issuer=escape(credential.issuer)
    )


def _passing(rubric: Rubric, widget: QWidget) -> str:
    match rubric.passing:
        case AllCriteriaAtLeast(level=needed):
            label = rubric.level(needed).label
            return widget.tr("To pass, every criterion must reach “{level}”.").format(level=label)
        case PointsAtLeast(points=needed):
            return widget.tr(
                "To pass, the criteria's points must add up to at least %n.", "", needed
            )


def overview_html(credential: Credential, widget: QWidget) -> str:
    tr = widget.tr
    parts = [
        f"<h2>{escape(credential.title)}</h2>",
        f"<p>{escape(credential.competency)}</p>",
        f"<p>{effort_line(credential, widget)}</p>"
        if credential.estimated_hours is not None
        else "",
        f"<p><b>{tr('How:')}</b> {escape(credential.key_method)}</p>",
        f"<p><b>{tr('Why it matters:')}</b> {escape(credential.rationale)}</p>",
    ]
    for number, unit in enumerate(credential.units, 1):
        parts.append(
            f"<h3>{tr('Unit {n}: {title}').format(n=number, title=escape(unit.title))}</h3>"
        )
        parts.append(f"<p>{escape(unit.description)}</p>")
        if unit.estimated_hours is not None:
            effort = estimated_effort(unit.estimated_hours)
            parts.append(f"<p><i>{tr('Estimated effort: {effort}').format(effort=effort)}</i></p>")
        parts.append(f"<p><b>{tr('What you hand in')}</b></p><ul>")
        for slot in unit.slots:
            shown = " · ".join(text for text, _over in limits(slot))
            asked = slot.statement if isinstance(slot, AttestationSlot) else instruction(slot)
            extra = f"<br><i>{escape(shown)}</i>" if shown else ""
            parts.append(f"<li><b>{escape(slot.title)}</b> — {escape(asked)}{extra}</li>")
        parts.append("</ul>")
        parts.append(
            f"<p><b>{tr('How it is judged')}</b> — {escape(_passing(unit.rubric, widget))}</p>"
        )
        parts.append(criteria_html(unit.rubric, every_level=True))
    if credential.resources:
        parts.append(f"<h3>{tr('Getting started')}</h3><p>{escape(credential.resources)}</p>")
    return "".join(parts)


class CredentialOverview(QDialog):
    """A window of its own, so it can stay open beside her work."""

    def __init__(self, credential: Credential, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.credential = credential
        self.setWindowTitle(self.tr("{title} — what it asks").format(title=credential.title))
        self.text = QTextBrowser(self)
        self.text.setAccessibleName(self.tr("Credential overview"))
        self.text.setOpenExternalLinks(False)
        self.text.document().setDefaultStyleSheet(heading_css())  # the app's type scale
        self.text.setHtml(overview_html(credential, self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(760, 640)
