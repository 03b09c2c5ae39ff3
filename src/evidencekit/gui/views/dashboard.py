"""Progress at a glance: a card per submission, and how credentials stack into pathways."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.catalog import Catalog
from evidencekit.domain.progress import (
    CredentialState,
    Stage,
    SubmissionProgress,
    pathway_steps,
)
from evidencekit.gui.standing_text import attempt_word, describe
from evidencekit.gui.theme import SPACE_PAGE, colour, heading_html
from evidencekit.services.workspace_state import Changes, WorkspaceState

MISSING_SHOWN = 3


class ProgressCard(QFrame):
    opened = Signal(int)  # submission id

    def __init__(self, progress: SubmissionProgress, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = progress
        self.setObjectName("ProgressCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#ProgressCard { border: 1px solid palette(mid); border-radius: 8px;"
            " background: palette(base); }"
        )
        s = progress.submission
        self.setAccessibleName(self.tr("Progress of {title}").format(title=s.title))
        scope = progress.scope_title or self.tr("whole credential")
        title = QLabel(
            f"{heading_html(escape(progress.credential_title))}<br>"
            f"{escape(s.title)} · <i>{escape(scope)}</i>",
            self,
        )
        title.setWordWrap(True)
        # The noun agrees with the total: "0 of 1 unit done", "3 of 16 requirements met".
        figures = QLabel(
            self.tr("{met} of %n requirements met", "", progress.slots_total).format(
                met=progress.slots_met
            )
            + " · "
            + self.tr("{done} of %n units done", "", progress.units_total).format(
                done=progress.units_done
            ),
            self,
        )
        figures.setAccessibleName(self.tr("Requirements and units"))
        slots = QProgressBar(self)
        slots.setRange(0, max(1, progress.slots_total))
        slots.setValue(progress.slots_met)
        slots.setTextVisible(False)
        slots.setMaximumHeight(10)
        slots.setAccessibleName(self.tr("Requirements met"))
        attempts = " · ".join(
            self.tr("Attempt {n}: {status}").format(n=a.number, status=attempt_word(a.status))
            for a in progress.attempts
        )
        attempt_label = QLabel(attempts, self)
        attempt_label.setAccessibleName(self.tr("Attempts"))
        # Where it stands, in the words of the Work tab's header and submission list.
        self.standing = QLabel(f"<b>{escape(describe(progress.standing))}</b>", self)
        self.standing.setAccessibleName(self.tr("Where it stands"))
        stage = progress.standing.stage
        if stage not in (Stage.TO_DO, Stage.READY):
            text, tone = "", "met"  # sealed work is what counts now, not the checklist
        elif progress.missing:
            shown = progress.missing[:MISSING_SHOWN]
            items = "".join(f"<li>{escape(slot)}</li>" for slot, _why in shown)
            more = len(progress.missing) - len(shown)
            extra = self.tr("<i>and %n more</i>", "", more) if more > 0 else ""
            text = self.tr("Still to do:") + f"<ul style='margin:0'>{items}</ul>{extra}"
            tone = "not_yet"
        else:
            text, tone = self.tr("Everything is in place: ready to pack."), "met"
        missing = QLabel(text, self)
        missing.setVisible(bool(text))
        missing.setWordWrap(True)
        missing.setStyleSheet(f"color: {colour(tone).name()}")
        missing.setToolTip("\n".join(why for _slot, why in progress.missing))
        missing.setAccessibleName(self.tr("What is missing"))
        open_button = QPushButton(self.tr("Open"), self)
        open_button.setAccessibleName(self.tr("Open {title}").format(title=s.title))
        open_button.clicked.connect(lambda: self.opened.emit(int(s.id)))
        layout = QVBoxLayout(self)
        for widget in (title, self.standing, figures, slots, attempt_label, missing):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setMinimumWidth(340)
        layout.addWidget(open_button, 0, Qt.AlignmentFlag.AlignRight)


class DashboardView(QSplitter):
    """Cards for every submission; the pathway tree beside them."""

    openSubmission = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("Dashboard")
        self.card_area = QScrollArea(self)
        self.card_area.setWidgetResizable(True)
        self.card_area.setAccessibleName(self.tr("Progress of every submission"))
        self.cards = QWidget()
        self.grid = QGridLayout(self.cards)
        self.grid.setSpacing(SPACE_PAGE)
        self.card_area.setWidget(self.cards)
        self.pathways = QTreeWidget(self)
        self.pathways.setAccessibleName(self.tr("Pathways"))
        self.pathways.setHeaderLabels([self.tr("Pathway and credentials"), self.tr("Progress")])
        self.addWidget(self.card_area)
        self.addWidget(self.pathways)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 1)
        self.setSizes([900, 320])
        self.card_list: list[ProgressCard] = []
        self._shown: tuple[Catalog, list[SubmissionProgress]] | None = None
        self._state: WorkspaceState | None = None
        self._stale = False
        self._states = {
            CredentialState.EARNED: (self.tr("Earned"), "met"),
            CredentialState.IN_PROGRESS: (self.tr("In progress"), "not_yet"),
            CredentialState.NOT_STARTED: (self.tr("Not started"), "problem"),
        }

    def follow(self, state: WorkspaceState) -> None:
        """Show ``state``'s progress, and again after each change that moves it (at once
        when on screen, else when next shown)."""
        self._state = state
        self._stale = True
        state.subscribe(self._state_changed)

    def _state_changed(self, changes: Changes) -> None:
        if changes.progress:
            self._stale = True
            if self.isVisible():
                self._show_state()

    def _show_state(self) -> None:
        if self._state is not None and self._stale:
            self._stale = False
            self.show_progress(self._state.catalog, self._state.progress())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._show_state()

    def changeEvent(self, event: QEvent) -> None:
        # Another theme: the status colours are taken again from the new palette.
        if event.type() == QEvent.Type.PaletteChange and self._shown is not None:
            self.show_progress(*self._shown)
        super().changeEvent(event)

    def show_progress(self, catalog: Catalog, progress: list[SubmissionProgress]) -> None:
        self._shown = (catalog, progress)
        for card in self.card_list:
            card.deleteLater()
        self.card_list = []
        while self.grid.count():
            self.grid.takeAt(0)
        columns = 2
        for n, item in enumerate(progress):
            card = ProgressCard(item, self.cards)
            card.opened.connect(self.openSubmission)
            self.grid.addWidget(card, n // columns, n % columns)
            self.card_list.append(card)
        if not progress:
            self.grid.addWidget(
                QLabel(self.tr("No submissions yet: start one with File ▸ New submission."))
            )
        self.grid.setRowStretch(len(progress) // columns + 1, 1)
        self._show_pathways(catalog, progress)

    def _show_pathways(self, catalog: Catalog, progress: list[SubmissionProgress]) -> None:
        self.pathways.clear()
        for pathway in catalog.pathways:
            top = QTreeWidgetItem(self.pathways, [pathway.title])
            top.setToolTip(0, pathway.description)
            steps = pathway_steps(pathway, catalog, progress)
            earned = sum(step.state is CredentialState.EARNED for step in steps)
            top.setText(1, self.tr("{n} of {total} earned").format(n=earned, total=len(steps)))
            for step in steps:
                label, tone = self._states[step.state]
                if step.state is CredentialState.IN_PROGRESS:
                    label = self.tr("{state} ({percent} %)").format(
                        state=label, percent=round(step.fraction * 100)
                    )
                child = QTreeWidgetItem(top, [step.title, label])
                child.setForeground(1, QBrush(colour(tone)))
            top.setExpanded(True)
        self.pathways.resizeColumnToContents(0)
