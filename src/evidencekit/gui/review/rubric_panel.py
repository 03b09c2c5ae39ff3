"""Scoring against the rubric as a grid: criteria down, levels across, every descriptor
in view; the unit's passing rule stated; the decision it gives, with its reason (never
typed in, so it cannot contradict the rubric); and an overall summary."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.catalog import AllCriteriaAtLeast, Credential, PointsAtLeast, Unit
from evidencekit.domain.ids import CriterionId, LevelId, UnitId
from evidencekit.domain.review import Decision, Review, ReviewIncomplete, Score

Key = tuple[str, str]  # (unit id, criterion id)


class LevelCell(QFrame):
    """One level of one criterion: its descriptor, chosen by a click anywhere on it."""

    def __init__(self, level_label: str, descriptor: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.radio = QRadioButton(level_label, self)
        self.radio.setAccessibleName(level_label)
        self.text = QLabel(descriptor or "—", self)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.radio)
        layout.addWidget(self.text, 1)
        self.radio.toggled.connect(self._mark)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.radio.click()
        super().mousePressEvent(event)

    def _mark(self, chosen: bool) -> None:
        self.setFrameShape(QFrame.Shape.Box if chosen else QFrame.Shape.StyledPanel)
        self.setLineWidth(2 if chosen else 1)


def passing_rule_text(unit: Unit) -> str:
    rubric = unit.rubric
    match rubric.passing:
        case AllCriteriaAtLeast(level=needed):
            return QCoreApplication.translate(
                "RubricPanel", "Passes when every criterion is at “{level}” or above."
            ).format(level=rubric.level(needed).label)
        case PointsAtLeast(points=needed):
            points = ", ".join(f"{lvl.label} {lvl.points}" for lvl in rubric.levels)
            return QCoreApplication.translate(
                "RubricPanel", "Passes with at least {n} points in all ({points})."
            ).format(n=needed, points=points)


def unit_reason(unit: Unit, levels: dict[CriterionId, LevelId]) -> str:
    """Why the passing rule gives this unit's decision, in one sentence."""
    rubric = unit.rubric
    titles = {c.id: c.title for c in rubric.criteria}
    match rubric.passing:
        case AllCriteriaAtLeast(level=needed):
            floor = rubric.level(needed)
            below = [
                f"{titles[c]} ({rubric.level(lvl).label})"
                for c, lvl in levels.items()
                if rubric.level(lvl).points < floor.points
            ]
            if not below:
                return QCoreApplication.translate(
                    "RubricPanel", "every criterion is at “{level}” or above"
                ).format(level=floor.label)
            return QCoreApplication.translate("RubricPanel", "below “{level}”: {criteria}").format(
                level=floor.label, criteria=", ".join(below)
            )
        case PointsAtLeast(points=needed):
            total = sum(rubric.level(lvl).points for lvl in levels.values())
            return QCoreApplication.translate(
                "RubricPanel", "{total} points of the {needed} needed"
            ).format(total=total, needed=needed)


