"""The shipped starter catalog and the documented example are both valid catalogs."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

from evidencekit.catalog.loader import parse_catalog
from evidencekit.catalog.schema import structural_problems
from evidencekit.domain.catalog import SlotKind
from evidencekit.services.catalogs import starter_catalog

REPO = Path(__file__).resolve().parents[2]


def test_starter_catalog_has_two_credentials_of_three_units_and_a_pathway() -> None:
    catalog = starter_catalog()
    assert [(c.id, len(c.units)) for c in catalog.credentials] == [
        ("checking-for-understanding", 3),
        ("data-literacy", 3),
    ]
    [pathway] = catalog.pathways
    assert pathway.credential_ids == ("checking-for-understanding", "data-literacy")
    for credential in catalog.credentials:
        for unit in credential.units:
            kinds = {slot.kind for slot in unit.slots}
            assert {
                SlotKind.VIDEO,
                SlotKind.ESSAY,
                SlotKind.ARTIFACT,
                SlotKind.ATTESTATION,
            } <= kinds
            assert len(unit.rubric.criteria) >= 3


def test_the_shipped_catalog_files_pass_the_schema() -> None:
    # The app skips the schema check for these at start; this is where they meet it.
    folder = resources.files("evidencekit.resources").joinpath("catalog")
    names = sorted(e.name for e in folder.iterdir() if e.name.endswith(".json"))
    assert names
    for name in names:
        document = json.loads(folder.joinpath(name).read_text("utf-8"))
        assert structural_problems(document) == [], name


def test_documented_example_is_a_valid_catalog() -> None:
    text = (REPO / "docs" / "catalog-format.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```json\n(.*?)```", text, flags=re.S)
    catalog = parse_catalog(json.loads(example), "docs example")
    assert catalog.credentials[0].id == "district-questioning"
