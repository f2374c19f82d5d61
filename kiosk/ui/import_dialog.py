"""Import an attendee file from the desk: choose it, say what each column is, check the rows, import.

The window reads the file's first rows and shows its format in words and one drop-down per column
(kiosk/ui/import_mapping.py); each change plans the import again and the counts and row problems
follow. A list with no ticket codes (a sign-up form) imports with codes the app makes, and the
window then says where their tickets were written, with a button to open them. The choices are
remembered for the next file with the same headings (kiosk/importer/preview.py).

Reading and planning run on a worker thread with their own database connection, so a 100k-row
file never freezes the window; the person can cancel while it reads. Importing writes a chunk of
1,000 attendees at a time (check-ins at this and other desks go on meanwhile); a cancelled or
failed import keeps what it wrote, and importing the same file again completes it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
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
from kiosk.importer.made_tickets import MadeTickets, default_codes_csv, keep_secret, write_made_tickets
from kiosk.importer.presets import CODE
from kiosk.importer.preview import FilePreview, preview_file, remember
from kiosk.store.event_store import EventStore
from kiosk.ui.import_mapping import MappingStep

_UNREADABLE = "this file could not be read as a list of attendees"
_PLAN_AGAIN_MS = 250  # a choice changed: plan again once the keys stop


class _ImportWorker(QObject):
    progress = Signal(int, int)
    previewed = Signal(object)
    planned = Signal(object)
    applied = Signal(object)
    failed = Signal(str)
    stage = Signal(str)

    def __init__(self, store: EventStore, path: Path, preview: FilePreview | None = None,
                 choices: list[str] | None = None, codes_csv: bool = False) -> None:
        super().__init__()
        self.db, self.device = store.path, (store.device_id, store.device_name)
        self.path = path
        self.preview = preview
        self.choices = choices
        self.codes_csv = codes_csv
        self.cancelled = False
        self.plan: ImportPlan | None = None

    def _open(self) -> EventStore:
        return EventStore(self.db, *self.device)

    @Slot()
    def make_plan(self) -> None:
        try:
            if self.preview is None:
                self.preview = preview_file(self.path, self.db.parent)
                self.choices = list(self.preview.choices)
                self.previewed.emit(self.preview)
            choices = self.choices or self.preview.choices
            with self._open() as store:
                self.plan = plan_import(self.path, store, progress=self._report, choices=choices,
                                        generate_codes=CODE not in choices)
            self.planned.emit(self.plan)
        except KioskError as exc:
            self.failed.emit(exc.message)
        except Exception:  # a damaged file must end in a message, never a crash
            self.failed.emit(_UNREADABLE)

    @Slot()
    def apply(self) -> None:
        try:
            assert self.plan is not None and self.preview is not None
            plan, choices = self.plan, list(self.choices or self.preview.choices)
            made: MadeTickets | None = None
            with self._open() as store:
                keep_secret(store, plan)
                apply_import(store, plan, progress=self._report)
                try:  # remembering the choices is a help, never a reason to fail an import
                    remember(store.path.parent, plan.headers, choices, CODE not in choices)
                except KioskError:
                    pass
                if plan.generated:
                    self.stage.emit(f"Writing the tickets of {len(plan.generated):,} people…")
                    csv_path = default_codes_csv(store, plan.file) if self.codes_csv else None
                    try:
                        made = write_made_tickets(store, plan, codes_csv=csv_path)
                    except KioskError as exc:
                        self.failed.emit(f"the attendees were imported, but their tickets could not be "
                                         f"written ({exc.message}). Import the file again to write them.")
                        return
            self.applied.emit((plan, made))
        except KioskError as exc:  # another import running, a busy or full disk: in words
            self.failed.emit(exc.message)
        except Exception:
            self.failed.emit("the import stopped before it finished; what was written is kept, "
                             "and importing the file again completes it")

    def _report(self, done: int, total: int) -> bool:
        self.progress.emit(done, total)
        return not self.cancelled


class ImportDialog(QDialog):
    def __init__(self, store: EventStore, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Import attendees")
        self.setAccessibleName("Import attendees")
        self._fit_to_screen()
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setAccessibleName("Chosen file")
        self.choose = QPushButton("&Choose file…")
        self.choose.setAccessibleName("Choose file")
        self.choose.clicked.connect(self._choose)
        self.format = QLabel("Choose a CSV or Excel file: an export from Eventbrite, Tito, pretix or "
                             "Ticket Tailor, a sign-up form's responses, or any spreadsheet with a row "
                             "of headings.")
        self.format.setWordWrap(True)
        self.format.setAccessibleName("What the file looks like")
        self.format.setTextFormat(Qt.TextFormat.PlainText)
        self.step = MappingStep()
        self.step.changed.connect(self._choices_changed)
        self.step.codes_csv.toggled.connect(self._codes_csv_toggled)
        self.step.hide()
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Import summary")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Reading progress")
        self.progress.hide()
        self.problems_label = QLabel("Rows with problems (skipped) and warnings:")
        self.problems = QListWidget()
        self.problems.setAccessibleName("Row problems")
        self.problems.setMaximumHeight(110)
        self.problems_label.hide()
        self.problems.hide()
        self.done_panel = _DonePanel()
        self.done_panel.hide()
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton("C&lose", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button.hide()
        for button, name in ((self.import_button, "Import"), (self.cancel_button, "Cancel"),
                             (self.close_button, "Close")):
            button.setAccessibleName(name)
        self.import_button.clicked.connect(self._apply)
        self.cancel_button.clicked.connect(self._cancel)
        self.close_button.clicked.connect(self.accept)

        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(self.choose)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.format)
        layout.addWidget(self.step, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems)
        layout.addWidget(self.done_panel, 1)
        layout.addWidget(self.buttons)
        self._thread: QThread | None = None
        self._worker: _ImportWorker | None = None
        self._path: Path | None = None
        self._preview: FilePreview | None = None
        self._codes_csv = False
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(_PLAN_AGAIN_MS)
        self._again.timeout.connect(self._plan_again)
        self.choose.setFocus()
        if path is not None:
            self.start(Path(path))

    def _fit_to_screen(self) -> None:
        size = (1120, 700)
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            size = (min(size[0], room.width() - 40), min(size[1], room.height() - 60))
        self.resize(*size)

    def _choose(self) -> None:
        chooser = QFileDialog(self, "Choose the attendee list", "",
                              "Attendee lists (*.csv *.tsv *.txt *.xlsx);;All files (*)")
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.setAccessibleName("Choose the attendee list")
        if chooser.exec() and chooser.selectedFiles():
            self.start(Path(chooser.selectedFiles()[0]))

    def start(self, path: Path) -> None:
        """Read the file's first rows and plan it, on a worker thread; the window fills in after."""
        self._path, self._preview = Path(path), None
        self.file.setText(Path(path).name)  # the whole path on hover: the name is what people recognise
        self.file.setToolTip(str(path))
        self.format.setText(f"Reading {Path(path).name}…")
        self.step.hide()
        self._run()

    def _run(self) -> None:
        self._stop_thread()
        assert self._path is not None
        self.import_button.setEnabled(False)
        self.problems.clear()
        self.progress.setRange(0, 0)
        self.progress.show()
        choices = self.step.choices() if self._preview is not None else None
        self._thread = QThread(self)
        self._worker = _ImportWorker(self.store, self._path, self._preview, choices, self._codes_csv)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.make_plan)
        self._worker.progress.connect(self._on_progress)
        self._worker.previewed.connect(self._on_previewed)
        self._worker.planned.connect(self._on_planned)
        self._worker.applied.connect(self._on_applied)
        self._worker.failed.connect(self._on_failed)
        self._worker.stage.connect(self.summary.setText)
        self._thread.start()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_previewed(self, preview: FilePreview) -> None:
        self._preview = preview
        said = f"{preview.described}. Check what each column holds, then import."
        if preview.remembered:
            said += " These are the choices you made last time for a file with these headings."
        self.format.setText(said)
        bold = self.format.font()
        bold.setBold(True)
        self.format.setFont(bold)
        self.step.show_preview(preview)
        self.step.show()
        self.summary.setText(f"Checking the rows of {preview.name}…")
        if self.step.combos:
            self.step.combos[0].setFocus()

    def _choices_changed(self) -> None:
        self.import_button.setEnabled(False)
        self.summary.setText("Checking the rows again with your choices…")
        self._again.start()

    def _plan_again(self) -> None:
        if self._preview is not None:
            self._run()

    def _codes_csv_toggled(self, on: bool) -> None:
        self._codes_csv = on
        if self._worker is not None:
            self._worker.codes_csv = on

    def _on_planned(self, plan: ImportPlan) -> None:
        self.progress.hide()
        people = "person" if plan.rows == 1 else "people"
        text = (f"{plan.rows:,} {people} in the file: {len(plan.creates):,} new, {len(plan.updates):,} "
                f"updated, {plan.unchanged:,} unchanged")
        if plan.errors:
            text += f"; {len(plan.errors):,} with problems, which will be skipped"
        if plan.generated:
            made = len(plan.generated)
            text += f". A ticket code will be made for {made:,} {'person' if made == 1 else 'people'}"
        self.summary.setText(text + ".")
        for problem in plan.errors[:500]:
            self.problems.addItem(f"Row {problem.row}: {problem.error}")
        for warning in plan.warnings[:500]:
            self.problems.addItem(f"Row {warning.row}: warning: {warning.error}")
        shown = self.problems.count() > 0
        self.problems_label.setVisible(shown)
        self.problems.setVisible(shown)
        self.import_button.setEnabled(bool(plan.creates or plan.updates or plan.generated))

    def _apply(self) -> None:
        if self._worker is None or self._thread is None or self._again.isActive():
            return
        self.import_button.setEnabled(False)
        self.step.setEnabled(False)
        self.summary.setText("Importing… (check-ins go on meanwhile)")
        self.progress.setRange(0, 0)
        self.progress.show()
        # Queued onto the worker's thread: the window stays responsive while it writes.
        QMetaObject.invokeMethod(self._worker, "apply", Qt.ConnectionType.QueuedConnection)

    def _on_applied(self, result: tuple[ImportPlan, MadeTickets | None]) -> None:
        plan, made = result
        self.progress.hide()
        self._stop_thread()
        if made is None:
            self.accept()
            return
        # Made codes: say where the tickets are before the window goes.
        for widget in (self.step, self.problems_label, self.problems, self.summary, self.import_button,
                       self.cancel_button, self.choose):
            widget.hide()
        self.format.setText(f"Imported {plan.file}: {len(plan.creates):,} new, {len(plan.updates):,} "
                            f"updated, {plan.unchanged:,} unchanged.")
        self.done_panel.show_made(made)
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()

    def _on_failed(self, message: str) -> None:
        self.progress.hide()
        self.step.setEnabled(True)
        self.summary.setText(f"Cannot import: {message[:1].upper()}{message[1:]}")
        if self._preview is None:
            self.format.setText(f"Cannot import: {message[:1].upper()}{message[1:]}")
        self.import_button.setEnabled(False)

    def _cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancelled = True
        self._stop_thread()
        self.reject()

    def _stop_thread(self) -> None:
        if self._worker is not None:
            self._worker.cancelled = True
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(30000)
            self._thread = None

    def done(self, result: int) -> None:
        self._again.stop()
        self._stop_thread()
        super().done(result)


