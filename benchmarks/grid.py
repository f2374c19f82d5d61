"""Benchmark: display mode redraw of a 20-space × 8-slot grid, offscreen.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.grid

Target: a redraw (grid read, table rebuilt and painted) ≤ 16 ms, one frame at 60 Hz.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.core import percentile


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.store.datadir import DataDir
    from kiosk.grid.sample import fill_sample_grid
    from kiosk.ui.grid_display import GridDisplay

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        store = DataDir(Path(tmp)).create("bench", "Bench Day")
        fill_sample_grid(store)
        display = GridDisplay(store)
        display.resize(1920, 1080)
        display.show()
        app.processEvents()
        samples = []
        for _ in range(60):
            display._op_count = -1  # as if an edit had arrived
            start = time.perf_counter()
            display.refresh()
            display.repaint()
            samples.append((time.perf_counter() - start) * 1000)
        display.close()
        store.close()
    print(f"display redraw 20×8 at 1920×1080: median {statistics.median(samples):.1f} ms, "
          f"p99 {percentile(samples, 99):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
