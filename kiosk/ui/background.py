"""Runs one slow call off the GUI thread and hands its result (or its error) back by signal."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Signal


class _Call(QObject):
    finished = Signal(object, object)  # result, error

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the person by the caller, never a crash
            self.finished.emit(None, exc)
            return
        self.finished.emit(result, None)


class Background(QObject):
    """Keeps the thread and call alive until done; `done(result, error)` runs on the GUI thread."""

    done = Signal(object, object)

    def __init__(self, fn: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thread = QThread(self)
        self.call = _Call(fn)
        self.call.moveToThread(self.thread)
        self.thread.started.connect(self.call.run)
        self.call.finished.connect(self._finish)

    def start(self) -> "Background":
        self.thread.start()
        return self

    def _finish(self, result: object, error: object) -> None:
        self.thread.quit()
        self.thread.wait(5000)
        self.done.emit(result, error)

    def wait(self, ms: int = 30000) -> bool:
        return self.thread.wait(ms)
