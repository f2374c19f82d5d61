"""Help → Check this laptop…: the same checks as `kiosk doctor`, in a window, each with what to do.

The checks that touch disks, sockets and the event's database run on a worker thread (a printer
that does not answer takes seconds), each shown as it finishes; the Qt ones (window system,
camera, sound) run on the GUI thread, where Qt's objects live.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.doctor.report import FAIL, OK, WARN, Check, Report, collect
from kiosk.doctor.run import qt_plan, run_checks
from kiosk.store.datadir import DataDir
from kiosk.ui.background import Background
from kiosk.ui.translate_marks import QT_TRANSLATE_NOOP

# Words first (never colour alone); colours with at least 4.5:1 contrast on white.
_STATUS = {OK: (QT_TRANSLATE_NOOP("DoctorDialog", "OK"), "#1e6b30"),
           WARN: (QT_TRANSLATE_NOOP("DoctorDialog", "Look at this"), "#8a5300"),
           FAIL: (QT_TRANSLATE_NOOP("DoctorDialog", "Fix this"), "#b3261e")}


class _Progress(QObject):
    checked = Signal(object)  # a Check, from the worker thread to the dialog


class DoctorDialog(QDialog):
    def __init__(self, data: DataDir, device_name: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data, self.device_name = data, device_name
        self.setWindowTitle(self.tr("Check this laptop"))
        self.setAccessibleName(self.tr("Check this laptop"))
        self.resize(900, 520)
        self.report = Report()
        self.summary = QLabel(self.tr("Checking this laptop…"))
        self.summary.setObjectName("doctor_summary")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.summary.setFont(font)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("doctor_checks")
        self.table.setAccessibleName(self.tr("Checks"))
        self.table.setHorizontalHeaderLabels([self.tr("Result"), self.tr("Check"),
                                              self.tr("What was found, and what to do")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.again = QPushButton(self.tr("Check &again"))
        self.again.clicked.connect(self.start)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.again, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self._progress = _Progress(self)
        self._progress.checked.connect(self._add, Qt.ConnectionType.QueuedConnection)
        self._job: Background | None = None
        self.start()

    @property
    def running(self) -> bool:
        return self._job is not None

    def start(self) -> None:
        if self._job is not None:
            return
        self.report = Report()
        self.table.setRowCount(0)
        self.summary.setText(self.tr("Checking this laptop…"))
        self.again.setEnabled(False)
        data, device = self.data, self.device_name
        emit = self._progress.checked.emit
        self._job = Background(lambda: run_checks(data, device, on_check=emit, qt=False), self)
        self._job.done.connect(self._engine_done)
        self._job.start()

    def _add(self, check: Check) -> None:
        self.report.checks.append(check)
        row = self.table.rowCount()
        self.table.insertRow(row)
        words, colour = _STATUS[check.status]
        result = QTableWidgetItem(self.tr(words))
        result.setForeground(QBrush(QColor(colour)))
        bold = result.font()
        bold.setBold(True)
        result.setFont(bold)
        text = check.detail + (f"\n→ {check.advice}" if check.advice and check.status != OK else "")
        self.table.setItem(row, 0, result)
        self.table.setItem(row, 1, QTableWidgetItem(check.name))
        self.table.setItem(row, 2, QTableWidgetItem(text))
        self.table.resizeRowToContents(row)

    def _engine_done(self, _result: object, error: object) -> None:
        self._job = None
        if error is not None:  # run_checks keeps each check's error to itself; this is a last resort
            self._add(Check(self.tr("Checks"), FAIL, self.tr("The checks stopped before the end."),
                            self.tr("Close this and check again.")))
        collect(qt_plan(), self._add)
        self.summary.setText(self.report.summary())
        self.again.setEnabled(True)

    def done(self, result: int) -> None:
        if self._job is not None:
            self._job.done.disconnect(self._engine_done)
            self._job.wait(15000)  # the worker's printers time out in seconds; never left running
        super().done(result)
