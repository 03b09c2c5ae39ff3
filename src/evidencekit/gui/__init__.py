"""gui layer (see ../shared/DESIGN.md)."""

from evidencekit.gui.none_refcount import keep_none_alive

keep_none_alive()
