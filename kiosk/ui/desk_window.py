"""The registration desk window: scan results, search, attendee details, walk-ins, statistics."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMainWindow, QMessageBox,
    QSplitter, QVBoxLayout, QWidget,
)

from kiosk.checkin import CheckinResult, Desk
from kiosk.datadir import DataDir
from kiosk.errors import KioskError
from kiosk.search import SearchHit, SearchIndex
from kiosk.stats import compute_stats
from kiosk.store import EventStore
from kiosk.print.printers import PrinterRegistry
from kiosk.print.queue import DEFAULT_LAYOUT, PrintQueue
from kiosk.ui.actions import add_actions
from kiosk.ui.attendee_panel import AttendeePanel
from kiosk.ui.dialogs import EditAttendeeDialog, SettingsDialog, WalkInDialog
from kiosk.ui.print_worker import PrintWorker
from kiosk.ui.result_panel import ResultPanel, clock_time
from kiosk.ui.scanner import ScanDetector, ScanTiming
from kiosk.ui.sounds import OutcomeSounds
from kiosk.ui.stats_panel import StatsPanel

_CODE_ROLE = Qt.ItemDataRole.UserRole


class _IndexBuilder(QObject):
    """Builds the search index on its own connection, off the GUI thread (seconds at 100k)."""

    built = Signal(object)

    def __init__(self, store: EventStore) -> None:
        super().__init__()
        self.path, self.device_id, self.device_name = store.path, store.device_id, store.device_name

    def run(self) -> None:
        store = EventStore(self.path, self.device_id, self.device_name)
        index = SearchIndex(store)
        index.refresh()
        self.built.emit(index)


class SearchBox(QLineEdit):
    """Down arrow moves into the results; Enter checks in the highlighted person."""

    down = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(event)


class DeskWindow(QMainWindow):
    result_shown = Signal(str)  # the status shown, after the panel has been updated

    def __init__(self, data: DataDir, store: EventStore, timing: ScanTiming | None = None) -> None:
        super().__init__()
        self.data = data
        self.store = store
        self.desk = Desk(store)
        self.index: SearchIndex | None = None
        settings = data.settings()
        self.sounds = OutcomeSounds(self)
        self.sounds.muted = bool(settings.get("muted", False))
        self.resize(1366, 768)

        self.header = QLabel()
        self.header.setAccessibleName("Event and desk")
        self.printer_banner = QLabel()
        self.printer_banner.setObjectName("printerBanner")
        self.printer_banner.setAccessibleName("Printer problem")
        self.printer_banner.setWordWrap(True)
        self.printer_banner.setStyleSheet(
            "#printerBanner { background: #ffd54f; color: #212121; padding: 8px; font-weight: bold; }")
        self.printer_banner.hide()
        self.result_panel = ResultPanel()
        self.attendee_panel = AttendeePanel()
        self.search = SearchBox()
        self.search.setPlaceholderText("Search name, email, organisation or booking ref (Ctrl+F)")
        self.search.setAccessibleName("Search attendees")
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        self.stats_panel = StatsPanel()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.header)
        left_layout.addWidget(self.printer_banner)
        left_layout.addWidget(self.result_panel, 3)
        left_layout.addWidget(self.attendee_panel, 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.search)
        right_layout.addWidget(self.results, 3)
        right_layout.addWidget(self.stats_panel, 2)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([780, 560])
        self.setCentralWidget(splitter)
        self.setTabOrder(self.search, self.results)
        self._build_actions()

        self.search.textChanged.connect(self._run_search)
        self.search.returnPressed.connect(self._check_in_highlighted)
        self.search.down.connect(self._enter_results)
        self.results.currentItemChanged.connect(self._show_highlighted)
        self.results.itemActivated.connect(lambda item: self.check_in(item.data(_CODE_ROLE)))
        self.attendee_panel.check_in_requested.connect(self.check_in)
        self.attendee_panel.undo_requested.connect(self.undo)
        self.attendee_panel.edit_requested.connect(self.edit_attendee)
        self.attendee_panel.print_requested.connect(self.print_badge)
        self.attendee_panel.preview_requested.connect(self.preview_badge)
        self.registry = PrinterRegistry(data)
        self.print_worker: PrintWorker | None = None

        self.detector = ScanDetector(timing or _timing_from(settings))
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
        self._index_thread: QThread | None = None
        self._attach(store)
        self.search.setFocus()  # typing a name works at once; scans work wherever the focus is

    def _attach(self, store: EventStore) -> None:
        """Work on this event: the header, statistics, search index and print queue follow it."""
        self.store = store
        self.desk = Desk(store)
        self.print_queue = PrintQueue(store, self.registry)
        if self.print_worker is not None:
            self.print_worker.shutdown()
        self.print_worker = PrintWorker(self.data, store, self)
        self.print_worker.status.connect(self._printer_status)
        self.index = None
        self.setWindowTitle(f"Check-in desk — {self._event_name()}")
        self._update_header()
        self.result_panel.show_message("idle", "Ready to scan", "", ["Scan a ticket, or search by name."])
        self.attendee_panel.show_attendee(None)
        self.results.clear()
        self.refresh_stats()
        self._start_index_build()

    # -- set-up ---------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        toolbar = self.addToolBar("Desk")
        toolbar.setObjectName("deskToolbar")
        add_actions(self, toolbar, (
            ("&Walk-in…", "Ctrl+N", self.register_walk_in),
            ("&Find", "Ctrl+F", self.focus_search),
            ("&Events…", "Ctrl+E", self.choose_event),
            ("P&rinters…", "Ctrl+Shift+P", self.open_printers),
            ("Pre-print &badges…", "Ctrl+Shift+B", self.pre_print),
            ("Session &grid…", "Ctrl+G", self.open_grid),
            ("&Settings…", "Ctrl+,", self.open_settings),
            ("&Import attendees…", "Ctrl+I", self.import_attendees),
        ))
        self.mute_action = QAction("&Mute", self, checkable=True)
        self.mute_action.setShortcut(QKeySequence("Ctrl+M"))
        self.mute_action.setChecked(self.sounds.muted)
        self.mute_action.toggled.connect(self.set_muted)
        toolbar.addAction(self.mute_action)

    def _start_index_build(self) -> None:
        self._stop_index_thread()
        self._index_thread = QThread(self)
        self._builder = _IndexBuilder(self.store)
        self._builder.moveToThread(self._index_thread)
        self._index_thread.started.connect(self._builder.run)
        self._builder.built.connect(self._index_ready)
        self._builder.built.connect(self._index_thread.quit)
        self._index_thread.start()

    def _stop_index_thread(self) -> None:
        if self._index_thread is not None and self._index_thread.isRunning():
            self._index_thread.quit()
            self._index_thread.wait(30000)

    def _index_ready(self, index: SearchIndex) -> None:
        if index.store.path != self.store.path:  # built for an event we have since left
            index.store.close()
            return
        if self.index is not None:
            self.index.store.close()
        self.index = index
        if self.search.text():
            self._run_search(self.search.text())

    def _event_name(self) -> str:
        return self.store.event_info().get("name", "")

    def _update_header(self) -> None:
        self.header.setText(f"<b>{_escape(self._event_name())}</b> · {_escape(self.store.device_name)}")

    # -- scanning and check-in -----------------------------------------------------------------

    def on_scan(self, raw: str) -> None:
        self.check_in(raw)

    def check_in(self, code_or_scan: str) -> None:
        try:
            result = self.desk.check_in(code_or_scan)
        except (KioskError, sqlite3.Error) as exc:
            self._show_problem("Could not record the check-in", str(exc))
            return
        self.show_result(result)

    def show_result(self, result: CheckinResult) -> None:
        self.result_panel.show_result(result)
        self.attendee_panel.show_attendee(result.attendee)
        self.sounds.play(result.status.value)
        self.result_shown.emit(result.status.value)
        if result.ok and not result.repeat and result.attendee is not None:
            self._auto_print(result.attendee.code)
        self._stats_timer.start()
        self._refresh_result_rows()

    def undo(self, code: str) -> None:
        try:
            result = self.desk.undo(code)
        except (KioskError, sqlite3.Error) as exc:
            self._show_problem("Could not undo", str(exc))
            return
        if result.status == "undone" and result.attendee:
            self.result_panel.show_message("undone", "Check-in undone", result.attendee.display_name)
            self.attendee_panel.show_attendee(result.attendee)
            self._stats_timer.start()
            self._refresh_result_rows()

    # -- printing -------------------------------------------------------------------------------

    def _auto_print(self, code: str) -> None:
        mode = self.data.settings().get("auto_print", "never")
        if mode == "always" or (mode == "first" and not self.print_queue.previous_prints(code)):
            self.print_badge(code, ask=False)

    def print_badge(self, code: str, ask: bool = True) -> None:
        """Queue a badge; a reprint is explicit: the desk is told when and where it was printed."""
        previous = self.print_queue.previous_prints(code)
        if previous and ask:
            last = previous[-1]
            answer = QMessageBox.question(
                self, "Print again?",
                f"This badge was printed at {clock_time(last.at_ms)} on {last.device}. Print it again?")
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            self.print_queue.enqueue_badge(code, again=True)
        except (KioskError, sqlite3.Error) as exc:
            self._show_banner(f"Cannot queue the badge: {exc}")
            return
        if self.print_worker is not None:
            self.print_worker.poke()

    def preview_badge(self, code: str) -> None:
        from kiosk.ui.print_dialogs import BadgePreviewDialog

        attendee = self.desk.attendee(code)
        if attendee is not None:
            layout = self.registry.for_purpose("badges").layout or DEFAULT_LAYOUT
            BadgePreviewDialog(attendee, self._event_name(), self.data.root, layout, self).exec()

    def open_printers(self) -> None:
        from kiosk.model import Attendee
        from kiosk.ui.print_dialogs import PrintersDialog

        sample = Attendee("TEST-BADGE", first_name="Test", last_name="Badge", full_name="Test Badge",
                          organisation="Printer check", ticket_type="Staff")
        PrintersDialog(self.registry, sample, self).exec()

    def open_grid(self) -> None:
        from kiosk.ui.grid_window import GridWindow

        self.grid_window = GridWindow(self.data, self.store, self)
        self.grid_window.show()

    def pre_print(self) -> None:
        from kiosk.ui.preprint_dialog import PrePrintDialog

        PrePrintDialog(self.data, self.store, self).exec()

    def _printer_status(self, problem: str, waiting: int) -> None:
        if problem:
            self._show_banner(f"Printer problem — {problem}. {waiting} badge(s) waiting; they print "
                              "when the printer is back.")
        else:
            self.printer_banner.hide()

    def _show_banner(self, text: str) -> None:
        self.printer_banner.setText(text)
        self.printer_banner.show()

    def _show_problem(self, headline: str, detail: str) -> None:
        self.result_panel.show_message("error", headline, "", [detail])
        self.result_shown.emit("error")

    # -- search ---------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _run_search(self, text: str) -> None:
        self.results.clear()
        if not text.strip():
            return
        if self.index is None:
            placeholder = QListWidgetItem("Preparing search…")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(placeholder)
            return
        for hit in self.index.search(text, 30):
            self.results.addItem(self._item(hit))
        if self.results.count():
            self.results.setCurrentRow(0)

    def _item(self, hit: SearchHit) -> QListWidgetItem:
        mark = "✔ " if hit.checked_in else ""
        status = "" if hit.status == "valid" else f"  [{hit.status.upper()}]"
        item = QListWidgetItem(f"{mark}{hit.name} — {hit.organisation or '—'} · {hit.ticket_type}{status}")
        item.setData(_CODE_ROLE, hit.code)
        item.setData(Qt.ItemDataRole.AccessibleTextRole,
                     f"{hit.name}, {hit.organisation}, {hit.ticket_type}, "
                     f"{'checked in' if hit.checked_in else 'not checked in'}")
        return item

    def _refresh_result_rows(self) -> None:
        """Update the ✔ marks in the list without moving the attendee panel off the person
        just scanned."""
        if self.search.text().strip() and self.index is not None:
            row = self.results.currentRow()
            self.results.blockSignals(True)
            try:
                self._run_search(self.search.text())
                if 0 <= row < self.results.count():
                    self.results.setCurrentRow(row)
            finally:
                self.results.blockSignals(False)

    def _enter_results(self) -> None:
        if self.results.count():
            self.results.setFocus()
            self.results.setCurrentRow(min(self.results.currentRow() + 1, self.results.count() - 1)
                                       if self.results.currentRow() >= 0 else 0)

    def _check_in_highlighted(self) -> None:
        item = self.results.currentItem()
        if item is not None and item.data(_CODE_ROLE):
            self.check_in(item.data(_CODE_ROLE))

    def _show_highlighted(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None and item.data(_CODE_ROLE):
            self.attendee_panel.show_attendee(self.desk.attendee(item.data(_CODE_ROLE)))

    # -- forms ----------------------------------------------------------------------------------

    def register_walk_in(self) -> None:
        types = [r[0] for r in self.store.conn.execute(
            "SELECT DISTINCT ticket_type FROM attendees WHERE ticket_type != '' ORDER BY 1")]
        dialog = WalkInDialog(types, self)
        if dialog.exec() != WalkInDialog.DialogCode.Accepted:
            return
        try:
            result = self.desk.walk_in(**dialog.values())
        except (KioskError, sqlite3.Error) as exc:
            self._show_problem("Could not register the walk-in", str(exc))
            return
        self.show_result(result)

    def edit_attendee(self, code: str) -> None:
        attendee = self.desk.attendee(code)
        if attendee is None:
            return
        dialog = EditAttendeeDialog(attendee, self)
        if dialog.exec() != EditAttendeeDialog.DialogCode.Accepted:
            return
        try:
            updated = self.desk.edit(code, **dialog.values())
        except (KioskError, sqlite3.Error) as exc:
            self._show_problem("Could not save the correction", str(exc))
            return
        self.attendee_panel.show_attendee(updated)
        self._refresh_result_rows()

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.store.device_name, self.detector.timing, self.sounds.muted,
                                self.data.settings().get("auto_print", "never"), self)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        name = dialog.values()["name"]
        timing = dialog.timing()
        self.data.set_device_name(name)
        self.data.update_settings(max_gap_ms=timing.max_gap_ms, min_length=timing.min_length,
                                  end_pause_ms=timing.end_pause_ms,
                                  auto_print=dialog.auto_print.currentData())
        self.store.device_name = name
        self.detector.timing = timing
        self.mute_action.setChecked(dialog.mute.isChecked())
        self._update_header()

    def set_muted(self, muted: bool) -> None:
        self.sounds.muted = muted
        self.data.update_settings(muted=muted)

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
            self.stats_panel.show_stats(compute_stats(self.store))
        except sqlite3.Error as exc:
            self.stats_panel.headline.setText(f"Statistics unavailable: {exc}")

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.detector.uninstall(app)
        self._poll_timer.stop()
        grid_window = getattr(self, "grid_window", None)
        if grid_window is not None:
            grid_window.close()
        if self.print_worker is not None:
            self.print_worker.shutdown()
        self._stop_index_thread()
        if self.index is not None:
            self.index.store.close()
        super().closeEvent(event)


def _timing_from(settings: dict) -> ScanTiming:
    defaults = ScanTiming()
    try:
        return ScanTiming(int(settings.get("max_gap_ms", defaults.max_gap_ms)),
                          int(settings.get("min_length", defaults.min_length)),
                          int(settings.get("end_pause_ms", defaults.end_pause_ms)))
    except (TypeError, ValueError):
        return defaults


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

