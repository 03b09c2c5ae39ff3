"""The wallet's table on both databases: credentials kept verbatim, listed as entries."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from evidencekit.storage import wallet
from evidencekit.storage.workspace import Workspace


def _add(session, sha256: str, title: str = "Questioning"):
    return wallet.add_credential(
        session,
        sha256=sha256,
        achievement_id="urn:ach:q",
        title=title,
        issuer="ed25519:abcd",
        valid_from="2026-05-01T00:00:00Z",
        bundle_sha256=None,
        document='{"name": "as signed"}',
    )


def test_credentials_round_trip_as_entries(any_workspace: Workspace) -> None:
    with any_workspace.unit_of_work() as session:
        first = _add(session, "a" * 64)
        second = _add(session, "b" * 64, "Wait time")
    with any_workspace.unit_of_work() as session:
        assert wallet.entries(session) == [first, second]
        assert wallet.has_credential(session, "a" * 64)
        assert not wallet.has_credential(session, "c" * 64)
        assert wallet.document(session, second.id) == '{"name": "as signed"}'
        assert wallet.document(session, second.id + 1) is None
    assert (first.title, first.issued, first.issuer) == (
        "Questioning",
        "2026-05-01T00:00:00Z",
        "ed25519:abcd",
    )


def test_the_same_credential_is_kept_once(any_workspace: Workspace) -> None:
    with pytest.raises(IntegrityError), any_workspace.unit_of_work() as session:
        _add(session, "a" * 64)
        _add(session, "a" * 64)
