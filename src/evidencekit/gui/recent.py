"""Recently opened workspaces, remembered in the platform's settings store."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

KEY = "recent/workspaces"
KEEP = 8


def recent_workspaces() -> list[Path]:
    value = QSettings().value(KEY) or []
    if isinstance(value, str):  # QSettings hands back a lone string for one-item lists
        value = [value]
    return [Path(p) for p in value if p]


def remember_workspace(path: Path) -> list[Path]:
    paths = [path, *(p for p in recent_workspaces() if p != path)][:KEEP]
    QSettings().setValue(KEY, [str(p) for p in paths])
    return paths
