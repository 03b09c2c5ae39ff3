"""Reading catalog documents into domain objects, reporting every error found.

A document is checked in two passes: structure (JSON Schema) and meaning
(unique ids, limits that make sense, rubrics whose passing rule can be met).
Either pass failing raises ``CatalogError`` with every problem and its
location; nothing half-read is ever returned.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from evidencekit.catalog import bounded_json
from evidencekit.catalog.schema import location, structural_problems
from evidencekit.domain.catalog import (
    AllCriteriaAtLeast,
    ArtifactSlot,
    AttestationSlot,
    Catalog,
    Credential,
    Criterion,
    EssaySlot,
    Level,
    Pathway,
    PointsAtLeast,
    Rubric,
    ShortAnswerSlot,
    Slot,
    Unit,
    VideoSlot,
)
from evidencekit.domain.errors import CatalogError, Problem
from evidencekit.domain.ids import CredentialId, CriterionId, LevelId, PathwayId, SlotId, UnitId


def read_document(path: Path) -> Any:
    """Parse a catalog file's JSON, turning syntax errors into located problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogError(str(path), [Problem("", "the file does not exist")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(str(path), [Problem("", f"cannot be read ({exc})")]) from None
    return parse_document(text, str(path))


def parse_document(text: str, source: str) -> Any:
    """Parse catalog JSON within the limits of ``bounded_json``."""
    try:
        return bounded_json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise CatalogError(source, [Problem(where, f"not valid JSON: {exc.msg}")]) from None
    except bounded_json.JsonLimitError as exc:
        raise CatalogError(source, [Problem(exc.where, f"not accepted: {exc.reason}")]) from None


def parse_catalog(
    document: Any, source: str, known_credentials: Iterable[str] = (), *, shipped: bool = False
) -> Catalog:
    """Validate a parsed document and build the catalog it describes.

    ``known_credentials`` are ids that pathways may name besides the
    document's own (credentials already in the workspace's catalog). A ``shipped``
    document (the starter catalog, which the tests hold to the schema) skips the
    schema check, which kept jsonschema in every start of the app.
    """
    problems = [] if shipped else structural_problems(document)
    if problems:
        raise CatalogError(source, problems)
    problems = list(_meaning_problems(document, set(known_credentials)))
    if problems:
        raise CatalogError(source, problems)
    credentials = tuple(_credential(c) for c in document["credentials"])
    pathways = tuple(_pathway(p) for p in document.get("pathways", []))
    return Catalog(credentials, pathways)


def load_catalog_file(path: Path, known_credentials: Iterable[str] = ()) -> Catalog:
    return parse_catalog(read_document(path), str(path), known_credentials)


# -- meaning ---------------------------------------------------------------------------


def _duplicates(items: list[dict[str, Any]], key: str, where: list[Any]) -> list[Problem]:
    seen: set[Any] = set()
    found = []
    for index, item in enumerate(items):
        value = item[key]
        if value in seen:
            found.append(Problem(location([*where, index, key]), f"{value!r} is used twice"))
        seen.add(value)
    return found


def _meaning_problems(document: dict[str, Any], known: set[str]) -> Iterable[Problem]:
    credentials = document["credentials"]
    versions = [{"key": (c["id"], c["version"])} for c in credentials]
    for problem in _duplicates(versions, "key", ["credentials"]):
        yield Problem(problem.location.replace(".key", ""), "the same id and version appear twice")
    for ci, credential in enumerate(credentials):
        here: list[Any] = ["credentials", ci]
        yield from _duplicates(credential["units"], "id", [*here, "units"])
        slot_ids: set[str] = set()
        for ui, unit in enumerate(credential["units"]):
            unit_at = [*here, "units", ui]
            for si, slot in enumerate(unit["slots"]):
                slot_at = [*unit_at, "slots", si]
                if slot["id"] in slot_ids:
                    yield Problem(
                        location([*slot_at, "id"]),
                        f"{slot['id']!r} is already a slot of this credential "
                        "(slot ids must be unique across its units)",
                    )
                slot_ids.add(slot["id"])
                yield from _range_problems(slot, slot_at)
            yield from _rubric_problems(unit["rubric"], [*unit_at, "rubric"])
            hours = unit.get("estimated_hours")
            if isinstance(hours, int | float) and not 0 < hours <= MOST_HOURS_PER_UNIT:
                yield Problem(
                    location([*unit_at, "estimated_hours"]),
                    f"{hours:g} hours is not a sensible estimate (more than 0, "
                    f"at most {MOST_HOURS_PER_UNIT})",
                )
    names = known | {c["id"] for c in credentials}
    for pi, pathway in enumerate(document.get("pathways", [])):
        for ki, credential_id in enumerate(pathway["credentials"]):
            if credential_id not in names:
                yield Problem(
                    location(["pathways", pi, "credentials", ki]),
                    f"no credential {credential_id!r} in this file or the catalog",
                )
    yield from _duplicates(document.get("pathways", []), "id", ["pathways"])


_RANGES = (
    ("min_clips", "max_clips"),
    ("min_words", "max_words"),
    ("min_count", "max_count"),
    ("max_minutes_per_clip", "max_total_minutes"),
)