class RubricPanel(QScrollArea):
    """Emits ``scoreChanged`` with each new Score and ``summaryChanged`` with the overall
    summary; ``show_review`` fills it from a review."""

    scoreChanged = Signal(object)
    summaryChanged = Signal(str)

    def __init__(self, credential: Credential, units: tuple[UnitId, ...], parent=None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName(self.tr("Rubric"))
        self._credential = credential
        self._units = units
        self.cells: dict[Key, dict[str, LevelCell]] = {}
        self.groups: dict[Key, QButtonGroup] = {}
        self.feedback: dict[Key, QPlainTextEdit] = {}
        self.unit_decisions: dict[str, QLabel] = {}
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.decision = QLabel(body)
        self.decision.setAccessibleName(self.tr("Decision"))
        self.decision.setWordWrap(True)
        self.summary = QPlainTextEdit(body)
        self.summary.setAccessibleName(self.tr("Overall summary"))
        self.summary.setPlaceholderText(
            self.tr("Overall summary: the main strengths, and the one thing to work on next")
        )
        self.summary.setFixedHeight(72)
        self.summary.textChanged.connect(self._summary_changed)
        layout.addWidget(self.decision)
        layout.addWidget(self.summary)
        for unit_id in units:
            unit = credential.unit(unit_id)
            assert unit is not None
            layout.addWidget(self._unit_grid(unit, body))
        layout.addStretch(1)
        self.setWidget(body)
        self._filling = False

    def _unit_grid(self, unit: Unit, parent: QWidget) -> QGroupBox:
        group = QGroupBox(unit.title, parent)
        column = QVBoxLayout(group)
        rule = QLabel(passing_rule_text(unit), group)
        rule.setWordWrap(True)
        rule.setAccessibleName(self.tr("Passing rule"))
        decided = QLabel(group)
        decided.setWordWrap(True)
        decided.setAccessibleName(self.tr("Decision for {unit}").format(unit=unit.title))
        self.unit_decisions[unit.id] = decided
        grid = QGridLayout()
        grid.setHorizontalSpacing(4)
        for n, level in enumerate(unit.rubric.levels):
            header = QLabel(f"<b>{level.label}</b> ({level.points})", group)
            grid.addWidget(header, 0, n + 1)
            grid.setColumnStretch(n + 1, 1)
        row = 1
        for criterion in unit.rubric.criteria:
            key = (unit.id, criterion.id)
            title = QLabel(f"<b>{criterion.title}</b>", group)
            title.setWordWrap(True)
            grid.addWidget(title, row, 0, Qt.AlignmentFlag.AlignTop)
            buttons = QButtonGroup(group)
            self.groups[key], self.cells[key] = buttons, {}
            for n, level in enumerate(unit.rubric.levels):
                cell = LevelCell(level.label, criterion.descriptors.get(level.id, ""), group)
                cell.radio.setAccessibleName(
                    self.tr("{criterion}: {level}").format(
                        criterion=criterion.title, level=level.label
                    )
                )
                buttons.addButton(cell.radio)
                cell.radio.toggled.connect(
                    lambda on, k=key, lvl=level.id: self._emit(k, lvl if on else None)
                )
                self.cells[key][level.id] = cell
                grid.addWidget(cell, row, n + 1)
            text = QPlainTextEdit(group)
            text.setAccessibleName(self.tr("Feedback on {c}").format(c=criterion.title))
            text.setPlaceholderText(self.tr("What you saw, and what would reach the next level"))
            text.setFixedHeight(52)
            text.textChanged.connect(lambda k=key: self._emit(k, self.level_of(k)))
            self.feedback[key] = text
            grid.addWidget(text, row + 1, 1, 1, len(unit.rubric.levels))
            row += 2
        column.addWidget(rule)
        column.addLayout(grid)
        column.addWidget(decided)
        return group

    def level_of(self, key: Key) -> str | None:
        for level_id, cell in self.cells[key].items():
            if cell.radio.isChecked():
                return level_id
        return None

    def _emit(self, key: Key, level: str | None) -> None:
        if self._filling or level is None:
            return
        self.scoreChanged.emit(
            Score(
                UnitId(key[0]),
                CriterionId(key[1]),
                LevelId(level),
                self.feedback[key].toPlainText(),
            )
        )

    def _summary_changed(self) -> None:
        if not self._filling:
            self.summaryChanged.emit(self.summary.toPlainText())

    def show_review(self, review: Review) -> None:
        self._filling = True
        try:
            for score in review.scores:
                key = (score.unit, score.criterion)
                self.cells[key][score.level].radio.setChecked(True)
                if self.feedback[key].toPlainText() != score.feedback:
                    self.feedback[key].setPlainText(score.feedback)
            if self.summary.toPlainText() != review.summary:
                self.summary.setPlainText(review.summary)
        finally:
            self._filling = False
        self._show_decisions(review)

    def _show_decisions(self, review: Review) -> None:
        for unit_id in self._units:
            unit = self._credential.unit(unit_id)
            assert unit is not None
            levels = {s.criterion: s.level for s in review.scores if s.unit == unit_id}
            missing = len(unit.rubric.criteria) - len(levels)
            label = self.unit_decisions[unit_id]
            if missing:
                label.setText(self.tr("Not decided yet: %n criterion(s) to score.", "", missing))
            elif unit.rubric.passes(levels):
                label.setText(
                    self.tr("<b>Earned</b>: {why}.").format(why=unit_reason(unit, levels))
                )
            else:
                label.setText(
                    self.tr("<b>Not yet</b>: {why}.").format(why=unit_reason(unit, levels))
                )
        try:
            decision = review.decision(self._credential)
        except ReviewIncomplete:
            missing = len(review.missing_scores(self._credential))
            self.decision.setText(
                self.tr("Decision: not yet possible — %n criterion(s) still to score.", "", missing)
            )
            return
        count = len(self._units)
        if decision is Decision.EARNED:
            self.decision.setText(
                self.tr("Decision: <b>Earned</b> — every unit meets its passing rule.")
                if count > 1
                else self.tr("Decision: <b>Earned</b> — the unit meets its passing rule.")
            )
        else:
            self.decision.setText(
                self.tr("Decision: <b>Not yet</b> — see the units below that do not pass.")
                if count > 1
                else self.tr("Decision: <b>Not yet</b> — see the reason below.")
            )
