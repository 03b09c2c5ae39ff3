"""BagIt bags (RFC 8493): validating one, reading and writing its tag files."""
