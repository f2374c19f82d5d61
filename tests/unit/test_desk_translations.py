"""Every string the desk and grid windows show has a Welsh translation, the compiled .qm matches
the .ts, and the Welsh menus keep one Alt letter per item."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from kiosk.ui.actions import ACTIONS, DESK_MENUS, GRID_MENUS
from kiosk.ui.selfservice.i18n import available_languages, i18n_dir, qm_path

ROOT = Path(__file__).resolve().parents[2]
# The desk's file covers kiosk/ui itself; the kiosk's screens (selfservice/) and the camera view
# they share (camera.py) are in the kiosk's file (tests/unit/test_kiosk_translations.py).
SOURCES = sorted(p for p in (ROOT / "kiosk" / "ui").glob("*.py") if p.name != "camera.py")
_FIELD = re.compile(r"\{\w*\}")
_MARKS = ("QT_TRANSLATE_NOOP", "translate")


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def source_strings() -> set[tuple[str, str]]:
    """(context, text) of every string marked for translation, as lupdate and PySide6 see them:
    self.tr("…") in a class (its context is the class), QCoreApplication.translate("Ctx", "…")
    and QT_TRANSLATE_NOOP("Ctx", "…")."""
    found: set[tuple[str, str]] = set()
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            func = call.func
            # A bare tr("…") (a local helper) lands in lupdate's empty context, where Qt never looks.
            assert not (isinstance(func, ast.Name) and func.id == "tr"), f"{path.name}:{call.lineno}: use self.tr"
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in _MARKS and len(call.args) >= 2 and (context := _literal(call.args[0])) is not None:
                text = _literal(call.args[1])
                # translate("Ctx", variable) shows a string marked where it was declared.
                assert text is not None or name == "translate", \
                    f"{path.name}:{call.lineno}: {name}() needs a literal string for lupdate"
                if text is not None:
                    found.add((context, text))
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            for call in (n for n in ast.walk(cls) if isinstance(n, ast.Call)):
                func = call.func
                if isinstance(func, ast.Attribute) and func.attr == "tr" and call.args:
                    # self.tr(label) of a label marked where it was declared: found by its mark.
                    if (text := _literal(call.args[0])) is not None:
                        found.add((cls.name, text))
    return found


def ts_messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    messages = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            messages[(name, message.findtext("source") or "")] = message.find("translation")
    return messages


DESK_TS = sorted(i18n_dir().glob("desk_*.ts"))


def test_the_sources_have_strings():
    found = source_strings()
    assert ("ResultPanel", "Checked in") in found
    assert ("Actions", "&Walk-in…") in found and ("Menus", "&View") in found
    assert ("SettingsDialog", "&Language") in found


@pytest.mark.parametrize("ts", DESK_TS, ids=lambda p: p.stem)
def test_every_string_is_translated(ts):
    messages = ts_messages(ts)
    wanted = source_strings()
    missing = sorted(wanted - messages.keys())
    assert not missing, f"run scripts/update-translations.sh and translate: {missing}"
    # Qt's own button words are carried in the desk's file on purpose (kiosk/ui/desk_language.py).
    stale = sorted(k for k in messages.keys() - wanted if k[0] != "QPlatformTheme")
    assert not stale, f"strings no longer in the code (run scripts/update-translations.sh): {stale}"
    for key, translation in messages.items():
        assert translation.get("type") not in ("unfinished", "obsolete", "vanished"), key
        assert (translation.text or "").strip(), key
        # A placeholder lost or misspelt in translation would raise KeyError or show "{0}".
        assert sorted(_FIELD.findall(translation.text)) == sorted(_FIELD.findall(key[1])), key


@pytest.mark.parametrize("ts", DESK_TS, ids=lambda p: p.stem)
def test_the_compiled_file_matches_its_source(ts):
    code = ts.stem.removeprefix("desk_")
    translator = QTranslator()
    assert translator.load(str(qm_path(code, "desk"))), f"compile it: pyside6-lrelease {ts}"
    stale = [key for key, translation in ts_messages(ts).items()
             if translator.translate(key[0], key[1]) != translation.text]
    assert not stale, f"the .qm is older than the .ts: run scripts/update-translations.sh ({stale[:3]})"


def test_the_desk_and_the_kiosk_never_answer_for_each_other():
    """Two translators are installed at once (a Welsh desk, an English kiosk): a context in both
    files would let the desk's language leak into the kiosk's screens."""
    for code in set(available_languages("desk")) & set(available_languages("kiosk")) - {"en"}:
        desk = {c for c, _ in ts_messages(i18n_dir() / f"desk_{code}.ts")}
        kiosk = {c for c, _ in ts_messages(i18n_dir() / f"kiosk_{code}.ts")}
        assert not desk & kiosk


def test_welsh_is_offered_with_the_kiosks_words():
    assert available_languages("desk")[:1] == ["en"] and "cy" in available_languages("desk")
    desk = ts_messages(i18n_dir() / "desk_cy.ts")
    kiosk = ts_messages(i18n_dir() / "kiosk_cy.ts")
    # The same words as the kiosk's for the same things.
    assert desk[("ResultPanel", "Checked in")].text == kiosk[("ResultScreen", "Checked in")].text == "Wedi cofrestru"
    assert desk[("QPlatformTheme", "OK")].text == kiosk[("PinPad", "OK")].text == "Iawn"
    assert desk[("Actions", "&Print badge")].text.replace("&", "") == "Argraffu bathodyn"


@pytest.mark.parametrize("menus", [DESK_MENUS, GRID_MENUS], ids=["desk", "grid"])
def test_welsh_menus_keep_one_alt_letter_each(menus):
    """A letter used twice in a menu (or the menu bar) opens neither item: Welsh too."""
    messages = ts_messages(i18n_dir() / "desk_cy.ts")

    def letter(context: str, text: str) -> str:
        welsh = messages[(context, text)].text
        found = re.search(r"&(\w)", welsh)
        assert found, f"{welsh!r} has no Alt letter"
        return found.group(1).lower()

    titles = [letter("Menus", title) for title, _keys in menus]
    assert len(titles) == len(set(titles)), titles
    for title, keys in menus:
        letters = [letter("Actions", ACTIONS[k].text) for k in keys if k]
        if title == "&View" and menus is DESK_MENUS:
            letters.append(letter("Menus", "&Language"))
        assert len(letters) == len(set(letters)), (title, letters)


def test_the_import_choices_are_marked_for_translation():
    """The mapping step shows the importer's field names (kiosk/importer/presets.py) through
    translation: one added there must be marked in kiosk/ui/import_mapping.py too."""
    from kiosk.importer.presets import CHOICE_LABELS
    from kiosk.ui.import_mapping import _LABELS_SHOWN

    assert set(CHOICE_LABELS.values()) <= set(_LABELS_SHOWN)
