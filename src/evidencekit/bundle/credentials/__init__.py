"""Open Badges 3.0 credentials: proofs, canonical JSON, checking, baking, certificates."""
