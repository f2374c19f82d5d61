"""Benchmark: display mode redraw of a 20-space × 8-slot grid, offscreen.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.grid [--rounds 60] [--out grid-bench-results.json]

Target: a redraw (grid read, layout worked out, screen painted) ≤ 16 ms at p99, one frame at 60 Hz.
Three cases: an edit arrives that changes nothing on screen (the grid is read and laid out
again, the cached screen is reused); an edit moves a session (two cells are painted again); and a
whole-screen repaint (as after a resize, or when a new slot begins and the labels move).
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
        editor = fill_sample_grid(store)
        display = GridDisplay(store)
        display.resize(1920, 1080)
        display.show()
        app.processEvents()
        samples: dict[str, list[float]] = {"unchanged": [], "moved": [], "full": []}
        grid = editor.grid()
        first = grid.sessions[0]
        cells = [(space.id, slot.id) for slot in grid.slots for space in grid.spaces]
        for i in range(args.rounds):
            display._op_count = -1  # as if an edit had arrived
            start = time.perf_counter()
            display.refresh()
            display.repaint()
            samples["unchanged"].append(harness.ms_since(start))
            editor.move(first.id, *cells[(i + 1) % len(cells)])  # a real edit: two cells change
            start = time.perf_counter()
            display.refresh()
            display.repaint()
            samples["moved"].append(harness.ms_since(start))
            display._op_count, display._wall = -1, None  # the whole screen painted again
            start = time.perf_counter()
            display.refresh()
            display.repaint()
            samples["full"].append(harness.ms_since(start))
        display.close()
        store.close()
    result: dict = {"grid": "20x8", "window": "1920x1080",
                    "redraw": harness.latency_figures(samples["unchanged"]),
                    "redraw_after_move": harness.latency_figures(samples["moved"]),
                    "full_repaint": harness.latency_figures(samples["full"])}
    harness.report(result, args.out, harness.latency_table({
        "redraw, nothing on screen changed (20×8, 1920×1080)": result["redraw"],
        "redraw after a session moved": result["redraw_after_move"],
        "whole screen repainted": result["full_repaint"]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
