"""The desk window driven like a desk person would: scanner bursts, typing, keyboard, forms."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from kiosk.demo.event import ensure_demo
from kiosk.store.settings import Settings
from kiosk.ui.desk_window import DeskWindow
from kiosk.ui.dialogs import WalkInDialog

from tests.support.event_data import add_attendee
from tests.support.paths import screenshot_dir


def scan(qtbot, widget, text: str, terminator=Qt.Key.Key_Return) -> None:
    """A scanner: all keys at once, then Enter, Tab or nothing."""
    qtbot.keyClicks(widget, text)
    if terminator is not None:
        qtbot.keyClick(widget, terminator)


def test_scan_with_enter_checks_in(qtbot, window):
    with qtbot.waitSignal(window.result_shown, timeout=2000) as blocker:
        scan(qtbot, window.search, "CODE-0001")
    assert blocker.args == ["checked_in"]
    assert window.result_panel.state == "checked_in"
    assert "Siân Jones" in window.result_panel.name.text()
    # Access needs on a line of their own, with their symbol, not among the other details.
    assert window.result_panel.access.text() == "♿ Access: Wheelchair user: step-free route"
    assert window.result_panel.access.isVisible() and "step-free" not in window.result_panel.details.text()
    assert window.search.text() == ""  # the scan did not leak into the search box


@pytest.mark.parametrize("terminator", [Qt.Key.Key_Tab, None])
def test_scan_with_tab_or_no_terminator(qtbot, window, terminator):
    with qtbot.waitSignal(window.result_shown, timeout=2000) as blocker:
        scan(qtbot, window.search, "CODE-0002", terminator)
    assert blocker.args == ["checked_in"]
    assert "green room" in window.result_panel.details.text()


def test_second_scan_on_another_desk_shows_already(qtbot, window, data_dir):
    other = data_dir.open("test-day", device_name="Desk 2")
    from kiosk.attendees.checkin import Desk

    Desk(other).check_in("CODE-0001")
    other.close()
    with qtbot.waitSignal(window.result_shown, timeout=2000) as blocker:
        scan(qtbot, window.search, "CODE-0001")
    assert blocker.args == ["already_checked_in"]
    assert "on Desk 2" in window.result_panel.headline.text()


@pytest.mark.parametrize("code, state", [("CODE-VOID", "void"), ("NOT-A-TICKET", "unknown")])
def test_void_and_unknown(qtbot, window, code, state):
    with qtbot.waitSignal(window.result_shown, timeout=2000) as blocker:
        scan(qtbot, window.search, code)
    assert blocker.args == [state]


def test_scan_while_search_results_show_keeps_the_scanned_person(qtbot, window):
    window.search.setText("sian")
    assert window.attendee_panel.code == "CODE-0001"
    with qtbot.waitSignal(window.result_shown, timeout=2000):
        scan(qtbot, window.search, "CODE-0002")
    assert window.attendee_panel.code == "CODE-0002"
    assert window.search.text() == "sian"


def test_scanner_noise_is_invalid_not_a_crash(qtbot, window):
    import time

    noise = "x" * 10_000
    started = time.monotonic()
    with qtbot.waitSignal(window.result_shown, timeout=5000) as blocker:
        scan(qtbot, window.search, noise)
    assert blocker.args == ["invalid"]
    # ~0.5 s here; a detector that walks its held keys on every key took ~50 s (the window frozen).
    assert time.monotonic() - started < 10


def test_scan_while_a_dialog_is_open(qtbot, window):
    dialog = WalkInDialog([], window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.first.setFocus()
    with qtbot.waitSignal(window.result_shown, timeout=2000) as blocker:
        scan(qtbot, dialog.first, "CODE-0002")
    assert blocker.args == ["checked_in"]
    assert dialog.first.text() == "" and dialog.isVisible()  # nothing typed, dialog not accepted
    dialog.reject()


def test_human_typing_searches_and_keyboard_checks_in(qtbot, window):
    window.search.setFocus()
    qtbot.keyClicks(window.search, "o suil", delay=90)  # a person, not a scanner
    qtbot.waitUntil(lambda: window.search.text() == "o suil", timeout=3000)
    qtbot.waitUntil(lambda: window.results.count() == 1, timeout=3000)
    assert "Ó Súilleabháin" in window.results.item(0).text()
    with qtbot.waitSignal(window.result_shown, timeout=2000) as blocker:
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert blocker.args == ["checked_in"]
    assert window.results.item(0).text().startswith("✔")


def test_arrow_keys_move_into_results(qtbot, window):
    window.search.setFocus()
    window.search.setText("s")  # Siân and Seán both match
    assert window.results.count() == 2
    qtbot.keyClick(window.search, Qt.Key.Key_Down)  # onto the first result, the one highlighted
    assert window.results.hasFocus() and window.results.currentRow() == 0
    qtbot.keyClick(window.results, Qt.Key.Key_Down)
    assert window.results.currentRow() == 1
    code = window.results.currentItem().data(Qt.ItemDataRole.UserRole)
    assert window.attendee_panel.code == code
    with qtbot.waitSignal(window.result_shown, timeout=2000):
        qtbot.keyClick(window.results, Qt.Key.Key_Return)
    assert window.desk.attendee(code).checked_in


def test_undo_from_the_attendee_panel(qtbot, window):
    window.check_in("CODE-0001")
    assert window.attendee_panel.undo_button.isEnabled()
    qtbot.mouseClick(window.attendee_panel.undo_button, Qt.MouseButton.LeftButton)
    assert window.result_panel.state == "undone"
    assert not window.desk.attendee("CODE-0001").checked_in
    assert window.attendee_panel.check_in_button.isEnabled()


def test_walk_in_form(qtbot, window):
    def fill():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, WalkInDialog) and w.isVisible())
        qtbot.keyClicks(dialog.first, "Ffion", delay=60)
        dialog.last.setText("Morgan")
        dialog.organisation.setText("Age Cymru")
        dialog.buttons.accepted.emit()

    QTimer.singleShot(100, fill)
    with qtbot.waitSignal(window.result_shown, timeout=5000) as blocker:
        window.register_walk_in()
    assert blocker.args == ["checked_in"]
    assert window.result_panel.name.text() == "Ffion Morgan"


def test_walk_in_form_refuses_empty_name(qtbot, window):
    dialog = WalkInDialog([], window)
    dialog.show()
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and "needs a first or last name" in dialog.error.text()
    dialog.reject()


def test_import_with_errors_from_the_window(qtbot, window, tmp_path):
    from kiosk.ui.import_dialog import ImportDialog

    bad = tmp_path / "mixed.csv"
    bad.write_text("Ticket Code,Name\nN-1,Nia Evans\n,No Code\nN-1,Dup\n", encoding="utf-8")
    dialog = ImportDialog(window.store, window, path=bad)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=5000)
    assert "1 new" in dialog.summary.text() and dialog.problems.count() == 2
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert window.desk.attendee("N-1").first_name == "Nia"

    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\x00\x01\x02" * 500)
    dialog = ImportDialog(window.store, window, path=broken)
    qtbot.waitUntil(lambda: "Cannot import" in dialog.summary.text(), timeout=5000)
    assert not dialog.import_button.isEnabled()
    dialog.reject()


def test_every_control_has_an_accessible_name(window):
    from PySide6.QtWidgets import QAbstractButton, QListWidget

    controls = [w for kind in (QLineEdit, QListWidget, QAbstractButton) for w in window.findChildren(kind)]
    assert len(controls) >= 5
    for widget in controls:
        if widget.isVisible() and widget.metaObject().className() not in ("QToolButton", "QLineEditIconButton"):
            assert widget.accessibleName(), widget


def test_screenshots_of_main_states(qtbot, data_dir, tmp_path):
    """Grabs the window in its main states at 1366×768; current ones are kept in docs/ for the README."""
    import socket

    store, _ = ensure_demo(data_dir, 300)
    data_dir.set_device_name("Desk 1")
    store.device_name = "Desk 1"
    win = DeskWindow(data_dir, store)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitUntil(lambda: win.index is not None, timeout=10000)
    code = store.conn.execute(
        "SELECT a.code FROM attendees a WHERE status='valid' AND access_needs != '' AND NOT EXISTS "
        "(SELECT 1 FROM checkins c WHERE c.code = a.code) LIMIT 1").fetchone()[0]
    shots = {}
    win.check_in(code)
    assert win.result_panel.access.isVisible()
    qtbot.wait(50)  # the layout settles before the picture
    shots["desk-checked-in"] = win.grab()
    win.check_in(code)
    win.desk.store.device_name = "Desk 2"
    win.check_in(code)
    qtbot.wait(50)  # the layout settles before the picture
    shots["desk-already"] = win.grab()
    win.desk.store.device_name = "Desk 1"
    win.search.setFocus()
    win.search.setText("pric")
    qtbot.keyClick(win.search, Qt.Key.Key_Down)
    assert win.result_panel.state == "selected"
    qtbot.wait(50)  # the layout settles before the picture
    shots["desk-search-selected"] = win.grab()
    win.search.setText("sian")
    win.check_in("NOT-A-TICKET")
    qtbot.wait(50)  # the layout settles before the picture
    shots["desk-search-unknown"] = win.grab()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    win.registry.add("thermal", f"escpos+tcp://127.0.0.1:{port}")
    win.registry.assign("badges", "thermal")
    win.search.clear()
    win.check_in(code)
    win.print_badge(code, ask=False)
    qtbot.waitUntil(win.printer_banner.isVisible, timeout=10000)
    qtbot.wait(50)  # the layout settles before the picture
    shots["desk-printer-problem"] = win.grab()
    out = screenshot_dir(tmp_path)
    for name, pixmap in shots.items():
        assert not pixmap.isNull() and pixmap.width() >= 1000
        pixmap.save(str(out / f"{name}.png"))
    win.close()
    store.close()


def test_outcome_sounds_and_mute(qtbot, window):
    window.check_in("CODE-0001")
    assert window.sounds.last_played in ("checked_in", None)  # None: no audio output here
    if window.sounds._effects:  # QtMultimedia loaded the cues
        window.check_in("NOPE-NOPE")
        assert window.sounds.last_played == "unknown"
    window.mute_action.setChecked(True)
    window.sounds.last_played = None
    window.check_in("NOPE-AGAIN")
    assert window.sounds.last_played is None
    assert Settings.load(window.data).muted is True


def test_settings_change_desk_name_and_scan_timing(qtbot, window):
    from kiosk.ui.dialogs import SettingsDialog

    def fill():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SettingsDialog) and w.isVisible())
        dialog.name.setText("Desk 3")
        dialog.max_gap.setValue(25)
        dialog.end_pause.setValue(60)
        dialog.buttons.accepted.emit()

    QTimer.singleShot(50, fill)
    window.open_settings()
    assert window.store.device_name == "Desk 3" and "Desk 3" in window.header.text()
    assert window.detector.timing.max_gap_ms == 25
    assert Settings.load(window.data).max_gap_ms == 25 and window.data.device()[1] == "Desk 3"
    window.check_in("CODE-0002")
    assert window.desk.attendee("CODE-0002").admissions[0].device == "Desk 3"


def test_switch_to_a_new_event_and_back(qtbot, window):
    from kiosk.ui.events_dialog import EventsDialog, NewEventDialog

    def create():
        events = next(w for w in QApplication.topLevelWidgets() if isinstance(w, EventsDialog) and w.isVisible())
        assert events.list.count() == 1

        def fill():
            form = next(w for w in QApplication.topLevelWidgets() if isinstance(w, NewEventDialog) and w.isVisible())
            form.name.setText("Cork Unconference")
            form.venue.setText("UCC")
            form.buttons.accepted.emit()

        QTimer.singleShot(50, fill)
        events.new_button.click()

    QTimer.singleShot(50, create)
    window.choose_event()
    assert "Cork Unconference" in window.header.text()
    assert window.data.current_slug() == "cork-unconference"
    qtbot.waitUntil(lambda: window.index is not None, timeout=5000)
    window.search.setText("sian")
    assert window.results.count() == 0  # a new event has nobody yet
    assert window.stats_panel.headline.text() == "0 of 0 checked in"

    def back():
        events = next(w for w in QApplication.topLevelWidgets() if isinstance(w, EventsDialog) and w.isVisible())
        for row in range(events.list.count()):
            if "Test Day" in events.list.item(row).text():
                events.list.setCurrentRow(row)
        events.open_button.click()

    QTimer.singleShot(50, back)
    window.choose_event()
    assert window.data.current_slug() == "test-day"
    qtbot.waitUntil(lambda: window.index is not None, timeout=5000)
    window.search.setText("sian")
    assert window.results.count() == 1


def test_app_without_display_says_so(monkeypatch, tmp_path):
    import argparse

    from kiosk.core.errors import UsageError
    from kiosk.ui.app import run

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(UsageError, match="no display"):
        run(argparse.Namespace(data=str(tmp_path)))


def test_control_characters_in_a_burst_are_an_invalid_scan(qtbot, window):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    no_modifier = Qt.KeyboardModifier.NoModifier
    window.search.setFocus()
    with qtbot.waitSignal(window.result_shown, timeout=2000) as blocker:
        for ch in "CODE\x1d0001\x1b[2J":
            key = Qt.Key.Key_unknown if not ch.isprintable() else Qt.Key(ord(ch.upper()))
            QApplication.sendEvent(window.search, QKeyEvent(QEvent.Type.KeyPress, key, no_modifier, ch))
        QApplication.sendEvent(window.search, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, no_modifier, "\r"))
    assert blocker.args == ["invalid"]
    assert window.search.text() == ""


def send_key(widget, key, text="", modifiers=Qt.KeyboardModifier.NoModifier, auto_repeat=False):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text, auto_repeat))


def test_a_scanner_pressing_shift_for_capitals_is_still_one_scan(qtbot, window):

    add_attendee(window.store, "ti_p5kR8sQ2uVx", first_name="Aoife")
    window.search.setFocus()
    with qtbot.waitSignal(window.result_shown, timeout=2000) as blocker:
        for ch in "ti_p5kR8sQ2uVx":
            if ch.isupper() or ch == "_":
                send_key(window.search, Qt.Key.Key_Shift, modifiers=Qt.KeyboardModifier.ShiftModifier)
                send_key(window.search, Qt.Key(ord(ch.upper())) if ch != "_" else Qt.Key.Key_Underscore, ch,
                         Qt.KeyboardModifier.ShiftModifier)
            else:
                send_key(window.search, Qt.Key(ord(ch.upper())), ch)
        send_key(window.search, Qt.Key.Key_Return, "\r")
    assert blocker.args == ["checked_in"] and window.search.text() == ""


def test_a_scan_with_no_terminator_followed_quickly_by_typing(qtbot, window):
    window.search.setFocus()
    with qtbot.waitSignal(window.result_shown, timeout=2000) as blocker:
        for ch in "CODE-0001":
            send_key(window.search, Qt.Key(ord(ch)), ch)
        qtbot.wait(55)  # longer than a scanner's gap, shorter than the end-of-scan pause
        send_key(window.search, Qt.Key.Key_X, "x")
    assert blocker.args == ["checked_in"]
    qtbot.waitUntil(lambda: window.search.text() == "x", timeout=1000)


def test_a_held_down_key_is_typing_not_a_scan(qtbot, window):
    window.search.setFocus()
    send_key(window.search, Qt.Key.Key_A, "a")
    for _ in range(8):
        send_key(window.search, Qt.Key.Key_A, "a", auto_repeat=True)
    qtbot.waitUntil(lambda: window.search.text() == "a" * 9, timeout=1000)
    assert window.result_panel.state == "idle"
