"""The self-service kiosk driven as an attendee and as staff would: real widgets, store and queue."""

from __future__ import annotations

import logging
import socket

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.attendees.checkin import Desk
from kiosk.print.printers import PrinterRegistry
from kiosk.print.queue import PrintQueue
from kiosk.selfservice import rules as ss
from kiosk.selfservice.staff_pin import FIRST_LOCKOUT_S, MAX_FAILURES
from kiosk.store.settings import Settings
from kiosk.ui.selfservice.lockdown import InstanceLock

from tests.support.kiosk_screens import PIN, Clock, make_kiosk, people, running_kiosk, scan, scan_and_wait, visible_text


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def kiosk(qtbot, data_dir, store, clock):
    yield from running_kiosk(qtbot, data_dir, store, clock)


def pdfs(window):
    return sorted(PrinterRegistry(window.data).default_pdf_folder().glob("*.pdf"))


def back_to_welcome(qtbot, window, timeout=10000):
    qtbot.waitUntil(lambda: window.current() is window.welcome, timeout=timeout)


# -- the attendee's path ---------------------------------------------------------------------------

def test_scan_welcome_badge_and_back_to_welcome(qtbot, kiosk):
    assert kiosk.current() is kiosk.welcome
    outcome = scan_and_wait(qtbot, kiosk, "CODE-0001")
    assert outcome.admitted and outcome.message == ss.PRINTING
    assert kiosk.current() is kiosk.result
    assert kiosk.result.headline.text() == "Welcome, Siân J."
    assert kiosk.result.look == "welcome"
    text = visible_text(kiosk)
    # Privacy: first name and last initial only, nothing else about anyone.
    for secret in ("Jones", "sian.jones@example.org", "ORD-1001", "HEIW", "Wheelchair", "CODE-0001"):
        assert secret not in text
    qtbot.waitUntil(lambda: len(PrintQueue(kiosk.store, kiosk.registry).previous_prints("CODE-0001")) == 1,
                    timeout=10000)
    assert len(pdfs(kiosk)) == 1
    qtbot.waitUntil(lambda: "ready" in kiosk.result.message.text(), timeout=3000)
    back_to_welcome(qtbot, kiosk)
    assert Desk(kiosk.store).attendee("CODE-0001").checked_in


def test_the_same_ticket_again_is_the_same_welcome_not_a_problem_nor_a_reprint(qtbot, kiosk):
    scan_and_wait(qtbot, kiosk, "CODE-0003")
    qtbot.waitUntil(lambda: len(pdfs(kiosk)) == 1, timeout=10000)
    qtbot.wait(3100)  # past the engine's 3 s repeat window: a second scan is "already checked in"
    again = scan_and_wait(qtbot, kiosk, "CODE-0003")
    assert again.admitted and not again.needs_desk and kiosk.result.headline.text() == "Welcome, Priya B."
    qtbot.wait(1000)
    assert len(pdfs(kiosk)) == 1


@pytest.mark.parametrize("code, message, staff", [
    ("NOT-A-TICKET", ss.NOT_FOUND, "unknown ticket code 'NOT-A-TICKET'"),
    ("CODE-VOID", ss.CANNOT_USE, "CODE-VOID (Vera Void) is void"),
])
def test_problems_get_a_calm_message_and_staff_the_detail(qtbot, kiosk, caplog, code, message, staff):
    with caplog.at_level(logging.WARNING, logger="kiosk.selfservice.rules"):
        outcome = scan_and_wait(qtbot, kiosk, code)
    assert outcome.message == message and not outcome.admitted
    text = visible_text(kiosk)
    assert "Please see the registration desk" in text
    assert "Vera" not in text and "void" not in text.lower() and code not in text
    assert kiosk.result.look == "problem"
    assert any(staff in note for note in kiosk.staff_notes())
    # The detail is the staff screen's; the log says only that there was one (no name, no code).
    assert f"outcome {message} noted for staff" in caplog.text and code not in caplog.text
    back_to_welcome(qtbot, kiosk)


