"""Structural validation of catalog documents against the shipped JSON Schema."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from evidencekit.domain.errors import Problem

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

CATALOG_SCHEMA = "catalog-1.schema.json"


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped in resources/schemas/."""
    text = resources.files("evidencekit.resources").joinpath("schemas", name).read_text("utf-8")
    return json.loads(text)


@cache
def _validator() -> Draft202012Validator:
    # The schema itself is checked against the metaschema by the tests, not at every
    # start (that check alone took 80 ms of opening the app).
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(CATALOG_SCHEMA))


def location(path: Any) -> str:
    """``credentials[0].units[1].slots[2].max_words`` for a JSON path."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _leaf_errors(error: ValidationError) -> list[ValidationError]:
    # if/then and oneOf wrap the useful message in context; report the innermost.
    if not error.context:
        return [error]
    return [leaf for sub in error.context for leaf in _leaf_errors(sub)]


def structural_problems(document: Any) -> list[Problem]:
    problems: list[Problem] = []
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    for error in errors:
        if error.validator == "oneOf":
            # A passing rule that is neither form: one sentence beats two.
            problems.append(
                Problem(
                    location(error.absolute_path),
                    "must be {'all_criteria_at_least': LEVEL} or {'points_at_least': N}",
                )
            )
            continue
        for leaf in _leaf_errors(error):
            problems.append(Problem(location(leaf.absolute_path), _describe(leaf)))
    return problems


def _pattern(error: ValidationError) -> str:
    """The regular expression a "pattern" error was checked against."""
    return error.schema.get("pattern", "") if isinstance(error.schema, dict) else ""


def _describe(error: ValidationError) -> str:
    match error.validator:
        case "required":
            return error.message.replace(" is a required property", " is missing")
        case "additionalProperties":
            return error.message.replace("Additional properties are not allowed", "unknown field")
        case "pattern" if _pattern(error).startswith("^[a-z0-9][a-z0-9_-]"):
            return f"{error.instance!r} is not a valid id (lower-case letters, digits, - and _)"
        case _:
            return error.message