class _DonePanel(QWidget):
    """Where the made tickets (and the mail-merge list) are, each with a button that opens it."""

    def __init__(self) -> None:
        super().__init__()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName("Tickets written")
        self.open_tickets = QPushButton("&Open the tickets")
        self.open_tickets.setAccessibleName("Open the tickets")
        self.open_codes = QPushButton("Open the &codes list")
        self.open_codes.setAccessibleName("Open the codes list")
        self.open_codes.hide()
        self.made: MadeTickets | None = None
        self.open_tickets.clicked.connect(lambda: self._open(self.made.pdf if self.made else None))
        self.open_codes.clicked.connect(lambda: self._open(self.made.csv if self.made else None))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_tickets)
        buttons.addWidget(self.open_codes)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def show_made(self, made: MadeTickets) -> None:
        self.made = made
        people = "person" if made.count == 1 else "people"
        text = (f"The list had no ticket codes, so the app made one for each of the {made.count:,} {people}. "
                f"Their tickets (a QR code and name each, to print or send) are saved in:\n{made.pdf}")
        if made.csv is not None:
            text += f"\n\nThe codes for a mail merge (code, name and email) are saved in:\n{made.csv}"
            self.open_codes.show()
        self.message.setText(text)
        self.show()

    @staticmethod
    def _open(path: Path | None) -> None:
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
