"""Every JSON Schema we ship is itself a valid Draft 2020-12 schema (not re-checked at run time)."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from jsonschema import Draft202012Validator

SCHEMAS = resources.files("evidencekit.resources").joinpath("schemas")


@pytest.mark.parametrize(
    "name", sorted(e.name for e in SCHEMAS.iterdir() if e.name.endswith(".schema.json"))
)
def test_shipped_schema_is_valid(name: str) -> None:
    Draft202012Validator.check_schema(json.loads(SCHEMAS.joinpath(name).read_text("utf-8")))
