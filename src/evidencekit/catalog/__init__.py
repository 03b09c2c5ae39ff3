"""catalog layer (see ../shared/DESIGN.md)."""
