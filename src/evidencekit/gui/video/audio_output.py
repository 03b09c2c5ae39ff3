"""An audio output for QMediaPlayer that cannot deadlock the GUI thread.

A QAudioOutput constructed from Python is a PySide wrapper: every virtual call on it
(``metaObject()``, ``disconnectNotify()`` …) first takes the GIL to look for a Python
override. The FFmpeg backend's audio thread makes such calls from ``~QObject`` while
holding one of Qt's signal-slot mutexes; if the GUI thread, holding the GIL, needs the
same mutex (any ``connect`` while building widgets), both wait for ever. Playback
plus ordinary window work hung within seconds in our stress runs.

An AudioOutput made by a tiny QML component is a plain C++ object with no override
look-ups, so the audio thread never needs the GIL.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QUrl
from PySide6.QtMultimedia import QAudioOutput
from PySide6.QtQml import QQmlComponent, QQmlEngine

_factory_parts: tuple[QQmlEngine, QQmlComponent] | None = None


def _factory() -> QQmlComponent:
    global _factory_parts
    if _factory_parts is None:
        # Both kept here: a component outlived by its engine cannot create anything.
        engine = QQmlEngine(QCoreApplication.instance())
        component = QQmlComponent(engine)
        component.setData(b"import QtMultimedia\nAudioOutput {}\n", QUrl())
        if not component.isReady():
            raise RuntimeError(f"cannot make an audio output: {component.errorString()}")
        _factory_parts = (engine, component)
    return _factory_parts[1]


def new_audio_output(parent: QObject) -> QAudioOutput:
    output = _factory().create()
    assert isinstance(output, QAudioOutput)
    output.setParent(parent)  # the parent owns it from here on
    return output
