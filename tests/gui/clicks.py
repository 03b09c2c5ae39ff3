"""Clicking through the main window the way a person does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTreeWidgetItem

from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.work.checklist import SlotIdRole


def click_requirement(window: MainWindow, slot_id: str) -> None:
    checklist = window.checklist
    items: list[QTreeWidgetItem] = [
        checklist.topLevelItem(u).child(r)
        for u in range(checklist.topLevelItemCount())
        for r in range(checklist.topLevelItem(u).childCount())
    ]
    [item] = [i for i in items if i.data(0, SlotIdRole) == slot_id]
    checklist.scrollToItem(item)
    rect = checklist.visualItemRect(item)
    QTest.mouseClick(checklist.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click_tab(window: MainWindow, index: int) -> None:
    bar = window.tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
