"""Derived-file records on both databases the app supports."""

from __future__ import annotations

from evidencekit.storage.derived_media import find_derived, forget_derived, record_derived
from evidencekit.storage.repository import ensure_media_blob
from evidencekit.storage.workspace import Workspace

SOURCE, MADE, REMADE = "a" * 64, "b" * 64, "c" * 64


def test_record_find_replace_forget(any_workspace: Workspace) -> None:
    with any_workspace.unit_of_work() as session:
        ensure_media_blob(session, SOURCE, 1000)
        assert find_derived(session, SOURCE, "r1") is None
        record_derived(session, SOURCE, "r1", MADE, 300)
    with any_workspace.unit_of_work() as session:
        assert find_derived(session, SOURCE, "r1") == (MADE, 300)
        assert find_derived(session, SOURCE, "r2") is None
        record_derived(session, SOURCE, "r1", REMADE, 200)
    with any_workspace.unit_of_work() as session:
        assert find_derived(session, SOURCE, "r1") == (REMADE, 200)
        forget_derived(session, SOURCE, "r1")
        forget_derived(session, SOURCE, "r1")  # twice is harmless
    with any_workspace.unit_of_work() as session:
        assert find_derived(session, SOURCE, "r1") is None
