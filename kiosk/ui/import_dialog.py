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
from kiosk.ui.translate_marks import QT_TRANSLATE_NOOP

_UNREADABLE = QT_TRANSLATE_NOOP("_ImportWorker", "this file could not be read as a list of attendees")
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
            self.failed.emit(self.tr(_UNREADABLE))

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
                    self.stage.emit(self.tr("Writing the tickets of {0} people…").format(f"{len(plan.generated):,}"))
                    csv_path = default_codes_csv(store, plan.file) if self.codes_csv else None
                    try:
                        made = write_made_tickets(store, plan, codes_csv=csv_path)
                    except KioskError as exc:
                        self.failed.emit(self.tr("the attendees were imported, but their tickets could not be "
                                                 "written ({0}). Import the file again to write them.").format(
                            exc.message))
                        return
            self.applied.emit((plan, made))
        except KioskError as exc:  # another import running, a busy or full disk: in words
            self.failed.emit(exc.message)
        except Exception:
            self.failed.emit(self.tr("the import stopped before it finished; what was written is kept, "
                                     "and importing the file again completes it"))

    def _report(self, done: int, total: int) -> bool:
        self.progress.emit(done, total)
        return not self.cancelled


class ImportDialog(QDialog):
    def __init__(self, store: EventStore, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("Import attendees"))
        self.setAccessibleName(self.tr("Import attendees"))
        self._fit_to_screen()
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setAccessibleName(self.tr("Chosen file"))
        self.choose = QPushButton(self.tr("&Choose file…"))
        self.choose.setAccessibleName(self.tr("Choose file"))
        self.choose.clicked.connect(self._choose)
        self.format = QLabel(self.tr("Choose a CSV or Excel file: an export from Eventbrite, Tito, pretix or "
                                     "Ticket Tailor, a sign-up form's responses, or any spreadsheet with a row "
                                     "of headings."))
        self.format.setWordWrap(True)
        self.format.setAccessibleName(self.tr("What the file looks like"))
        self.format.setTextFormat(Qt.TextFormat.PlainText)
        self.step = MappingStep()
        self.step.changed.connect(self._choices_changed)
        self.step.codes_csv.toggled.connect(self._codes_csv_toggled)
        self.step.hide()
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Import summary"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Reading progress"))
        self.progress.hide()
        self.problems_label = QLabel(self.tr("Rows with problems (skipped) and warnings:"))
        self.problems = QListWidget()
        self.problems.setAccessibleName(self.tr("Row problems"))
        self.problems.setMaximumHeight(110)
        self.problems_label.hide()
        self.problems.hide()
        self.done_panel = _DonePanel()
        self.done_panel.hide()
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(self.tr("C&lose"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button.hide()
        for button, name in ((self.import_button, self.tr("Import")), (self.cancel_button, self.tr("Cancel")),
                             (self.close_button, self.tr("Close"))):
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
        chooser = QFileDialog(self, self.tr("Choose the attendee list"), "",
                              self.tr("Attendee lists (*.csv *.tsv *.txt *.xlsx);;All files (*)"))
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.setAccessibleName(self.tr("Choose the attendee list"))
        if chooser.exec() and chooser.selectedFiles():
            self.start(Path(chooser.selectedFiles()[0]))

    def start(self, path: Path) -> None:
        """Read the file's first rows and plan it, on a worker thread; the window fills in after."""
        self._path, self._preview = Path(path), None
        self.file.setText(Path(path).name)  # the whole path on hover: the name is what people recognise
        self.file.setToolTip(str(path))
        self.format.setText(self.tr("Reading {0}…").format(Path(path).name))
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
        said = f"{preview.described}. " + self.tr("Check what each column holds, then import.")
        if preview.remembered:
            said += " " + self.tr("These are the choices you made last time for a file with these headings.")
        self.format.setText(said)
        bold = self.format.font()
        bold.setBold(True)
        self.format.setFont(bold)
        self.step.show_preview(preview)
        self.step.show()
        self.summary.setText(self.tr("Checking the rows of {0}…").format(preview.name))
        if self.step.combos:
            self.step.combos[0].setFocus()

    def _choices_changed(self) -> None:
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Checking the rows again with your choices…"))
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
        text = (self.tr("1 person in the file") if plan.rows == 1
                else self.tr("{0} people in the file").format(f"{plan.rows:,}"))
        text += ": " + self.tr("{0} new, {1} updated, {2} unchanged").format(
            f"{len(plan.creates):,}", f"{len(plan.updates):,}", f"{plan.unchanged:,}")
        if plan.errors:
            text += "; " + self.tr("{0} with problems, which will be skipped").format(f"{len(plan.errors):,}")
        if plan.generated:
            made = len(plan.generated)
            text += ". " + (self.tr("A ticket code will be made for 1 person") if made == 1
                            else self.tr("A ticket code will be made for {0} people").format(f"{made:,}"))
        self.summary.setText(text + ".")
        for problem in plan.errors[:500]:
            self.problems.addItem(self.tr("Row {0}: {1}").format(problem.row, problem.error))
        for warning in plan.warnings[:500]:
            self.problems.addItem(self.tr("Row {0}: warning: {1}").format(warning.row, warning.error))
        shown = self.problems.count() > 0
        self.problems_label.setVisible(shown)
        self.problems.setVisible(shown)
        self.import_button.setEnabled(bool(plan.creates or plan.updates or plan.generated))

    def _apply(self) -> None:
        if self._worker is None or self._thread is None or self._again.isActive():
            return
        self.import_button.setEnabled(False)
        self.step.setEnabled(False)
        self.summary.setText(self.tr("Importing… (check-ins go on meanwhile)"))
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
        self.format.setText(self.tr("Imported {0}").format(plan.file) + ": " + self.tr(
            "{0} new, {1} updated, {2} unchanged").format(
            f"{len(plan.creates):,}", f"{len(plan.updates):,}", f"{plan.unchanged:,}") + ".")
        self.done_panel.show_made(made)
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()

    def _on_failed(self, message: str) -> None:
        self.progress.hide()
        self.step.setEnabled(True)
        said = self.tr("Cannot import: {0}").format(f"{message[:1].upper()}{message[1:]}")
        self.summary.setText(said)
        if self._preview is None:
            self.format.setText(said)
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
        self.message.setAccessibleName(self.tr("Tickets written"))
        self.open_tickets = QPushButton(self.tr("&Open the tickets"))
        self.open_tickets.setAccessibleName(self.tr("Open the tickets"))
        self.open_codes = QPushButton(self.tr("Open the &codes list"))
        self.open_codes.setAccessibleName(self.tr("Open the codes list"))
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
        text = (self.tr("The list had no ticket codes, so the app made one for the 1 person. "
                        "Their ticket (a QR code and name, to print or send) is saved in:\n{0}").format(made.pdf)
                if made.count == 1 else
                self.tr("The list had no ticket codes, so the app made one for each of the {0} people. "
                        "Their tickets (a QR code and name each, to print or send) are saved in:\n{1}").format(
                    f"{made.count:,}", made.pdf))
        if made.csv is not None:
            text += "\n\n" + self.tr("The codes for a mail merge (code, name and email) are saved in:\n{0}").format(
                made.csv)
            self.open_codes.show()
        self.message.setText(text)
        self.show()

    @staticmethod
    def _open(path: Path | None) -> None:
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