def test_already_admitted_elsewhere_is_sent_to_the_desk(qtbot, kiosk, data_dir, caplog):
    other = data_dir.open("test-day", device_name="Desk 2")
    Desk(other).check_in("CODE-0002")
    other.close()
    with caplog.at_level(logging.WARNING, logger="kiosk.selfservice.rules"):
        outcome = scan_and_wait(qtbot, kiosk, "CODE-0002")
    assert outcome.message == ss.ALREADY_IN
    assert "already been checked in" in kiosk.result.headline.text()
    assert "Desk 2" not in visible_text(kiosk) and any("Desk 2" in note for note in kiosk.staff_notes())
    assert "already_in noted for staff" in caplog.text
    assert not pdfs(kiosk)


def test_a_badge_printed_before_is_not_reprinted(qtbot, kiosk):
    queue = PrintQueue(kiosk.store, kiosk.registry)
    queue.run_once(queue.enqueue_badge("CODE-0003").id)  # pre-printed before the doors opened
    assert len(pdfs(kiosk)) == 1
    outcome = scan_and_wait(qtbot, kiosk, "CODE-0003")
    assert outcome.admitted and outcome.message == ss.BADGE_AT_DESK
    assert "at the registration desk" in kiosk.result.message.text()
    qtbot.wait(1000)
    assert len(pdfs(kiosk)) == 1


def test_printer_failure_is_calm_for_the_public_and_detailed_for_staff(qtbot, kiosk):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here: the printer is "off"
    kiosk.registry.add("thermal", f"escpos+tcp://127.0.0.1:{port}")
    kiosk.registry.assign("badges", "thermal")
    scan_and_wait(qtbot, kiosk, "CODE-0001")
    qtbot.waitUntil(lambda: kiosk.result.outcome.message == ss.PRINT_FAILED, timeout=10000)
    assert kiosk.result.headline.text() == "Welcome, Siân J."
    assert "could not be printed" in kiosk.result.message.text()
    assert "Please see the registration desk" in kiosk.result.desk.text()
    assert "127.0.0.1" not in visible_text(kiosk)
    assert any("thermal" in note and "cancelled" in note for note in kiosk.staff_notes())
    job = kiosk.print_queue.jobs(limit=1)[0]
    assert job.state == "cancelled"  # the desk prints it; no stray badge later at the kiosk


# -- forgotten tickets ------------------------------------------------------------------------------

def open_forgot(qtbot, kiosk):
    qtbot.mouseClick(kiosk.welcome.forgot, Qt.MouseButton.LeftButton)
    assert kiosk.current() is kiosk.forgot
    assert QApplication.focusWidget() is kiosk.forgot.surname


