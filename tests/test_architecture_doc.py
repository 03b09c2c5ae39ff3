"""docs/architecture.md keeps up with the code: every import-linter contract is named in
it, and every package (and the resources folder) has its paragraph."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"


def contract_names(pyproject: str) -> set[str]:
    contracts = tomllib.loads(pyproject)["tool"]["importlinter"]["contracts"]
    return {c["name"] for c in contracts}


def rooms() -> set[str]:
    """The top-level packages and folders below src/evidencekit."""
    package = ROOT / "src" / "evidencekit"
    return {p.name for p in package.iterdir() if (p / "__init__.py").is_file()}


def missing(doc: str, pyproject: str) -> list[str]:
    bold = set(re.findall(r"\*\*(.+?)\*\*", doc))
    # A contract is named in bold, ending in a period or not.
    named = {b.rstrip(".") for b in bold}
    gone = sorted(n for n in contract_names(pyproject) if n.rstrip(".") not in named)
    gone += sorted(f"{r}/" for r in rooms() if f"{r}/" not in bold)
    return gone


def test_every_contract_and_room_is_described() -> None:
    assert missing(DOC.read_text("utf-8"), (ROOT / "pyproject.toml").read_text("utf-8")) == []


def test_a_contract_or_room_left_out_is_caught() -> None:
    doc = DOC.read_text("utf-8")
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert missing(doc.replace("**media/**", "media/"), pyproject) == ["media/"]
    extra = '\n[[tool.importlinter.contracts]]\nname = "Nobody imports x"\ntype = "forbidden"\n'
    assert missing(doc, pyproject + extra) == ["Nobody imports x"]


def test_the_readme_layout_links_here() -> None:
    section = (ROOT / "README.md").read_text("utf-8").split("\n## Layout\n", 1)[1]
    assert "docs/architecture.md" in section.split("\n## ", 1)[0]
