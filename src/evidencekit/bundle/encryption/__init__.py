"""Age encryption of a sealed bundle to an evaluator's key."""
