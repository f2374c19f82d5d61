"""Badge preview (exactly what will print) and the printers this desk uses."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.core.model import Attendee
from kiosk.print.draw.badge_pdf import BadgeRenderer
from kiosk.print.draw.layout import available_layouts, load_layout
from kiosk.print.printers import PrinterRegistry
from kiosk.ui.background import Background
from kiosk.ui.dialogs import _Form

PREVIEW_DPI = 150


def render_preview(attendee: Attendee, layout_name: str, event_name: str, data_root: Path) -> QPixmap:
    """The badge exactly as printers get it: the same PDF, rendered by the same code."""
    from kiosk.print.draw.raster import render_page

    layout = load_layout(layout_name, data_root)
    if layout.sheet:  # preview one badge, not a whole sheet
        layout = dataclasses.replace(layout, sheet=None)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "preview.pdf"
        BadgeRenderer(layout, event_name).write([attendee], pdf)
        return QPixmap.fromImage(render_page(pdf, PREVIEW_DPI))


class BadgePreviewDialog(QDialog):
    def __init__(self, attendee: Attendee, event_name: str, data_root: Path, layout: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attendee, self.event_name, self.data_root = attendee, event_name, data_root
        self.setWindowTitle(self.tr("Badge preview: {0}").format(attendee.display_name))
        self.setAccessibleName(self.tr("Badge preview"))
        self.layouts = QComboBox()
        self.layouts.setAccessibleName(self.tr("Badge layout"))
        for name in available_layouts(data_root):
            self.layouts.addItem(name, name)
        self.layouts.setCurrentIndex(max(0, self.layouts.findData(layout)))
        self.image = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.image.setAccessibleName(self.tr("Badge as it will print"))
        self.image.setStyleSheet("background: #9e9e9e; padding: 12px;")
        self.error = QLabel()
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout_label = QLabel(self.tr("&Layout:"))
        layout_label.setBuddy(self.layouts)
        layout_row = QHBoxLayout()
        layout_row.addWidget(layout_label)
        layout_row.addWidget(self.layouts, 1)
        box = QVBoxLayout(self)
        box.addLayout(layout_row)
        box.addWidget(self.image, 1)
        box.addWidget(self.error)
        box.addWidget(buttons)
        self.layouts.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.image.setPixmap(render_preview(self.attendee, self.layouts.currentData(),
                                                self.event_name, self.data_root))
            self.error.clear()
        except (KioskError, Exception) as exc:  # a broken user layout must not take the desk down
            self.image.clear()
            self.error.setText(self.tr("Cannot draw this layout: {0}").format(exc))


class NetworkPrinterDialog(_Form):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add a network thermal printer"), parent)
        self.name = self.field(self.tr("&Name"), self.tr("Printer name"), "Thermal")
        self.host = self.field(self.tr("&Address"), self.tr("Printer address (IP or host name)"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(9100)
        self.port.setAccessibleName(self.tr("Port"))
        self.form.addRow(self.tr("&Port"), self.port)
        self.profile = QComboBox()
        self.profile.setEditable(True)
        self.profile.setAccessibleName(self.tr("Printer model"))
        self.profile.addItems(["", "TM-T20II", "TM-T88V", "TM-T88IV", "TM-m30", "POS-5890", "default"])
        self.form.addRow(self.tr("&Model"), self.profile)

    def values(self) -> dict[str, str]:
        return {"name": self.name.text().strip(), "host": self.host.text().strip()}

    def check(self, values: dict[str, str]) -> None:
        if not values["name"] or not values["host"] or " " in values["host"]:
            raise KioskError(self.tr("Give the printer a name and an address such as 192.168.1.50."))

    def uri(self) -> str:
        return f"escpos+tcp://{self.host.text().strip()}:{self.port.value()}"


class PrintersDialog(QDialog):
    """Printers of this machine: add a network printer or a system one, choose, test."""

    def __init__(self, registry: PrinterRegistry, test_attendee: Attendee, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry = registry
        self.test_attendee = test_attendee
        self.setWindowTitle(self.tr("Printers"))
        self.setAccessibleName(self.tr("Printers"))
        self.resize(640, 420)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Printers"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Printer status"))
        self.system = QComboBox()
        self.system.setAccessibleName(self.tr("System printers"))
        buttons = {}
        row = QHBoxLayout()
        for key, text in (("network", self.tr("Add &network printer…")), ("system", self.tr("Add &system printer")),
                          ("badges", self.tr("Use for &badges")), ("slips", self.tr("Use for s&lips")),
                          ("test", self.tr("Print &test badge")), ("remove", self.tr("&Remove"))):
            buttons[key] = QPushButton(text)
            buttons[key].setAccessibleName(text.replace("&", "").rstrip("…"))
            row.addWidget(buttons[key])
        self.buttons = buttons
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("System printers found:"), self.system)
        box = QVBoxLayout(self)
        box.addWidget(self.list, 1)
        box.addLayout(form)
        box.addLayout(row)
        box.addWidget(self.status)
        box.addWidget(close)
        buttons["network"].clicked.connect(self.add_network)
        buttons["system"].clicked.connect(self.add_system)
        buttons["badges"].clicked.connect(lambda: self.assign("badges"))
        buttons["slips"].clicked.connect(lambda: self.assign("slips"))
        buttons["test"].clicked.connect(self.test)
        buttons["remove"].clicked.connect(self.remove)
        self._jobs: list[Background] = []
        self.reload()
        self._jobs.append(Background(self._discover, self))
        self._jobs[-1].done.connect(self._discovered)
        self._jobs[-1].start()

    @staticmethod
    def _discover() -> list[str]:
        from kiosk.print.backends.system import system_printer_names

        return system_printer_names()

    def _discovered(self, names: list[str] | None, error: object) -> None:
        self.system.clear()
        self.system.addItems(list(names or []))
        self.buttons["system"].setEnabled(bool(names))

    def reload(self) -> None:
        self.list.clear()
        purposes = self.registry.purposes()
        for name, printer in self.registry.printers().items():
            words = {"badges": self.tr("badges"), "slips": self.tr("slips")}
            roles = ", ".join(words.get(k, k) for k, v in purposes.items() if v == name)
            item = QListWidgetItem(f"{name} — {printer.uri}" + (f"   [{roles}]" if roles else ""))
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.list.addItem(item)
        self.list.setCurrentRow(0)

    def selected(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def add_network(self) -> None:
        form = NetworkPrinterDialog(self)
        if form.exec() == QDialog.DialogCode.Accepted:
            self._try(lambda: self.registry.add(form.values()["name"], form.uri(), profile=form.profile.currentText()))

    def add_system(self) -> None:
        queue = self.system.currentText()
        if queue:
            self._try(lambda: self.registry.add(queue[:40], f"system:{queue}"))

    def assign(self, purpose: str) -> None:
        name = self.selected()
        if name:
            self._try(lambda: self.registry.assign(purpose, name))

    def remove(self) -> None:
        name = self.selected()
        if name:
            self._try(lambda: self.registry.remove(name))

    def _try(self, action) -> None:
        try:
            action()
            self.status.setText(self.tr("Saved."))
        except KioskError as exc:
            self.status.setText(exc.message)
        self.reload()

    def test(self) -> None:
        name = self.selected()
        if not name:
            return
        self.status.setText(self.tr("Printing a test badge on {0}…").format(name))
        config = self.registry.get(name)
        data_root = self.registry.data.root

        def print_test() -> str:
            from kiosk.print.backends import make_backend
            from kiosk.print.backends.base import Document

            layout = load_layout(config.layout or "badge-4x3", data_root)
            layout = dataclasses.replace(layout, sheet=None)
            with tempfile.TemporaryDirectory() as tmp:
                pdf = Path(tmp) / "test.pdf"
                BadgeRenderer(layout, "Test badge").write([self.test_attendee], pdf)
                return make_backend(config).print_document(Document(pdf, layout.width, layout.height, "test-badge"))

        job = Background(print_test, self)
        job.done.connect(lambda result, error: self.status.setText(
            self.tr("Test badge printed ({0}).").format(result) if error is None
            else self.tr("Test failed: {0}").format(getattr(error, "message", error))))
        self._jobs.append(job.start())

    def done(self, result: int) -> None:
        for job in self._jobs:
            job.wait(10000)
        super().done(result)

