"""Estimated effort: stated by the catalog's author per unit, added up for a credential
only when every unit states one, never guessed."""

from __future__ import annotations

import pytest

from evidencekit.catalog.loader import parse_catalog
from evidencekit.domain.errors import CatalogError
from evidencekit.services.catalogs import starter_catalog
from tests.catalog.test_loader import document, problems


def test_the_starter_catalog_states_the_hours_of_every_unit() -> None:
    hours = {
        c.id: ([u.estimated_hours for u in c.units], c.estimated_hours)
        for c in starter_catalog().credentials
    }
    assert hours == {
        "checking-for-understanding": ([6, 6, 7], 19),
        "data-literacy": ([6, 8, 8], 22),
    }


def test_a_unit_without_an_estimate_leaves_the_credential_without_one() -> None:
    doc = document()
    unit = doc["credentials"][0]["units"][0]
    second = {**unit, "id": "second", "slots": [{**s, "id": s["id"] + "-2"} for s in unit["slots"]]}
    doc["credentials"][0]["units"].append(second)
    [credential] = parse_catalog(doc, "t.json", ["data-literacy"]).credentials
    assert credential.estimated_hours is None  # neither says
    unit["estimated_hours"] = 2.5
    [credential] = parse_catalog(doc, "t.json", ["data-literacy"]).credentials
    assert [u.estimated_hours for u in credential.units] == [2.5, None]
    assert credential.estimated_hours is None  # one says: no total is made up
    second["estimated_hours"] = 4
    [credential] = parse_catalog(doc, "t.json", ["data-literacy"]).credentials
    assert credential.estimated_hours == 6.5


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (0, "credentials[0].units[0].estimated_hours"),
        (-3, "credentials[0].units[0].estimated_hours"),
        ("a week", "credentials[0].units[0].estimated_hours"),
        (900, "credentials[0].units[0].estimated_hours: 900 hours is not a sensible estimate"),
    ],
)
def test_an_estimate_that_makes_no_sense_is_refused_with_its_place(
    hours: object, expected: str
) -> None:
    doc = document()
    doc["credentials"][0]["units"][0]["estimated_hours"] = hours
    found = problems(doc)
    assert any(p.startswith(expected) for p in found), found
    with pytest.raises(CatalogError):
        parse_catalog(doc, "t.json", ["data-literacy"])
