"""The tables the views list things in, to pick one row and act on it."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def make_pick_table(table: QTableView, stretch_column: int) -> None:
    """Read-only, whole rows picked one at a time, no row numbers, and Tab leaves the table
    (arrows move inside). Each column fits its contents but ``stretch_column``, which
    takes the rest of the width."""
    table.setTabKeyNavigation(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
