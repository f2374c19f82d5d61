"""Staff turn the desk into the self-service kiosk and back: one check-in per scan throughout."""

from __future__ import annotations

from kiosk.selfservice.staff_pin import StaffPin

from tests.support.kiosk_screens import PIN, people, scan, scan_and_wait


def test_kiosk_mode_from_the_desk_and_back(qtbot, window, data_dir, store):
    people(store)
    StaffPin(data_dir).set(PIN)
    window.open_kiosk_mode()
    kiosk = window.kiosk_window
    assert kiosk is not None and kiosk.isVisible() and not window.isVisible()
    assert window.print_worker is None  # the kiosk prints for itself meanwhile

    assert scan_and_wait(qtbot, kiosk, "CODE-0003") is not None
    assert len(window.desk.admissions("CODE-0003")) == 1  # the hidden desk did not scan it too

    kiosk.leave()
    assert window.isVisible() and window.kiosk_window is None and window.print_worker is not None
    with qtbot.waitSignal(window.result_shown, timeout=3000) as shown:
        scan(qtbot, window, "CODE-0001")  # the desk's scanner works again
    assert shown.args == ["checked_in"]


def test_staff_windows_close_when_the_kiosk_opens(qtbot, window, data_dir, store):
    StaffPin(data_dir).set(PIN)
    window.open_sync()
    assert window.sync_dialog.isVisible()
    window.open_kiosk_mode()
    kiosk = window.kiosk_window
    try:
        qtbot.waitUntil(lambda: window.sync_dialog is None, timeout=3000)
        assert kiosk.sync_summary().startswith("Working on this laptop only")
    finally:
        kiosk.leave()
