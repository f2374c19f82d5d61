"""Import an attendee file from the desk: choose it, preview format, mapping and row errors, import.

Reading and planning run on a worker thread with their own database connection, so a 100k-row
file never freezes the window; the person can cancel while it reads. Importing writes a chunk of
1,000 attendees at a time (check-ins at this and other desks go on meanwhile); a cancelled or
failed import keeps what it wrote, and importing the same file again completes it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.importer import ImportPlan, apply_import, plan_import
from kiosk.store.event_store import EventStore


class _ImportWorker(QObject):
    progress = Signal(int, int)
    planned = Signal(object)
    applied = Signal(object)
    failed = Signal(str)

    def __init__(self, store: EventStore, path: Path) -> None:
        super().__init__()
        self.db, self.device = store.path, (store.device_id, store.device_name)
        self.path = path
        self.cancelled = False
        self.plan: ImportPlan | None = None

    def _open(self) -> EventStore:
        return EventStore(self.db, *self.device)

    @Slot()
    def make_plan(self) -> None:
        try:
            with self._open() as store:
                self.plan = plan_import(self.path, store, progress=self._report)
            self.planned.emit(self.plan)
        except KioskError as exc:
            self.failed.emit(exc.message)
        except Exception as exc:  # a damaged file must end in a message, never a crash
            self.failed.emit(f"{type(exc).__name__}: {exc}")

    @Slot()
    def apply(self) -> None:
        try:
            assert self.plan is not None
            with self._open() as store:
                apply_import(store, self.plan, progress=self._report)
            self.applied.emit(self.plan)
        except KioskError as exc:  # another import running, a busy or full disk: in words
            self.failed.emit(exc.message)
        except Exception as exc:
            self.failed.emit(f"{type(exc).__name__}: {exc}")

    def _report(self, done: int, total: int) -> bool:
        self.progress.emit(done, total)
        return not self.cancelled


class ImportDialog(QDialog):
    def __init__(self, store: EventStore, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Import attendees")
        self.setAccessibleName("Import attendees")
        self.resize(760, 560)
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setAccessibleName("Chosen file")
        choose = QPushButton("&Choose file…")
        choose.clicked.connect(self._choose)
        self.summary = QLabel("Choose a CSV or .xlsx export (Eventbrite, Tito, pretix, Ticket Tailor or any sheet).")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Import summary")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Reading progress")
        self.progress.hide()
        self.mapping = QListWidget()
        self.mapping.setAccessibleName("Column mapping")
        self.problems = QListWidget()
        self.problems.setAccessibleName("Row problems")
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.clicked.connect(self._apply)
        self.cancel_button.clicked.connect(self._cancel)

        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(choose)
        lists = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(QLabel("Columns read as:"))
        left.addWidget(self.mapping)
        right.addWidget(QLabel("Rows with problems (skipped) and warnings:"))
        right.addWidget(self.problems)
        lists.addLayout(left, 1)
        lists.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addLayout(lists, 1)
        layout.addWidget(self.buttons)
        self._thread: QThread | None = None
        self._worker: _ImportWorker | None = None
        if path is not None:
            self.start(Path(path))

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Attendee file", "",
                                              "Attendee lists (*.csv *.tsv *.txt *.xlsx);;All files (*)")
        if name:
            self.start(Path(name))

    def start(self, path: Path) -> None:
        """Read and plan the file on a worker thread; the preview fills in when it is done."""
        self._stop_thread()
        self.file.setText(str(path))
        self.import_button.setEnabled(False)
        self.mapping.clear()
        self.problems.clear()
        self.summary.setText(f"Reading {path.name}…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self._thread = QThread(self)
        self._worker = _ImportWorker(self.store, path)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.make_plan)
        self._worker.progress.connect(self._on_progress)
        self._worker.planned.connect(self._on_planned)
        self._worker.applied.connect(self._on_applied)
        self._worker.failed.connect(self._on_failed)
        self._thread.start()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_planned(self, plan: ImportPlan) -> None:
        self.progress.hide()
        self.summary.setText(
            f"Read as {plan.format} ({plan.source}): {plan.rows} rows — {len(plan.creates)} new, "
            f"{len(plan.updates)} updated, {plan.unchanged} unchanged, {len(plan.errors)} with problems."
        )
        for field_name, header in plan.mapping.items():
            self.mapping.addItem(f"{header}  →  {field_name}")
        for problem in plan.errors[:500]:
            self.problems.addItem(f"Row {problem.row}: {problem.error}")
        for warning in plan.warnings[:500]:
            self.problems.addItem(f"Row {warning.row}: warning: {warning.error}")
        self.import_button.setEnabled(bool(plan.creates or plan.updates))

    def _apply(self) -> None:
        if self._worker is None or self._thread is None:
            return
        self.import_button.setEnabled(False)
        self.summary.setText("Importing… (check-ins go on meanwhile)")
        self.progress.setRange(0, 0)
        self.progress.show()
        # Queued onto the worker's thread: the window stays responsive while it writes.
        QMetaObject.invokeMethod(self._worker, "apply", Qt.ConnectionType.QueuedConnection)

    def _on_applied(self, plan: ImportPlan) -> None:
        self.progress.hide()
        self._stop_thread()
        self.accept()

    def _on_failed(self, message: str) -> None:
        self.progress.hide()
        self.summary.setText(f"Cannot import: {message}")
        self.import_button.setEnabled(False)

    def _cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancelled = True
        self._stop_thread()
        self.reject()

    def _stop_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(30000)
            self._thread = None

    def done(self, result: int) -> None:
        self._stop_thread()
        super().done(result)

