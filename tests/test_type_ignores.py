"""Every silenced type error names its error code and says why, on the same line.

mypy itself refuses an ignore without a code (``ignore-without-code`` in
pyproject.toml); the reason is a convention only this test keeps.
"""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "evidencekit"
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[^\]]*\])?(?P<rest>.*)$")


def unexplained_ignores(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = IGNORE.search(line)
            if match is None:
                continue
            reason = match["rest"].strip().removeprefix("#").strip()
            if not match["codes"] or not reason:
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_every_type_ignore_has_a_code_and_a_reason() -> None:
    assert unexplained_ignores(SRC) == []


def test_an_ignore_without_a_reason_is_found(tmp_path: Path) -> None:
    (tmp_path / "bare.py").write_text("x: int = 'a'  # type: ignore[assignment]\n")
    (tmp_path / "no_code.py").write_text("x: int = 'a'  # type: ignore  # a reason\n")
    (tmp_path / "fine.py").write_text("x: int = 'a'  # type: ignore[assignment]  # why\n")
    assert [line.split(":")[0] for line in unexplained_ignores(tmp_path)] == [
        "bare.py",
        "no_code.py",
    ]
