from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from evidencekit.catalog import bounded_json
from evidencekit.catalog.loader import load_catalog_file, parse_catalog
from evidencekit.domain.catalog import AllCriteriaAtLeast, EssaySlot, PointsAtLeast, VideoSlot
from evidencekit.domain.errors import CatalogError

LEVELS = [
    {"id": "not_yet", "label": "Not yet", "points": 0},
    {"id": "developing", "label": "Developing", "points": 1},
    {"id": "demonstrated", "label": "Demonstrated", "points": 2},
]


def document() -> dict[str, Any]:
    descriptors = {lv["id"]: f"{lv['label']} looks like this." for lv in LEVELS}
    return {
        "format": "evidencekit-catalog",
        "format_version": 1,
        "credentials": [
            {
                "id": "district-cfu",
                "title": "District CFU",
                "version": "2.1",
                "issuer": "Springfield District",
                "competency": "Checks understanding.",
                "key_method": "Questions and signals.",
                "rationale": "Feedback loops help learning.",
                "resources": "Our handbook.",
                "units": [
                    {
                        "id": "u1",
                        "title": "Unit one",
                        "description": "",
                        "slots": [
                            {
                                "id": "u1-clip",
                                "kind": "video",
                                "title": "Clip",
                                "min_clips": 1,
                                "max_clips": 2,
                                "max_minutes_per_clip": 10,
                                "continuous": True,
                            },
                            {
                                "id": "u1-essay",
                                "kind": "essay",
                                "title": "Essay",
                                "prompt": "Reflect.",
                                "min_words": 100,
                                "max_words": 500,
                                "reflection": True,
                            },
                        ],
                        "rubric": {
                            "levels": copy.deepcopy(LEVELS),
                            "criteria": [{"id": "c1", "title": "C1", "descriptors": descriptors}],
                            "passing": {"all_criteria_at_least": "demonstrated"},
                        },
                    }
                ],
            }
        ],
        "pathways": [
            {
                "id": "leader",
                "title": "Leader",
                "description": "",
                "credentials": ["district-cfu", "data-literacy"],
            }
        ],
    }


def problems(doc: Any, known: tuple[str, ...] = ("data-literacy",)) -> list[str]:
    with pytest.raises(CatalogError) as info:
        parse_catalog(doc, "test.json", known)
    return [str(p) for p in info.value.problems]


def test_valid_document_builds_domain_objects() -> None:
    catalog = parse_catalog(document(), "test.json", ["data-literacy"])
    [credential] = catalog.credentials
    clip, essay = credential.units[0].slots
    assert isinstance(clip, VideoSlot) and clip.continuous and clip.max_minutes_per_clip == 10
    assert isinstance(essay, EssaySlot) and essay.reflection and essay.min_words == 100
    assert credential.units[0].rubric.passing == AllCriteriaAtLeast("demonstrated")
    assert catalog.pathways[0].credential_ids == ("district-cfu", "data-literacy")


def test_every_structural_error_is_listed_with_its_location() -> None:
    doc = document()
    unit = doc["credentials"][0]["units"][0]
    unit["slots"][1]["max_words"] = "many"
    unit["slots"][0]["colour"] = "red"
    del doc["credentials"][0]["issuer"]
    unit["slots"].append({"id": "BAD ID", "kind": "essay", "title": "x", "prompt": "p"})
    unit["rubric"]["passing"] = {"most": 1}
    found = problems(doc)
    assert "credentials[0]: 'issuer' is missing" in found
    assert "credentials[0].units[0].slots[0]: unknown field ('colour' was unexpected)" in found
    assert "credentials[0].units[0].slots[1].max_words: 'many' is not of type 'integer'" in found
    assert any(
        p.startswith("credentials[0].units[0].slots[2].id: 'BAD ID' is not a valid id")
        for p in found
    )
    assert any(p.startswith("credentials[0].units[0].rubric.passing: must be") for p in found)
    assert len(found) == 5


def test_meaning_errors_are_listed_with_their_location() -> None:
    doc = document()
    unit = doc["credentials"][0]["units"][0]
    unit["slots"][1]["min_words"] = 900
    second = copy.deepcopy(unit)
    second["id"] = "u2"
    doc["credentials"][0]["units"].append(second)  # same slot ids in another unit
    unit["rubric"]["levels"][2]["points"] = 1
    del unit["rubric"]["criteria"][0]["descriptors"]["developing"]
    unit["rubric"]["passing"] = {"points_at_least": 50}
    doc["pathways"][0]["credentials"][1] = "unknown-credential"
    found = problems(doc)
    assert "credentials[0].units[0].slots[1].min_words: 900 is more than max_words (500)" in found
    assert (
        "credentials[0].units[1].slots[0].id: 'u1-clip' is already a slot of this credential "
        "(slot ids must be unique across its units)"
    ) in found
    assert (
        "credentials[0].units[0].rubric.levels[2].points: levels go from lowest to highest, "
        "so points must increase"
    ) in found
    assert (
        "credentials[0].units[0].rubric.criteria[0].descriptors: no descriptor for level "
        "'developing'"
    ) in found
    assert (
        "credentials[0].units[0].rubric.passing.points_at_least: 50 points can never be "
        "reached (at most 1)"
    ) in found
    assert (
        "pathways[0].credentials[1]: no credential 'unknown-credential' in this file or the catalog"
    ) in found


def test_points_rule_is_read() -> None:
    doc = document()
    doc["credentials"][0]["units"][0]["rubric"]["passing"] = {"points_at_least": 2}
    catalog = parse_catalog(doc, "t", ["data-literacy"])
    assert catalog.credentials[0].units[0].rubric.passing == PointsAtLeast(2)


def test_json_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "evidencekit-catalog",\n  "credentials": [,]\n}\n')
    with pytest.raises(CatalogError) as info:
        load_catalog_file(path)
    [problem] = info.value.problems
    assert problem.location == "line 3, column 19"
    assert "not valid JSON" in problem.message


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="1 error"):
        load_catalog_file(tmp_path / "absent.json")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CatalogError) as info:
        load_catalog_file(binary)
    assert "cannot be read" in info.value.problems[0].message


def test_wrong_top_level_shape() -> None:
    assert problems([]) == ["(top level): [] is not of type 'object'"]
    assert problems({"format": "x", "format_version": 1, "credentials": []}) == [
        "format: 'evidencekit-catalog' was expected"
    ]


def test_a_catalog_too_deep_is_located_by_its_line() -> None:
    text = "[\n" * (bounded_json.MAX_DEPTH + 1) + "]" * (bounded_json.MAX_DEPTH + 1)
    with pytest.raises(bounded_json.JsonLimitError) as caught:
        bounded_json.loads(text)
    assert caught.value.where == f"line {bounded_json.MAX_DEPTH + 1}"
    assert caught.value.reason == f"nested more than {bounded_json.MAX_DEPTH} levels deep"
