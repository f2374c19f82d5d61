"""Runs one slow call off the GUI thread and hands its result (or its error) back by signal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
        self.worker_thread = QThread(self)
        self.call = _Call(fn)
        self.call.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.call.run)
        self.call.finished.connect(self._finish)

    def start(self) -> Background:
        self.worker_thread.start()
        return self

    def _finish(self, result: object, error: object) -> None:
        self.worker_thread.quit()
        self.worker_thread.wait(5000)
        self.done.emit(result, error)

    def wait(self, ms: int = 30000) -> bool:
        return self.worker_thread.wait(ms)
