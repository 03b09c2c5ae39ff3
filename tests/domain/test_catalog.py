from __future__ import annotations

import pytest

from evidencekit.domain.catalog import Catalog, PointsAtLeast, version_key
from evidencekit.domain.ids import CriterionId, LevelId
from tests.factories import credential, rubric


def scores(*levels: str) -> dict[CriterionId, LevelId]:
    return {CriterionId(f"c{i}"): LevelId(lv) for i, lv in enumerate(levels, 1)}


def test_all_criteria_rule() -> None:
    r = rubric()
    assert r.passes(scores("demonstrated", "demonstrated"))
    assert not r.passes(scores("demonstrated", "developing"))


def test_points_rule() -> None:
    r = rubric(PointsAtLeast(3))
    assert r.passes(scores("demonstrated", "developing"))
    assert not r.passes(scores("developing", "developing"))


def test_every_criterion_must_be_scored() -> None:
    with pytest.raises(ValueError, match="every criterion"):
        rubric().passes(scores("demonstrated"))


def test_versions_sort_numerically_and_latest_wins() -> None:
    assert version_key("1.10") > version_key("1.9")
    old = credential()
    new = type(old)(**{**old.__dict__, "version": "1.10"})
    catalog = Catalog((old, new))
    assert catalog.get("cfu").version == "1.10"
    assert catalog.get("cfu", "1.0") is old
    assert catalog.latest() == (new,)
    assert catalog.get("missing") is None


def test_find_slot_respects_unit_scope() -> None:
    c = credential()
    assert c.find_slot("signals-essay") is not None
    assert c.find_slot("signals-essay", "questioning") is None
