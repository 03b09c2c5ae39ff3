"""Working on a submission: the checklist, the slot panels and their editors, previews."""
