"""Plain data files (catalog, schemas, icons), installed as evidencekit.resources."""
