"""Fixtures and helpers for driving the self-service kiosk window in tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QLineEdit, QWidget

from kiosk.selfservice.staff_pin import StaffPin
from kiosk.ui.scanner import ScanTiming
from kiosk.ui.selfservice.window import KioskWindow

from tests.support.event_data import add_attendee

PIN = "2468"


class Clock:
    """Wall-clock seconds the tests move by hand (the PIN lockout)."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def people(store) -> None:
    add_attendee(store, "CODE-0001", first_name="Siân", last_name="Jones", organisation="HEIW",
                 email="sian.jones@example.org", booking_ref="ORD-1001",
                 access_needs="Wheelchair user: step-free route")
    add_attendee(store, "CODE-0002", first_name="Seán", last_name="Ó Súilleabháin", ticket_type="Speaker",
                 email="sean@example.ie", booking_ref="ORD-1002")
    add_attendee(store, "CODE-0003", first_name="Priya", last_name="Banerjee", email="priya@example.org",
                 booking_ref="ORD-1003", organisation="Mind Cymru")
    add_attendee(store, "CODE-VOID", first_name="Vera", last_name="Void", status="void",
                 booking_ref="ORD-1004")


def make_kiosk(data_dir, store, clock: Clock | None = None, **kw) -> KioskWindow:
    pin = StaffPin(data_dir, clock or Clock())
    if not pin.is_set():
        pin.set(PIN)
    options = dict(timing=ScanTiming(max_gap_ms=40, min_length=4, end_pause_ms=70), result_ms=800,
                   idle_ms=30_000, print_wait_ms=8000, pin=pin, camera=None)
    options.update(kw)
    window = KioskWindow(data_dir, store, **options)
    window.resize(1280, 800)
    window.show()
    return window


def running_kiosk(qtbot, data_dir, store, clock: Clock):
    """The body of a `kiosk` fixture: the demo people, a kiosk on screen, left at the end."""
    people(store)
    window = make_kiosk(data_dir, store, clock)
    qtbot.waitExposed(window)
    yield window
    window.leave()


def scan(qtbot, window, code: str) -> None:
    """A scanner: every key of the code at once, then Enter, wherever the focus is."""
    target = QApplication.focusWidget() or window
    qtbot.keyClicks(target, code)
    qtbot.keyClick(target, Qt.Key.Key_Return)


def scan_and_wait(qtbot, window, code: str):
    with qtbot.waitSignal(window.outcome_shown, timeout=3000) as blocker:
        scan(qtbot, window, code)
    return blocker.args[0]


def shown(widget: QWidget) -> bool:
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def visible_text(window: QWidget) -> str:
    """Everything a passer-by can see or a screen reader can say on the current screen."""
    parts: list[str] = []
    for child in window.findChildren(QWidget):
        if not child.isVisible():
            continue
        if isinstance(child, QLabel):
            parts.append(child.text())
        elif isinstance(child, QAbstractButton):
            parts.append(child.text())
        elif isinstance(child, QLineEdit):
            parts.append(child.text())
        elif isinstance(child, QComboBox):
            parts.append(child.currentText())
        parts += [child.accessibleName(), child.accessibleDescription()]
    return "\n".join(p for p in parts if p)


def interactive(window: QWidget) -> list[QWidget]:
    return [w for w in window.findChildren(QWidget)
            if w.isVisible() and isinstance(w, (QAbstractButton, QLineEdit, QComboBox))]
