"""What the desk says about printing: where a badge went ("Badge printed on Thermal", "Saved to
…pdf" with Open), and a printer problem in plain words with what to do about it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QEvent, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from kiosk.core.errors import KioskError
from kiosk.print.draw.fonts import is_font_problem
from kiosk.print.queue import DEFAULT_LAYOUT
from kiosk.ui.print_worker import PrintWorker
from kiosk.ui.result_panel import clock_time
from kiosk.ui.translate_marks import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from kiosk.attendees.checkin import Desk
    from kiosk.event import Arrival
    from kiosk.print.printers import PrinterRegistry
    from kiosk.print.queue import PrintQueue
    from kiosk.store.datadir import DataDir
    from kiosk.store.event_store import EventStore

# Their own colours: a printer problem is neither an "already checked in" (amber) nor a refused
# ticket (red). Text contrast: 12.6:1 on the problem's rose, 13.9:1 on the notice's green.
MOVE_CHECK_MS = 200  # how often a badge being tried is looked at, to move it once the try is over
PROBLEM_STYLE = ("#printerBanner { background: #fce4ec; border-left: 8px solid #ad1457; border-radius: 4px; }"
                 "#printerBanner QLabel { color: #3b0a1e; background: transparent; }")
NOTICE_STYLE = ("#printNotice { background: #e8f5e9; border-left: 8px solid #2e7d32; border-radius: 4px; }"
                "#printNotice QLabel { color: #0b2e13; background: transparent; }")

# What a printer said, in the order to test it (the first match wins), and what the desk says.
_RULES = (
    (r"print again\?|may have printed|did not (say|confirm)|stopped half|broke during|failed mid-job",
     QT_TRANSLATE_NOOP("PrinterWords", "{name} stopped part way through a badge: check whether it printed.")),
    (r"cannot write|permission denied|read-only|no space|disk full",
     QT_TRANSLATE_NOOP("PrinterWords", "{name} cannot save the badge: the folder is full or cannot be written to.")),
    (r"reports?: (?P<said>[^(\[]+)", QT_TRANSLATE_NOOP("PrinterWords", "{name} says: {said}.")),
    (r"took the connection",
     QT_TRANSLATE_NOOP("PrinterWords", "{name} answered but did not take the badge: check it has paper and is ready.")),
    (r"paper|cover (is )?open|out of media|media (is )?(out|empty)|ribbon",
     QT_TRANSLATE_NOOP("PrinterWords", "{name} needs attention: check its paper and that its cover is closed.")),
    (r"refused the job",
     QT_TRANSLATE_NOOP("PrinterWords", "{name} refused the badge: check it is ready, or choose another printer.")),
    (r"not reachable|does not answer|not answering|connection refused|errno (110|111|113)|could not open socket|"
     r"no route|timed? ?out|unreachable|device not found",
     QT_TRANSLATE_NOOP("PrinterWords", "{name} is not answering: check it is switched on and connected.")),
    (r"no system printer|no printer|not installed|unknown printer|no backend",
     QT_TRANSLATE_NOOP("PrinterWords", "{name} cannot be found on this laptop: choose another printer.")),
    (r"does not accept",
     QT_TRANSLATE_NOOP("PrinterWords", "{name} cannot print this kind of badge: choose another printer.")),
)
_WORDS = tuple((re.compile(pattern, re.IGNORECASE), words) for pattern, words in _RULES)


def printer_words(printer: str, error: str) -> str:
    """A print failure as a volunteer can act on it: never the operating system's codes, a
    network address or a driver's name."""
    name = (QCoreApplication.translate("PrinterWords", "The printer “{0}”").format(printer) if printer
            else QCoreApplication.translate("PrinterWords", "The printer"))
    for pattern, words in _WORDS:
        found = pattern.search(error)
        if found:
            said = (found.groupdict().get("said") or "").strip().rstrip(".:;")
            if "{said}" in words and (not said or re.search(r"errno|\d+\.\d+\.\d+\.\d+", said, re.IGNORECASE)):
                continue  # what it "reports" is not for a volunteer: try the other rules
            return QCoreApplication.translate("PrinterWords", words).format(name=name, said=said)
    return QCoreApplication.translate("PrinterWords", "{name} could not print the badge.").format(name=name)


