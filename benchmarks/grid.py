"""Benchmark: display mode redraw of a 20-space × 8-slot grid, offscreen.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.grid [--rounds 60] [--out grid-bench-results.json]

Target: a redraw (grid read, table rebuilt and painted) ≤ 16 ms, one frame at 60 Hz.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks import harness


def main(argv: list[str] | None = None) -> int:
    args = harness.parser("benchmarks.grid", __doc__, "grid-bench-results.json",
                          rounds=(60, "redraws to time")).parse_args(argv)
    app = harness.qt_app()

    from kiosk.grid.sample import fill_sample_grid
    from kiosk.store.datadir import DataDir
    from kiosk.ui.grid_display import GridDisplay

    with tempfile.TemporaryDirectory() as tmp:
        store = DataDir(Path(tmp)).create("bench", "Bench Day")
        fill_sample_grid(store)
        display = GridDisplay(store)
        display.resize(1920, 1080)
        display.show()
        app.processEvents()
        samples = []
        for _ in range(args.rounds):
            display._op_count = -1  # as if an edit had arrived
            start = time.perf_counter()
            display.refresh()
            display.repaint()
            samples.append(harness.ms_since(start))
        display.close()
        store.close()
    result: dict = {"grid": "20x8", "window": "1920x1080", "redraw": harness.latency_figures(samples)}
    harness.report(result, args.out, harness.latency_table({"display redraw 20×8 at 1920×1080": result["redraw"]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
