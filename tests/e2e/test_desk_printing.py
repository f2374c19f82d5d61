"""Printing from the desk: the print button, reprint question, auto-print, printer problems."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from kiosk.print.printers import PrinterRegistry
from kiosk.store.settings import Settings

from tests.support.printer_fakes import TcpPrinter


def pdfs(window):
    return sorted(PrinterRegistry(window.data).default_pdf_folder().glob("*.pdf"))


def wait_printed(qtbot, window, code, count=1):
    """The file lands just before the print is recorded: wait for the record."""
    qtbot.waitUntil(lambda: len(window.print_queue.previous_prints(code)) == count, timeout=10000)


def test_print_button_prints_off_the_gui_thread(qtbot, window):
    window.attendee_panel.show_attendee(window.desk.attendee("CODE-0001"))
    window.attendee_panel.print_button.click()
    wait_printed(qtbot, window, "CODE-0001")
    assert len(pdfs(window)) == 1
    assert window.print_queue.previous_prints("CODE-0001")[0].device == window.store.device_name


def test_reprint_asks_first(qtbot, window, monkeypatch):
    window.print_badge("CODE-0001")
    wait_printed(qtbot, window, "CODE-0001")
    asked = []

    def answer(choice):
        def fake(parent, title, text, *args, **kwargs):
            asked.append(text)
            return choice
        return fake

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    window.print_badge("CODE-0001")
    assert "printed at" in asked[-1] and window.store.device_name in asked[-1]
    qtbot.wait(1500)
    assert len(pdfs(window)) == 1
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    window.print_badge("CODE-0001")
    qtbot.waitUntil(lambda: len(pdfs(window)) == 2, timeout=10000)


def test_auto_print_on_first_check_in_only(qtbot, window):
    Settings.update(window.data, auto_print="first")
    window.check_in("CODE-0002")
    wait_printed(qtbot, window, "CODE-0002")
    window.undo("CODE-0002")
    window.check_in("CODE-0002")
    qtbot.wait(1500)
    assert len(pdfs(window)) == 1  # printed before: not again by itself


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def failed_attempts(window) -> int:
    return max((job.attempts for job in window.print_queue.jobs(("failed",))), default=0)


@pytest.mark.parametrize("error, words", [
    ("Device not found (Could not open socket for 127.0.0.1: [Errno 111] Connection refused)",
     "is not answering: check it is switched on and connected."),
    ("printer 'thermal' is not reachable: [Errno 113] No route to host", "is not answering"),
    ("The printer 'thermal' reports: out of paper", "says: out of paper."),
    ("The printer 'thermal' took the connection but did not take the badge: check it is on and has paper",
     "answered but did not take the badge"),
    ("no system printer called 'office' (is it switched on and installed?)", "cannot be found on this laptop"),
    ("printer 'office' refused the job", "refused the badge"),
    ("cannot write to the PDF folder /media/usb/prints: [Errno 30] Read-only file system", "cannot save the badge"),
    ("The printer 'thermal' took the badge's bytes but did not confirm it. Print again?", "stopped part way"),
    ("OSError: [Errno 5] Input/output error 0x7f", "could not print the badge."),
])
def test_printer_problems_in_words(error, words):
    from kiosk.ui.desk_printing import printer_words

    said = printer_words("thermal", error)
    assert said.startswith("The printer “thermal” ") and words in said
    for raw in ("Errno", "127.0.0.1", "/media", "0x7f", "OSError", "(", "["):
        assert raw not in said


def test_printer_down_banner_in_words_then_retry(qtbot, window):
    port = free_port()
    window.registry.add("thermal", f"escpos+tcp://127.0.0.1:{port}")
    window.registry.assign("badges", "thermal")
    window.print_badge("CODE-0001")
    qtbot.waitUntil(lambda: window.printer_banner.isVisible(), timeout=10000)
    text = window.printer_banner.text()
    assert text.startswith("The printer “thermal” is not answering: check it is switched on and connected.")
    assert "1 badge is waiting" in text
    for raw in ("Errno", "errno", "127.0.0.1", "escpos", "socket", "refused", "[", "("):
        assert raw not in text  # the operating system's words never reach the desk
    # Its own colour: not the amber of "already checked in", not the red of a refused ticket.
    assert "#ffd54f" not in window.printer_banner.styleSheet().lower()
    assert "#b71c1c" not in window.printer_banner.styleSheet().lower()
    banner = window.printer_banner
    assert [b.text().replace("&", "") for b in (banner.retry_button, banner.other_button, banner.pdf_button)] == [
        "Retry", "Use another printer…", "Save as PDF"]
    assert all(b.isVisible() and b.isEnabled() for b in (banner.retry_button, banner.other_button, banner.pdf_button))

    # Wait until the queue backs off for seconds, then the printer comes back and Retry prints now.
    qtbot.waitUntil(lambda: failed_attempts(window) >= 3, timeout=15000)
    printer = TcpPrinter(port)
    try:
        qtbot.mouseClick(banner.retry_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=2500)  # the backoff alone is 3.2 s or more
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=5000)
        qtbot.waitUntil(lambda: window.print_notice.isVisible(), timeout=5000)
        assert window.print_notice.text() == "✔ Badge for Siân Jones printed on thermal"
        assert not window.print_notice.open_button.isVisible()  # nothing to open on paper
    finally:
        printer.close()


def test_printer_down_save_as_pdf_then_open(qtbot, window):
    from PySide6.QtCore import QObject, Slot
    from PySide6.QtGui import QDesktopServices

    window.registry.add("thermal", f"escpos+tcp://127.0.0.1:{free_port()}")
    window.registry.assign("badges", "thermal")
    window.print_badge("CODE-0002")
    qtbot.waitUntil(lambda: window.printer_banner.isVisible(), timeout=10000)
    qtbot.mouseClick(window.printer_banner.pdf_button, Qt.MouseButton.LeftButton)
    wait_printed(qtbot, window, "CODE-0002")
    (saved,) = pdfs(window)
    qtbot.waitUntil(lambda: window.print_notice.isVisible(), timeout=5000)
    assert window.print_notice.text() == f"✔ Badge for Seán Ó Súilleabháin saved to {saved}"
    assert not window.printer_banner.isVisible()

    class Opener(QObject):  # what the desktop would be asked to open
        def __init__(self) -> None:
            super().__init__()
            self.urls: list = []

        @Slot("QUrl")
        def open(self, url) -> None:
            self.urls.append(url.toLocalFile())

    opener = Opener()
    QDesktopServices.setUrlHandler("file", opener, "open")
    try:
        qtbot.mouseClick(window.print_notice.open_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert opener.urls == [str(saved)]


def test_printer_down_use_another_printer(qtbot, window):
    from kiosk.print.printers import DEFAULT_PRINTER
    from kiosk.ui.print_dialogs import PrintersDialog

    window.registry.add("thermal", f"escpos+tcp://127.0.0.1:{free_port()}")
    window.registry.assign("badges", "thermal")
    window.print_badge("CODE-0001")
    qtbot.waitUntil(lambda: window.printer_banner.isVisible(), timeout=10000)

    def choose_pdf_folder():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PrintersDialog) and w.isVisible())
        for row in range(dialog.list.count()):
            if dialog.list.item(row).text().startswith(DEFAULT_PRINTER):
                dialog.list.setCurrentRow(row)
        dialog.buttons["badges"].click()
        dialog.reject()

    QTimer.singleShot(100, choose_pdf_folder)
    qtbot.mouseClick(window.printer_banner.other_button, Qt.MouseButton.LeftButton)
    assert window.registry.for_purpose("badges").name == DEFAULT_PRINTER
    wait_printed(qtbot, window, "CODE-0001")
    assert len(pdfs(window)) == 1
    qtbot.waitUntil(lambda: "saved to" in window.print_notice.text(), timeout=5000)


def test_print_badge_says_where_it_went(qtbot, window):
    window.attendee_panel.show_attendee(window.desk.attendee("CODE-0001"))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # Ctrl+P: print, in every window
    wait_printed(qtbot, window, "CODE-0001")
    qtbot.waitUntil(lambda: window.print_notice.isVisible(), timeout=5000)
    assert window.print_notice.text() == f"✔ Badge for Siân Jones saved to {pdfs(window)[0]}"
    assert window.print_notice.open_button.isVisible()


def test_preview_shows_the_badge(qtbot, window):
    from kiosk.ui.print_dialogs import BadgePreviewDialog

    dialog = BadgePreviewDialog(window.desk.attendee("CODE-0001"), "Test Day", window.data.root, "badge-4x3", window)
    pixmap = dialog.image.pixmap()
    assert not pixmap.isNull() and abs(pixmap.width() / pixmap.height() - 4 / 3) < 0.02
    dialog.layouts.setCurrentIndex(dialog.layouts.findData("cr80"))
    assert abs(dialog.image.pixmap().width() / dialog.image.pixmap().height() - 85.6 / 54) < 0.02
    dialog.reject()


def test_printers_dialog_adds_a_network_printer_and_prints_a_test(qtbot, window):
    from kiosk.ui.print_dialogs import NetworkPrinterDialog, PrintersDialog

    printer = TcpPrinter()
    try:
        dialog = PrintersDialog(window.registry, window.desk.attendee("CODE-0001"), window)

        def fill():
            form = next(w for w in QApplication.topLevelWidgets()
                        if isinstance(w, NetworkPrinterDialog) and w.isVisible())
            form.name.setText("Desk thermal")
            form.host.setText("127.0.0.1")
            form.port.setValue(printer.port)
            form.buttons.accepted.emit()

        QTimer.singleShot(50, fill)
        dialog.add_network()
        assert "Desk thermal" in window.registry.printers()
        for row in range(dialog.list.count()):
            if dialog.list.item(row).text().startswith("Desk thermal"):
                dialog.list.setCurrentRow(row)
        dialog.buttons["badges"].click()
        assert window.registry.for_purpose("badges").name == "Desk thermal"
        dialog.buttons["test"].click()
        qtbot.waitUntil(lambda: "Test badge printed" in dialog.status.text(), timeout=15000)
        qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=5000)
        dialog.reject()
    finally:
        printer.close()


def test_pre_print_not_yet_printed_with_progress(qtbot, window, tmp_path):
    from kiosk.ui.preprint_dialog import PrePrintDialog

    window.print_badge("CODE-0001")
    wait_printed(qtbot, window, "CODE-0001")
    dialog = PrePrintDialog(window.data, window.store, window)
    dialog.out.setText(str(tmp_path / "sheet.pdf"))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: "saved" in dialog.status.text(), timeout=15000)
    assert dialog.written == 1  # CODE-0002 only: CODE-0001 was printed, CODE-VOID is void
    assert dialog.progress.value() == dialog.progress.maximum()
    assert window.print_queue.previous_prints("CODE-0002")
    dialog.reject()
    again = PrePrintDialog(window.data, window.store, window)
    again.out.setText(str(tmp_path / "none.pdf"))
    again.start_button.click()
    qtbot.waitUntil(lambda: "every badge has been printed" in again.status.text(), timeout=15000)
    again.reject()


def test_badge_pictures_for_the_readme(qtbot, window, tmp_path):
    """Renders badges in several scripts the way printers get them; kept in docs/ for the README."""
    from PySide6.QtGui import QImage, QPainter

    from kiosk.core.model import Attendee
    from kiosk.print.draw.badge_pdf import BadgeRenderer
    from kiosk.print.draw.layout import load_layout
    from kiosk.print.draw.raster import render_page

    people = [Attendee("a", first_name="Siân", last_name="Ó Súilleabháin", full_name="Siân Ó Súilleabháin",
                       organisation="Betsi Cadwaladr University Health Board", pronouns="hi/ei", ticket_type="Speaker"),
              Attendee("b", first_name="Maximilian Alexander", last_name="Featherstonehaugh",
                       full_name="Maximilian Alexander Featherstonehaugh", organisation="NHS England",
                       ticket_type="Member"),
              Attendee("c", first_name="محمد", last_name="العلي", full_name="محمد العلي",
                       organisation="Public Health Wales", ticket_type="Guest"),
              Attendee("d", first_name="Łukasz", last_name="Wiśniewski", full_name="Łukasz Wiśniewski",
                       organisation="Cardiff University", pronouns="he/him", ticket_type="Staff")]
    images = []
    for i, person in enumerate(people):
        pdf = tmp_path / f"{i}.pdf"
        BadgeRenderer(load_layout("badge-4x3"), "Cymru & Éire Health Improvement Community Day").write([person], pdf)
        images.append(render_page(pdf, 110))
    w, h = images[0].width(), images[0].height()
    sheet = QImage(2 * w + 30, 2 * h + 30, QImage.Format.Format_RGB32)
    sheet.fill(0x9E9E9E)
    painter = QPainter(sheet)
    for i, image in enumerate(images):
        painter.drawImage(10 + (i % 2) * (w + 10), 10 + (i // 2) * (h + 10), image)
    painter.end()
    from tests.support.paths import screenshot_dir

    assert sheet.save(str(screenshot_dir(tmp_path) / "badges-4x3.png"))
