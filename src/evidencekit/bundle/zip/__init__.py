"""The ZIP container: the deterministic streaming writer and the hardened reader."""
