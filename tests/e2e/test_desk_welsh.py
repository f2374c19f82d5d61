"""The desk and grid in Welsh, switched with the keys a volunteer would press: View → Language, or
the Language row of Settings; at once, and still Welsh when the desk opens again."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QGroupBox, QLabel, QLineEdit, QMenu, QWidget

from kiosk.store.settings import Settings
from kiosk.ui.desk_language import desk_language, reset_desk_language
from kiosk.ui.desk_window import DeskWindow
from kiosk.ui.dialogs import SettingsDialog
from kiosk.ui.scanner import ScanTiming

from tests.e2e.test_desk_keyboard import ALT, CTRL, SHIFT, active, press, visible_dialog, when_open
from tests.support.paths import screenshot_dir
from tests.unit.test_desk_translations import source_strings

WELSH_DESK_MENUS = ["&Digwyddiad", "&Cofrestru", "&Argraffu", "G&rid", "&Gweld", "C&ymorth"]
# Words a leftover English string would show (whole words; data is removed before looking).
ENGLISH = re.compile(r"\b(the|and|of|to|Check|checked|Print|printer|badge|Search|Scan|ticket|Import|Undo|"
                     r"Walk-in|Settings|Help|View|Event|Attendee|Name|Ready|Session|Add|Edit|Close|Working|paired|"
                     r"Cancel|Notes|Status|not|yet|Acknowledge|Camera off|Turn)\b")


@pytest.fixture(autouse=True)
def english_after():
    yield
    reset_desk_language()  # the translator is the application's: the next test starts in English


def scan(qtbot, window, code: str) -> None:
    """A scanner: the whole code within a few ms, then Enter."""
    with qtbot.waitSignal(window.result_shown, timeout=3000):
        qtbot.keyClicks(window.search, code)
        qtbot.keyClick(window.search, Qt.Key.Key_Return)


def shown_texts(root: QWidget) -> list[str]:
    """Every word a person can see in a window: labels, buttons, fields, group titles, menus."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QAbstractButton):
            texts += [widget.text(), widget.toolTip()]
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
    for menu in root.findChildren(QMenu):
        texts.append(menu.title())
        texts += [a.text() for a in menu.actions()] + [a.toolTip() for a in menu.actions() if a.text()]
    texts.append(root.windowTitle())
    return [t for t in texts if t]


def english_left(texts: list[str], data: tuple[str, ...]) -> list[str]:
    """The texts that still read as English once names and data are taken out."""
    sources = {text.replace("&", "") for _context, text in source_strings()}
    # Words the same in both languages ("Camera", "Problem", "{0}:") are not leftovers.
    same = {"Camera", "Problem", "Grid", "PIN", "Statws", "Iawn"}
    left = []
    for text in texts:
        plain = re.sub(r"<[^>]+>", " ", text).replace("&", "")
        for item in data:
            plain = plain.replace(item, " ")
        if (plain.strip() in sources and plain.strip() not in same) or ENGLISH.search(plain):
            left.append(text)
    return left


def test_view_language_turns_the_desk_welsh_at_once(qtbot, window, tmp_path):
    window.resize(1366, 768)
    active(qtbot, window)
    press(window, Qt.Key.Key_V, ALT)  # View
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=3000)
    view = QApplication.activePopupWidget()
    QTest.keyClick(view, Qt.Key.Key_L)  # Language: its submenu opens on its first language
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not view, timeout=3000)
    languages = QApplication.activePopupWidget()
    assert [a.text() for a in languages.actions()] == ["English", "Cymraeg"]
    QTest.keyClick(languages, Qt.Key.Key_Down)
    QTest.keyClick(languages, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk_language() == "cy", timeout=3000)

    assert [a.text() for a in window.menuBar().actions()] == WELSH_DESK_MENUS
    assert window.menu_actions["walk_in"].text() == "Heb &archebu…"
    assert window.menu_actions["print_badge"].toolTip().startswith("Argraffu bathodyn y person a ddangosir")
    assert window.result_panel.headline.text() == "Yn barod i sganio"  # the idle panel changed too
    assert window.search.placeholderText().startswith("Chwilio enw")
    assert Settings.load(window.data).desk_language == "cy"  # and stays so

    scan(qtbot, window, "CODE-0001")
    panel = window.result_panel
    assert panel.headline.text() == "Wedi cofrestru"
    assert panel.access.text() == "♿ Mynediad: Wheelchair user: step-free route"
    assert window.attendee_panel.undo_button.text() == "Dadw&neud y cofrestru"
    assert window.attendee_panel.title() == "Mynychwr"
    assert window.stats_panel.headline.text().endswith("wedi cofrestru")
    press(active(qtbot, window), Qt.Key.Key_Z, CTRL)  # Dadwneud y cofrestru
    qtbot.waitUntil(lambda: panel.state == "undone", timeout=3000)
    assert panel.headline.text() == "Cofrestru wedi’i ddadwneud"
    scan(qtbot, window, "NOPE-1234")
    assert panel.headline.text() == "Tocyn anhysbys" and "Cod a sganiwyd: NOPE-1234" in panel.details.text()

    data = ("Siân Jones", "Seán Ó Súilleabháin", "HEIW", "Wheelchair user: step-free route", "NOPE-1234",
            "Speaker", "Test Event", window.store.device_name, window._event_name(), "Event Kiosk", "PDF",
            "Ctrl", "Shift", "Enter")
    left = english_left(shown_texts(window), data)
    assert left == [], "\n".join(left)

    # Back to English with the Welsh letters: Gweld → Iaith → English (the first).
    press(active(qtbot, window), Qt.Key.Key_G, ALT)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=3000)
    view = QApplication.activePopupWidget()
    QTest.keyClick(view, Qt.Key.Key_I)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not view, timeout=3000)
    QTest.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk_language() == "en", timeout=3000)
    assert window.menuBar().actions()[0].text() == "&Event"
    assert panel.headline.text() == "Unknown ticket"  # the outcome on show, said again


