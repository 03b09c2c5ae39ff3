"""No module under src/ passes 600 lines (DESIGN.md: a file that passes 600 lines is a
sign to split it), so a long file is split when it grows, not when someone notices."""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "evidencekit"
MAX_LINES = 600


def too_long(root: Path, limit: int = MAX_LINES) -> dict[str, int]:
    """Each Python file under ``root`` longer than ``limit`` lines, with its length."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            found[path.relative_to(root).as_posix()] = lines
    return found


def test_no_module_passes_600_lines() -> None:
    assert too_long(SRC) == {}


def test_a_long_module_is_found(tmp_path: Path) -> None:
    (tmp_path / "room").mkdir()
    (tmp_path / "room" / "long.py").write_text("x = 1\n" * 7)
    (tmp_path / "short.py").write_text("x = 1\n" * 6)
    assert too_long(tmp_path, limit=6) == {"room/long.py": 7}
