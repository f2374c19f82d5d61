"""The demo's sample tickets, written on a worker thread while the desk is already usable.

A first `kiosk demo` used to build the tickets PDF before the window appeared, and "Open the demo
event" froze the window for seconds doing the same. Now the window comes first; the status bar
says the sheet is being prepared, then offers to open it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QPushButton

from kiosk.demo.event import demo_tickets_job
from kiosk.store.event_store import EventStore
from kiosk.ui.background import Background

# Sheets being written, by path: a second request while one runs joins it rather than racing it.
_RUNNING: dict[Path, Background] = {}


def prepare_demo_tickets(store: EventStore, window: QMainWindow | None = None) -> Background | None:
    """Start writing the demo's tickets PDF if it is missing; report in `window`'s status bar."""
    job = demo_tickets_job(store)
    if job is None:
        return None
    out = store.path.parent
    if out in _RUNNING:
        return _RUNNING[out]
    owner: QObject | None = window if window is not None else QApplication.instance()
    status = _Status(window) if window is not None else None
    work = Background(job, owner)
    _RUNNING[out] = work

    def finished(result: object, error: object) -> None:
        _RUNNING.pop(out, None)
        if status is not None:
            status.finish(result if isinstance(result, Path) else None)

    work.done.connect(finished)
    return work.start()


class _Status:
    """"Preparing sample tickets…", then "Sample tickets ready" with Open, in the status bar."""

    def __init__(self, window: QMainWindow) -> None:
        self.bar = window.statusBar()
        self.label = QLabel(QCoreApplication.translate("DemoTickets", "Preparing sample tickets to scan…"))
        self.label.setAccessibleName(QCoreApplication.translate("DemoTickets", "Sample tickets"))
        self.open = QPushButton(QCoreApplication.translate("DemoTickets", "Open sample tickets"))
        self.open.setAccessibleName(QCoreApplication.translate("DemoTickets", "Open the sample tickets to scan"))
        self.open.hide()
        self.bar.addWidget(self.label)
        self.bar.addWidget(self.open)
        self.path: Path | None = None
        self.open.clicked.connect(self._open)

    def finish(self, path: Path | None) -> None:
        self.path = path
        if path is None:
            self.label.setText(QCoreApplication.translate(
                "DemoTickets", "The sample tickets could not be written; the desk works without them."))
            return
        self.label.setText(QCoreApplication.translate(
            "DemoTickets", "Sample tickets ready to scan from the screen or print."))
        self.open.show()

    def _open(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))