def test_settings_language_row_and_the_next_start(qtbot, window, data_dir, store, tmp_path):
    seen = {}

    def choose_welsh():
        dialog = visible_dialog(SettingsDialog)
        try:
            seen["offered"] = dialog.language.currentText() if dialog.language is not None else None
            # Tab from the first field (the desk name) to Language, then ↓ to Cymraeg.
            qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.name, timeout=3000)
            QTest.keyClick(dialog.windowHandle(), Qt.Key.Key_Tab)
            seen["tabbed_to"] = dialog.focusWidget() is dialog.language or None
            QTest.keyClick(dialog.windowHandle(), Qt.Key.Key_Down)  # English, then Cymraeg
            seen["chosen"] = dialog.language.currentData()
            QTest.keyClick(dialog.windowHandle(), Qt.Key.Key_Return)
        finally:
            if dialog.isVisible():  # a step that failed must not leave the modal form up
                dialog.reject()

    timer = when_open(SettingsDialog, choose_welsh)
    press(active(qtbot, window), Qt.Key.Key_Comma, CTRL)
    timer.stop()
    assert seen["offered"] == "English", seen
    assert seen["chosen"] == "cy", seen
    assert seen["tabbed_to"] is not None
    assert desk_language() == "cy" and Settings.load(data_dir).desk_language == "cy"
    assert window.menuBar().actions()[1].text() == "&Cofrestru"

    # The grid opened from the Welsh desk is Welsh: menus, toolbar, its own words.
    press(active(qtbot, window), Qt.Key.Key_G, CTRL)
    grid = window.grid_window
    qtbot.waitExposed(grid)
    assert [a.text() for a in grid.menuBar().actions()] == ["&Sesiwn", "G&rid", "&Argraffu", "&Gweld", "C&ymorth"]
    assert grid.menu_actions["grid_display"].text() == "Modd &arddangos"
    assert english_left(shown_texts(grid), ("Test Event", window._event_name(), "Ctrl", "Shift", "F11")) == []
    grid.close()

    # A desk opened again (after a restart) starts in Welsh from the setting.
    window.close()
    reset_desk_language()
    again = DeskWindow(data_dir, store, ScanTiming(max_gap_ms=40, min_length=4, end_pause_ms=70))
    qtbot.addWidget(again)
    again.show()
    assert desk_language() == "cy" and again.menuBar().actions()[0].text() == "&Digwyddiad"
    again.close()


def test_welsh_desk_picture_fits_at_1366_by_768(qtbot, window, tmp_path):
    """The Welsh desk after a check-in, as the README shows it: Welsh is longer than English, so
    nothing may be cut off (every button's words fit its width)."""
    window.set_language("cy")
    window.resize(1366, 768)
    active(qtbot, window)
    scan(qtbot, window, "CODE-0002")
    qtbot.waitUntil(lambda: window.stats_panel.headline.text().startswith("1 o 2 wedi cofrestru"), timeout=3000)
    qtbot.wait(100)  # the layout settles before the picture
    for button in window.findChildren(QAbstractButton):
        if button.isVisible() and button.text():
            words = button.text().replace("&", "")
            assert button.fontMetrics().horizontalAdvance(words) <= button.width(), words
    picture = window.grab()
    assert picture.width() >= 1366 and picture.height() >= 700
    picture.save(str(screenshot_dir(tmp_path) / "desk-cy.png"))


