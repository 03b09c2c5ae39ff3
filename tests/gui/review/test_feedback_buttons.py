"""The teacher's feedback window: its buttons keep their own width on a wide window."""

from __future__ import annotations

from evidencekit.gui.main_window.window import MainWindow
from evidencekit.storage.workspace import Workspace
from tests.journeys.driving import click_row


def test_feedback_buttons_sit_at_their_own_width(qtbot, demo_workspace: Workspace) -> None:
    main = MainWindow(demo_workspace)
    qtbot.addWidget(main)
    main.show()
    click_row(main.submission_view, main.submission_proxy.index(0, 1))
    with qtbot.waitSignal(main.bundles.feedbackOpened) as opened:
        main.feedback_action.trigger()
    dialog = opened.args[0]
    qtbot.addWidget(dialog)
    dialog.resize(1280, 800)  # she makes it as wide as her screen
    qtbot.waitUntil(lambda: dialog.panel.width() > 1200)
    panel = dialog.panel
    for button in (panel.import_button, panel.next_button, panel.changes_button):
        assert button.width() == button.sizeHint().width(), button.text()
    dialog.close()
    main.close()
