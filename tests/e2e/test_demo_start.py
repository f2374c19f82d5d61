"""The demo starts without freezing the desk: the event is built on a worker thread, and its sample
tickets PDF after the window is usable, with the status bar saying so."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from kiosk.demo.event import ensure_demo, tickets_pdf_path
from kiosk.ui.events_dialog import EventsDialog


def _status_texts(window) -> list[str]:
    return [label.text() for label in window.statusBar().findChildren(QLabel) if label.isVisible()]


def test_open_the_demo_from_the_desk_without_a_freeze(qtbot, window, data_dir):
    seen: dict[str, object] = {}

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, EventsDialog):
            QTimer.singleShot(20, in_the_dialog)
            return
        qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
        # The click came back at once: the demo is being built on another thread, and says so.
        seen["message"] = dialog.message.text()
        seen["buttons_off"] = not dialog.demo_button.isEnabled() and not dialog.open_button.isEnabled()

    QTimer.singleShot(0, in_the_dialog)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # returns when the dialog closes

    assert seen == {"message": "Preparing the demo event…", "buttons_off": True}
    assert window.store.path.parent.name == "demo"
    qtbot.waitUntil(lambda: "Sample tickets ready to scan from the screen or print." in _status_texts(window),
                    timeout=30000)
    pdf = tickets_pdf_path(window.store)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_mode & 0o077 == 0
    opener = [b for b in window.statusBar().findChildren(QPushButton) if b.text() == "Open sample tickets"]
    assert opener and opener[0].isVisible()


def test_the_command_line_demo_still_writes_its_tickets_at_once(data_dir):
    store, created = ensure_demo(data_dir, attendees=20)
    try:
        assert created and tickets_pdf_path(store).exists()
    finally:
        store.close()


def test_a_window_demo_leaves_the_tickets_for_later(data_dir):
    store, created = ensure_demo(data_dir, attendees=20, tickets=False)
    try:
        assert created and not tickets_pdf_path(store).exists()
    finally:
        store.close()
