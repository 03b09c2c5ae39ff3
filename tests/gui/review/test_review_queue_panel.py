"""The review centre's queue in the Reviews view, pressed as an evaluator presses it, on a
real shared database (a SQLite file URL and PostgreSQL) with a second evaluator working
from another process at the same time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from evidencekit.bundle.signing.contact import Contact
from evidencekit.domain.review import ReviewerRole
from evidencekit.gui.dialogs.signer_dialog import SignerDialog
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.review.review_window import ReviewWindow
from evidencekit.gui.runner import operations
from evidencekit.gui.views.review_queue_panel import ReviewQueuePanel
from evidencekit.services import review_centre as centre
from evidencekit.services.packing import pack_submission
from evidencekit.services.people import Me, save_me, trust
from evidencekit.storage.workspace import Workspace, open_workspace
from tests.bundle.pack_fixtures import TEACHER
from tests.conftest import POSTGRES_ENV, REPO
from tests.journeys.driving import sign_with, sign_with_new_key, wait_for

SRC = REPO / "src"


@pytest.fixture(params=["sqlite-url", pytest.param("postgres", marks=pytest.mark.postgres)])
def centre_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """The centre's database, named to the app as an evaluator's machine names it."""
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
    else:
        url = f"sqlite:///{tmp_path / 'centre.sqlite3'}"
    monkeypatch.setenv("EVIDENCEKIT_DATABASE_URL", url)
    monkeypatch.setenv("EVIDENCEKIT_BUNDLE_STORE", str(tmp_path / "shared-store"))
    return url


@pytest.fixture
def admin(centre_url: str, tmp_path: Path) -> Iterator[Workspace]:
    """Whoever fills the queue (the centre's coordinator)."""
    ws = open_workspace(tmp_path / "coordinator", centre_url)
    yield ws
    ws.close()


@pytest.fixture(autouse=True)
def _key_files_only() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def queue_bundles(admin: Workspace, folder: Path, count: int) -> None:
    from tests.services.review_fixtures import review_bundle

    for n in range(1, count + 1):
        centre.enqueue_file(admin, review_bundle(folder, n))


def ada_opens_reviews(qtbot, centre_url: str, folder: Path) -> tuple[MainWindow, ReviewQueuePanel]:
    save_me(Me("Ada Byrne", "", "evaluator"))
    window = MainWindow(open_workspace(folder / "ada", centre_url))
    qtbot.addWidget(window)
    window.show()
    bar = window.tabs.tabBar()
    index = window.tabs.indexOf(window.reviews_view)
    panel = window.reviews_view.queue
    assert panel is not None and not panel.isVisible()  # shown with its tab
    with qtbot.waitSignal(panel.changed, timeout=30_000):
        QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert panel.isVisible()
    return window, panel


def press(qtbot, panel: ReviewQueuePanel, button) -> None:
    """Click, then wait until the panel has read the queue again (or said why it could not)."""
    assert button.isVisible() and button.isEnabled(), button.text()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: operations().is_idle(), timeout=60_000)


def claims_shown(panel: ReviewQueuePanel) -> list[tuple[str, str]]:
    t = panel.table
    return [(t.item(r, 0).text(), t.item(r, 3).text()) for r in range(t.rowCount())]


