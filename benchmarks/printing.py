"""Printing benchmarks: one badge PDF, a 1,000-badge pre-print sheet, scan to first byte at a
thermal printer (a real TCP listener on loopback).

    python -m benchmarks.printing [--scans 50] [--out print-bench-results.json]

Targets: badge PDF ≤ 15 ms each; 1,000-badge sheet ≤ 10 s; scan → first byte ≤ 150 ms;
grid PDF for 20 spaces × 8 slots ≤ 1 s.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks import harness
from kiosk.demo.event import demo_attendees


def _grid_pdf_seconds(tmp_path: Path) -> float:
    """A 20-space × 8-slot grid with a session in every cell, as A4 pages."""
    from kiosk.grid.pdf import grid_pdf
    from kiosk.grid.sample import fill_sample_grid
    from kiosk.store.datadir import DataDir

    store = DataDir(tmp_path / "grid-data").create("grid", "Grid Day")
    grid, info = fill_sample_grid(store).grid(), store.event_info()
    start = time.perf_counter()
    grid_pdf(grid, info, tmp_path / "grid.pdf")
    seconds = time.perf_counter() - start
    store.close()
    return seconds


def main(argv: list[str] | None = None) -> int:
    args = harness.parser("benchmarks.printing", __doc__, "print-bench-results.json",
                          scans=(50, "scans to a thermal printer to time")).parse_args(argv)

    from kiosk.attendees.checkin import Desk
    from kiosk.core.model import Attendee
    from kiosk.importer.plan import record_import
    from kiosk.print.draw.badge_pdf import BadgeRenderer
    from kiosk.print.draw.layout import load_layout
    from kiosk.print.printers import PrinterRegistry
    from kiosk.print.queue import PrintQueue
    from kiosk.store.datadir import DataDir

    people = [Attendee(p["code"], **{k: v for k, v in p["set"].items() if k != "source"})
              for p in demo_attendees(1000)]
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        layout = load_layout("badge-4x3")
        BadgeRenderer(layout, "Warm-up").write(people[:3], tmp_path / "warm.pdf")  # fonts, Qt
        single = []
        for i, person in enumerate(people[:200]):
            t = time.perf_counter()
            BadgeRenderer(layout, "Community Day").write([person], tmp_path / f"b{i}.pdf")
            single.append(harness.ms_since(t))
        results["badge_pdf_median_ms"] = round(statistics.median(single), 2)
        results["badge_pdf_p99_ms"] = round(harness.percentile(single, 99), 2)

        t = time.perf_counter()
        BadgeRenderer(load_layout("a4-sheet-6x-4x3"), "Community Day").write(people, tmp_path / "sheet.pdf")
        results["sheet_1000_badges_s"] = round(time.perf_counter() - t, 2)

        results["grid_pdf_20x8_s"] = round(_grid_pdf_seconds(tmp_path), 2)

        printer = harness.PrinterListener()
        first_bytes = printer.first_bytes
        data = DataDir(tmp_path / "data")
        store = data.create("bench", "Bench Day")
        record_import(store, demo_attendees(1000))
        registry = PrinterRegistry(data)
        registry.add("thermal", printer.address, profile="TM-T20II")
        registry.assign("badges", "thermal")
        queue, desk = PrintQueue(store, registry), Desk(store)
        codes = [r[0] for r in store.conn.execute(
            "SELECT code FROM attendees WHERE status = 'valid' LIMIT ?", (args.scans + 1,))]
        queue.run_once(queue.enqueue_badge(codes.pop()).id)  # warm-up
        latencies = []
        for code in codes:
            before = len(first_bytes)
            t = time.perf_counter()
            desk.check_in(code)
            queue.run_once(queue.enqueue_badge(code).id)
            deadline = time.perf_counter() + 5
            while len(first_bytes) == before and time.perf_counter() < deadline:
                time.sleep(0.0005)
            latencies.append((first_bytes[-1] - t) * 1000)
        printer.close()
        store.close()
        results["scan_to_first_byte_median_ms"] = round(statistics.median(latencies), 1)
        results["scan_to_first_byte_p99_ms"] = round(harness.percentile(latencies, 99), 1)
    harness.report(results, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
