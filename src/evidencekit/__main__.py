"""``python -m evidencekit``: the same as the ``evidencekit`` command."""

from __future__ import annotations

import sys

from evidencekit.launcher import main

sys.exit(main())
