"""The registration desk window: scan results, search, attendee details, walk-ins, statistics."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kiosk.attendees.checkin import CheckinResult, Desk
from kiosk.core.errors import KioskError
from kiosk.event import OpenEvent
from kiosk.grid.reports import session_in_scan
from kiosk.store.datadir import DataDir
from kiosk.store.event_store import EventStore
from kiosk.sync.pairing import looks_like_pairing_text
from kiosk.ui.actions import retranslate_menus
from kiosk.ui.attendee_panel import AttendeePanel
from kiosk.ui.camera_panel import CameraPanel
from kiosk.ui.desk_language import desk_language, set_desk_language
from kiosk.ui.desk_menus import FOCUS_STYLE, build_desk_menus
from kiosk.ui.desk_printing import DeskPrinting, PrinterBanner, PrintNotice
from kiosk.ui.desk_sync import DeskSync
from kiosk.ui.dialogs import EditAttendeeDialog, SettingsDialog, WalkInDialog, ask_desk_name_once
from kiosk.ui.notices_panel import NoticesPanel
from kiosk.ui.print_worker import PrintWorker
from kiosk.ui.result_panel import IDLE_LINE, LOOKS, ResultPanel
from kiosk.ui.scanner import ScanDetector, ScanTiming
from kiosk.ui.search_panel import SearchPanel
from kiosk.ui.sounds import OutcomeSounds
from kiosk.ui.stats_panel import StatsPanel
from kiosk.ui.translate_marks import QT_TRANSLATE_NOOP


class DeskWindow(DeskPrinting, QMainWindow):
    result_shown = Signal(str)  # the status shown, after the panel has been updated

    def __init__(self, data: DataDir, store: EventStore, timing: ScanTiming | None = None) -> None:
        super().__init__()
        self.data = data
        self.open_event = OpenEvent(data, store)
        self.store = store
        settings = self.open_event.settings
        self.sounds = OutcomeSounds(self)
        self.sounds.muted = settings.muted
        set_desk_language(settings.desk_language)  # before any words are made
        self.resize(1366, 768)
        self.setStyleSheet(FOCUS_STYLE)  # a ring you can see on whatever has the keyboard

        self.header = QLabel()
        self.printer_banner = PrinterBanner()
        self.printer_banner.retry.connect(self.retry_printing)
        self.printer_banner.other_printer.connect(self.use_another_printer)
        self.printer_banner.save_pdf.connect(self.save_waiting_as_pdf)
        self.print_notice = PrintNotice()
        self.result_panel = ResultPanel()
        # An event with nobody in it yet: the first thing to do is import the list.
        self.import_nudge = QPushButton()
        self.import_nudge.setObjectName("importNudge")
        self.import_nudge.setMinimumHeight(64)
        font = self.import_nudge.font()
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.6)
        font.setBold(True)
        self.import_nudge.setFont(font)
        self.import_nudge.setStyleSheet(  # the one thing to do: white on blue, 6.6:1
            "#importNudge { background: #0b57d0; color: #ffffff; border: 3px solid #0b57d0; border-radius: 8px; }"
            "#importNudge:focus { border: 3px solid #0d1b2a; background: #0842a0; }")
        self.import_nudge.clicked.connect(self.import_attendees)
        self.import_nudge.hide()
        self.attendee_panel = AttendeePanel()
        self.search_panel = SearchPanel()
        self.search, self.results = self.search_panel.box, self.search_panel.results
        self.stats_panel = StatsPanel()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.header)
        # Notices for staff (someone with access needs at the kiosk), from any laptop, until acknowledged.
        self.notices_panel = NoticesPanel(lambda: self.open_event)
        self.notices_panel.problem.connect(
            lambda words: self._show_problem(QT_TRANSLATE_NOOP("ResultPanel", "Notice not saved"), words))
        left_layout.addWidget(self.notices_panel)
        left_layout.addWidget(self.printer_banner)
        left_layout.addWidget(self.print_notice)
        left_layout.addWidget(self.result_panel, 3)
        left_layout.addWidget(self.import_nudge)
        left_layout.addWidget(self.attendee_panel, 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.search_panel, 3)
        right_layout.addWidget(self.stats_panel, 2)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([780, 560])
        self.setCentralWidget(splitter)

        self.search_panel.check_in_requested.connect(self.check_in)
        self.search_panel.highlighted.connect(self._person_chosen)
        self.attendee_panel.check_in_requested.connect(self.check_in)
        self.attendee_panel.undo_requested.connect(self.undo)
        self.attendee_panel.edit_requested.connect(self.edit_attendee)
        self.attendee_panel.print_requested.connect(self.print_badge)
        self.attendee_panel.preview_requested.connect(self.preview_badge)
        self.registry = self.open_event.printers
        self.print_worker: PrintWorker | None = None
        self.kiosk_window = None
        self.sync = DeskSync(data, self, count_here=lambda: self.open_event.unshared_checkins())
        self.sync.pulled.connect(self._pulled)
        self.sync.pulled.connect(lambda _count: self.notices_panel.refresh())
        self.sync.revoked.connect(self._revoked)
        self.sync.joined.connect(self._joined)

        # The laptop's camera reads tickets too; its codes go the same way as the scanner's.
        self.camera_panel = CameraPanel(data, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.camera_panel)
        self.camera_panel.scanned.connect(self.on_scan)
        self.camera_panel.setMaximumWidth(460)  # a preview, not the desk's main view
        self.menu_actions = build_desk_menus(self)  # not `actions`: QWidget.actions()
        self.mute_action = self.menu_actions["mute"]
        self.mute_action.blockSignals(True)
        self.mute_action.setChecked(self.sounds.muted)
        self.mute_action.blockSignals(False)
        # Most desks scan with a handheld scanner: the camera shows when chosen in Settings.
        if self.camera_panel.device_id is None:
            self.camera_panel.hide()

        self.detector = ScanDetector(timing or ScanTiming.from_settings(settings))
        self.detector.scanned.connect(self.on_scan)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.detector.install(app)

        # Statistics follow a scan a moment later, so the result panel is never kept waiting,
        # and every few seconds for check-ins made by other desks on this event.
        self._stats_timer = QTimer(self, singleShot=True, interval=300)
        self._stats_timer.timeout.connect(self.refresh_stats)
        self._poll_timer = QTimer(self, interval=5000)
        self._poll_timer.timeout.connect(self.refresh_stats)
        self._poll_timer.start()
        self._retranslate()
        self._attach(store)
        self.search.setFocus()  # typing a name works at once; scans work wherever the focus is

    def _attach(self, store: EventStore) -> None:
        """Work on this event: the header, statistics, search index and print queue follow it."""
        self.open_event = OpenEvent(self.data, store, printers=self.registry)
        self.store = store
        self.print_queue = self.open_event.print_queue
        if self.print_worker is not None:
            self.print_worker.shutdown()
        self._start_print_worker()
        self.sync.attach(store)
        self._title_name = self._event_name()
        self._update_title()
        self._update_header()
        self.result_panel.show_message("idle", LOOKS["idle"].headline, "", [IDLE_LINE])
        self.attendee_panel.show_attendee(None)
        self.print_notice.hide()
        self.notices_panel.refresh()
        self.refresh_stats()
        self.search_panel.rebuild(store)

    # -- set-up ---------------------------------------------------------------------------------

    def _retranslate(self) -> None:
        """The words the window itself sets (its panels and menus follow LanguageChange too)."""
        self.header.setAccessibleName(self.tr("Event and desk"))
        self.import_nudge.setText(self.tr("Import your attendee list (Ctrl+I)"))
        self.import_nudge.setAccessibleName(self.tr("Import your attendee list"))

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "menu_actions"):
            self._retranslate()
            retranslate_menus(self, self.menu_actions)
            self._update_title()
            if self.isVisible():  # a closed desk's event may be closed too; a hidden one refreshes on return
                self.refresh_stats()
        super().changeEvent(event)

    def set_language(self, code: str) -> None:
        """View → Language or Settings: the desk and grid change language at once, and stay so."""
        if set_desk_language(code):
            self.open_event.save_settings(desk_language=code)

    def _update_title(self) -> None:
        # The name read when the event was opened: a language change may reach a closed desk.
        self.setWindowTitle(self.tr("Check-in desk — {0}").format(self._title_name))

    def _event_name(self) -> str:
        return self.store.event_info().get("name", "")

    def _update_header(self) -> None:
        self.header.setText(f"<b>{_escape(self._event_name())}</b> · {_escape(self.store.device_name)}")

    @property
    def desk(self) -> Desk:
        """The check-in engine of the open event (a test may give it another clock)."""
        return self.open_event.desk

    @desk.setter
    def desk(self, desk: Desk) -> None:
        self.open_event.desk = desk

    # -- scanning and check-in -----------------------------------------------------------------

    def on_scan(self, raw: str) -> None:
        if looks_like_pairing_text(raw):  # the hub's pairing QR (or a damaged one), not a ticket
            self.open_sync(raw)
            return
        if (session_id := session_in_scan(raw)) is not None:  # a session slip: its report form
            from kiosk.ui.session_report import open_for_scan

            open_for_scan(self, self.open_event, session_id, getattr(self, "grid_window", None))
            return
        self.check_in(raw)

    def check_in(self, code_or_scan: str) -> None:
        try:
            arrival = self.open_event.check_in(code_or_scan)
        except KioskError as exc:
            self._show_problem(QT_TRANSLATE_NOOP("ResultPanel", "Could not record the check-in"), exc.message)
            return
        self.show_result(arrival.result, code_or_scan)
        self._badge_queued(arrival)

    def _person_chosen(self, code: str) -> None:
        """A search result highlighted: the details and the big panel both show that person."""
        attendee = self.desk.attendee(code)
        self.attendee_panel.show_attendee(attendee)
        if attendee is not None:
            self.result_panel.show_person(attendee)

    def show_result(self, result: CheckinResult, scanned: str = "") -> None:
        self.result_panel.show_result(result, scanned)
        self.attendee_panel.show_attendee(result.attendee)
        self.sounds.play(result.status.value)
        self.result_shown.emit(result.status.value)
        self._stats_timer.start()
        self._refresh_result_rows()

    def undo(self, code: str) -> None:
        try:
            result = self.open_event.undo(code)
        except KioskError as exc:
            self._show_problem(QT_TRANSLATE_NOOP("ResultPanel", "Could not undo"), exc.message)
            return
        if result.status == "undone" and result.attendee:
            self.result_panel.show_message("undone", LOOKS["undone"].headline, result.attendee.display_name,
                                           code=result.attendee.code)
            self.attendee_panel.show_attendee(result.attendee)
            self._stats_timer.start()
            self._refresh_result_rows()

    def open_grid(self) -> None:
        from kiosk.ui.grid_window import GridWindow

        self.grid_window = GridWindow(self.data, self.store, self)
        self.grid_window.show()

    def _show_problem(self, headline: str, detail: str) -> None:
        self.result_panel.show_message("error", headline, "", [detail])
        self.result_shown.emit("error")

    # -- search ---------------------------------------------------------------------------------

    @property
    def index(self):
        return self.search_panel.index

    def focus_search(self) -> None:
        self.search_panel.focus()

    def _refresh_result_rows(self) -> None:
        self.search_panel.refresh_rows()

    # -- forms ----------------------------------------------------------------------------------

    def register_walk_in(self) -> None:
        dialog = WalkInDialog(self.open_event.ticket_types(), self)
        if dialog.exec() != WalkInDialog.DialogCode.Accepted:
            return
        try:
            arrival = self.open_event.walk_in(auto_print=True, **dialog.values())
        except KioskError as exc:
            self._show_problem(QT_TRANSLATE_NOOP("ResultPanel", "Could not register the walk-in"), exc.message)
            return
        self.show_result(arrival.result)
        self._badge_queued(arrival)

    def edit_attendee(self, code: str) -> None:
        attendee = self.desk.attendee(code)
        if attendee is None:
            return
        dialog = EditAttendeeDialog(attendee, self)
        if dialog.exec() != EditAttendeeDialog.DialogCode.Accepted:
            return
        try:
            updated = self.open_event.edit(code, **dialog.values())
        except KioskError as exc:
            self._show_problem(QT_TRANSLATE_NOOP("ResultPanel", "Could not save the correction"), exc.message)
            return
        self.attendee_panel.show_attendee(updated)
        self.result_panel.person_changed(updated)
        self._refresh_result_rows()

    # -- sync -----------------------------------------------------------------------------------

    def open_sync(self, scanned: str = "") -> None:
        self.sync.open(scanned)

    # The parts of sync the tests and the status bar reach through the window.
    sync_button = property(lambda self: self.sync.button)
    sync_dialog = property(lambda self: self.sync.dialog)
    sync_worker = property(lambda self: self.sync.worker)

    def _pulled(self, count: int) -> None:
        """Other desks' work arrived: what staff see follows it."""
        self.refresh_stats()
        if self.index is not None and self.index.needs_rebuild():
            self.search_panel.rebuild(self.store)  # off the GUI thread, not at the next key
        self._refresh_result_rows()
        if self.attendee_panel.code:
            self.attendee_panel.show_attendee(self.desk.attendee(self.attendee_panel.code))

    def _joined(self, joined) -> None:
        if joined.renamed:  # the hub named this desk ("Desk 2"): its check-ins say so from now on
            self.store.device_name = joined.device
            self._update_header()
        if self.store.path != self.data.event_db(joined.event):
            new_store = self.data.open(joined.event, self.store.device_name)
            old = self.store
            self._attach(new_store)
            old.close()
        else:
            self.sync.sync_soon()

    def _revoked(self, detail: str, slug: str) -> None:
        """The organisers revoked this laptop: its copy of the event is wiped, as they asked."""
        if slug != self.open_event.slug:
            return  # a late word about an event this desk has left: not this one's to erase
        if self.kiosk_window is not None:  # the public kiosk on top stops first
            self.kiosk_window.leave()
        self._let_go(erasing=True)  # the revoking round is over: this wait is short
        self.open_event.erase()
        QMessageBox.warning(self, self.tr("This laptop was removed from the event"),
                            self.tr("{0}.\n\nThe organisers revoked this laptop, so its copy of the "
                                    "event has been erased. Ask them to pair it again to keep working.").format(detail))
        self.close()

    def open_settings(self) -> None:
        settings = self.open_event.settings
        dialog = SettingsDialog(self.store.device_name, self.detector.timing, self.sounds.muted,
                                settings.auto_print, self, camera_settings=settings, language=desk_language())
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        name = dialog.values()["name"]
        timing = dialog.timing()
        self.data.set_device_name(name)
        self.open_event.save_settings(max_gap_ms=timing.max_gap_ms, min_length=timing.min_length,
                                 end_pause_ms=timing.end_pause_ms,
                                 auto_print=dialog.auto_print.currentData(), **dialog.camera_values())
        self.camera_panel.apply_settings()
        if self.camera_panel.device_id is not None:
            self.camera_panel.show()
        self.store.device_name = name
        self.detector.timing = timing
        self.mute_action.setChecked(dialog.mute.isChecked())
        self._update_header()
        if (language := dialog.chosen_language()) is not None and language != desk_language():
            self.set_language(language)

    def open_kiosk_mode(self) -> None:
        """This laptop becomes the public self-service kiosk until staff leave it with the PIN."""
        from kiosk.ui.selfservice import open_kiosk_mode

        app = QApplication.instance()
        # The kiosk scans and prints for itself: the desk's scanner would check people in twice,
        # and two print workers starting up could each put the other's job back in the queue.
        if isinstance(app, QApplication):
            self.detector.uninstall(app)
        if self.print_worker is not None:
            self.print_worker.shutdown()
            self.print_worker = None
        # Staff windows (sync settings, the facilitators' grid) must not stay up behind the public kiosk.
        for window in (self.sync.dialog, getattr(self, "grid_window", None)):
            if window is not None:
                window.close()
        self.kiosk_window = open_kiosk_mode(self.data, self.store, self)
        if self.kiosk_window is not None:
            self.kiosk_window.sync_worker = self.sync.worker  # its staff page shows the desk's sync
        if self.kiosk_window is None:
            self._resume_desk()
        else:
            self.kiosk_window.left.connect(self._resume_desk)

    def _resume_desk(self) -> None:
        self.kiosk_window = None
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.detector.install(app)
        if self.print_worker is None:
            self._start_print_worker()
        self.refresh_stats()

    def set_muted(self, muted: bool) -> None:
        self.sounds.muted = muted
        self.open_event.save_settings(muted=muted)

    def choose_event(self) -> None:
        from kiosk.ui.events_dialog import EventsDialog

        dialog = EventsDialog(self.data, self)
        if dialog.exec() != EventsDialog.DialogCode.Accepted or dialog.chosen is None:
            return
        if self.store.path == self.data.event_db(dialog.chosen):
            return
        new_store = self.data.open(dialog.chosen, self.store.device_name)
        old = self.store
        self._attach(new_store)
        old.close()

    def import_attendees(self) -> None:
        from kiosk.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.store, self)
        if dialog.exec() == ImportDialog.DialogCode.Accepted:
            self.refresh_stats()
            self._refresh_result_rows()

    def refresh_stats(self) -> None:
        try:
            stats = self.open_event.stats()
            self.stats_panel.show_stats(stats)
            empty = self.open_event.attendee_count() == 0
        except KioskError as exc:
            self.stats_panel.headline.setText(self.tr("Statistics unavailable: {0}").format(exc.message))
            return
        was_empty = self.import_nudge.isVisible()
        self.import_nudge.setVisible(empty)
        if empty and self.result_panel.state == "idle":
            self.result_panel.show_message("empty", LOOKS["empty"].headline, "", [
                QT_TRANSLATE_NOOP("ResultPanel",
                                  "Import your attendee list (Ctrl+I) to check people in by ticket or name."),
                QT_TRANSLATE_NOOP("ResultPanel", "Walk-ins can be registered at any time (Ctrl+N).")])
        elif was_empty and not empty and self.result_panel.state == "empty":
            self.result_panel.show_message("idle", LOOKS["idle"].headline, "", [IDLE_LINE])

    def name_desk_once(self) -> None:
        """Ask this laptop's desk name if it never was (see ask_desk_name_once)."""
        name = ask_desk_name_once(self.data, self)
        if name is not None:
            self.store.device_name = name
            self._update_header()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.detector.uninstall(app)
        self._poll_timer.stop()
        self._let_go()
        super().closeEvent(event)

    def _let_go(self, erasing: bool = False) -> None:
        """Stop everything that works on this event's database: before closing or erasing it."""
        grid_window = getattr(self, "grid_window", None)
        if grid_window is not None:
            grid_window.close()
        if self.print_worker is not None:
            self.print_worker.shutdown()
            self.print_worker = None
        self.sync.shutdown(wait=erasing)  # its last round then carries on alone, off screen
        self.search_panel.close_index()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

