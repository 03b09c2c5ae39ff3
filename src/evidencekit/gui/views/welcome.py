"""The first thing she sees in a workspace with no submission: the credentials she can
earn, each as a card with its units, what evidence it asks, and Start."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.catalog import Catalog, Credential, SlotKind
from evidencekit.gui.theme import SPACE, SPACE_PAGE, font_for
from evidencekit.gui.views.credential_overview import effort_line

#: The page's widest: lines longer than this are hard to read on a wide screen.
WELCOME_WIDTH = 960


def evidence_asked(credential: Credential, widget: QWidget) -> str:
    """'3 classroom clips · 6 pieces of writing · …' over every unit."""
    kinds = Counter(slot.kind for unit in credential.units for slot in unit.slots)
    writing = kinds[SlotKind.ESSAY] + kinds[SlotKind.SHORT_ANSWER]
    shown = [
        widget.tr("%n classroom clips", "", kinds[SlotKind.VIDEO]) if kinds[SlotKind.VIDEO] else "",
        widget.tr("%n pieces of writing", "", writing) if writing else "",
        widget.tr("%n sets of files", "", kinds[SlotKind.ARTIFACT])
        if kinds[SlotKind.ARTIFACT]
        else "",
        widget.tr("%n statements to confirm", "", kinds[SlotKind.ATTESTATION])
        if kinds[SlotKind.ATTESTATION]
        else "",
    ]
    return " · ".join(s for s in shown if s)


class CredentialCard(QFrame):
    startRequested = Signal(str)  # credential id
    overviewRequested = Signal(str)  # credential id

    def __init__(self, credential: Credential, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.credential = credential
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(credential.title)
        title = QLabel(credential.title, self)
        title.setFont(font_for("heading"))
        title.setTextFormat(Qt.TextFormat.PlainText)  # a catalog's words, never markup
        title.setWordWrap(True)
        title.setAccessibleName(self.tr("Credential"))
        about = QLabel(credential.competency, self)
        about.setWordWrap(True)
        about.setAccessibleName(self.tr("What it recognises"))
        units = QLabel(
            self.tr("<b>Units:</b> {units}").format(
                units=" · ".join(unit.title for unit in credential.units)
            ),
            self,
        )
        units.setWordWrap(True)
        units.setAccessibleName(self.tr("Units"))
        self.asked = QLabel(
            self.tr("<b>Evidence asked:</b> {asked}").format(
                asked=evidence_asked(credential, self)
            ),
            self,
        )
        self.asked.setWordWrap(True)
        self.asked.setAccessibleName(self.tr("Evidence asked"))
        self.effort = QLabel(effort_line(credential, self), self)
        self.effort.setWordWrap(True)
        self.effort.setAccessibleName(self.tr("Estimated effort"))
        self.effort.setVisible(credential.estimated_hours is not None)
        self.start_button = QPushButton(self.tr("Start"), self)
        self.start_button.setAccessibleName(
            self.tr("Start a submission for {title}").format(title=credential.title)
        )
        self.start_button.clicked.connect(lambda: self.startRequested.emit(credential.id))
        self.overview_button = QPushButton(self.tr("What it asks…"), self)
        self.overview_button.setAccessibleName(
            self.tr("What {title} asks").format(title=credential.title)
        )
        self.overview_button.clicked.connect(lambda: self.overviewRequested.emit(credential.id))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.overview_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_PAGE, SPACE, SPACE_PAGE, SPACE)
        layout.setSpacing(SPACE)
        for widget in (title, about, units, self.asked, self.effort):
            layout.addWidget(widget)
        layout.addLayout(buttons)


class WelcomePage(QScrollArea):
    startRequested = Signal(str)  # credential id
    overviewRequested = Signal(str)  # credential id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(self.tr("Welcome"))
        self.cards: list[CredentialCard] = []
        self._inner = QWidget(self)
        self._layout = QVBoxLayout(self._inner)
        self._layout.setContentsMargins(SPACE_PAGE, SPACE_PAGE, SPACE_PAGE, SPACE_PAGE)
        self._layout.setSpacing(SPACE_PAGE)
        heading = QLabel(self.tr("Welcome to EvidenceKit"), self._inner)
        heading.setFont(font_for("title"))
        heading.setAccessibleName(self.tr("Welcome"))
        intro = QLabel(
            self.tr(
                "Choose a micro-credential to work towards. For each one you gather evidence "
                "from your classroom — short clips, writing about them, and files — and the "
                "app checks every requirement before you seal it for an evaluator."
            ),
            self._inner,
        )
        intro.setWordWrap(True)
        intro.setAccessibleName(self.tr("What this app is for"))
        self._layout.addWidget(heading)
        self._layout.addWidget(intro)
        self._layout.addStretch(1)
        self._inner.setMaximumWidth(WELCOME_WIDTH)
        self.setWidget(self._inner)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)

    def show_catalog(self, catalog: Catalog) -> None:
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        for credential in catalog.latest():
            card = CredentialCard(credential, self._inner)
            card.startRequested.connect(self.startRequested)
            card.overviewRequested.connect(self.overviewRequested)
            self._layout.insertWidget(self._layout.count() - 1, card)
            self.cards.append(card)
