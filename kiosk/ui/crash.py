"""An unexpected error in the window: logged without personal data, told in plain words, survived.

Installed once by kiosk/ui/app.py. PySide6 hands an exception a slot did not catch to
`sys.excepthook` (a worker thread's goes to `threading.excepthook`): here it is written to
`logs/crash.log` in the data folder and the person at the desk sees "Something went wrong; your
check-ins are safe" while the window goes on. Every check-in was already committed to the event's
database before anything else ran, so that sentence is true.

The log keeps what a developer needs and nothing about the people at the event: the exception's
kind, and each frame's file (from the package or library down, never the home folder's path),
line and function. Never the message (a KeyError's message is the key: a ticket code or a name),
never local variables.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kiosk import __version__
from kiosk.ui.translate_marks import QT_TRANSLATE_NOOP

LOG_NAME = "crash.log"
MAX_LOG_BYTES = 1024 * 1024  # then the log starts again: a loop of errors must not fill the disk
TITLE = QT_TRANSLATE_NOOP("CrashGuard", "Something went wrong")
TEXT = QT_TRANSLATE_NOOP("CrashGuard", "Something went wrong; your check-ins are safe.")
INFO = QT_TRANSLATE_NOOP(
    "CrashGuard", "The desk keeps running: carry on where you were. If the same thing happens again, close the "
                  "window and open it again. A note for whoever looks after this laptop was saved in {log}.")


def _said(text: str) -> str:
    """Words marked above (context "CrashGuard") in the desk's language."""
    return QCoreApplication.translate("CrashGuard", text)


def _short_path(filename: str) -> str:
    """A frame's file without the folders above the package or library (they hold a user name)."""
    parts = Path(filename).parts
    for anchor in ("kiosk", "site-packages", "dist-packages", "_internal"):
        if anchor in parts:
            i = len(parts) - 1 - parts[::-1].index(anchor)
            return "/".join(parts[i + (anchor != "kiosk"):])
    return parts[-1] if parts else "?"


def describe(exc_type: type[BaseException], tb: TracebackType | None, cause: bool = False) -> str:
    """The log entry: the exception's kind and where it happened, nothing it carried."""
    kind = f"{exc_type.__module__}.{exc_type.__qualname__}"
    lines = [f"caused by {kind}" if cause else f"{time.strftime('%Y-%m-%d %H:%M:%S')} kiosk {__version__}: {kind}"]
    for frame in traceback.extract_tb(tb):
        lines.append(f"  {_short_path(frame.filename)}:{frame.lineno} in {frame.name}")
    return "\n".join(lines) + "\n"


def _chain(exc: BaseException | None) -> list[BaseException]:
    seen: list[BaseException] = []
    while exc is not None and all(exc is not s for s in seen):
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


def write_log(folder: Path, exc: BaseException) -> Path:
    """Append the entry (owner-only file, 0600) and return its path; chained causes are kept too."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / LOG_NAME
    entry = "".join(describe(type(e), e.__traceback__, cause=n > 0) for n, e in enumerate(_chain(exc)))
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
    if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
        flags |= os.O_TRUNC
    fd = os.open(path, flags, 0o600)
    try:
        if hasattr(os, "fchmod"):  # a log made earlier with a wider mode is made owner-only
            os.fchmod(fd, 0o600)
        os.write(fd, entry.encode("utf-8", "replace"))
    finally:
        os.close(fd)
    return path


class CrashGuard(QObject):
    """Logs each unexpected error and shows one plain dialog at a time (more errors while it is up
    are logged, not stacked)."""

    _report = Signal(str)  # from any thread to the GUI thread

    def __init__(self, data_root: Path) -> None:
        super().__init__()
        self.log_folder = Path(data_root) / "logs"
        self.dialog: QMessageBox | None = None
        self.count = 0
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> CrashGuard:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook
        return self

    def uninstall(self) -> None:
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self.thread_excepthook:
            threading.excepthook = self._previous_thread_hook

    def excepthook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):  # Ctrl+C in the terminal that started it
            self._previous_hook(exc_type, exc, tb)
            return
        self._handle(exc)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        self._handle(args.exc_value)

    def _handle(self, exc: BaseException) -> None:
        self.count += 1
        try:
            where = str(write_log(self.log_folder, exc))
        except OSError:
            where = "the data folder (it could not be written: check the disk)"
        self._report.emit(where)

    def _show(self, where: str) -> None:
        if self.dialog is not None:
            return
        parent = QApplication.activeWindow()
        box = QMessageBox(QMessageBox.Icon.Warning, _said(TITLE), _said(TEXT), QMessageBox.StandardButton.Ok,
                          parent if isinstance(parent, QWidget) else None)
        box.setObjectName("crash_dialog")
        box.setInformativeText(_said(INFO).format(log=where))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._closed)
        self.dialog = box
        box.open()  # not exec(): no nested event loop inside an error


    def _closed(self) -> None:
        self.dialog = None


_guard: list[CrashGuard] = []


def install_crash_guard(data_root: Path) -> CrashGuard:
    """Catch what the window does not, from now on (kiosk/ui/app.py calls it once)."""
    for old in _guard:
        old.uninstall()
    _guard[:] = [CrashGuard(data_root).install()]
    return _guard[0]
