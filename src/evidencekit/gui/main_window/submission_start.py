"""Starting a submission: File ▸ New submission, Start on the welcome page (the first
time through the three-step setup), and the demo. Each says what it changed to the
workspace state and selects what it made."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from evidencekit.domain.catalog import Credential, Unit
from evidencekit.gui.deferred_imports import deferred
from evidencekit.gui.runner import show_error
from evidencekit.services.workspace_state import Changes

if TYPE_CHECKING:
    from evidencekit.gui.main_window.shell import WindowShell
    from evidencekit.services import submissions
    from evidencekit.services.submissions import SubmissionSummary
else:  # it writes through the ORM: loaded behind the first paint
    submissions = deferred("evidencekit.services.submissions")


def _made(window: WindowShell, summary: SubmissionSummary) -> None:
    window.state.apply(Changes(submissions=True))
    window.select_submission(summary.submission.id)


def new_submission(window: WindowShell, credential_id: str | None = None) -> None:
    """The dialog, on the credential (or unit) given or chosen in the tree."""
    from evidencekit.gui.dialogs.small import NewSubmissionDialog

    dialog = NewSubmissionDialog(window.catalog, window)
    tree, model = window.catalog_view, window.catalog_model
    item = model.item(tree.currentIndex())
    if credential_id is not None:
        dialog.select(credential_id, None)
    elif isinstance(item, Credential):
        dialog.select(item.id, None)
    elif isinstance(item, Unit):
        parent = model.item(tree.currentIndex().parent())
        if isinstance(parent, Credential):
            dialog.select(parent.id, item.id)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    credential_id, unit_id, title = dialog.choice()
    try:
        summary = submissions.create_submission(window.workspace, credential_id, unit_id, title)
    except Exception as exc:
        show_error(window, exc)
        return
    _made(window, summary)


def start_credential(window: WindowShell, credential_id: str) -> None:
    """Start from the welcome page: the first time, through the three-step setup."""
    from evidencekit.gui.dialogs.first_run import FirstRunWizard, setup_needed

    if not setup_needed():
        new_submission(window, credential_id)
        return
    wizard = FirstRunWizard(window.workspace, window.catalog, credential_id, window)
    if wizard.exec() == QDialog.DialogCode.Accepted and wizard.created is not None:
        _made(window, wizard.created)


def add_demo(window: WindowShell) -> None:
    # Imported here: the demo's media and PDF libraries would slow every start-up.
    from evidencekit.services.demo import create_demo

    workspace = window.workspace
    window.run(
        window.tr("Creating the demo submission"),
        lambda reporter: create_demo(workspace, reporter),
        lambda summary: _made(window, summary),
    )
