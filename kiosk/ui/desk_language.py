"""The desk's and grid's language: English in the code, Welsh (and any other language with a
compiled assets/i18n/desk_<code>.qm) through Qt's translation system.

The desk has its own translator, apart from the kiosk's: a desk in Welsh may start a kiosk whose
start language is English, and the kiosk's one-tap switch does not change the desk. Changing the
language posts every window a LanguageChange event; the desk and grid windows retranslate their
menus and panels at once, and dialogs take the language they are opened in.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from kiosk.ui.selfservice.i18n import SOURCE_LANGUAGE, Translations, available_languages, native_name
from kiosk.ui.translate_marks import QT_TRANSLATE_NOOP

DOMAIN = "desk"
_translations = Translations(DOMAIN)

# Qt's own words on standard dialog buttons (OK, Cancel, Yes…): Qt ships no Welsh for them, so
# the desk's file carries them, in Qt's context for them.
QT_BUTTONS = (
    QT_TRANSLATE_NOOP("QPlatformTheme", "OK"), QT_TRANSLATE_NOOP("QPlatformTheme", "Cancel"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Close"), QT_TRANSLATE_NOOP("QPlatformTheme", "&Yes"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "&No"), QT_TRANSLATE_NOOP("QPlatformTheme", "Save"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Open"), QT_TRANSLATE_NOOP("QPlatformTheme", "Apply"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Help"), QT_TRANSLATE_NOOP("QPlatformTheme", "Retry"),
)


def desk_languages() -> list[str]:
    """English first, then every language the desk has a translation for."""
    return available_languages(DOMAIN)


def desk_language() -> str:
    return _translations.language


def set_desk_language(code: str) -> bool:
    """Show the desk and grid in `code` (False: no such translation; the language stays)."""
    if code not in desk_languages():
        return False
    return _translations.set_language(code)


def reset_desk_language() -> None:
    _translations.set_language(SOURCE_LANGUAGE)


def add_language_menu(menu: QMenu, owner: QWidget, choose: Callable[[str], None]) -> QMenu:
    """View → Language: each language by its own name ("Cymraeg"), the current one ticked."""
    submenu = menu.addMenu(QCoreApplication.translate("Menus", "&Language"))
    submenu.setObjectName("menu_language")
    submenu.setProperty("source_title", "&Language")
    group = QActionGroup(owner)
    for code in desk_languages():
        # A language's name is never translated: a Welsh speaker looks for "Cymraeg".
        action = QAction(native_name(code), owner, checkable=True)
        action.setObjectName(f"action_language_{code}")
        action.setChecked(code == desk_language())
        action.triggered.connect(lambda _checked=False, c=code: choose(c))
        group.addAction(action)
        submenu.addAction(action)
    def tick() -> None:
        for action in group.actions():
            action.setChecked(action.objectName() == f"action_language_{desk_language()}")

    submenu.aboutToShow.connect(tick)
    return submenu
