"""The checks that ask Qt: the window system's plugin, a camera, sound, and system printers.

Qt is imported only when a check runs, so `kiosk doctor` starts like every other command. Qt's
own log lines (PulseAudio, VA-API, pipewire probing) are kept off the terminal while they run:
the report says what matters in words.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from kiosk.doctor.report import FAIL, OK, WARN, Check
from kiosk.print.printers import PrinterConfig

_PLUGIN_FILE = {"linux": "libq{}.so", "win32": "q{}.dll", "darwin": "libq{}.dylib"}


@contextlib.contextmanager
def quiet_qt() -> Iterator[None]:
    from PySide6.QtCore import qInstallMessageHandler

    previous = qInstallMessageHandler(lambda *_args: None)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def _core_app() -> None:
    """Qt Multimedia needs an application object; a command has none, so it gets a GUI-less one
    (the desk already has its QApplication)."""
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is None:
        _core_app.app = QCoreApplication([])  # type: ignore[attr-defined]  # kept alive


def _wanted_platform() -> str:
    forced = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip()
    if forced:
        return forced
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "cocoa"
    return "wayland" if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY") else "xcb"


def _plugin_folders() -> list[Path]:
    from PySide6.QtCore import QCoreApplication, QLibraryInfo

    folders = [Path(p) for p in QCoreApplication.libraryPaths()]
    folders.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)))
    folders += [Path(p) for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    return [f / "platforms" for f in dict.fromkeys(folders)]


def window_system() -> Check:
    """Qt's platform plugin is there and loads (on Linux, the system libraries it links are there)."""
    name = "Window system"
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        return Check(name, OK, f"Windows open through Qt's '{QGuiApplication.platformName()}' plugin.")
    wanted = _wanted_platform()
    pattern = _PLUGIN_FILE.get(sys.platform, _PLUGIN_FILE["linux"]).format(wanted)
    plugin = next((f / pattern for f in _plugin_folders() if (f / pattern).is_file()), None)
    if plugin is None:
        return Check(name, FAIL, f"Qt's '{wanted}' plugin, which draws the window, is missing.",
                     "Download and unpack (or install) the app again: part of it is missing.")
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(str(plugin))
        except OSError as exc:
            lib = re.search(r"(lib[\w.+-]+\.so[\d.]*)", str(exc))
            needed = lib.group(1) if lib and lib.group(1) != plugin.name else "a system library"
            return Check(name, FAIL, f"The window cannot open: this laptop lacks {needed}, which Qt's "
                                     f"'{wanted}' plugin needs.",
                         "Install it (on Debian or Ubuntu: sudo apt install libxcb-cursor0 libxkbcommon-x11-0, "
                         "or scripts/install-system-deps.sh).")
        if wanted in ("xcb", "wayland") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            return Check(name, WARN, "No screen here (no display): the window can only open on the laptop's "
                                     "own desktop.", "Start the app from the laptop's desktop, not over SSH.")
    return Check(name, OK, f"Qt's '{wanted}' plugin is there to draw the window.")


def camera() -> Check:
    name = "Camera"
    with quiet_qt():
        from PySide6.QtMultimedia import QMediaDevices, QMediaFormat

        _core_app()
        inputs = QMediaDevices.videoInputs()
        # Without Qt's FFmpeg media plugin no camera frame reaches the reader: it decodes nothing.
        backend = bool(QMediaFormat().supportedVideoCodecs(QMediaFormat.ConversionMode.Decode))
    if not backend:
        return Check(name, WARN, "The camera reader cannot work on this laptop: Qt's media plugin (FFmpeg) did "
                                 "not load. Tickets can still be scanned with a barcode scanner or typed.",
                     "Download and unpack (or install) the app again: part of it is missing.")
    if not inputs:
        return Check(name, WARN, "No camera found: tickets can still be scanned with a barcode scanner or typed.",
                     "Plug in a webcam if this desk should read tickets with a camera.")
    names = ", ".join(device.description() for device in inputs[:3])
    return Check(name, OK, f"{len(inputs)} camera{'s' if len(inputs) != 1 else ''}: {names}.")


def sound() -> Check:
    name = "Sound"
    with quiet_qt():
        from PySide6.QtMultimedia import QMediaDevices

        _core_app()
        outputs = QMediaDevices.audioOutputs()
    if not outputs:
        return Check(name, WARN, "No speakers found: check-ins will be silent (the screen still shows each one).",
                     "Plug in speakers or headphones if the desk should beep on each check-in.")
    speakers = QMediaDevices.defaultAudioOutput().description() or "the speakers"
    return Check(name, OK, f"Check-in sounds play on {speakers}.")


def system_printer(config: PrinterConfig) -> Check:
    """A CUPS or Windows queue: is it installed, and is it not stopped?"""
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    from kiosk.print.draw.text_engine import qt_text_ready

    title = f"Printer '{config.name}'"
    queue = config.uri.split(":", 1)[1].strip("/")
    with quiet_qt():
        qt_text_ready()
        info = QPrinterInfo.printerInfo(queue)
    if info.isNull():
        return Check(title, FAIL, f"No printer called '{queue}' is installed on this laptop.",
                     "Install the printer in the system's printer settings, or choose another under Printers…")
    state = info.state()
    if state in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        return Check(title, FAIL, f"The system printer '{queue}' is stopped or reports an error.",
                     "Open the system's printer settings, fix what it shows, and resume the printer.")
    busy = " (printing now)" if state == QPrinter.PrinterState.Active else ""
    return Check(title, OK, f"The system printer '{queue}' is ready{busy}.")
