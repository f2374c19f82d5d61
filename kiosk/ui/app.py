"""Starts the desk window on the current event: `kiosk` with no command, or `kiosk demo`."""

from __future__ import annotations

import argparse
import sys

from kiosk.datadir import DataDir, resolve_data_dir


def run(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.desk_window import DeskWindow

    data = DataDir(resolve_data_dir(getattr(args, "data", None)))
    store = data.open_current(getattr(args, "device", None))  # refused (exit 1) with no event
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Event Kiosk")
    window = DeskWindow(data, store)
    window.show()
    try:
        return app.exec()
    finally:
        store.close()