def test_the_welsh_desks_forms_and_lists(qtbot, window):
    """Each form opened with its shortcut from the Welsh desk speaks Welsh, Qt's own OK and
    Cancel included."""
    from kiosk.ui.dialogs import EditAttendeeDialog, WalkInDialog
    from kiosk.ui.events_dialog import EventsDialog
    from kiosk.ui.import_dialog import ImportDialog
    from kiosk.ui.not_arrived import NotArrivedDialog
    from kiosk.ui.preprint_dialog import PrePrintDialog
    from kiosk.ui.print_dialogs import PrintersDialog
    from kiosk.ui.sync_dialog import SyncDialog

    window.set_language("cy")
    data = ("Siân Jones", "Seán Ó Súilleabháin", "HEIW", "Speaker", "Member", "CODE-0001", "CODE-0002",
            window._event_name(), window.store.device_name, "Ctrl", "Shift", "Enter", "Delete",
            # The walk-ins' ticket type is data: the same on every desk, whatever its language; so
            # are the badge layouts' names (files in assets/layouts or the organiser's own).
            "Walk-in", "dymo-badge", "badge-4x3")
    window.check_in("CODE-0002")  # someone shown, for Correct details (F2)
    seen: dict[str, list[str]] = {}
    for kind, key, modifiers in ((WalkInDialog, Qt.Key.Key_N, CTRL), (SettingsDialog, Qt.Key.Key_Comma, CTRL),
                                 (EditAttendeeDialog, Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier),
                                 (EventsDialog, Qt.Key.Key_E, CTRL), (PrintersDialog, Qt.Key.Key_P, CTRL | SHIFT),
                                 (PrePrintDialog, Qt.Key.Key_B, CTRL | SHIFT),
                                 (SyncDialog, Qt.Key.Key_S, CTRL | SHIFT), (ImportDialog, Qt.Key.Key_I, CTRL)):
        def look(kind=kind):
            dialog = visible_dialog(kind)
            # Welsh is longer: every button's words fit it, as in English.
            cut = [b.text() for b in dialog.findChildren(QAbstractButton) if b.isVisible() and b.text()
                   and b.fontMetrics().horizontalAdvance(b.text().replace("&", "")) > b.width()]
            seen[kind.__name__] = english_left(shown_texts(dialog), data) + cut
            dialog.reject()

        timer = when_open(kind, look)
        press(active(qtbot, window), key, modifiers)
        timer.stop()
    assert seen == {"WalkInDialog": [], "SettingsDialog": [], "EditAttendeeDialog": [], "EventsDialog": [],
                    "PrintersDialog": [], "PrePrintDialog": [], "SyncDialog": [], "ImportDialog": []}

    press(active(qtbot, window), Qt.Key.Key_N, CTRL | SHIFT)  # not a modal one
    qtbot.waitUntil(lambda: getattr(window, "not_arrived_dialog", None) is not None
                    and window.not_arrived_dialog.isVisible(), timeout=3000)
    dialog = window.not_arrived_dialog
    assert isinstance(dialog, NotArrivedDialog)
    assert dialog.count.text() == "Mae 1 person heb gyrraedd eto"
    assert english_left(shown_texts(dialog), data) == []
    dialog.close()


def test_the_projector_display_in_welsh(qtbot, window, tmp_path):
    """Display mode (F11 in the grid) labels the slot on now and the next one in Welsh words, sized
    to the longer word; a language change while it is up redraws it."""
    from datetime import datetime

    from kiosk.ui.grid_display import GridDisplay

    from tests.support.event_data import small_grid

    small_grid(window.store)
    window.set_language("cy")
    display = GridDisplay(window.store, clock=lambda: datetime(2026, 11, 23, 10, 15))
    qtbot.addWidget(display)
    display.resize(1920, 1080)
    display.show()
    qtbot.waitExposed(display)
    assert display.windowTitle() == "Sesiynau"
    assert display.accessibleDescription() == "Nawr: 10:00 i 11:00; Nesaf: 11:30 i 12:30"
    layout = display.display_layout()
    metrics = display.fitter.metrics(layout.tag_font.pixelSize(), True)
    for tag in ("Now", "Next"):
        rect = display._tag_rect(layout, layout.row_tag(tag))
        assert metrics.horizontalAdvance({"Now": "Nawr", "Next": "Nesaf"}[tag]) < rect.width()
    display.grab().save(str(tmp_path / "grid-display-cy.png"))
    window.set_language("en")
    assert display.accessibleDescription() == "Now: 10:00 to 11:00; Next: 11:30 to 12:30"
