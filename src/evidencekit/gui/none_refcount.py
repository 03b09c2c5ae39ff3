"""Keeps ``None`` alive under PySide6 builds that drop a reference to it.

PySide6 6.12.0 on CPython 3.11 forgets to count the ``None`` it returns from
every C++ method that returns nothing (``update()``, ``setText()`` …): each
such call takes one reference away, and after a few thousand calls (a minute
of video playback) Python aborts with "deallocating None". CPython 3.12 made
``None`` immortal, which hides the bug there; here we give it the same
immortality by raising its count far beyond what any session could use up.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40


def keep_none_alive() -> None:
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is PyObject's first field
    if count.value < _HEADROOM:
        count.value += _HEADROOM
