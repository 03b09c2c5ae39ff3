"""bundle layer (see ../shared/DESIGN.md)."""
