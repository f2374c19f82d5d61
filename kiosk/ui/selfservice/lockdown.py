"""Keeps the public kiosk from being left: swallows escape keys, notices activity, one instance only.

What an application can do: swallow the keys that close or leave a window (Esc, Alt+F4, Ctrl+Q,
Ctrl+W, Ctrl+Alt+…, the Super key), refuse close requests from the window manager (the window's
closeEvent), stay full screen and on top. What it cannot: Ctrl+Alt+Del, a virtual-terminal switch
or the OS's own gestures; a kiosk machine also needs the OS's kiosk or assigned-access mode.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QLockFile, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

K = Qt.Key
_ALWAYS = {K.Key_Escape, K.Key_Close, K.Key_Exit, K.Key_Meta, K.Key_Super_L, K.Key_Super_R, K.Key_F11,
           K.Key_Launch0, K.Key_Explorer, K.Key_TaskPane, K.Key_Sleep, K.Key_PowerOff, K.Key_Suspend,
           K.Key_Hibernate, K.Key_LogOff}
_WITH_CTRL = {K.Key_Q, K.Key_W, K.Key_F4, K.Key_Escape}
_WITH_ALT = {K.Key_F4, K.Key_Tab, K.Key_Space, K.Key_Escape, K.Key_F2}
_ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin,
             QEvent.Type.Wheel, QEvent.Type.InputMethod)


def is_escape_key(event: QKeyEvent) -> bool:
    """A key or chord that closes, quits, switches away from or leaves full screen."""
    key, mods = event.key(), event.modifiers()
    ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
    alt = bool(mods & Qt.KeyboardModifier.AltModifier)
    meta = bool(mods & Qt.KeyboardModifier.MetaModifier)
    if key in _ALWAYS or meta or (ctrl and alt):
        return True
    return (ctrl and key in _WITH_CTRL) or (alt and key in _WITH_ALT)


class Lockdown(QObject):
    """An application-wide event filter: escape keys do nothing; any input is activity."""

    activity = Signal()
    blocked = Signal(str)  # the chord swallowed, for the log

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = True
        self._app: QApplication | None = None

    def install(self, app: QApplication) -> None:
        app.installEventFilter(self)
        self._app = app

    def uninstall(self) -> None:
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride, QEvent.Type.KeyRelease):
            assert isinstance(event, QKeyEvent)
            if self.enabled and is_escape_key(event):
                # An accepted ShortcutOverride keeps the chord from firing any shortcut; the key
                # press that follows is swallowed here too.
                event.accept()
                if kind == QEvent.Type.KeyPress and not event.isAutoRepeat():
                    self.blocked.emit(_describe(event))
                return True
        if kind in _ACTIVITY:
            self.activity.emit()
        return False


def _describe(event: QKeyEvent) -> str:
    from PySide6.QtGui import QKeySequence

    combo = event.keyCombination()
    return QKeySequence(combo).toString() or f"key {int(event.key())}"


class InstanceLock:
    """One kiosk per data folder. A lock left by a crashed kiosk (its process gone) is taken over."""

    FILENAME = "kiosk-mode.lock"

    def __init__(self, root: Path) -> None:
        self.path = Path(root) / self.FILENAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(self.path))
        # Never stale by age (a kiosk runs all day); stale only when its process has gone, which
        # QLockFile checks by the PID and host it wrote into the file.
        self._lock.setStaleLockTime(0)

    def acquire(self) -> bool:
        return self._lock.tryLock(0)

    @property
    def held(self) -> bool:
        return self._lock.isLocked()

    def holder(self) -> str:
        info = self._lock.getLockInfo()
        if isinstance(info, tuple) and len(info) >= 3 and info[0]:
            return f"process {info[1]} on {info[2]}"
        return "another process"

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()