def test_forgot_ticket_typed_and_found(qtbot, kiosk):
    open_forgot(qtbot, kiosk)
    # Typed at a person's pace, so the scanner detector hands the keys on to the fields.
    qtbot.keyClicks(kiosk.forgot.surname, "jones", delay=60)
    qtbot.keyClick(kiosk.forgot.surname, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is kiosk.forgot.reference
    qtbot.keyClicks(kiosk.forgot.reference, "ord-1001", delay=60)
    with qtbot.waitSignal(kiosk.outcome_shown, timeout=3000) as blocker:
        qtbot.keyClick(kiosk.forgot.reference, Qt.Key.Key_Return)
    assert blocker.args[0].admitted and kiosk.result.headline.text() == "Welcome, Siân J."
    assert kiosk.forgot.surname.text() == "" and kiosk.forgot.reference.text() == ""


@pytest.mark.parametrize("surname, reference", [
    ("Jones", "ORD-1003"),              # someone else's reference
    ("Banerjee", "sian.jones@example.org"),
    ("Jone", "ORD-1001"),               # part of the surname
    ("Jones", "ORD-100"),               # part of the reference
])
def test_forgot_ticket_wrong_details_find_nobody(qtbot, kiosk, surname, reference):
    open_forgot(qtbot, kiosk)
    kiosk.forgot.surname.setText(surname)
    kiosk.forgot.reference.setText(reference)
    with qtbot.waitSignal(kiosk.outcome_shown, timeout=3000) as blocker:
        qtbot.mouseClick(kiosk.forgot.find_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].message == ss.FORGOT_NO_MATCH
    assert kiosk.current() is kiosk.forgot and kiosk.forgot.error.isVisible()
    text = visible_text(kiosk)
    for other in ("Siân", "Priya", "Banerjee" if surname != "Banerjee" else "Siân"):
        assert other not in text
    assert not Desk(kiosk.store).attendee("CODE-0001").checked_in


def test_forgot_ticket_with_a_box_left_empty_asks_for_both(qtbot, kiosk):
    open_forgot(qtbot, kiosk)
    kiosk.forgot.reference.setText("ORD-1001")
    kiosk.forgot.find_button.click()
    assert "Please type both" in kiosk.forgot.error.text()
    kiosk.set_language("cy")
    assert "Teipiwch eich cyfenw" in kiosk.forgot.error.text()  # the message follows the language


def test_forgot_ticket_guessing_is_slowed_down(qtbot, kiosk):
    open_forgot(qtbot, kiosk)
    for attempt in range(5):
        kiosk.forgot.surname.setText("Jones")
        kiosk.forgot.reference.setText(f"ORD-9{attempt}")
        kiosk.forgot.find_button.click()
    kiosk.forgot.surname.setText("Jones")
    kiosk.forgot.reference.setText("ORD-1001")  # right, but after five misses in a row
    with qtbot.waitSignal(kiosk.outcome_shown, timeout=3000) as blocker:
        kiosk.forgot.find_button.click()
    assert blocker.args[0].message == ss.FORGOT_LIMIT
    assert "Please see the registration desk" in visible_text(kiosk)


# -- locked down ------------------------------------------------------------------------------------

def test_escape_keys_and_close_requests_do_nothing(qtbot, kiosk):
    fired = []
    quit_action = QAction("Quit", kiosk)
    quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    quit_action.triggered.connect(lambda: fired.append("quit"))
    kiosk.addAction(quit_action)
    open_forgot(qtbot, kiosk)
    kiosk.forgot.surname.setText("Jones")
    for key, modifier in ((Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                          (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
                          (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
                          (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
                          (Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier),
                          (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier),
                          (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier)):
        qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    assert fired == []
    assert kiosk.close() is False
    QApplication.sendEvent(kiosk, QCloseEvent())  # what the window manager's close button sends
    qtbot.wait(50)
    assert kiosk.isVisible() and kiosk.current() is kiosk.forgot
    assert kiosk.forgot.surname.text() == "Jones"  # Esc did not clear or go back either


def test_staff_pin_lockout_and_leaving_kiosk_mode(qtbot, kiosk, clock):
    qtbot.mouseClick(kiosk.welcome.staff, Qt.MouseButton.LeftButton)
    assert kiosk.current() is kiosk.staff
    pad = kiosk.staff.pad
    for _ in range(MAX_FAILURES):
        for digit in "1357":
            qtbot.mouseClick(pad.digits["1234567890".index(digit)], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(pad.ok, Qt.MouseButton.LeftButton)
    assert "Too many wrong PINs" in kiosk.staff.pin_status.text()
    assert "0:30" in kiosk.staff.pin_status.text()
    pad.field.setText(PIN)
    qtbot.keyClick(pad.field, Qt.Key.Key_Return)  # the right PIN, during the lockout
    assert kiosk.staff.pages.currentWidget() is kiosk.staff.pin_page
    clock.now += FIRST_LOCKOUT_S
    pad.field.setText(PIN)
    qtbot.keyClick(pad.field, Qt.Key.Key_Return)
    assert kiosk.staff.pages.currentWidget() is kiosk.staff.menu_page
    qtbot.mouseClick(kiosk.staff.menu_stats, Qt.MouseButton.LeftButton)
    assert "0 of 3 checked in" in kiosk.staff.stats_info.text()
    qtbot.mouseClick(kiosk.staff.stats_back, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(kiosk.left, timeout=3000):
        qtbot.mouseClick(kiosk.staff.menu_leave, Qt.MouseButton.LeftButton)
    assert not kiosk.isVisible()


def test_pin_pad_works_from_the_keyboard(qtbot, kiosk):
    kiosk.open_staff()
    assert QApplication.focusWidget() is kiosk.staff.pad.field
    qtbot.keyClicks(kiosk.staff.pad.field, PIN, delay=60)
    qtbot.keyClick(kiosk.staff.pad.field, Qt.Key.Key_Return)
    assert kiosk.staff.pages.currentWidget() is kiosk.staff.menu_page
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # "Back to the kiosk" has the focus
    assert kiosk.current() is kiosk.welcome


def test_staff_settings_are_saved_and_used(qtbot, kiosk):
    kiosk.open_staff()
    kiosk.staff.pad.field.setText(PIN)
    qtbot.keyClick(kiosk.staff.pad.field, Qt.Key.Key_Return)
    kiosk.staff.show_settings()
    kiosk.staff.result_s.setCurrentIndex(kiosk.staff.result_s.findData(10))
    kiosk.staff.sound.setChecked(False)
    kiosk.staff.language.setCurrentIndex(kiosk.staff.language.findData("cy"))
    kiosk.staff.settings_save.click()
    settings = Settings.load(kiosk.data)
    assert settings.kiosk_result_s == 10 and settings.kiosk_muted is True
    assert settings.kiosk_language == "cy"
    assert "muted" not in kiosk.data.section("settings")  # the desk's own mute is left as it was
    assert kiosk.result_ms == 10_000 and kiosk.sounds.muted
    kiosk.staff.show_menu()
    kiosk.staff.menu_back.click()
    assert kiosk.welcome.title.text() == "Croeso"  # the new start language


def test_scans_are_ignored_on_the_staff_screen(qtbot, kiosk):
    kiosk.open_staff()
    scan(qtbot, kiosk, "CODE-0001")
    qtbot.wait(200)
    assert kiosk.current() is kiosk.staff
    assert not Desk(kiosk.store).attendee("CODE-0001").checked_in


# -- idle, language, keyboard ---------------------------------------------------------------------

def test_idle_timeout_clears_everything_and_returns_to_the_welcome(qtbot, data_dir, store):
    people(store)
    window = make_kiosk(data_dir, store, idle_ms=600)
    try:
        window.set_language("cy")
        window.show_screen(window.forgot)
        window.forgot.surname.setText("Jones")
        window.forgot.reference.setText("ORD-1001")
        back_to_welcome(qtbot, window, timeout=3000)
        assert window.forgot.surname.text() == "" and window.forgot.reference.text() == ""
        assert window.forgot.surname.isUndoAvailable() is False  # nothing to Ctrl+Z back
        assert window.welcome.title.text() == "Welcome"
        window.open_staff()
        window.staff.pad.field.setText(PIN)
        qtbot.keyClick(window.staff.pad.field, Qt.Key.Key_Return)
        assert window.staff.pages.currentWidget() is window.staff.menu_page
        back_to_welcome(qtbot, window, timeout=3000)
        window.open_staff()
        assert window.staff.pages.currentWidget() is window.staff.pin_page  # signed out
    finally:
        window.leave()


def test_language_switch_and_back(qtbot, kiosk):
    assert "cy" in kiosk.welcome.language_buttons and kiosk.welcome.language_buttons["cy"].isVisible()
    qtbot.mouseClick(kiosk.welcome.language_buttons["cy"], Qt.MouseButton.LeftButton)
    assert kiosk.welcome.title.text() == "Croeso"
    assert kiosk.welcome.headline.text() == "Sganiwch eich tocyn"
    assert kiosk.welcome.forgot.text() == "Wedi anghofio eich tocyn?"
    assert not kiosk.welcome.language_buttons["cy"].isVisible()
    scan_and_wait(qtbot, kiosk, "CODE-0001")
    assert kiosk.result.headline.text() == "Croeso, Siân J."
    assert kiosk.result.message.text().startswith("Rydych wedi cofrestru")
    kiosk.end_session()  # a new person: back to the start language
    assert kiosk.welcome.title.text() == "Welcome"
    kiosk.set_language("cy")
    qtbot.mouseClick(kiosk.welcome.language_buttons["en"], Qt.MouseButton.LeftButton)
    assert kiosk.welcome.headline.text() == "Scan your ticket"


def test_whole_flow_from_the_keyboard(qtbot, kiosk):
    """Tab to "Forgot your ticket?", Enter, type, Enter, Enter: no mouse needed."""
    kiosk.activateWindow()
    assert QApplication.focusWidget() is kiosk.welcome  # no button lit up for touch users
    qtbot.keyClick(kiosk.welcome, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is kiosk.welcome.forgot  # the main task comes first
    qtbot.keyClick(kiosk.welcome.forgot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is kiosk.welcome.language_buttons["cy"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is kiosk.welcome.staff
    qtbot.keyClick(kiosk.welcome.staff, Qt.Key.Key_Backtab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    qtbot.keyClick(kiosk.welcome.forgot, Qt.Key.Key_Return)
    assert kiosk.current() is kiosk.forgot
    kiosk.forgot.surname.setText("Banerjee")
    qtbot.keyClick(kiosk.forgot.surname, Qt.Key.Key_Return)
    kiosk.forgot.reference.setText("priya@example.org")
    with qtbot.waitSignal(kiosk.outcome_shown, timeout=3000):
        qtbot.keyClick(kiosk.forgot.reference, Qt.Key.Key_Return)
    assert kiosk.result.headline.text() == "Welcome, Priya B."
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter on the result: done
    assert kiosk.current() is kiosk.welcome


# -- one kiosk per data folder ------------------------------------------------------------------

def test_one_instance_per_data_folder(tmp_path):
    first, second = InstanceLock(tmp_path), InstanceLock(tmp_path)
    assert first.acquire()
    assert not second.acquire()
    assert "process" in second.holder()
    first.release()
    assert second.acquire()
    second.release()


def test_a_second_kiosk_is_told_the_lock_is_per_data_folder(qapp, data_dir):
    from kiosk.core.errors import UsageError
    from kiosk.ui.selfservice.launch import run_kiosk_mode

    held = InstanceLock(data_dir.root)
    assert held.acquire()
    try:
        with pytest.raises(UsageError) as refused:
            run_kiosk_mode(data_dir)
    finally:
        held.release()
    message = str(refused.value)
    assert "per data folder" in message and "--data" in message and "per machine" not in message


def test_a_crashed_kiosks_lock_is_taken_over(tmp_path):
    import subprocess
    import sys

    # A process takes the lock and dies without releasing it, as a crash or power cut would.
    code = ("import os, sys; from PySide6.QtCore import QLockFile; "
            f"lock = QLockFile({str(tmp_path / InstanceLock.FILENAME)!r}); "
            "assert lock.tryLock(0); os._exit(0)")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert (tmp_path / InstanceLock.FILENAME).exists()
    lock = InstanceLock(tmp_path)
    assert lock.acquire()
    lock.release()


def test_the_benchmark_runs(qapp, tmp_path):
    import json

    from benchmarks import selfservice as bench
    out = tmp_path / "bench.json"
    assert bench.main(["--attendees", "60", "--scans", "5", "--printer-scans", "3", "--out", str(out)]) == 0
    figures = json.loads(out.read_text())
    assert figures["scan_to_welcome"]["median_ms"] < 1000 and figures["printer_scans"] == 3


def test_open_kiosk_mode_from_the_desk(qtbot, data_dir, store, monkeypatch):
    """What the desk's menu action calls: a PIN is set first if there is none, the desk hides
    while the kiosk runs and comes back when staff leave."""
    from kiosk.selfservice.staff_pin import StaffPin
    from kiosk.ui.selfservice import open_kiosk_mode
    from kiosk.ui.selfservice.pin_dialog import SetPinDialog

    people(store)
    desk = QWidget()
    desk.show()

    def set_pin(dialog):
        dialog.first.setText("97531")
        dialog.second.setText("97531")
        dialog._try_accept()
        return dialog.result()

    monkeypatch.setattr(SetPinDialog, "exec", set_pin)
    warned = []
    monkeypatch.setattr("kiosk.ui.selfservice.launch.QMessageBox.warning",
                        lambda parent, title, text: warned.append(text))
    window = open_kiosk_mode(data_dir, store, desk)
    assert window is not None and window.isFullScreen() and not desk.isVisible()
    assert StaffPin(data_dir).verify("97531").ok
    assert open_kiosk_mode(data_dir, store, None) is None
    assert "already running on this data folder" in warned[0]
    scan_and_wait(qtbot, window, "CODE-0003")
    window.leave()
    assert desk.isVisible() and not store.conn.in_transaction
    assert store.event_info()  # the desk's store is still open
    desk.close()
