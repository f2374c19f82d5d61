"""Pre-print badges before the day: all, or those not printed yet, sorted by surname, into one PDF
for the office printer; with progress and cancel, off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.print.batch import batch_codes, mark_printed, write_batch
from kiosk.print.draw.layout import available_layouts, load_layout
from kiosk.store.datadir import DataDir
from kiosk.store.event_store import EventStore


class _BatchWorker(QObject):
    progress = Signal(int, int)
    finished = Signal(int, str)  # badges written, error ("" when done)

    def __init__(self, store: EventStore, data: DataDir, not_printed: bool, layout: str, out: Path,
                 mark: bool) -> None:
        super().__init__()
        self.db, self.device = store.path, (store.device_id, store.device_name)
        self.data, self.not_printed, self.layout, self.out, self.mark = data, not_printed, layout, out, mark
        self.cancelled = False

    @Slot()
    def run(self) -> None:
        try:
            with EventStore(self.db, *self.device) as store:
                codes = batch_codes(store, self.not_printed)
                layout = load_layout(self.layout, self.data.root)
                count = write_batch(store, codes, layout, self.out, self._report)
                if self.mark and count:
                    mark_printed(store, codes, f"pre-print ({layout.name})")
            self.finished.emit(count, "")
        except KioskError as exc:
            self.finished.emit(0, exc.message)
        except Exception as exc:  # a full disk, a broken layout: a message, not a crash
            self.finished.emit(0, f"{type(exc).__name__}: {exc}")

    def _report(self, done: int, total: int) -> bool:
        if done % 10 == 0 or done == total:
            self.progress.emit(done, total)
        return not self.cancelled


class PrePrintDialog(QDialog):
    def __init__(self, data: DataDir, store: EventStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data, self.store = data, store
        self.setWindowTitle(self.tr("Pre-print badges"))
        self.setAccessibleName(self.tr("Pre-print badges"))
        self.not_printed = QRadioButton(self.tr("Only badges &not printed yet"))
        self.not_printed.setChecked(True)
        self.all = QRadioButton(self.tr("&All badges"))
        self.layout_box = QComboBox()
        self.layout_box.setAccessibleName(self.tr("Layout"))
        for name in available_layouts(data.root):
            self.layout_box.addItem(name, name)
        self.layout_box.setCurrentIndex(max(0, self.layout_box.findData("a4-sheet-6x-4x3")))
        self.out = QLineEdit(str(data.root / "prints" / "pre-print.pdf"))
        self.out.setAccessibleName(self.tr("Save the PDF as"))
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self._browse)
        self.mark = QCheckBox(self.tr("&Mark these badges as printed (desks will ask before printing them again)"))
        self.mark.setChecked(True)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.hide()  # an idle, empty bar reads as a text box: it shows once drawing starts
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Pre-print status"))
        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton(self.tr("&Start"), QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._cancel)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.not_printed)
        form.addRow(self.all)
        form.addRow(self.tr("&Layout"), self.layout_box)
        form.addRow(self.tr("Save as"), out_row)
        form.addRow(self.mark)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.progress)
        box.addWidget(self.status)
        box.addWidget(self.buttons)
        self._thread: QThread | None = None
        self._worker: _BatchWorker | None = None
        self.written = 0

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save badges as"), self.out.text(), "PDF (*.pdf)")
        if name:
            self.out.setText(name)

    def start(self) -> None:
        self.start_button.setEnabled(False)
        self.status.setText(self.tr("Drawing badges…"))
        self.progress.setRange(0, 0)  # busy until the first count arrives
        self.progress.show()
        self._thread = QThread(self)
        self._worker = _BatchWorker(self.store, self.data, self.not_printed.isChecked(),
                                    self.layout_box.currentData(), Path(self.out.text()), self.mark.isChecked())
        self._worker.moveToThread(self._thread)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._thread.started.connect(self._worker.run)
        self._thread.start()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(self.tr("{0} of {1} badges drawn…").format(done, total))

    def _on_finished(self, count: int, error: str) -> None:
        self._stop()
        self.written = count
        self.start_button.setEnabled(True)
        if error:
            self.status.setText(self.tr("Not done: {0}").format(error))
        else:
            self.status.setText(self.tr("{0} badges saved to {1}.").format(count, self.out.text()) if count else
                                self.tr("No badges to print: every badge has been printed."))
            self.cancel_button.setText(self.tr("Close"))

    def _cancel(self) -> None:
        if self._worker is not None and self._thread is not None and self._thread.isRunning():
            self._worker.cancelled = True
            return  # the worker stops at the next badge and reports
        self.reject()

    def _stop(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(30000)
            self._thread = None

    def done(self, result: int) -> None:
        if self._worker is not None:
            self._worker.cancelled = True
        self._stop()
        super().done(result)

