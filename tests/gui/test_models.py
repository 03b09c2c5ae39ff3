from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from evidencekit.domain.catalog import Catalog
from evidencekit.domain.ids import AttemptId, CredentialId, SubmissionId
from evidencekit.domain.submissions import Attempt, AttemptStatus, Submission
from evidencekit.gui.models.items import CatalogModel, SubmissionTableModel
from evidencekit.services.submissions import SubmissionSummary
from tests.factories import credential


def summary(n: int, status: AttemptStatus = AttemptStatus.DRAFT) -> SubmissionSummary:
    now = datetime.now(UTC)
    return SubmissionSummary(
        Submission(SubmissionId(n), CredentialId("cfu"), "1.0", None, f"Submission {n}", now),
        Attempt(AttemptId(n), SubmissionId(n), 1, status, now),
        "Checking for Understanding",
        None,
        n * 2,
    )


def test_catalog_model_passes_the_model_tester(qtmodeltester) -> None:
    model = CatalogModel()
    model.set_catalog(Catalog((credential(),)))
    qtmodeltester.check(model)
    root = model.index(0, 0)
    assert root.data() == "Checking for Understanding"
    assert model.rowCount(root) == 2
    unit = model.index(1, 0, root)
    assert unit.data() == "Response signals"
    assert unit.parent() == root
    assert model.item(unit).id == "signals"


def test_submission_model_passes_the_model_tester(qtmodeltester) -> None:
    model = SubmissionTableModel()
    model.set_rows([summary(1), summary(2, AttemptStatus.RETURNED)])
    qtmodeltester.check(model)
    assert model.index(1, 5).data() == "Returned"
    assert model.index(0, 3).data() == "All units"
    assert model.index(1, 0).data(SubmissionTableModel.SubmissionIdRole) == 2
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Title"
    model.set_rows([])
    qtmodeltester.check(model)
