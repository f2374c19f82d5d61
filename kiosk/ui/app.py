"""Starts the desk window on the current event (`kiosk` with no command, or `kiosk demo`), or the
self-service kiosk (`kiosk --mode kiosk`)."""

from __future__ import annotations

import argparse
import os
import sys

from kiosk.core.errors import UsageError
from kiosk.store.datadir import DataDir, resolve_data_dir


def _check_display() -> None:
    """Qt aborts the whole process without a display; say so plainly instead."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    ):
        raise UsageError("no display to open the desk window on; use the commands "
                         "(kiosk --help), 'kiosk demo --no-gui', or set QT_QPA_PLATFORM=offscreen")


def run(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.qt_messages import install as quiet_qt_messages

    _check_display()
    quiet_qt_messages()  # before Qt's multimedia loads: its chatter is not for volunteers
    data = DataDir(resolve_data_dir(getattr(args, "data", None)))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from kiosk.ui.gc_guard import GuiThreadCollector

    GuiThreadCollector(parent=app)  # cyclic garbage (widgets among it) is freed on this thread only
    app.setApplicationName("Event Kiosk")
    from kiosk.ui.crash import install_crash_guard

    install_crash_guard(data.root)  # an error nobody caught: logged without names, told plainly, survived
    if getattr(args, "mode", "desk") == "kiosk" and getattr(args, "command", None) is None:
        from kiosk.ui.selfservice.launch import run_kiosk_mode

        return run_kiosk_mode(data, getattr(args, "device", None))
    from kiosk.ui.desk_window import DeskWindow
    from kiosk.ui.events_dialog import EventsDialog

    name_it = not getattr(args, "device", None)  # --device NAME names it already
    if name_it and data.current_slug() is None:
        from kiosk.ui.dialogs import ask_desk_name_once

        # A fresh machine: the name first, before an event is created under the computer's name.
        ask_desk_name_once(data)
    if data.current_slug() is None:
        # A fresh machine: let the person create an event or try the demo, not a refusal.
        chooser = EventsDialog(data)
        if chooser.exec() != EventsDialog.DialogCode.Accepted:
            return 0
    store = data.open_current(getattr(args, "device", None))
    window = DeskWindow(data, store)
    window.show()
    from kiosk.ui.demo_tickets import prepare_demo_tickets

    prepare_demo_tickets(window.store, window)  # the demo's tickets PDF, written after the window shows
    if name_it:
        # Over the window, which goes on loading behind it; no check-in is made before the answer.
        window.name_desk_once()
    try:
        return app.exec()
    finally:
        window.store.close()
