"""Core modules the window uses only after it is painted, loaded behind the first paint.

The services that write (and SQLAlchemy behind them, a third of a second of CPU)
are not needed to show the workspace: the first window reads it in plain SQL.
A GUI module names such a service with ``deferred("evidencekit.services.x")``: a
module object whose code runs on first use. ``load_deferred()`` runs them all on
the GUI thread once the window is up, so no worker thread ever runs a module's
code for the first time (3.11's lazy modules are not safe to load from two threads).
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

_pending: list[str] = []


def deferred(name: str) -> ModuleType:
    """``name``'s module, its code run when an attribute is first read."""
    loaded = sys.modules.get(name)
    if loaded is not None:
        return loaded
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None, name
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)  # as an import would
    loader.exec_module(module)
    _pending.append(name)
    return module


def load_deferred() -> None:
    """Run every deferred module's code now (on the GUI thread, after the first paint)."""
    while _pending:
        module = sys.modules[_pending.pop(0)]
        _ = module.__spec__  # reading any attribute runs the module's code
