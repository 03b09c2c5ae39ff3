"""Long work takes one ``Reporter``, never a ``progress`` callback and a ``cancel`` token apart.

Only domain/tasks.py, where the Reporter is made of the two, may name both. Lambdas count
too (the GUI's work functions are often lambdas), and so do names with a leading
underscore (``_progress, _cancel`` is the same pair, unused).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "evidencekit"
ALLOWED = {Path("domain/tasks.py")}
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _parameter_names(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    args = node.args
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    return {arg.arg.lstrip("_") for arg in every if arg is not None}


def functions_taking_the_pair(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative in ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, FUNCTIONS) and {"progress", "cancel"} <= _parameter_names(node):
                name = getattr(node, "name", "<lambda>")
                found.append(f"{relative.as_posix()}:{node.lineno} {name}")
    return found


def test_no_function_takes_progress_and_cancel_apart() -> None:
    assert functions_taking_the_pair(SRC) == []


def test_a_function_taking_the_pair_is_found(tmp_path: Path) -> None:
    (tmp_path / "pair.py").write_text("def copy(path, progress=None, *, cancel=None): ...\n")
    (tmp_path / "work.py").write_text("run(lambda _progress, _cancel: None)\n")
    (tmp_path / "fine.py").write_text("def copy(path, reporter=None): ...\n")
    (tmp_path / "domain").mkdir()
    (tmp_path / "domain" / "tasks.py").write_text("def make(progress, cancel): ...\n")
    assert functions_taking_the_pair(tmp_path) == ["pair.py:1 copy", "work.py:1 <lambda>"]
