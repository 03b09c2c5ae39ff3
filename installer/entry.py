"""Entry point of the frozen app: the same launcher as the `evidencekit` command."""

import sys

from evidencekit.launcher import main

sys.exit(main())
