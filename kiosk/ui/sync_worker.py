"""Syncs the event with its hub off the GUI thread and tells the window how it is going."""

from __future__ import annotations

import atexit
import logging
import os
import threading

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, QTimer, Signal, Slot

from kiosk.store.event_store import EventStore
from kiosk.sync.loop import SyncLoop, SyncStatus

log = logging.getLogger(__name__)

TICK_MS = 250
EXIT_WAIT_MS = 15000  # TIMEOUT_S of a request in flight, and some


class _Worker(QObject):
    status = Signal(object)  # SyncStatus after every round
    pulled = Signal(int)     # operations from other devices just applied here
    revoked = Signal(str)

    def __init__(self, store: EventStore, interval_s: float, max_backoff_s: float) -> None:
        super().__init__()
        self.desk_store = store
        self.interval_s, self.max_backoff_s = interval_s, max_backoff_s
        self.store: EventStore | None = None
        self.loop: SyncLoop | None = None
        self.timer: QTimer | None = None
        self._data_version = -1
        self.stopping = threading.Event()  # set from the GUI thread, read between requests

    @Slot()
    def start(self) -> None:
        # Its own connection: SQLite connections belong to one thread, and a slow hub must
        # never hold the desk's connection.
        self.store = self.desk_store.reopen()
        self.loop = SyncLoop(self.store, interval_s=self.interval_s, max_backoff_s=self.max_backoff_s,
                             stopping=self.stopping)
        self.status.emit(self.loop.status)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.timer.start(TICK_MS)
        self.tick()

    @Slot()
    def tick(self) -> None:
        assert self.loop is not None and self.store is not None
        # data_version moves when another connection (the desk, the print worker, the CLI)
        # commits: a new check-in is pushed within a fraction of a second.
        version = self.store.data_version()
        if version is not None and version != self._data_version:
            self._data_version = version
            self.loop.changed()
        if not self.loop.due():
            return
        result = self.loop.sync_now()
        self._data_version = self.store.data_version() or self._data_version
        self.status.emit(result)
        if result.pulled:
            self.pulled.emit(result.pulled)
        if result.state == "revoked":
            if self.timer is not None:
                self.timer.stop()
            self.revoked.emit(result.detail)

    @Slot()
    def sync_soon(self) -> None:
        """Try now, even while backing off: the person asked, or the settings changed."""
        if self.loop is not None:
            self.loop.next_at = 0.0
            self.loop.failures = 0
            self.tick()

    @Slot()
    def stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()
        if self.store is not None:
            self.store.close()
            self.store = None
        # From here, not from the GUI thread: a quit() sent before the thread's event loop
        # starts is lost, and one sent from outside may end the loop before this slot runs.
        QThread.currentThread().quit()


class SyncWorker(QObject):
    """Owns the sync thread of one event; `sync_soon()` to try at once."""

    status = Signal(object)
    pulled = Signal(int)
    revoked = Signal(str)
    _sync_soon = Signal()

    def __init__(self, store: EventStore, parent: QObject | None = None, *,
                 interval_s: float = 3.0, max_backoff_s: float = 5.0) -> None:
        super().__init__(parent)
        self.last_status = SyncStatus("unpaired")
        self.retired = False
        self.worker_thread = QThread(self)
        self.worker = _Worker(store, interval_s, max_backoff_s)
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.start)
        self.worker.status.connect(self._forward_status)
        self.worker.pulled.connect(self._forward_pulled)
        self.worker.revoked.connect(self._forward_revoked)
        self._sync_soon.connect(self.worker.sync_soon)
        self.worker_thread.start()

    # A retired worker's last round may end after the window moved on: its words are dropped.
    def _forward_status(self, status: SyncStatus) -> None:
        if not self.retired:
            self.last_status = status
            self.status.emit(status)

    def _forward_pulled(self, count: int) -> None:
        if not self.retired:
            self.pulled.emit(count)

    def _forward_revoked(self, detail: str) -> None:
        if not self.retired:
            self.revoked.emit(detail)

    def sync_soon(self) -> None:
        self._sync_soon.emit()

    def shutdown(self, wait: bool = False) -> None:
        """Stop after the round in hand; whatever is not pushed stays in the outbox on disk.

        Without `wait` it returns at once: a request in flight to a hub that stopped answering
        can take its full timeout, and the window must not freeze meanwhile (closing, switching
        event). The thread finishes on its own, and the process waits for it before exiting.
        With `wait`, the worker's connection is closed on return (before erasing the event)."""
        if self.retired:
            return
        self.retired = True
        if not self.worker_thread.isRunning():
            return
        if not wait:
            # Outlive the window that owned it until the thread ends (connected before the stop:
            # an idle worker may finish at once).
            self.setParent(None)
            _retiring.add(self)
            self.worker_thread.finished.connect(self._finished)  # queued to this (the GUI) thread
        self.worker.stopping.set()  # the round in hand ends after the request in flight
        QMetaObject.invokeMethod(self.worker, "stop", Qt.ConnectionType.QueuedConnection)
        if wait:
            self.worker_thread.wait(EXIT_WAIT_MS)

    def _finished(self) -> None:
        self.worker_thread.wait()  # 'finished' comes just before the thread's very end
        _retiring.discard(self)


_retiring: set[SyncWorker] = set()


@atexit.register
def _wait_for_retiring_workers() -> None:
    # A QThread destroyed while running aborts the process (a core dump, a crash report): let the
    # last rounds end first. A round stops after its request in flight, which times out; if one
    # still has not, leave without destroying anything. Everything recorded is committed already.
    for worker in list(_retiring):
        if not worker.worker_thread.wait(EXIT_WAIT_MS):
            log.warning("sync: a request to the hub did not end in %d s; exiting without it", EXIT_WAIT_MS // 1000)
            logging.shutdown()
            os._exit(0)
