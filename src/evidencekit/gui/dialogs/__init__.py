"""Dialogs: About and new submission, sealing, signing, verdicts, people, first run, crash."""
