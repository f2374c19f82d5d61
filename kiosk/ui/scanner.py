"""Tells a barcode scanner's keystroke burst from a person typing, wherever the focus is.

USB and Bluetooth scanners are keyboards that type a whole code in a few milliseconds, usually
ending with Enter, sometimes Tab or nothing. Installed on the application, the detector holds
printable keystrokes for a moment: a fast burst of at least `min_length` characters becomes one
scan (even while a dialog has the focus), anything slower is handed on to the widget it was meant
for, in order, so people typing into the search box see no difference. A window marked
TYPING_ONLY (the desk's name question) gets every key at once, as typed.
"""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.store.settings import Settings

_TERMINATORS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
# A scanner presses Shift before each capital; those presses carry no text and are no sign of
# typing, so they neither end a burst nor count in its timing.
_MODIFIERS = (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_Meta,
              Qt.Key.Key_CapsLock, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R)
_FLUSH_ON = (QEvent.Type.MouseButtonPress, QEvent.Type.FocusOut, QEvent.Type.Close)
_KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)
MAX_SCAN_LENGTH = 4096  # scanner noise beyond this is cut; the engine rejects it as invalid anyway
# A window with this property set takes every key as typing: nothing in it is held or becomes a
# scan. For a question asked before the desk may record anything (its name): a burst there must
# not check someone in behind it, and a quick typist's name must reach the field, Return and all.
TYPING_ONLY = "kioskTypingOnly"


@dataclass
class ScanTiming:
    """Input-timing thresholds (settings): scanners type in under ~15 ms per key, people rarely
    under 50 ms except in short rolls of two or three keys."""

    max_gap_ms: int = 40     # keys closer together than this belong to one burst
    min_length: int = 4      # a shorter burst is typing
    end_pause_ms: int = 70   # a burst with no Enter or Tab ends after this pause

    @classmethod
    def from_settings(cls, settings: Settings) -> ScanTiming:
        """This desk's saved thresholds (the defaults where they are missing or hand-edited wrong)."""
        return cls(settings.max_gap_ms, settings.min_length, settings.end_pause_ms)


class ScanDetector(QObject):
    scanned = Signal(str)

    def __init__(self, timing: ScanTiming | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timing = timing or ScanTiming()
        self._held: list[tuple[QWidget, QKeyEvent]] = []
        self._unreleased: dict[int, int] = {}  # held presses minus held releases, per key
        self._text: list[str] = []
        self._last_ms = 0.0
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._pause_elapsed)

    def install(self, app: QApplication) -> None:
        app.installEventFilter(self)
        ScanDetector._installed.add(self)

    def uninstall(self, app: QApplication) -> None:
        app.removeEventFilter(self)
        self.release_pending()
        ScanDetector._installed.discard(self)

    _installed: weakref.WeakSet[ScanDetector] = weakref.WeakSet()

    @classmethod
    def release_all(cls) -> None:
        """Hand on any keystrokes still held: call before reading a form's fields."""
        for detector in list(cls._installed):
            detector.release_pending()

    def release_pending(self) -> None:
        if self._held and not self._is_scan():
            self._release()

    # -- the filter -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if self._replaying:
            return False
        if event.type() in _FLUSH_ON and self._held:
            self.release_pending()  # a click or focus move right after typing: keys go first
            return False
        if event.type() not in _KEY_EVENTS or not isinstance(watched, QWidget):
            return False
        if _typing_only(watched):
            if event.type() == QEvent.Type.KeyPress:
                self.release_pending()  # keys held from another window go to it first
            return False
        if event.type() == QEvent.Type.KeyRelease:
            return bool(self._held) and self._hold_release(watched, event)
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key in _MODIFIERS:
            return False
        if event.isAutoRepeat():  # a key held down repeats fast, but it is a person
            self._release()
            return False
        now = time.monotonic() * 1000
        if self._held and now - self._last_ms > self.timing.max_gap_ms:
            # The burst is over: a scan if it was long enough, else typing to give back.
            if self._is_scan():
                self._emit()
            else:
                self._release()
        if key in _TERMINATORS:
            if self._held and self._is_scan():
                self._emit()
                return True  # the scanner's Enter must not also press a default button
            self._release()
            return False
        text = event.text()
        modifiers = event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        if text and text.isprintable() and modifiers == Qt.KeyboardModifier.NoModifier:
            self._hold(watched, event, text, now)
            return True
        if text and self._held and not text.isprintable():
            # A control character inside a fast burst (GS1 separators, scanner noise): part of
            # the scan, which the engine will reject as invalid, never keystrokes for a widget.
            self._hold(watched, event, text, now)
            return True
        self._release()  # arrows, Backspace, shortcuts: typing context, handled as usual
        return False

    # -- internals ------------------------------------------------------------------------------

    def _hold(self, widget: QWidget, event: QKeyEvent, text: str, now: float) -> None:
        copy = QKeyEvent(event.type(), event.key(), event.modifiers(), event.text(),
                         event.isAutoRepeat(), event.count())
        if len(self._text) < MAX_SCAN_LENGTH:
            self._held.append((widget, copy))
            self._text.append(text)
            self._unreleased[copy.key()] = self._unreleased.get(copy.key(), 0) + 1
        self._last_ms = now
        self._timer.start(self.timing.end_pause_ms)

    def _hold_release(self, widget: QWidget, event: QEvent) -> bool:
        """A key's release follows its held press: a button pressed with Space clicks on the
        release, so a quick tap whose release went ahead of its held press was lost."""
        assert isinstance(event, QKeyEvent)
        key = event.key()
        # Counted as keys are held, not by walking the held list: scanner noise holds thousands
        # of keys, and a walk per key made a 10,000-key burst take a minute.
        if event.isAutoRepeat() or self._unreleased.get(key, 0) <= 0:
            return False  # not a key whose press is held: nothing to keep in order
        self._unreleased[key] -= 1
        self._held.append((widget, QKeyEvent(event.type(), key, event.modifiers(), event.text(),
                                             event.isAutoRepeat(), event.count())))
        return True

    def _is_scan(self) -> bool:
        return len(self._text) >= self.timing.min_length

    def _pause_elapsed(self) -> None:
        if self._is_scan():
            self._emit()  # a scanner that sends no terminator
        else:
            self._release()

    def _emit(self) -> None:
        code = "".join(self._text)
        self._held.clear()
        self._unreleased.clear()
        self._text.clear()
        self._timer.stop()
        self.scanned.emit(code)

    def _release(self) -> None:
        """Deliver held keystrokes to the widgets they were meant for, in order."""
        held, self._held = self._held, []
        self._unreleased.clear()
        self._text.clear()
        self._timer.stop()
        if not held:
            return
        self._replaying = True
        try:
            for widget, event in held:
                target = widget if _alive(widget) else QApplication.focusWidget()
                if target is not None:
                    QApplication.sendEvent(target, event)
        finally:
            self._replaying = False


def _typing_only(widget: QWidget) -> bool:
    return bool(widget.window().property(TYPING_ONLY))


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:  # deleted on the C++ side (a dialog closed meanwhile)
        return False
    return True
