"""The kiosk's languages through Qt's translation system: English in the code, every other language
a compiled file assets/i18n/kiosk_<code>.qm, so adding one is a file, not code."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QTranslator

from kiosk.core.resources import assets_dir

SOURCE_LANGUAGE = "en"


def i18n_dir() -> Path:
    return assets_dir() / "i18n"


def qm_path(code: str, domain: str = "kiosk") -> Path:
    """The compiled translation of one window family: "kiosk" (the public screens) or "desk"
    (the desk and grid windows, assets/i18n/desk_<code>.qm): each has its own language."""
    return i18n_dir() / f"{domain}_{code}.qm"


def available_languages(domain: str = "kiosk") -> list[str]:
    """English first, then every language that has a compiled translation."""
    found = sorted(p.stem.removeprefix(f"{domain}_") for p in i18n_dir().glob(f"{domain}_*.qm"))
    return [SOURCE_LANGUAGE, *(c for c in found if c != SOURCE_LANGUAGE)]


def native_name(code: str) -> str:
    """A language's name in that language, as its speakers look for it: "Cymraeg", "Gaeilge"."""
    if code == SOURCE_LANGUAGE:
        return "English"
    name = QLocale(code).nativeLanguageName()
    return name[:1].upper() + name[1:] if name else code


class Translations:
    """Installs one translator at a time on the application; Qt then sends every widget a
    LanguageChange event, and the kiosk's screens retranslate themselves."""

    def __init__(self, domain: str = "kiosk") -> None:
        self.domain = domain
        self.language = SOURCE_LANGUAGE
        self._translator: QTranslator | None = None

    def set_language(self, code: str) -> bool:
        app = QCoreApplication.instance()
        if app is None or code == self.language:
            return code == self.language
        translator = None
        if code != SOURCE_LANGUAGE:
            translator = QTranslator(app)
            if not translator.load(str(qm_path(code, self.domain))):
                return False
        # Installing or removing a translator posts every window a LanguageChange event.
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator.deleteLater()
        self._translator = translator
        self.language = code
        if translator is not None:
            app.installTranslator(translator)
        # Deliver them now: the screen (and whatever reads it next) changes language at the tap.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        return True

    def clear(self) -> None:
        self.set_language(SOURCE_LANGUAGE)

