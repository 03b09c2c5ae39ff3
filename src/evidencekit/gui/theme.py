"""The app's look in one place: status colours, the light and dark palettes, the spacing
and type scale, and the View ▸ Theme choice (system, light or dark), remembered in the
app's settings and applied live."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QAction, QActionGroup, QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

# -- status colours ----------------------------------------------------------------------
# Each is text on the window, the base and the alternate rows of its palette, and reaches
# WCAG AA (4.5:1) on all of them (tests/gui/test_theme.py measures it).
_LIGHT = {
    "met": "#1b6e20",
    "not_yet": "#7a4f00",
    "problem": "#b3261e",
    "sealed": "#5b3d99",
    "link": "#1a5fb4",
}
_DARK = {
    "met": "#81c995",
    "not_yet": "#f2c75c",
    "problem": "#f4a6a0",
    "sealed": "#c5b3f0",
    "link": "#8ab4f8",
}
STATUSES = tuple(_LIGHT)


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def colour(name: str, palette: QPalette | None = None) -> QColor:
    """``name`` is a status (met, not_yet, problem, sealed) or 'link'."""
    return QColor((_DARK if is_dark(palette) else _LIGHT)[name])


# -- spacing and type --------------------------------------------------------------------
#: Gaps between controls, in pixels: inside a group, between groups, around a page.
SPACE_TIGHT = 4
SPACE = 8
SPACE_PAGE = 16
#: Text sizes relative to the body text (the system's font), from small print to a title.
TYPE_SCALE = {"small": 0.9, "body": 1.0, "heading": 1.2, "title": 1.5}


def font_for(role: str, base: QFont | None = None) -> QFont:
    """The body font scaled to ``role``; headings and titles are semi-bold."""
    font = QFont(base if base is not None else QGuiApplication.font())
    size = font.pointSizeF()
    if size > 0:  # a font set in pixels keeps its size
        font.setPointSizeF(size * TYPE_SCALE[role])
    if role in ("heading", "title"):
        font.setWeight(QFont.Weight.DemiBold)
    return font


def heading_html(text: str, role: str = "heading") -> str:
    """Escaped-by-the-caller ``text`` in a label's rich text, at ``role``'s size."""
    size = QGuiApplication.font().pointSizeF() * TYPE_SCALE[role]
    return f"<span style='font-size:{size:.1f}pt; font-weight:600'>{text}</span>"


def heading_css() -> str:
    """Rich-text headings on the same scale: h2 a title, h3 a heading."""
    size = QGuiApplication.font().pointSizeF()
    return (
        f"h2 {{ font-size: {size * TYPE_SCALE['title']:.1f}pt; font-weight: 600; }}"
        f" h3 {{ font-size: {size * TYPE_SCALE['heading']:.1f}pt; font-weight: 600; }}"
    )


# -- palettes ----------------------------------------------------------------------------
_R = QPalette.ColorRole
_PALETTES = {
    "light": {
        _R.Window: "#f5f5f5",
        _R.WindowText: "#1f1f1f",
        _R.Base: "#ffffff",
        _R.AlternateBase: "#ececec",
        _R.Text: "#1f1f1f",
        _R.Button: "#ececec",
        _R.ButtonText: "#1f1f1f",
        _R.BrightText: "#ffffff",
        _R.Highlight: "#2f65ca",
        _R.HighlightedText: "#ffffff",
        _R.ToolTipBase: "#fffbe0",
        _R.ToolTipText: "#1f1f1f",
        _R.PlaceholderText: "#6b6b6b",
        _R.Link: _LIGHT["link"],
        _R.LinkVisited: _LIGHT["sealed"],
        _R.Light: "#ffffff",
        _R.Midlight: "#e3e3e3",
        _R.Mid: "#b8b8b8",
        _R.Dark: "#9a9a9a",
        _R.Shadow: "#767676",
    },
    "dark": {
        _R.Window: "#2b2b2b",
        _R.WindowText: "#e8e8e8",
        _R.Base: "#1f1f1f",
        _R.AlternateBase: "#262626",
        _R.Text: "#e8e8e8",
        _R.Button: "#363636",
        _R.ButtonText: "#e8e8e8",
        _R.BrightText: "#ffffff",
        _R.Highlight: "#2f65ca",
        _R.HighlightedText: "#ffffff",
        _R.ToolTipBase: "#3a3a3a",
        _R.ToolTipText: "#e8e8e8",
        _R.PlaceholderText: "#9a9a9a",
        _R.Link: _DARK["link"],
        _R.LinkVisited: _DARK["sealed"],
        _R.Light: "#505050",
        _R.Midlight: "#404040",
        _R.Mid: "#4a4a4a",
        _R.Dark: "#1a1a1a",
        _R.Shadow: "#0f0f0f",
    },
}
#: Greyed-out text of disabled controls (WCAG exempts it; it only has to look off).
_DISABLED_TEXT = {"light": "#8a8a8a", "dark": "#7a7a7a"}


def theme_palette(theme: str) -> QPalette:
    """The light or dark palette, for every control state."""
    made = QPalette()
    for role, value in _PALETTES[theme].items():
        made.setColor(role, QColor(value))
    for role in (_R.WindowText, _R.Text, _R.ButtonText):
        made.setColor(QPalette.ColorGroup.Disabled, role, QColor(_DISABLED_TEXT[theme]))
    return made


# -- the choice --------------------------------------------------------------------------
THEMES = ("system", "light", "dark")
THEME_SETTING = "view/theme"
_APPLIED = "evidencekitTheme"  # an application property: the theme now applied
_SYSTEM_STYLE = "evidencekitSystemStyle"  # the style Qt chose at start, for "system"


def saved_theme() -> str:
    value = str(QSettings().value(THEME_SETTING, "system"))
    return value if value in THEMES else "system"


def applied_theme() -> str:
    app = QApplication.instance()
    return str(app.property(_APPLIED) or "system") if app is not None else "system"


def apply_theme(theme: str) -> None:
    """Light and dark are explicit palettes on the Fusion style (native styles ignore a
    palette); system is the style and palette Qt chose at start."""
    app = QApplication.instance()
    if not isinstance(app, QApplication) or theme == applied_theme():
        return
    if not app.property(_SYSTEM_STYLE):
        app.setProperty(_SYSTEM_STYLE, app.style().name())
    wanted = "fusion" if theme != "system" else str(app.property(_SYSTEM_STYLE))
    if app.style().name().lower() != wanted.lower():
        app.setStyle(wanted)
    # An empty palette sets no role: Qt fills every one from the platform and the style,
    # and keeps following the system when it switches between light and dark.
    app.setPalette(theme_palette(theme) if theme != "system" else QPalette())
    # A widget with a style sheet keeps the palette it was polished with; setting its
    # sheet again polishes it with the new one (the drop zone's text stayed black).
    for widget in app.allWidgets():
        if widget.styleSheet():
            widget.setStyleSheet(widget.styleSheet())
    app.setProperty(_APPLIED, theme)


def apply_saved_theme() -> None:
    """At start-up: one settings read, and nothing else unless she chose light or dark."""
    theme = saved_theme()
    if theme != "system":
        apply_theme(theme)


def choose_theme(theme: str) -> None:
    QSettings().setValue(THEME_SETTING, theme)
    apply_theme(theme)


def theme_menu(parent: QWidget) -> QMenu:
    """View ▸ Theme: System, Light, Dark; one checked, the saved one."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("Theme", text)

    menu = QMenu(tr("&Theme"), parent)
    group = QActionGroup(menu)
    group.setExclusive(True)
    chosen = saved_theme()
    for theme, text in zip(THEMES, (tr("&System"), tr("&Light"), tr("&Dark")), strict=True):
        act = QAction(text, menu)
        act.setCheckable(True)
        act.setChecked(theme == chosen)
        act.setData(theme)
        act.triggered.connect(lambda _checked=False, theme=theme: choose_theme(theme))
        group.addAction(act)
        menu.addAction(act)
    return menu
