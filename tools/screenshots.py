"""Screenshots of the teacher's workspace for docs/screenshots/, taken on a populated demo.

Run under a real X server so fonts and styles are what a teacher sees:

    xvfb-run -a -s "-screen 0 1600x1000x24" python tools/screenshots.py

It opens an empty workspace on the welcome page (then the credential overview and the
first-run setup), builds a fresh workspace (the demo submission, a half-done one, a
class roster), drives the main window to the checklist, the requirement card, the
essay editor and the dashboard, and last switches View ▸ Theme to Dark; one PNG of
each. PNGs are written as 8-bit palette images (Pillow) to keep the repository small.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, QSettings
from PySide6.QtWidgets import QApplication, QWidget

from evidencekit.domain.catalog import EssaySlot
from evidencekit.domain.consent import ConsentKind
from evidencekit.domain.submissions import Clip
from evidencekit.gui.dialogs.first_run import FirstRunWizard
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.theme import choose_theme
from evidencekit.gui.translations import install
from evidencekit.gui.views.credential_overview import CredentialOverview
from evidencekit.services import evidence as evidence_service
from evidencekit.services import roster
from evidencekit.services.demo import create_demo
from evidencekit.services.demo_content import essay_text, work_sample_png
from evidencekit.services.submissions import create_submission, submission_detail
from evidencekit.storage.workspace import Workspace, open_workspace

REPO = Path(__file__).resolve().parent.parent
STUDENTS = (
    ("Amara", True, True, True),
    ("Ben", True, True, True),
    ("Chen", True, False, True),
    ("Dani", False, False, True),
    ("Eli", True, True, False),
    ("Farah", True, True, True),
)


def populate(workspace: Workspace) -> int:
    """The demo, a half-done unit submission and a roster; returns the demo's id."""
    demo = create_demo(workspace).submission.id
    for name, video, audio, work in STUDENTS:
        roster.add_student(workspace, name, video, audio, work)
    students = {s.name: s.id for s in roster.list_students(workspace)}
    with tempfile.TemporaryDirectory() as forms:
        for n, name in enumerate(("Amara", "Ben", "Farah")):
            scan = Path(forms) / f"consent-{name.lower()}.png"
            work_sample_png(scan, seed=10 + n)
            roster.attach_form(workspace, students[name], scan)
    clips = [e for e in submission_detail(workspace, demo).evidence if isinstance(e, Clip)]
    reflection = next(
        s for s in submission_detail(workspace, demo).slots() if isinstance(s, EssaySlot)
    )
    evidence_service.set_text(
        workspace,
        demo,
        reflection.id,
        essay_text(reflection)
        + f"\nThe turning point comes at **{clips[0].title} @ 00:06**, when the pattern showed.\n"
        "\n### What I will keep\n\n- hinge questions planned with *likely wrong answers*\n"
        "- whiteboards for every student\n- a one-problem exit ticket\n",
    )
    # Chen has no audio consent: the checklist shows what that means for the clip.
    tagged = [students["Amara"], students["Ben"], students["Chen"]]
    roster.tag_evidence(workspace, demo, clips[0].id, tagged)
    roster.set_consent(workspace, students["Chen"], ConsentKind.AUDIO, False)
    half = create_submission(workspace, "data-literacy", None, "Autumn — Grade 6 science")
    detail = submission_detail(workspace, half.submission.id)
    for slot in detail.slots()[:2]:
        if isinstance(slot, EssaySlot):
            evidence_service.set_text(workspace, half.submission.id, slot.id, essay_text(slot))
    unit = create_submission(
        workspace, "checking-for-understanding", "questioning", "Spring — questioning redo"
    )
    evidence_service.set_text(
        workspace,
        unit.submission.id,
        "q-wait-time",
        "I count silently to five after each question before anyone answers.",
    )
    return demo


def shoot(window: QWidget, path: Path) -> None:
    for _ in range(5):
        QApplication.processEvents()
    # Interface colours fit a 256-colour palette chosen for the picture (median cut) with
    # little loss and a fraction of the bytes; Qt's own conversion uses a fixed palette,
    # which turns a video frame's skin tones into speckles.
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    window.grab().save(buffer, "PNG")
    picture = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    picture.quantize(256, Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, optimize=True
    )
    print(f"saved {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")


def first_screens(folder: Path, out: Path) -> None:
    """An empty workspace: the welcome page, what a credential asks, the first-run setup."""
    workspace = open_workspace(folder)
    try:
        window = MainWindow(workspace)
        window.resize(1280, 800)
        window.show()
        shoot(window, out / "welcome.png")
        overview = window.show_credential("checking-for-understanding")
        assert isinstance(overview, CredentialOverview)
        overview.resize(760, 720)
        shoot(overview, out / "credential-overview.png")
        overview.close()
        wizard = FirstRunWizard(workspace, window.catalog, "checking-for-understanding", window)
        wizard.show()
        wizard.about.name.setText("Ms Rivera")
        wizard.about.email.setText("rivera@school.example")
        wizard.next()
        form = wizard.identity.form
        form.path.setText("/home/rivera/Documents/EvidenceKit/rivera.key")  # as on her computer
        form.passphrase.setText("correct horse battery staple")
        form.again.setText("correct horse battery staple")
        shoot(wizard, out / "first-run-setup.png")
        wizard.reject()
        window.close()
    finally:
        workspace.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args(argv)
    scratch_home = tempfile.TemporaryDirectory(prefix="evidencekit-shots-home-")
    # Settings, identities and workspaces in a temporary home; no password store, so the
    # setup's identity step shows the passphrase (key file) form.
    os.environ.update(HOME=scratch_home.name, XDG_CONFIG_HOME=scratch_home.name)
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("EvidenceKit-screenshots")  # never touch the real settings
    install(app)  # the English plural forms, as the app has them
    QSettings().clear()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="evidencekit-shots-") as scratch:
        first_screens(Path(scratch) / "empty", args.out)
        workspace = open_workspace(Path(scratch) / "Ms Rivera's workspace")
        try:
            demo = populate(workspace)
            window = MainWindow(workspace)
            window.resize(1480, 900)
            window.show()
            window.select_submission(demo)
            clip_slot = next(s for s in window.detail.slots() if s.kind == "video")
            window.checklist.select_slot(clip_slot.id)
            shoot(window, args.out / "main-window.png")
            window.slot_panel.card.judged.setChecked(True)  # what each criterion looks like
            shoot(window, args.out / "requirement-card.png")
            window.slot_panel.card.judged.setChecked(False)
            essay = next(s for s in window.detail.slots() if isinstance(s, EssaySlot))
            window.checklist.select_slot(essay.id)
            editor = window.slot_panel.editor
            editor.text.moveCursor(editor.text.textCursor().MoveOperation.End)
            editor.text.setFocus()
            shoot(window, args.out / "editor.png")
            window.tabs.setCurrentWidget(window.dashboard)
            shoot(window, args.out / "dashboard.png")
            window.tabs.setCurrentWidget(window.roster_view)
            shoot(window, args.out / "roster.png")
            window.tabs.setCurrentWidget(window.work_stack)
            window.checklist.select_slot(clip_slot.id)
            choose_theme("dark")
            shoot(window, args.out / "dark-theme.png")
            choose_theme("system")
            window.close()
        finally:
            workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
