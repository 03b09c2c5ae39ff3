"""Driving the real windows as a person does: actions, clicks, keys, and real file dialogs.

Nothing here calls a window's methods; it finds what is on screen, clicks it, types
into it, and answers the (non-native) file dialogs by typing a path and pressing Enter.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from tests.gui.answering import answer_next_dialog

W = TypeVar("W", bound=QWidget)
PASSPHRASE = "a long enough passphrase"


@dataclass
class Person:
    """Someone with their own account: home, settings, data, trust list, workspace."""

    name: str
    home: Path

    @property
    def documents(self) -> Path:
        return self.home / "Documents"

    def env(self) -> dict[str, str]:
        return {
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
        }


@contextmanager
def acting_as(person: Person) -> Iterator[Person]:
    """While inside, the process reads this person's configuration (trust list, name)."""
    saved = {k: os.environ.get(k) for k in person.env()}
    os.environ.update(person.env())
    try:
        yield person
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@dataclass
class FileDialogAnswers:
    """Answers the next real file dialogs, in order: fills in the queued path, clicks Open/Save."""

    queued: deque[Path] = field(default_factory=deque)
    answered: list[tuple[str, Path]] = field(default_factory=list)

    def __post_init__(self) -> None:
        QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
        self._timer = QTimer()
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._answer)
        self._timer.start()

    def will_choose(self, path: Path) -> None:
        self.queued.append(path)

    def _answer(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QFileDialog) and widget.isVisible() and self.queued:
                path = self.queued.popleft()
                name = widget.findChild(QLineEdit, "fileNameEdit")
                assert name is not None, "not Qt's own file dialog"
                # Typed key by key, each "/" would jump into that folder as she types
                # (and the completer with it); the whole path is pasted in at once.
                name.setFocus()
                name.setText(str(path))
                box = widget.findChild(QDialogButtonBox, "buttonBox")
                assert box is not None
                accept = next(
                    b
                    for b in box.buttons()
                    if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole
                )
                self.answered.append((widget.windowTitle(), path))
                QTest.mouseClick(accept, Qt.MouseButton.LeftButton)

    def stop(self) -> None:
        self._timer.stop()
        self._timer.deleteLater()


def visible(kind: type[W], title: str | None = None) -> list[W]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, kind) and w.isVisible() and (title is None or title in w.windowTitle())
    ]


def wait_for(qtbot, kind: type[W], title: str | None = None, timeout: int = 60_000) -> W:
    """The one visible window or dialog of this kind (and title), once it shows."""
    qtbot.waitUntil(lambda: len(visible(kind, title)) == 1, timeout=timeout)
    return visible(kind, title)[0]


def click(widget: QAbstractButton) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.text()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(widget, Qt.Key.Key_Delete)
    QTest.keyClicks(widget, text)


def button(dialog: QDialog, text: str) -> QAbstractButton:
    """A dialog's button by what it says (without the & of its shortcut)."""
    found = [
        b
        for b in dialog.findChildren(QAbstractButton)
        if b.text().replace("&", "") == text and b.isVisible()
    ]
    assert len(found) == 1, (text, [b.text() for b in dialog.findChildren(QAbstractButton)])
    return found[0]


def ok_button(dialog: QDialog) -> QAbstractButton:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    return next(
        b for b in box.buttons() if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole
    )


def click_row(view: QAbstractItemView, index: QModelIndex) -> None:
    view.scrollTo(index)
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )


def sign_with_new_key(dialog: QDialog, key_file: Path) -> None:
    """In a dialog with an identity picker: a new key file under the passphrase, then OK."""
    picker = dialog.identity  # the IdentityPicker every signing dialog holds
    click(picker.use_file)
    type_into(picker.key_file, str(key_file))

    def new_identity(new: QDialog) -> None:
        """The new-identity dialog: where the key goes, the passphrase typed twice."""
        type_into(new.path, str(key_file))
        type_into(new.passphrase, PASSPHRASE)
        type_into(new.again, PASSPHRASE)
        click(ok_button(new))

    answered = answer_next_dialog(new_identity)
    click(picker.create_button)  # the dialog runs its own loop; the answer comes from inside
    answered.check()
    assert answered and key_file.is_file()
    click(ok_button(dialog))


def sign_with(dialog: QDialog, key_file: Path) -> None:
    picker = dialog.identity
    click(picker.use_file)
    type_into(picker.key_file, str(key_file))
    type_into(picker.passphrase, PASSPHRASE)
    click(ok_button(dialog))
