"""What a requirement asks, above its work area: the instruction, the limits with how
far she is, and the rubric criteria the evidence will be judged by.

The sentences are also used by the credential overview, which shows the limits
without live values.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.catalog import (
    AllCriteriaAtLeast,
    ArtifactSlot,
    AttestationSlot,
    EssaySlot,
    Rubric,
    ShortAnswerSlot,
    Slot,
    VideoSlot,
)
from evidencekit.domain.submissions import Artifact, Clip, Evidence
from evidencekit.domain.text import format_duration, format_megabytes
from evidencekit.gui.icons import IconView, slot_icon
from evidencekit.gui.theme import SPACE, SPACE_TIGHT, colour, heading_html

_CONTEXT = "Requirement"
CRITERIA_HEIGHT = 150
#: The requirement kind's picture beside its title, in pixels.
KIND_ICON_SIDE = 20


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate(_CONTEXT, text, "", n)


def instruction(slot: Slot) -> str:
    match slot:
        case EssaySlot() | ShortAnswerSlot():
            return slot.prompt
        case VideoSlot() | ArtifactSlot():
            return slot.description
        case AttestationSlot():
            return _tr("Read the statement below; confirm it once it is true.")


def word_limits(low: int, high: int | None) -> str:
    if low and high:
        return _tr("{low}–{high} words asked").format(low=low, high=high)
    if high:
        return _tr("at most {high} words").format(high=high)
    if low:
        return _tr("at least {low} words").format(low=low)
    return ""


def limits(slot: Slot, items: list[Evidence] | None = None) -> list[tuple[str, bool]]:
    """Each limit in words, with how far she is when ``items`` is given; True = over it."""
    live = items is not None
    found = items or []
    match slot:
        case VideoSlot():
            clips = [e for e in found if isinstance(e, Clip)]
            return _video_limits(slot, clips, live)
        case ArtifactSlot():
            files = [e for e in found if isinstance(e, Artifact)]
            return _artifact_limits(slot, files, live)
        case EssaySlot():
            return [(word_limits(slot.min_words, slot.max_words), False)]
        case ShortAnswerSlot():
            return [(word_limits(0, slot.max_words), False)] if slot.max_words else []
        case AttestationSlot():
            return []


def _count(done: int, low: int, high: int | None, noun: str, live: bool) -> tuple[str, bool]:
    most = high if high is not None else low
    if live:
        # Plural by the limit: "1 of 2 clips", "0 of 1 clip".
        text = _tr("{done} of %n " + noun, most).format(done=done)
    elif high is not None and low != high:
        text = _tr("{low} to %n " + noun, high).format(low=low)
    else:
        text = _tr("%n " + noun, most)
    return text, high is not None and done > high


def _video_limits(slot: VideoSlot, clips: list[Clip], live: bool) -> list[tuple[str, bool]]:
    shown = [_count(len(clips), slot.min_clips, slot.max_clips, "clips", live)]
    if slot.max_minutes_per_clip:
        limit = slot.max_minutes_per_clip * 60
        longest = max((c.duration_s for c in clips), default=0.0)
        text = _tr("{limit} per clip").format(limit=format_duration(limit))
        if live:
            text = _tr("{longest} of {limit}").format(longest=format_duration(longest), limit=text)
        shown.append((text, longest > limit))
    if slot.max_total_minutes:
        limit = slot.max_total_minutes * 60
        total = sum(c.duration_s for c in clips)
        text = _tr("{limit} in all").format(limit=format_duration(limit))
        if live:
            text = _tr("{total} of {limit}").format(total=format_duration(total), limit=text)
        shown.append((text, total > limit))
    if slot.max_mb_per_file:
        shown.append(_size([c.size_bytes for c in clips], slot.max_mb_per_file, live))
    if slot.continuous:
        shown.append((_tr("one continuous, unedited take"), False))
    return shown


def _artifact_limits(
    slot: ArtifactSlot, files: list[Artifact], live: bool
) -> list[tuple[str, bool]]:
    shown = [_count(len(files), slot.min_count, slot.max_count, "files", live)]
    if slot.max_mb:
        shown.append(_size([f.size_bytes for f in files], slot.max_mb, live))
    if slot.accepted_types:
        shown.append((", ".join(slot.accepted_types), False))
    return shown


def _size(sizes: list[int], limit_mb: float, live: bool) -> tuple[str, bool]:
    limit = round(limit_mb * 1_000_000)
    text = _tr("{limit} per file").format(limit=format_megabytes(limit))
    largest = max(sizes, default=0)
    if live:
        text = _tr("{largest} of {limit}").format(
            largest=format_megabytes(largest) if largest else "0 MB", limit=text
        )
    return text, largest > limit


def passing_level(rubric: Rubric) -> str | None:
    """The level every criterion must reach, when the rubric's rule is a level."""
    if isinstance(rubric.passing, AllCriteriaAtLeast):
        return rubric.passing.level
    return None


