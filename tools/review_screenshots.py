"""Screenshots of the evaluator's side for docs/screenshots/: the People view and the
rubric grid, on a demo bundle reviewed halfway.

    QT_QPA_PLATFORM=offscreen python tools/review_screenshots.py

Everything happens in a temporary home (settings, trust list, workspaces).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="evidencekit-shots-") as scratch:
        home = Path(scratch)
        os.environ.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"))
        os.environ["XDG_DATA_HOME"] = str(home / "data")
        return _shoot(home, args.out)


def _shoot(home: Path, out: Path) -> int:
    # Imported here: the locations of settings and keys follow the home set above.
    import keyring
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from keyring.backends import fail
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from evidencekit.bundle.contact import Contact
    from evidencekit.domain.review import ReviewerRole, Score
    from evidencekit.gui.main_window import MainWindow
    from evidencekit.gui.people_view import FINGERPRINT_SETTING
    from evidencekit.gui.review.review_window import ReviewWindow
    from evidencekit.services.demo import create_demo
    from evidencekit.services.packing import pack_submission
    from evidencekit.services.people import Me, my_fingerprint, save_me, trust
    from evidencekit.services.review_sessions import open_for_review, save_review
    from evidencekit.storage.workspace import open_workspace

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("EvidenceKit-screenshots")
    QSettings().clear()
    keyring.set_keyring(fail.Keyring())
    teacher = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    evaluator = Ed25519PrivateKey.from_private_bytes(bytes(range(2, 34)))
    coach = Ed25519PrivateKey.from_private_bytes(bytes(range(4, 36)))
    save_me(Me("Eva Ortiz", "eva.ortiz@district.example", "evaluator"))
    QSettings().setValue(FINGERPRINT_SETTING, my_fingerprint(evaluator))
    trust(Contact(teacher.public_key(), "Tess Ng", None), "teacher")
    trust(Contact(coach.public_key(), "Cora Lind", None), "coach")

    teacher_ws = open_workspace(home / "teacher")
    workspace = open_workspace(home / "evaluator")
    try:
        create_demo(teacher_ws)
        bundle = pack_submission(teacher_ws, 1, home / "spring.evkit", teacher).path
        session = open_for_review(workspace, bundle, ReviewerRole.EVALUATOR, evaluator)
        review = session.review
        unit = session.credential.unit(review.units[0])
        levels = [lvl.id for lvl in unit.rubric.levels]
        for n, criterion in enumerate(unit.rubric.criteria):
            level = levels[-1] if n != 1 else levels[1]
            text = "Clear, planned hinge questions." if n != 1 else "Wait time is short."
            review = review.with_score(
                session.credential, Score(unit.id, criterion.id, level, text)
            )
        save_review(workspace, session.draft_id, review)

        main = MainWindow(workspace)
        main.show()
        main.resize(1100, 640)
        main.tabs.setCurrentWidget(main.people_view)
        _save(app, main, out / "people.png")
        window = ReviewWindow(
            workspace, open_for_review(workspace, bundle, ReviewerRole.EVALUATOR, evaluator)
        )
        window.tabs.setCurrentWidget(window.rubric)
        window.show()
        window.resize(1500, 980)  # after show: the offscreen "screen" is smaller than this
        window.splitter.setSizes([190, 420, 890])
        _save(app, window, out / "rubric-grid.png")
        window.close()
        main.close()
    finally:
        workspace.close()
        teacher_ws.close()
    return 0


def _save(app, widget, path: Path) -> None:
    for _ in range(10):
        app.processEvents()
    widget.grab().save(str(path))
    print(f"saved {path}")


if __name__ == "__main__":
    sys.exit(main())
