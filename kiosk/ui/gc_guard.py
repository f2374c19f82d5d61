"""Python's cyclic garbage is collected on the GUI thread only.

The collector runs in whichever thread happens to allocate when its threshold is reached: a print
or sync worker thread, say. If the garbage it finds holds a widget (a closed dialog kept alive only
by a cycle through a connected lambda), the widget is destroyed on that worker thread, which Qt
does not allow, and the window can crash later at an unrelated moment (seen: a segmentation fault
while Qt delivered a language change). So the automatic collector is turned off and the same
thresholds are checked by a timer on the GUI thread, which collects there.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadCollector(QObject):
    """Install once, on the GUI thread, parented to the application."""

    def __init__(self, interval_ms: int = 500, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        """Collect the generations the automatic collector would have, by the same counts."""
        young, middle, old = gc.get_count()
        first, second, third = self.thresholds
        if young <= first:
            return
        generation = 0
        if middle > second:
            generation = 2 if old > third else 1
        gc.collect(generation)