def criteria_html(rubric: Rubric, every_level: bool) -> str:
    """The criteria with what the passing level (or every level) looks like."""
    needed = passing_level(rubric)
    rows = []
    for criterion in rubric.criteria:
        levels = [
            level
            for level in rubric.levels
            if every_level or level.id == needed or (needed is None and level is rubric.levels[-1])
        ]
        described = "".join(
            f"<br>&nbsp;&nbsp;<i>{escape(level.label)}:</i> "
            f"{escape(criterion.descriptors.get(level.id, ''))}"
            for level in levels
        )
        rows.append(f"<li><b>{escape(criterion.title)}</b>{described}</li>")
    return f"<ul style='margin:0; margin-left:-16px'>{''.join(rows)}</ul>"


class RequirementCard(QFrame):
    """The chosen requirement's card; the criteria open on demand to keep the pane short."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RequirementCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("What this requirement asks"))
        self.title = QLabel(self)
        self.title.setAccessibleName(self.tr("Requirement"))
        self.kind = IconView(KIND_ICON_SIDE, self)
        self.kind.setAccessibleName(self.tr("Kind of evidence"))
        self.text = QLabel(self)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName(self.tr("Instruction"))
        self.limits = QLabel(self)
        self.limits.setWordWrap(True)
        self.limits.setAccessibleName(self.tr("Limits"))
        self.names = QLabel(self)
        self.names.setWordWrap(True)
        self.names.setAccessibleName(self.tr("Judged by"))
        self.judged = QToolButton(self)
        self.judged.setText(self.tr("What each criterion looks like"))
        self.judged.setCheckable(True)
        self.judged.setAutoRaise(True)
        self.judged.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.judged.setArrowType(Qt.ArrowType.RightArrow)
        self.judged.setAccessibleName(self.tr("Show how this is judged"))
        self.judged.toggled.connect(self._show_criteria)
        self.criteria = QLabel(self)
        self.criteria.setWordWrap(True)
        self.criteria.setAccessibleName(self.tr("Rubric criteria"))
        # The descriptors scroll inside a short box: the work area below keeps its room.
        self.criteria_box = QScrollArea(self)
        self.criteria_box.setWidget(self.criteria)
        self.criteria_box.setWidgetResizable(True)
        self.criteria_box.setFrameShape(QFrame.Shape.NoFrame)
        self.criteria_box.setMaximumHeight(CRITERIA_HEIGHT)
        self.criteria_box.setAccessibleName(self.tr("Rubric criteria"))
        self.criteria_box.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE, SPACE_TIGHT, SPACE, SPACE_TIGHT)
        layout.setSpacing(SPACE_TIGHT)
        heading = QHBoxLayout()
        heading.setSpacing(SPACE)
        heading.addWidget(self.kind)
        heading.addWidget(self.title, 1)
        layout.addLayout(heading)
        for widget in (
            self.text,
            self.limits,
            self.names,
            self.judged,
            self.criteria_box,
        ):
            layout.addWidget(widget)

    def show_requirement(self, slot: Slot, rubric: Rubric, items: list[Evidence]) -> None:
        self.title.setText(heading_html(escape(slot.title)))
        self.kind.set_icon(slot_icon(slot.kind))
        self.text.setText(instruction(slot))
        parts = [
            f"<span style='color:{colour('problem').name()}'>{escape(text)}</span>"
            if over
            else escape(text)
            for text, over in limits(slot, items)
        ]
        self.limits.setText(" · ".join(parts))
        self.limits.setVisible(bool(parts))
        names = " · ".join(escape(c.title) for c in rubric.criteria)
        self.names.setText(self.tr("<i>Judged by:</i> {names}").format(names=names))
        self.criteria.setText(criteria_html(rubric, every_level=False))

    def _show_criteria(self, shown: bool) -> None:
        self.criteria_box.setVisible(shown)
        self.judged.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
