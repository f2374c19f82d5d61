"""Every string the kiosk shows has a Welsh translation, and the compiled .qm matches the .ts."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from kiosk.ui.selfservice.i18n import available_languages, i18n_dir, qm_path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "kiosk" / "ui" / "selfservice").glob("*.py")) + [ROOT / "kiosk" / "ui" / "camera.py"]
_FIELD = re.compile(r"\{\w*\}")


def source_strings() -> set[tuple[str, str]]:
    """(context, text) of every self.tr("…") in a class, as lupdate and PySide6 see them."""
    found: set[tuple[str, str]] = set()
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # QT_TRANSLATE_NOOP("Context", "…"): marked where defined, translated where shown.
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            if isinstance(call.func, ast.Name) and call.func.id == "QT_TRANSLATE_NOOP":
                context, text = (arg.value for arg in call.args)
                found.add((context, text))
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            for call in (n for n in ast.walk(cls) if isinstance(n, ast.Call)):
                func = call.func
                if isinstance(func, ast.Attribute) and func.attr == "tr" and call.args:
                    text = call.args[0]
                    assert isinstance(text, ast.Constant) and isinstance(text.value, str), \
                        f"{path.name}:{call.lineno}: tr() needs a literal string for lupdate"
                    found.add((cls.name, text.value))
    return found


def ts_messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    messages = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            messages[(name, message.findtext("source"))] = message.find("translation")
    return messages


def test_the_sources_have_strings():
    assert ("WelcomeScreen", "Scan your ticket") in source_strings()
    assert ("CameraScanner", "Camera off") in source_strings()


@pytest.mark.parametrize("ts", sorted(i18n_dir().glob("kiosk_*.ts")), ids=lambda p: p.stem)
def test_every_string_is_translated(ts):
    messages = ts_messages(ts)
    wanted = source_strings()
    missing = sorted(wanted - messages.keys())
    assert not missing, f"run scripts/update-translations.sh and translate: {missing}"
    stale = sorted(messages.keys() - wanted)
    assert not stale, f"strings no longer in the code (run scripts/update-translations.sh): {stale}"
    for key, translation in messages.items():
        assert translation.get("type") not in ("unfinished", "obsolete", "vanished"), key
        assert (translation.text or "").strip(), key
        # A placeholder lost or misspelt in translation would raise KeyError at runtime.
        assert sorted(_FIELD.findall(translation.text)) == sorted(_FIELD.findall(key[1])), key


@pytest.mark.parametrize("ts", sorted(i18n_dir().glob("kiosk_*.ts")), ids=lambda p: p.stem)
def test_the_compiled_file_matches_its_source(ts):
    code = ts.stem.removeprefix("kiosk_")
    translator = QTranslator()
    assert translator.load(str(qm_path(code))), f"compile it: pyside6-lrelease {ts}"
    stale = [key for key, translation in ts_messages(ts).items()
             if translator.translate(key[0], key[1]) != translation.text]
    assert not stale, f"the .qm is older than the .ts: run scripts/update-translations.sh ({stale[:3]})"


def test_welsh_is_offered():
    assert available_languages()[:1] == ["en"] and "cy" in available_languages()
    messages = ts_messages(i18n_dir() / "kiosk_cy.ts")
    assert messages[("WelcomeScreen", "Welcome")].text == "Croeso"
    assert messages[("WelcomeScreen", "Forgot your ticket?")].text == "Wedi anghofio eich tocyn?"