class PrinterBanner(QFrame):
    """A printer problem, with Retry, Use another printer and Save as PDF."""

    retry = Signal()
    other_printer = Signal()
    save_pdf = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printerBanner")
        self.setStyleSheet(PROBLEM_STYLE)
        self.label = QLabel()
        self.label.setWordWrap(True)
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.retry_button = QPushButton()
        self.other_button = QPushButton()
        self.pdf_button = QPushButton()
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 8, 8)
        row.addWidget(self.label, 1)
        for button, signal in ((self.retry_button, self.retry), (self.other_button, self.other_printer),
                               (self.pdf_button, self.save_pdf)):
            button.clicked.connect(signal)
            row.addWidget(button)
        self._retranslate()
        self.hide()

    def _retranslate(self) -> None:
        self.setAccessibleName(self.tr("Printer problem"))
        self.label.setAccessibleName(self.tr("Printer problem"))
        for button, text in ((self.retry_button, self.tr("Re&try")),
                             (self.other_button, self.tr("Use &another printer…")),
                             (self.pdf_button, self.tr("Save as PD&F"))):
            button.setText(text)
            button.setAccessibleName(text.replace("&", "").rstrip("…"))

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def show_problem(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def text(self) -> str:
        return self.label.text()


class PrintNotice(QFrame):
    """Where the last badge went: "Badge printed on Thermal", or "Saved to …" with Open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printNotice")
        self.setAccessibleName(self.tr("Printing"))
        self.setStyleSheet(NOTICE_STYLE)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Printing"))
        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.setAccessibleName(self.tr("Open the saved badge"))
        self.open_button.clicked.connect(self.open_file)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 4, 8, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.open_button)
        self.path: Path | None = None
        self.hide()

    def printed(self, what: str, printer: str, note: str) -> None:
        path = Path(note) if note.lower().endswith(".pdf") else None
        self.path = path
        if path is not None:
            self.label.setText("✔ " + self.tr("{0} saved to {1}").format(what, path))
        else:
            self.label.setText("✔ " + self.tr("{0} printed on {1}").format(what, printer))
        self.open_button.setVisible(path is not None)
        self.setAccessibleDescription(self.label.text())
        self.show()

    def text(self) -> str:
        return self.label.text()

    def open_file(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))


class DeskPrinting:
    """The desk window's printing: badges queued, where they went, and a printer's problems."""

    data: DataDir
    store: EventStore
    desk: Desk
    registry: PrinterRegistry
    print_queue: PrintQueue
    print_worker: PrintWorker | None
    printer_banner: PrinterBanner
    print_notice: PrintNotice
    _after_try: dict[str, str]  # job id → the printer it goes to once its try is over

    def _event_name(self) -> str:
        raise NotImplementedError

    def _badge_queued(self, arrival: Arrival) -> None:
        """The badge the auto-print setting queued with a check-in goes to the printer now."""
        if arrival.print_problem:
            self.printer_banner.show_problem(
                QCoreApplication.translate("DeskPrinting", "The badge could not be sent to the printer: {0}").format(
                    arrival.print_problem))
        elif arrival.badge_job is not None and self.print_worker is not None:
            self.print_worker.poke()

    def print_badge(self, code: str, ask: bool = True) -> None:
        """Queue a badge; a reprint is explicit: the desk is told when and where it was printed."""
        previous = self.print_queue.previous_prints(code)
        if previous and ask:
            last = previous[-1]
            answer = QMessageBox.question(
                cast(QWidget, self), QCoreApplication.translate("DeskPrinting", "Print again?"),
                (QCoreApplication.translate("DeskPrinting", "This badge may have printed at {0} on {1}: printing "
                                            "stopped half way. Check the printer. Print it again?") if last.uncertain
                 else QCoreApplication.translate("DeskPrinting",
                                                 "This badge was printed at {0} on {1}. Print it again?")
                 ).format(clock_time(last.at_ms), last.device))
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            self.print_queue.enqueue_badge(code, again=True)
        except KioskError as exc:
            self.printer_banner.show_problem(
                QCoreApplication.translate("DeskPrinting", "The badge could not be sent to the printer: {0}").format(
                    exc.message))
            return
        if self.print_worker is not None:
            self.print_worker.poke()

    def preview_badge(self, code: str) -> None:
        from kiosk.ui.print_dialogs import BadgePreviewDialog

        attendee = self.desk.attendee(code)
        if attendee is not None:
            layout = self.registry.for_purpose("badges").layout or DEFAULT_LAYOUT
            BadgePreviewDialog(attendee, self._event_name(), self.data.root, layout, cast(QWidget, self)).exec()

    def open_printers(self) -> None:
        from kiosk.core.model import Attendee
        from kiosk.ui.print_dialogs import PrintersDialog

        sample = Attendee("TEST-BADGE", first_name="Test", last_name="Badge", full_name="Test Badge",
                          organisation="Printer check", ticket_type="Staff")
        PrintersDialog(self.registry, sample, cast(QWidget, self)).exec()

    def pre_print(self) -> None:
        from kiosk.ui.preprint_dialog import PrePrintDialog

        PrePrintDialog(self.data, self.store, cast(QWidget, self)).exec()

    def _start_print_worker(self) -> None:
        self.print_worker = PrintWorker(self.data, self.store, cast(QWidget, self))
        self.print_worker.status.connect(self._printer_status)
        self.print_worker.printed.connect(self._printed)

    def _printer_status(self, problem: str, waiting: int) -> None:
        if problem:
            printer, _, error = problem.partition(": ")
            if is_font_problem(error):  # a name no font here draws: waiting for the printer will not help
                self.printer_banner.show_problem(error)
            else:
                waits = (QCoreApplication.translate("DeskPrinting", "1 badge is waiting: it prints when it is back.")
                         if waiting == 1 else QCoreApplication.translate(
                             "DeskPrinting", "{0} badges are waiting: they print when it is back.").format(waiting))
                self.printer_banner.show_problem(f"{printer_words(printer, error)} {waits}")
            self.print_notice.hide()
        else:
            self.printer_banner.hide()

    def _printed(self, job, note: str) -> None:
        what = {"badge": QCoreApplication.translate("DeskPrinting", "Badge"),
                "slip": QCoreApplication.translate("DeskPrinting", "Session slip")}.get(
            job.kind, QCoreApplication.translate("DeskPrinting", "Printout"))
        if job.kind == "badge" and (attendee := self.desk.attendee(job.code)) is not None:
            what = QCoreApplication.translate("DeskPrinting", "Badge for {0}").format(attendee.display_name)
        self.print_notice.printed(what, job.printer, note)

    def retry_printing(self) -> None:
        if self.print_worker is not None:
            self.print_worker.retry()

    def use_another_printer(self) -> None:
        """Choose the badge printer; the badges waiting for the old one go to the new one."""
        before = self.registry.for_purpose("badges").name
        self.open_printers()
        chosen = self.registry.for_purpose("badges").name
        if chosen != before:
            self._move_waiting_badges(chosen)

    def save_waiting_as_pdf(self) -> None:
        from kiosk.print.printers import DEFAULT_PRINTER

        self._move_waiting_badges(DEFAULT_PRINTER)

    def _move_waiting_badges(self, printer: str) -> None:
        queue = self.print_queue
        self._after_try = getattr(self, "_after_try", {})
        try:
            for job in queue.jobs(("queued", "failed", "printing")):
                if job.kind != "badge" or job.held or job.printer == printer:
                    continue
                if job.state == "printing":
                    # Being tried right now (the retry that found the printer still off): it can
                    # be moved only once that try is over, so the desk waits for it.
                    self._after_try[job.id] = printer
                    continue
                queue.cancel(job.id)
                queue.enqueue_badge(job.code, printer=printer, again=True)
            if self._after_try:
                QTimer.singleShot(MOVE_CHECK_MS, cast(QWidget, self), self._move_after_try)
        except KioskError as exc:
            self.printer_banner.show_problem(
                QCoreApplication.translate("DeskPrinting", "The waiting badges could not be moved: {0}").format(
                    exc.message))
            return
        self.printer_banner.hide()
        if self.print_worker is not None:
            self.print_worker.poke()

    def _move_after_try(self) -> None:
        """A badge that was being tried when staff chose another printer: once the try is over,
        moved if it failed; left alone if it printed (or may have: then staff decide)."""
        queue = self.print_queue
        try:
            for job_id, printer in list(self._after_try.items()):
                job = queue.job(job_id)
                if job.state == "printing":
                    continue
                del self._after_try[job_id]
                if job.state == "failed" and not job.held:
                    queue.cancel(job.id)
                    queue.enqueue_badge(job.code, printer=printer, again=True)
        except KioskError as exc:
            self._after_try.clear()
            self.printer_banner.show_problem(
                QCoreApplication.translate("DeskPrinting", "The waiting badges could not be moved: {0}").format(
                    exc.message))
            return
        if self._after_try:
            QTimer.singleShot(MOVE_CHECK_MS, cast(QWidget, self), self._move_after_try)
        elif self.print_worker is not None:
            self.print_worker.poke()