#: The largest sensible value of each limit; beyond it a limit is a typing mistake.
SANE_MAXIMUM: dict[str, float] = {
    "min_clips": 100,
    "max_clips": 100,
    "max_minutes_per_clip": 24 * 60,
    "max_total_minutes": 7 * 24 * 60,
    "max_mb_per_file": 1_000_000,
    "max_mb": 1_000_000,
    "min_words": 1_000_000,
    "max_words": 1_000_000,
    "min_count": 1000,
    "max_count": 1000,
}


#: An estimate beyond this (a full-time term) for one unit is a typing mistake.
MOST_HOURS_PER_UNIT = 500


def _range_problems(slot: dict[str, Any], where: list[Any]) -> Iterable[Problem]:
    for key, highest in SANE_MAXIMUM.items():
        value = slot.get(key)
        if isinstance(value, int | float) and not math.isfinite(value):
            yield Problem(location([*where, key]), f"{value} is not a number")
        elif isinstance(value, int | float) and value > highest:
            yield Problem(location([*where, key]), f"{value} is more than the sensible {highest:g}")
    for low, high in _RANGES:
        if low in slot and high in slot and slot[low] > slot[high]:
            yield Problem(
                location([*where, low]), f"{slot[low]} is more than {high} ({slot[high]})"
            )


def _rubric_problems(rubric: dict[str, Any], where: list[Any]) -> Iterable[Problem]:
    levels = rubric["levels"]
    yield from _duplicates(levels, "id", [*where, "levels"])
    level_ids = [lvl["id"] for lvl in levels]
    for index in range(1, len(levels)):
        if levels[index]["points"] <= levels[index - 1]["points"]:
            yield Problem(
                location([*where, "levels", index, "points"]),
                "levels go from lowest to highest, so points must increase",
            )
    yield from _duplicates(rubric["criteria"], "id", [*where, "criteria"])
    for ci, criterion in enumerate(rubric["criteria"]):
        described = set(criterion["descriptors"])
        at = location([*where, "criteria", ci, "descriptors"])
        for missing in [lvl for lvl in level_ids if lvl not in described]:
            yield Problem(at, f"no descriptor for level {missing!r}")
        for extra in sorted(described - set(level_ids)):
            yield Problem(f"{at}.{extra}", f"{extra!r} is not one of the rubric's levels")
    passing = rubric["passing"]
    if "all_criteria_at_least" in passing and passing["all_criteria_at_least"] not in level_ids:
        yield Problem(
            location([*where, "passing", "all_criteria_at_least"]),
            f"{passing['all_criteria_at_least']!r} is not one of the rubric's levels",
        )
    if "points_at_least" in passing and levels:
        best = len(rubric["criteria"]) * max(lvl["points"] for lvl in levels)
        if passing["points_at_least"] > best:
            yield Problem(
                location([*where, "passing", "points_at_least"]),
                f"{passing['points_at_least']} points can never be reached (at most {best})",
            )


# -- building --------------------------------------------------------------------------


def _slot(data: dict[str, Any]) -> Slot:
    sid, title = SlotId(data["id"]), data["title"]
    match data["kind"]:
        case "video":
            return VideoSlot(
                sid,
                title,
                data.get("description", ""),
                data["min_clips"],
                data["max_clips"],
                data.get("max_minutes_per_clip"),
                data.get("max_total_minutes"),
                data.get("max_mb_per_file"),
                data.get("continuous", False),
            )
        case "essay":
            return EssaySlot(
                sid,
                title,
                data["prompt"],
                data.get("min_words", 0),
                data.get("max_words"),
                data.get("reflection", False),
            )
        case "short_answer":
            return ShortAnswerSlot(sid, title, data["prompt"], data.get("max_words"))
        case "artifact":
            return ArtifactSlot(
                sid,
                title,
                data.get("description", ""),
                tuple(data["accepted_types"]),
                data.get("min_count", 1),
                data.get("max_count"),
                data.get("max_mb"),
            )
        case _:
            return AttestationSlot(sid, title, data["statement"])


def _rubric(data: dict[str, Any]) -> Rubric:
    levels = tuple(Level(LevelId(lv["id"]), lv["label"], lv["points"]) for lv in data["levels"])
    criteria = tuple(
        Criterion(
            CriterionId(c["id"]),
            c["title"],
            {LevelId(k): v for k, v in c["descriptors"].items()},
        )
        for c in data["criteria"]
    )
    passing = data["passing"]
    rule = (
        AllCriteriaAtLeast(LevelId(passing["all_criteria_at_least"]))
        if "all_criteria_at_least" in passing
        else PointsAtLeast(passing["points_at_least"])
    )
    return Rubric(levels, criteria, rule)


def _credential(data: dict[str, Any]) -> Credential:
    units = tuple(
        Unit(
            UnitId(u["id"]),
            u["title"],
            u["description"],
            tuple(_slot(s) for s in u["slots"]),
            _rubric(u["rubric"]),
            u.get("estimated_hours"),
        )
        for u in data["units"]
    )
    return Credential(
        CredentialId(data["id"]),
        data["title"],
        data["version"],
        data["issuer"],
        data["competency"],
        data["key_method"],
        data["rationale"],
        data["resources"],
        units,
        data.get("criteria", ""),
        data.get("badge_image"),
    )


def _pathway(data: dict[str, Any]) -> Pathway:
    return Pathway(
        PathwayId(data["id"]),
        data["title"],
        data["description"],
        tuple(CredentialId(c) for c in data["credentials"]),
    )
