"""Qt translations: English plural forms ("1 word", "2 words") come from a compiled catalog.

Code writes the plural source ("%n words") through ``tr(text, "", n)``; the English
catalog in resources/translations gives Qt the singular. Rebuild the .qm after
editing the .ts with ``pyside6-lrelease resources/translations/evidencekit_en.ts``
(a test checks that the two agree).
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QCoreApplication, QTranslator

CATALOG = "evidencekit_en.qm"


def catalog_path() -> str:
    return str(resources.files("evidencekit.resources") / "translations" / CATALOG)


def install(app: QCoreApplication) -> QTranslator:
    """Load the English catalog into ``app`` (once); the translator lives as long as the app."""
    existing = app.findChild(QTranslator, "evidencekit-en")
    if existing is not None:
        return existing
    translator = QTranslator(app)
    translator.setObjectName("evidencekit-en")
    if not translator.load(catalog_path()):
        raise FileNotFoundError(catalog_path())
    app.installTranslator(translator)
    return translator
