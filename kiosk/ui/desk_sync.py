"""The desk's sync on screen: the status button always in view, the background worker, the dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QPushButton

from kiosk.core.errors import KioskError
from kiosk.store.datadir import DataDir
from kiosk.store.event_store import EventStore
from kiosk.sync import loop as sync_loop
from kiosk.sync.client import SyncClient
from kiosk.sync.loop import SKEW_WARNING_S, SyncStatus
from kiosk.ui.desk_language import desk_language
from kiosk.ui.sync_worker import SyncWorker
from kiosk.ui.translate_marks import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from kiosk.hub.host import HubHost
    from kiosk.ui.hub_host import HubHostDialog
    from kiosk.ui.sync_dialog import SyncDialog

# Words carry the meaning; the colour only makes a problem catch the eye across the desk.
_MARKS = {"online": "●", "offline": "○", "unpaired": ""}  # working alone is no problem to mark
_COLOURS = {"offline": "#ffe082", "refused": "#ef9a9a", "revoked": "#ef9a9a"}
REFRESH_MS = 10_000
_qt = QCoreApplication  # translate("DeskSync", …): the words are the desk's, not the engine's


def status_words(status: SyncStatus, checked_in_here: int | None = None) -> str:
    """The sync state for a volunteer. A desk never paired works alone, and that is fine: it says
    so, with the check-ins only this laptop has (not the operation count: a new event has one
    operation, its own creation, which is nothing for staff to wait for)."""
    if status.state != "unpaired":
        return _paired_words(status)
    text = _qt.translate("DeskSync", "Working on this laptop only")
    if status.last_ok_ms and status.pending:  # it was paired once: changes since are not shared
        if status.pending == 1:
            return f"{text} · " + _qt.translate("DeskSync", "1 change not yet shared")
        return f"{text} · " + _qt.translate("DeskSync", "{0} changes not yet shared").format(status.pending)
    if checked_in_here:
        if checked_in_here == 1:
            return f"{text} · " + _qt.translate("DeskSync", "1 check-in not yet shared")
        return f"{text} · " + _qt.translate("DeskSync", "{0} check-ins not yet shared").format(checked_in_here)
    return text


_LABELS = {"online": QT_TRANSLATE_NOOP("DeskSync", "Online"), "offline": QT_TRANSLATE_NOOP("DeskSync", "Offline"),
           "refused": QT_TRANSLATE_NOOP("DeskSync", "Sync refused"),
           "revoked": QT_TRANSLATE_NOOP("DeskSync", "Revoked")}


def _ago(ago_s: int) -> str:
    if ago_s < 10:
        return _qt.translate("DeskSync", "just now")
    if ago_s < 60:
        return _qt.translate("DeskSync", "{0} s ago").format(ago_s)
    if ago_s < 3600:
        return _qt.translate("DeskSync", "{0} min ago").format(ago_s // 60)
    return _qt.translate("DeskSync", "{0} h ago").format(ago_s // 3600)


def _paired_words(status: SyncStatus, now_ms: int | None = None) -> str:
    """kiosk.sync.loop.describe in the desk's language (the command line keeps the English)."""
    now_ms = sync_loop.wall_ms() if now_ms is None else now_ms  # the engine's clock (a test may move it)
    waiting = (_qt.translate("DeskSync", "{0} waiting").format(status.pending) if status.pending
               else _qt.translate("DeskSync", "nothing waiting"))
    if status.last_ok_ms:
        last = _qt.translate("DeskSync", "last sync {0}").format(_ago(max(0, (now_ms - status.last_ok_ms) // 1000)))
    else:
        last = _qt.translate("DeskSync", "never synced")
    label = _qt.translate("DeskSync", _LABELS[status.state]) if status.state in _LABELS else status.state
    text = f"{label} · {waiting} · {last}"
    if abs(status.clock_skew_s) >= SKEW_WARNING_S:
        minutes = round(abs(status.clock_skew_s) / 60)
        if status.clock_skew_s > 0:
            skew = _qt.translate("DeskSync", "this laptop's clock is {0} min ahead of the hub's")
        else:
            skew = _qt.translate("DeskSync", "this laptop's clock is {0} min behind the hub's")
        text += " · " + skew.format(minutes)
    return text


class DeskSync(QObject):
    """Follows the desk's event: `attach(store)` on every change of event, `shutdown()` at the end."""

    pulled = Signal(int)      # operations from other devices arrived
    revoked = Signal(str, str)  # (detail, event slug): the hub revoked this laptop for that event
    joined = Signal(object)   # a pairing made in the dialog (kiosk.sync.pairing.Joined)

    def __init__(self, data: DataDir, window: QMainWindow, count_here: Callable[[], int] | None = None) -> None:
        super().__init__(window)
        self.data, self.window = data, window
        self.count_here = count_here  # check-ins made on this desk, for the unpaired words
        self.store: EventStore | None = None
        self.worker: SyncWorker | None = None
        self.dialog: SyncDialog | None = None
        self.button = QPushButton()
        self.button.setFlat(True)
        self.button.setAccessibleName(self.tr("Sync status"))
        self.button.setAccessibleDescription(self.tr("Opens the sync settings"))
        self.button.clicked.connect(lambda: self.open())
        window.statusBar().addPermanentWidget(self.button)
        # "last sync 40 s ago" must age while a round is far off (a refusal retries after 30 s).
        self.clock = QTimer(self)
        self.clock.timeout.connect(self._refresh)
        self.clock.start(REFRESH_MS)
        # This laptop as the hub (kiosk/ui/hub_host.py): kept while the desk is open, whatever
        # event it shows, and stopped when the desk closes.
        self.host: HubHost | None = None
        self.host_dialog: HubHostDialog | None = None
        window.installEventFilter(self)

    def attach(self, store: EventStore) -> None:
        self.shutdown()
        self.store = store
        self.worker = SyncWorker(store, self)
        self.worker.status.connect(self._show)
        worker, slug = self.worker, self.data.slug_of(store.path)
        self.worker.pulled.connect(self.pulled)
        # Named with the worker's own event, and dropped if the desk has moved on since: a
        # revocation must never erase the event the desk switched to meanwhile.
        def revoked(detail: str) -> None:
            if self.worker is worker:
                self.revoked.emit(detail, slug)

        self.worker.revoked.connect(revoked)
        self._show(self.worker.last_status)
        if self.host_dialog is not None:  # sharing from this laptop: the desk's event now
            self.host_dialog.follow(slug, store.device_name)
        if self.dialog is not None:  # open while the desk moved to the event just paired
            self.dialog.rebind(store)
            self.worker.status.connect(self.dialog.show_status)

    def _refresh(self) -> None:
        if self.worker is not None:
            self._show(self.worker.last_status)

    def shutdown(self, wait: bool = False) -> None:
        if self.worker is not None:
            worker, self.worker = self.worker, None
            worker.shutdown(wait)

    def sync_soon(self) -> None:
        if self.worker is not None:
            self.worker.sync_soon()

    def open(self, scanned: str = "") -> None:
        """Non-modal, so a scanned pairing QR reaches it and check-ins go on meanwhile."""
        from kiosk.ui.sync_dialog import JoinHubDialog, SyncDialog

        # "Join from a hub…" open over the desk (it is modal): the pairing QR is for it.
        modal = QApplication.activeModalWidget()
        if scanned and isinstance(modal, JoinHubDialog) and modal.take_scan(scanned):
            return
        assert self.store is not None
        if self.dialog is None:
            status = self.worker.last_status if self.worker else SyncStatus("unpaired")
            self.dialog = SyncDialog(self.data, self.store, status, self.window, words=self.words)
            self.dialog.sync_requested.connect(self.sync_soon)
            self.dialog.unpaired.connect(self.sync_soon)
            self.dialog.joined.connect(self.joined)
            self.dialog.finished.connect(self._dialog_closed)
            if self.worker is not None:
                self.worker.status.connect(self.dialog.show_status)
        if scanned:
            self.dialog.fill_from_scan(scanned)
        self.dialog.show()
        self.dialog.raise_()

    def open_host(self) -> None:
        """"Share this event from this laptop…": the dialog is kept (hidden when closed), so its
        code and list of desks are there again next time."""
        from kiosk.hub.host import HubHost
        from kiosk.ui.hub_host import HubHostDialog

        assert self.store is not None
        if self.host_dialog is None:
            self.host = HubHost(self.data, self.host_address)
            self.host_dialog = HubHostDialog(self.host, self.data.slug_of(self.store.path),
                                             self.store.device_name, self.window,
                                             paired_with=SyncClient(self.store).hub_url)
            self.host_dialog.started.connect(lambda _url: self.sync_soon())
        self.host_dialog.show()
        self.host_dialog.raise_()
        self.host_dialog.activateWindow()

    host_address: str | None = None  # None: this laptop's network address (the tests give loopback)

    def stop_host(self) -> None:
        if self.host is not None:
            self.host.stop(wait=False)  # the desk closes at once; a thread sees the hub out

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.stop_host()
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.button.setAccessibleName(self.tr("Sync status"))
            if self.window.isVisible():  # a closed desk's event may be closed: nothing to count
                self._refresh()  # the status words in the desk's new language
        return False

    def _dialog_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def words(self, status: SyncStatus) -> str:
        count = None
        if status.state == "unpaired" and self.count_here is not None:
            try:
                count = self.count_here()
            except KioskError:
                count = None
        return status_words(status, count)

    def _show(self, status: SyncStatus) -> None:
        text = self.words(status)
        mark = _MARKS.get(status.state, "⚠")
        self.button.setText(f"{mark} {text}" if mark else text)
        background = _COLOURS.get(status.state)
        self.button.setStyleSheet(
            "QPushButton { font-weight: bold; padding: 2px 8px; color: #212121; border: none;"
            f" border-radius: 3px;{f' background: {background};' if background else ''} }}")
        # The engine's detail is English (it is the command line's too): in another language the
        # tip is the words themselves.
        self.button.setToolTip(status.detail if status.detail and desk_language() == "en" else text)
        self.button.setAccessibleDescription(self.tr("{0}. Opens the sync settings").format(text))
