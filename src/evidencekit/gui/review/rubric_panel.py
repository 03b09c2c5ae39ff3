"""Scoring against the rubric: a level and written feedback per criterion, and the
decision the passing rule gives (never typed in, so it cannot contradict the rubric)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.catalog import Credential
from evidencekit.domain.ids import CriterionId, LevelId, UnitId
from evidencekit.domain.review import Decision, Review, ReviewIncomplete, Score


class RubricPanel(QScrollArea):
    """Emits ``scoreChanged`` with each new Score; ``show_review`` fills it from a review."""

    scoreChanged = Signal(object)

    def __init__(self, credential: Credential, units: tuple[UnitId, ...], parent=None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName(self.tr("Rubric"))
        self._credential = credential
        self.levels: dict[tuple[str, str], QComboBox] = {}
        self.feedback: dict[tuple[str, str], QPlainTextEdit] = {}
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.decision = QLabel(self)
        self.decision.setAccessibleName(self.tr("Decision"))
        self.decision.setWordWrap(True)
        layout.addWidget(self.decision)
        for unit_id in units:
            unit = credential.unit(unit_id)
            assert unit is not None
            group = QGroupBox(unit.title, body)
            form = QFormLayout(group)
            for criterion in unit.rubric.criteria:
                key = (unit_id, criterion.id)
                combo = QComboBox(group)
                combo.setAccessibleName(self.tr("Level for {c}").format(c=criterion.title))
                combo.addItem(self.tr("— choose a level —"), None)
                for level in unit.rubric.levels:
                    combo.addItem(level.label, level.id)
                    # The tooltip says what this level looks like for this criterion.
                    combo.setItemData(
                        combo.count() - 1,
                        criterion.descriptors.get(level.id, ""),
                        Qt.ItemDataRole.ToolTipRole,
                    )
                text = QPlainTextEdit(group)
                text.setAccessibleName(self.tr("Feedback on {c}").format(c=criterion.title))
                text.setPlaceholderText(
                    self.tr("What you saw, and what would reach the next level")
                )
                text.setFixedHeight(64)
                combo.activated.connect(lambda _i, k=key: self._emit(k))
                text.textChanged.connect(lambda k=key: self._emit(k))
                self.levels[key], self.feedback[key] = combo, text
                form.addRow(QLabel(f"<b>{criterion.title}</b>", group))
                form.addRow(self.tr("Level:"), combo)
                form.addRow(self.tr("Feedback:"), text)
            layout.addWidget(group)
        layout.addStretch(1)
        self.setWidget(body)
        self._filling = False

    def _emit(self, key: tuple[str, str]) -> None:
        level = self.levels[key].currentData()
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

    def show_review(self, review: Review) -> None:
        self._filling = True
        try:
            for score in review.scores:
                key = (score.unit, score.criterion)
                combo = self.levels[key]
                combo.setCurrentIndex(max(0, combo.findData(score.level)))
                if self.feedback[key].toPlainText() != score.feedback:
                    self.feedback[key].setPlainText(score.feedback)
        finally:
            self._filling = False
        self._show_decision(review)

    def _show_decision(self, review: Review) -> None:
        try:
            decision = review.decision(self._credential)
        except ReviewIncomplete:
            missing = len(review.missing_scores(self._credential))
            self.decision.setText(
                self.tr("Decision: not yet possible — %n criterion(s) still to score.", "", missing)
            )
            return
        if decision is Decision.EARNED:
            self.decision.setText(self.tr("Decision: <b>Earned</b> (follows the passing rule)."))
        else:
            self.decision.setText(self.tr("Decision: <b>Not yet</b> (follows the passing rule)."))
