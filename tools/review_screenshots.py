"""Screenshots of journey (a) for docs/screenshots/: the teacher builds and seals, the
evaluator trusts her, opens, comments, scores and exports, the teacher imports, trusts
the evaluator, sees the feedback, the credential appears and its certificate is
exported; then the People view and the review centre's queue.

Run offscreen (the journeys' way; the fonts are the system's, as on a desktop):

    QT_QPA_PLATFORM=offscreen python tools/review_screenshots.py

Under Xvfb without a window manager no window becomes active, so the review window's
Ctrl+E never reaches it; offscreen, windows activate as on a desktop.

It drives the windows with the journeys' own helpers (tests/journeys/driving.py): the
same actions, clicks, keys and file-dialog answers as
tests/journeys/test_review_journey.py, one PNG at each step. Everything happens in a
temporary folder holding each person's home, settings, trust list and workspace.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
#: No screenshot is larger than this (a laptop's screen), so the README stays light.
MAX_SIZE = (1280, 800)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(REPO))  # the journeys' driving helpers
    with tempfile.TemporaryDirectory(prefix="evidencekit-shots-") as scratch:
        home = Path(scratch)
        # The settings of nobody in particular, until a step acts as someone.
        os.environ.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"))
        os.environ["XDG_DATA_HOME"] = str(home / "data")
        os.environ.pop("EVIDENCEKIT_DATABASE_URL", None)
        return _shoot(home, args.out)


class Waiter:
    """The two things the journeys' helpers ask of pytest-qt's ``qtbot``."""

    def waitUntil(self, condition: Callable[[], Any], timeout: int = 5000) -> None:
        from PySide6.QtWidgets import QApplication

        deadline = time.monotonic() + timeout / 1000
        while True:
            QApplication.processEvents()
            try:
                if condition() is not False:
                    return
            except AssertionError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout} ms for {condition}")
            time.sleep(0.02)

    def addWidget(self, _widget: object) -> None:
        pass


def _shoot(home: Path, out: Path) -> int:
    # Imported here: the locations of settings and keys follow the homes set above.
    import keyring
    from keyring.backends import fail
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from tests.journeys.driving import FileDialogAnswers, Person

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("EvidenceKit-screenshots")  # never touch the real settings
    QSettings().clear()
    keyring.set_keyring(fail.Keyring())  # each person keeps a key file, as in the journeys
    from evidencekit.gui.translations import install

    install(app)
    people = {}
    for name in ("teacher", "evaluator"):
        people[name] = Person(name, home / name)
        people[name].documents.mkdir(parents=True)
    dialogs = FileDialogAnswers()
    try:
        Journey(Waiter(), out, dialogs, people["teacher"], people["evaluator"]).run()
    finally:
        dialogs.stop()
    return 0


class Journey:
    """Journey (a), step by step, with a picture of each."""

    def __init__(self, bot: Waiter, out: Path, dialogs: Any, teacher: Any, evaluator: Any) -> None:
        self.bot, self.out, self.dialogs = bot, out, dialogs
        self.teacher, self.evaluator = teacher, evaluator
        self.bundle = teacher.documents / "spring.evkit"
        self.returned = evaluator.documents / "spring-review.evkit-review"

    def run(self) -> None:
        from tests.journeys.driving import acting_as

        with acting_as(self.teacher):
            teacher_main = self.teacher_seals()
        handed = self.evaluator.documents / self.bundle.name
        handed.write_bytes(self.bundle.read_bytes())  # sent by e-mail
        with acting_as(self.evaluator):
            self.evaluator_reviews(handed)
        back = self.teacher.documents / self.returned.name
        back.write_bytes(self.returned.read_bytes())
        with acting_as(self.teacher):
            self.teacher_imports(teacher_main, back)
        with acting_as(self.evaluator):
            self.evaluator_claims(handed)

    # -- the steps ----------------------------------------------------------------------

    def open_app(self, person: Any, database_url: str | None = None) -> Any:
        from evidencekit.gui.main_window.window import MainWindow
        from evidencekit.storage.workspace import open_workspace

        window = MainWindow(open_workspace(person.home / "workspace", database_url))
        window.show()
        window.resize(*MAX_SIZE)
        return window

    def about_me(self, name: str, email: str) -> None:
        from tests.journeys.driving import button, click, type_into, wait_for

        from evidencekit.gui.dialogs.people_dialogs import AboutYouDialog

        dialog = wait_for(self.bot, AboutYouDialog)
        type_into(dialog.name, name)
        type_into(dialog.email, email)
        click(button(dialog, "Save"))

    def teacher_seals(self) -> Any:
        from PySide6.QtWidgets import QMessageBox
        from tests.gui.answering import answer_next_dialog
        from tests.gui.clicks import click_requirement
        from tests.journeys.driving import PASSPHRASE, click, click_row, ok_button, type_into
        from tests.journeys.driving import wait_for as wait

        from evidencekit.gui.dialogs.seal_dialog import SealDialog

        main = self.open_app(self.teacher)
        main.demo_action.trigger()
        self.bot.waitUntil(lambda: main.submission_proxy.rowCount() == 1, timeout=180_000)
        click_row(main.submission_view, main.submission_proxy.index(0, 1))
        clip = next(s for s in main.detail.slots() if s.kind == "video")
        click_requirement(main, clip.id)
        self.save(main, "journey-a-01-teacher-builds.png")
        main.seal_action.trigger()
        self.about_me("Tess Ng", "tess@school.example")
        seal = wait(self.bot, SealDialog)
        type_into(seal.target, str(self.bundle))
        # As sign_with_new_key does, with a picture before the last click.
        key_file = self.teacher.home / "tess.key"
        click(seal.identity.use_file)
        type_into(seal.identity.key_file, str(key_file))

        def new_identity(new: Any) -> None:
            type_into(new.path, str(key_file))
            type_into(new.passphrase, PASSPHRASE)
            type_into(new.again, PASSPHRASE)
            click(ok_button(new))

        answered = answer_next_dialog(new_identity)
        click(seal.identity.create_button)
        answered.check()
        self.save(seal, "journey-a-02-seal.png")
        click(ok_button(seal))
        said = wait(self.bot, QMessageBox, timeout=300_000)
        self.save(said, "journey-a-03-sealed.png")
        click(said.buttons()[0])
        return main

    def evaluator_reviews(self, handed: Path) -> None:
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest
        from tests.journeys.driving import (
            PASSPHRASE,
            click,
            ok_button,
            sign_with_new_key,
            type_into,
            wait_for,
        )
        from tests.journeys.test_review_journey import switch_tab

        from evidencekit.gui.dialogs.people_dialogs import TrustDialog
        from evidencekit.gui.dialogs.signer_dialog import SignerDialog
        from evidencekit.gui.review.review_window import ReviewWindow

        main = self.open_app(self.evaluator)
        self.dialogs.will_choose(handed)
        main.review_action.trigger()
        self.about_me("Eva Ortiz", "eva@district.example")
        signer = wait_for(self.bot, SignerDialog, "Review as evaluator")
        sign_with_new_key(signer, self.evaluator.home / "eva.key")
        trust = wait_for(self.bot, TrustDialog)
        type_into(trust.name, "Tess Ng")
        self.save(trust, "journey-a-04-evaluator-trusts.png")
        click(trust.role_buttons["teacher"])
        review = wait_for(self.bot, ReviewWindow)
        review.resize(*MAX_SIZE)
        self.bot.waitUntil(lambda: review.player.media.duration() > 0, timeout=30_000)
        timeline = review.player.timeline  # she clicks a moment six tenths in
        QTest.mouseClick(
            timeline,
            Qt.MouseButton.LeftButton,
            pos=QPoint(int(timeline.width() * 0.6), timeline.height() // 2),
        )
        self.bot.waitUntil(lambda: review.player.media.position() > 3000, timeout=30_000)
        type_into(review.comment_text, "Lovely wait time after the hinge question")
        QTest.keyClick(review.comment_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        self.save(review, "journey-a-05-evaluator-comments.png")

        rubric = review.rubric
        switch_tab(review.tabs, rubric)
        for key, cells in rubric.cells.items():
            click(cells[list(cells)[-1]].radio)
            type_into(rubric.feedback[key], "Clear evidence of this at the highest level.")
        type_into(rubric.summary, "Well planned questions and a calm, consistent wait.")
        self.save(review, "rubric-grid.png")

        self.dialogs.will_choose(self.returned)
        review.activateWindow()
        QTest.keyClick(review, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        sign = wait_for(self.bot, SignerDialog, "Sign the review")
        picker = sign.identity
        click(picker.use_file)
        type_into(picker.key_file, str(self.evaluator.home / "eva.key"))
        type_into(picker.passphrase, PASSPHRASE)
        self.save(sign, "journey-a-06-evaluator-signs.png")
        click(ok_button(sign))
        self.bot.waitUntil(self.returned.is_file, timeout=60_000)
        review.close()
        switch_tab(main.tabs, main.reviews_view)
        self.save(main, "journey-a-07-evaluator-sent.png")
        main.close()
        main.workspace.close()

    def teacher_imports(self, main: Any, back: Path) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from tests.journeys.driving import button, click, click_row, sign_with, wait_for
        from tests.journeys.test_review_journey import switch_tab

        from evidencekit.gui.bundle_actions import FeedbackDialog
        from evidencekit.gui.dialogs.people_dialogs import TrustDialog
        from evidencekit.gui.dialogs.signer_dialog import SignerDialog

        main.feedback_action.trigger()
        feedback = wait_for(self.bot, FeedbackDialog)
        self.dialogs.will_choose(back)
        click(feedback.panel.import_button)
        trust = wait_for(self.bot, TrustDialog)
        self.save(trust, "journey-a-08-teacher-trusts.png")
        click(trust.role_buttons["evaluator"])
        self.bot.waitUntil(lambda: feedback.panel.notes.count() == 1)
        feedback.resize(*MAX_SIZE)
        notes = feedback.panel.notes  # she clicks the comment: the clip plays from its moment
        QTest.mouseClick(
            notes.viewport(),
            Qt.MouseButton.LeftButton,
            pos=notes.visualItemRect(notes.item(0)).center(),
        )
        player = feedback.panel.player
        self.bot.waitUntil(lambda: player.media.position() > 3000, timeout=30_000)
        self.save(feedback, "journey-a-09-teacher-sees-feedback.png")
        click(button(feedback, "Close"))

        switch_tab(main.tabs, main.people_view)
        click(main.people_view.show_key_button)  # her own fingerprint, to read out
        sign_with(wait_for(self.bot, SignerDialog, "Show my key"), self.teacher.home / "tess.key")
        self.bot.waitUntil(lambda: "(" not in main.people_view.fingerprint.text())
        self.save(main, "people.png")
        wallet = main.wallet_view
        switch_tab(main.tabs, wallet)
        self.bot.waitUntil(lambda: wallet.model.rowCount() == 1, timeout=10_000)
        click_row(wallet.table, wallet.model.index(0, 0))
        self.save(main, "journey-a-10-credential-appears.png")
        certificate = self.teacher.documents / "certificate.pdf"
        self.dialogs.will_choose(certificate)
        click(wallet.pdf_button)
        self.bot.waitUntil(certificate.is_file, timeout=120_000)
        self.save_pdf(certificate, "journey-a-11-certificate.png")
        main.close()
        main.workspace.close()

    def evaluator_claims(self, handed: Path) -> None:
        """At a review centre (its database named by EVIDENCEKIT_DATABASE_URL) the same
        bundle comes from the shared queue: she claims it from the Reviews view."""
        from tests.journeys.driving import click
        from tests.journeys.test_review_journey import switch_tab

        from evidencekit.services import review_centre as centre
        from evidencekit.storage.workspace import open_workspace

        url = f"sqlite:///{self.evaluator.home / 'centre.sqlite3'}"
        os.environ["EVIDENCEKIT_DATABASE_URL"] = url
        os.environ["EVIDENCEKIT_BUNDLE_STORE"] = str(self.evaluator.home / "centre-bundles")
        try:
            coordinator = open_workspace(self.evaluator.home / "coordinator", url)
            centre.enqueue_file(coordinator, handed)
            main = self.open_app(self.evaluator, url)
            switch_tab(main.tabs, main.reviews_view)
            panel = main.reviews_view.queue
            self.bot.waitUntil(lambda: "waiting" in panel.waiting.text())
            click(panel.claim_button)
            self.bot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=30_000)
            self.save(main, "review-queue.png")
            main.close()
            main.workspace.close()
            coordinator.close()
        finally:
            del os.environ["EVIDENCEKIT_DATABASE_URL"], os.environ["EVIDENCEKIT_BUNDLE_STORE"]

    # -- pictures -----------------------------------------------------------------------

    def save(self, widget: Any, name: str) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        # A moment of the real event loop: widgets replaced by deleteLater go, the video
        # frame arrives, layouts settle (processEvents alone does not delete anything).
        loop = QEventLoop()
        QTimer.singleShot(400, loop.quit)
        loop.exec()
        self._write(widget.grab().toImage(), name)

    def save_pdf(self, pdf: Path, name: str) -> None:
        """The certificate's first page, as a viewer shows it."""
        from PySide6.QtCore import QSize
        from PySide6.QtGui import QColor, QImage, QPainter
        from PySide6.QtPdf import QPdfDocument

        document = QPdfDocument()
        document.load(str(pdf))
        page = document.pagePointSize(0)
        scale = min(MAX_SIZE[0] / page.width(), MAX_SIZE[1] / page.height())
        size = QSize(int(page.width() * scale), int(page.height() * scale))
        page_image = QImage(size, QImage.Format.Format_RGB32)
        page_image.fill(QColor("white"))  # the page is transparent where nothing is drawn
        painter = QPainter(page_image)
        painter.drawImage(0, 0, document.render(0, size))
        painter.end()
        self._write(page_image, name)
        document.close()

    def _write(self, image: Any, name: str) -> None:
        """A PNG no larger than MAX_SIZE, compressed hard (a screenshot is mostly flat)."""
        from PIL import Image
        from PySide6.QtCore import QBuffer, QIODevice

        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        picture = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
        picture.thumbnail(MAX_SIZE, Image.Resampling.LANCZOS)
        path = self.out / name
        picture.save(path, "PNG", optimize=True)
        print(f"saved {path} ({picture.width}×{picture.height}, {path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    sys.exit(main())
