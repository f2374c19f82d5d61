"""Prints the queue off the GUI thread and tells the window how the printers are doing."""

from __future__ import annotations

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, QTimer, Signal, Slot

from kiosk.event import OpenEvent
from kiosk.print.queue import Job, PrintQueue
from kiosk.store.datadir import DataDir
from kiosk.store.event_store import EventStore

POLL_MS = 700


class _Worker(QObject):
    job_finished = Signal(object)   # Job, done or failed
    printed = Signal(object, str)   # a Job that printed, and where (the file, for a PDF folder)
    status = Signal(str, int)       # problem text ("" when all is well), jobs waiting

    def __init__(self, data: DataDir, store: EventStore) -> None:
        super().__init__()
        self.data = data
        self.store = store
        self.queue: PrintQueue | None = None
        self.timer: QTimer | None = None

    @Slot()
    def start(self) -> None:
        # A connection of this thread's own: the desk's stays free while a badge prints.
        self.queue = OpenEvent(self.data, self.store.reopen()).print_queue
        # What the printer said it did ("the file written") is kept, so the desk can say where.
        self.notes: dict[str, str] = {}
        make_backend = self.queue.backend_for
        self.queue.backend_for = lambda config: _Noting(make_backend(config), self.notes)  # type: ignore[assignment,return-value]
        self.queue.recover()  # a job the last crash left half-printed waits for staff to decide
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.drain)
        self.timer.start(POLL_MS)
        self.drain()

    @Slot()
    def drain(self) -> None:
        """Print every job that is due, then report the state of the queue."""
        assert self.queue is not None
        problem = ""
        while (job := self.queue.run_once()) is not None:
            self._finished(job)
            if job.state == "failed":
                problem = f"{job.printer}: {job.error}"
                break  # the printer is down: wait for the backoff, keep the others in order
        waiting = self.queue.waiting()
        if not problem and waiting:
            failed = self.queue.jobs(("failed",), limit=1)
            problem = f"{failed[0].printer}: {failed[0].error}" if failed else ""
        self.status.emit(problem, waiting)

    @Slot()
    def retry_now(self) -> None:
        """Staff pressed Retry: every failed job tries again now, not at its next backoff."""
        assert self.queue is not None
        for job in self.queue.jobs(("failed",)):
            if not job.held:
                self._finished(self.queue.print_now(job.id))
        self.drain()

    def _finished(self, job: Job) -> None:
        self.job_finished.emit(job)
        if job.state == "done":
            self.printed.emit(job, self.notes.pop("last", ""))

    @Slot()
    def stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()
        if self.queue is not None:
            self.queue.store.close()


class _Noting:
    """A backend that remembers what its last print returned (the PDF folder's file name)."""

    def __init__(self, backend, notes: dict[str, str]) -> None:
        self.backend, self.notes = backend, notes

    def print_document(self, document) -> str:
        note = self.backend.print_document(document)
        self.notes["last"] = note if isinstance(note, str) else ""
        return note

    def __getattr__(self, name: str):
        return getattr(self.backend, name)


class PrintWorker(QObject):
    """Owns the thread; `poke()` after queueing a job so it prints at once."""

    job_finished = Signal(object)
    printed = Signal(object, str)
    status = Signal(str, int)
    _poke = Signal()
    _retry = Signal()

    def __init__(self, data: DataDir, store: EventStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker_thread = QThread(self)
        self.worker = _Worker(data, store)
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.start)
        self.worker.job_finished.connect(self.job_finished)
        self.worker.printed.connect(self.printed)
        self._retry.connect(self.worker.retry_now)
        self.worker.status.connect(self.status)
        self._poke.connect(self.worker.drain)
        self.worker_thread.start()

    def poke(self) -> None:
        self._poke.emit()

    def retry(self) -> None:
        self._retry.emit()

    def shutdown(self) -> None:
        """Stop after the job in hand; what is still queued stays on disk for the next start."""
        if self.worker_thread.isRunning():
            QMetaObject.invokeMethod(self.worker, "stop", Qt.ConnectionType.BlockingQueuedConnection)
        self.worker_thread.quit()
        self.worker_thread.wait(15000)


__all__ = ["PrintWorker", "Job"]