def select(panel: ReviewQueuePanel, file_name: str) -> None:
    row = next(
        r for r in range(panel.table.rowCount()) if panel.table.item(r, 0).text() == file_name
    )
    rect = panel.table.visualItemRect(panel.table.item(row, 0))
    QTest.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def bob_claims_from_his_machine(folder: Path, *extra: str) -> dict:
    """Another evaluator, another process: ``evidencekit review claim`` on the same database."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(REPO)])}
    command = ["review", "claim", "--evaluator", "Bob", "--json", *extra]
    done = subprocess.run(
        [sys.executable, "-m", "evidencekit", "--workspace", str(folder / "bob"), *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["claim"]


def test_claim_next_release_and_a_claim_taken_by_another(
    qtbot, centre_url: str, admin: Workspace, tmp_path: Path
) -> None:
    queue_bundles(admin, tmp_path, 2)
    window, panel = ada_opens_reviews(qtbot, centre_url, tmp_path)
    assert panel.waiting.text() == "Bundles waiting for you: 2"
    assert claims_shown(panel) == [] and not panel.release_button.isEnabled()

    press(qtbot, panel, panel.claim_button)
    assert "You claimed bundle-1.evkit (slot 1 of 2)" in panel.message.text()
    assert claims_shown(panel) == [("bundle-1.evkit", "1 of 2")]
    bundle = panel.claims[0].bundle
    credential = window.catalog.get(bundle.credential_id, bundle.credential_version)
    assert credential is not None
    said = panel.table.item(0, 2).text()  # her catalog's words, not the bundle's ids
    assert said.startswith(credential.title) and bundle.credential_id not in said
    press(qtbot, panel, panel.claim_button)
    assert claims_shown(panel) == [("bundle-1.evkit", "1 of 2"), ("bundle-2.evkit", "1 of 2")]
    assert panel.waiting.text() == "Nothing waiting for you."

    # Her claims lapse (Bob's claim treats anything older than a moment as stale) and
    # Bob, on his own machine, takes the first one.
    taken = bob_claims_from_his_machine(tmp_path, "--stale-minutes", "0.0001")
    assert (taken["bundle"]["file_name"], taken["slot"]) == ("bundle-1.evkit", 1)

    select(panel, "bundle-1.evkit")
    press(qtbot, panel, panel.release_button)
    assert panel.message.text() == (
        "Ada Byrne held a claim on this bundle that expired; claim again."
    )
    assert claims_shown(panel) == []  # read again: both lapsed, she holds nothing now
    holders = {
        (e.bundle.file_name, s.slot): s.evaluator for e in centre.queue(admin) for s in e.slots
    }
    assert holders[("bundle-1.evkit", 1)] == "Bob"

    press(qtbot, panel, panel.claim_button)  # the oldest open slot she holds none of
    assert claims_shown(panel) == [("bundle-1.evkit", "2 of 2")]
    press(qtbot, panel, panel.release_button)
    assert panel.message.text() == "bundle-1.evkit is back in the queue."
    assert claims_shown(panel) == []
    assert panel.waiting.text() == "Bundles waiting for you: 2"
    window.close()
    window.workspace.close()


def test_nothing_to_claim_is_said_in_the_view(
    qtbot, centre_url: str, admin: Workspace, tmp_path: Path
) -> None:
    queue_bundles(admin, tmp_path, 1)
    window, panel = ada_opens_reviews(qtbot, centre_url, tmp_path)
    assert bob_claims_from_his_machine(tmp_path)["slot"] == 1
    press(qtbot, panel, panel.claim_button)
    assert claims_shown(panel) == [("bundle-1.evkit", "2 of 2")]
    press(qtbot, panel, panel.claim_button)  # Bob has slot 1; she has slot 2
    assert panel.message.text() == "Nothing in the queue is waiting for you."
    assert claims_shown(panel) == [("bundle-1.evkit", "2 of 2")]
    window.close()
    window.workspace.close()


def test_a_claim_opens_in_the_review_window_and_resumes_its_draft(
    qtbot, centre_url: str, admin: Workspace, tmp_path: Path, demo_workspace: Workspace
) -> None:
    bundle = pack_submission(demo_workspace, 1, tmp_path / "spring.evkit", TEACHER).path
    centre.enqueue_file(admin, bundle)
    trust(Contact(TEACHER.public_key(), "Tess Ng", None), "teacher")
    window, panel = ada_opens_reviews(qtbot, centre_url, tmp_path)
    press(qtbot, panel, panel.claim_button)
    assert claims_shown(panel) == [("spring.evkit", "1 of 2")]
    key_file = tmp_path / "ada.key"

    def open_claim(first: bool) -> ReviewWindow:
        QTest.mouseClick(panel.open_claim_button, Qt.MouseButton.LeftButton)
        signer = wait_for(qtbot, SignerDialog, "Review as evaluator")
        (sign_with_new_key if first else sign_with)(signer, key_file)
        review = wait_for(qtbot, ReviewWindow)
        qtbot.addWidget(review)
        return review

    review = open_claim(first=True)
    assert review.review.role is ReviewerRole.EVALUATOR
    rubric = review.rubric
    assert rubric is not None
    first_key = next(iter(rubric.cells))
    QTest.mouseClick(list(rubric.cells[first_key].values())[1].radio, Qt.MouseButton.LeftButton)
    draft = review.session.draft_id
    review.close()
    qtbot.waitUntil(lambda: not review.isVisible())

    again = open_claim(first=False)
    assert again.session.draft_id == draft
    assert again.rubric is not None and again.rubric.level_of(first_key) is not None

    # Her levels go to the queue from her review: first with one criterion still open.
    press(qtbot, panel, panel.score_button)
    assert panel.message.text().startswith("Score every criterion; missing: ")
    assert claims_shown(panel) == [("spring.evkit", "1 of 2")]
    for cells in again.rubric.cells.values():
        QTest.mouseClick(list(cells.values())[-1].radio, Qt.MouseButton.LeftButton)
    press(qtbot, panel, panel.score_button)
    count = len(again.rubric.cells)
    assert (
        panel.message.text()
        == f"Recorded your {count} levels for spring.evkit; this claim is done."
    )
    assert claims_shown(panel) == []
    [entry] = centre.queue(admin)
    assert [(s.status, s.evaluator) for s in entry.slots] == [("done", "Ada Byrne"), ("open", None)]
    again.close()
    window.close()
    window.workspace.close()


def test_scores_wait_for_the_review_to_be_opened(
    qtbot, centre_url: str, admin: Workspace, tmp_path: Path
) -> None:
    queue_bundles(admin, tmp_path, 1)
    window, panel = ada_opens_reviews(qtbot, centre_url, tmp_path)
    press(qtbot, panel, panel.claim_button)
    QTest.mouseClick(panel.score_button, Qt.MouseButton.LeftButton)
    assert panel.message.text() == (
        "Open the claim first: the scores recorded are those of your review of bundle-1.evkit."
    )
    assert operations().is_idle()  # nothing was sent
    window.close()
    window.workspace.close()


@pytest.mark.postgres
@pytest.mark.parametrize("centre_url", ["postgres"], indirect=True)
def test_a_database_that_stops_answering_is_one_sentence_and_loses_nothing(
    qtbot, centre_url: str, admin: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue_bundles(admin, tmp_path, 2)
    window, panel = ada_opens_reviews(qtbot, centre_url, tmp_path)
    press(qtbot, panel, panel.claim_button)
    assert claims_shown(panel) == [("bundle-1.evkit", "1 of 2")]
    admin.close()
    monkeypatch.setattr(centre, "RECONNECT_PAUSE_S", 0.5)  # how long it waits for a restart
    server = create_engine(make_url(os.environ[POSTGRES_ENV]), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:  # the centre's database is gone from the server
        connection.execute(text(f'DROP DATABASE "{make_url(centre_url).database}" WITH (FORCE)'))
    server.dispose()

    press(qtbot, panel, panel.claim_button)
    said = panel.message.text()
    assert said.startswith("The review centre's database stopped answering during the claim")
    assert "press Refresh" in said and said.count(". ") == 0, said
    assert claims_shown(panel) == [("bundle-1.evkit", "1 of 2")]  # still shown
    press(qtbot, panel, panel.refresh_button)
    said = panel.message.text()
    assert "stopped answering (it may be restarting), so nothing was changed" in said, said
    assert claims_shown(panel) == [("bundle-1.evkit", "1 of 2")]
    window.close()
    window.workspace.close()


def test_without_a_centre_the_reviews_view_has_no_queue(qtbot, workspace: Workspace) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.reviews_view)
    assert window.reviews_view.queue is None
    assert not window.reviews_view.findChildren(ReviewQueuePanel)
    window.close()
