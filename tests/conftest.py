"""Shared fixtures: workspaces on SQLite and PostgreSQL, and a guard against stray threads."""

from __future__ import annotations

import gc
import os
import shutil
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ProgrammingError

from evidencekit.storage.workspace import Workspace, open_workspace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

POSTGRES_ENV = "EVIDENCEKIT_TEST_POSTGRES_URL"
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def pytest_configure(config: pytest.Config) -> None:
    # pytest-qt fails a test when a Qt slot raises (tests/gui/test_no_silent_failures.py);
    # switched off, a broken button would pass every test, as export once did.
    if config.getini("qt_no_exception_capture"):
        raise pytest.UsageError("Keep qt_no_exception_capture off: slot errors must fail tests.")


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep tests away from the developer's real workspace and Qt settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))  # probe answers (media)
    monkeypatch.delenv("EVIDENCEKIT_WORKSPACE", raising=False)
    monkeypatch.delenv("EVIDENCEKIT_DATABASE_URL", raising=False)


@pytest.fixture(autouse=True, scope="session")
def _collect_garbage_on_the_main_thread() -> Iterator[None]:
    """As the app does (gui/main_thread_gc.py): automatic collection could run in a worker
    thread and free Qt widgets there, crashing the process; here it runs between tests."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_between_tests() -> Iterator[None]:
    yield
    from evidencekit.gui.main_thread_gc import collect_if_due

    collect_if_due()


@pytest.fixture(autouse=True)
def _no_stray_threads() -> Iterator[None]:
    """Fail a test that leaves a worker thread running (Python's or Qt's pool)."""
    before = set(threading.enumerate())
    yield
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QThreadPool

        pool = QThreadPool.globalInstance()
        if not pool.waitForDone(2000):
            pytest.fail(f"{pool.activeThreadCount()} Qt worker thread(s) still running")
    leftover = [
        t for t in threading.enumerate() if t not in before and t.is_alive() and not t.daemon
    ]
    for thread in leftover:
        thread.join(timeout=2)
    still = [t.name for t in leftover if t.is_alive()]
    if still:
        pytest.fail(f"test left threads running: {still}")


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = open_workspace(tmp_path / "ws")
    yield ws
    ws.close()


def _postgres_admin_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.fail(
            f"{POSTGRES_ENV} is not set. Run the tests with ./dev test (it starts PostgreSQL), "
            "or deselect these with -m 'not postgres'."
        )
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    admin = make_url(_postgres_admin_url())
    name = f"ek_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        _drop_database(engine, name)
        engine.dispose()


def _drop_database(engine: Engine, name: str) -> None:
    """Drop a test database, waiting out an autovacuum worker still busy in it.

    FORCE ends the test's own leftover connections, but a server process of no
    role (autovacuum, woken by a test's many writes) cannot be ended by our role;
    it finishes within moments, so the drop is tried again meanwhile.
    """
    for attempt in range(40):
        try:
            with engine.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except ProgrammingError as error:
            if attempt == 39 or getattr(error.orig, "sqlstate", None) != "42501":
                raise
            time.sleep(0.25)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_workspace(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """The same tests against SQLite and against a real PostgreSQL server."""
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    ws = open_workspace(tmp_path / "ws", url)
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace, built once per test run (its clips are encoded, which is slow);
    tests get a copy of it from `demo_workspace`, as Anki's tests copy a template collection."""
    from evidencekit.services.demo import create_demo

    folder = tmp_path_factory.mktemp("demo-template") / "ws"
    ws = open_workspace(folder)
    try:
        assert create_demo(ws).submission.id == DEMO_SUBMISSION
    finally:
        ws.close()
    return folder


#: The demo's submission number in every copy of the template.
DEMO_SUBMISSION = 1


def copy_demo(template: Path, target: Path) -> Path:
    """A private copy of the demo workspace at `target`, for a test to change as it likes."""
    shutil.copytree(template, target)
    return target


@pytest.fixture
def demo_workspace(demo_template: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A workspace holding the complete demo submission (number 1), the test's own copy."""
    ws = open_workspace(copy_demo(demo_template, tmp_path / "ws"))
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def sample_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from evidencekit.media.synth import make_classroom_clip

    path = tmp_path_factory.mktemp("media") / "lesson.mp4"
    make_classroom_clip(path, seconds=4.0)
    return path
