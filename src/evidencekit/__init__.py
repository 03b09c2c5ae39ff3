"""EvidenceKit: collect, check, seal and review micro-credential evidence offline."""

from __future__ import annotations

# Written here rather than read from the installed metadata: importlib.metadata alone costs more
# than the rest of `evidencekit --version`. A test keeps it equal to pyproject.toml's version.
__version__ = "0.1.0"
