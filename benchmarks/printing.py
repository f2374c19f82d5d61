"""Printing benchmarks: one badge PDF (beside pretix's badge renderer when it is installed), a
1,000-badge pre-print sheet, scan to first byte at a thermal printer (a real TCP listener on
loopback).

    python -m benchmarks.printing [--scans 50] [--pretix-python PATH] [--out print-bench-results.json]

Targets: badge PDF ≤ 0.7× the time of pretix's renderer in the same run (and ≤ 15 ms); 1,000-badge
sheet ≤ 5 s; scan → first byte ≤ 150 ms; grid PDF for 20 spaces × 8 slots ≤ 1 s.

pretix is never a dependency: give the Python of a separate environment that has it
(`--pretix-python`, or KIOSK_PRETIX_PYTHON; see the README) and benchmarks/pretix_badge.py runs
there. The renderers take turns, 50 badges each, so a machine shared with other work loads them
alike; each badge is its own PDF with its own code (32 characters, as pretix's secrets). Ours is
timed as the app writes it (to a file, flushed to disk) and drawn into memory, as pretix's is
timed. The absolute figures are always printed; the ratios only when pretix ran.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
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


PRETIX_SCRIPT = Path(__file__).with_name("pretix_badge.py")
TURN = 50  # badges per turn when taking turns with pretix


class _Pretix:
    """benchmarks/pretix_badge.py running in pretix's own environment, rendering on request."""

    def __init__(self, python: str, layout: str, badges: int) -> None:
        self.proc = subprocess.Popen(
            [python, str(PRETIX_SCRIPT), "--serve", "--layout", layout, "--badges", str(badges)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.info = self._answer()

    def _answer(self) -> dict:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"pretix's renderer did not start (exit {self.proc.wait()}): see the errors above")
        return json.loads(line)

    def badges(self, count: int) -> list[float]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{count}\n")
        self.proc.stdin.flush()
        return self._answer()["ms"]

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


def _badge_figures(people, tmp_path: Path, badges: int, pretix_python: str, pretix_layout: str) -> dict:
    """Our badge PDF, one attendee per file, taking turns with pretix's renderer when given.

    Ours is timed two ways, in the same turns: as the app makes it (BadgeRenderer.write: a file
    beside the target, flushed to disk with fsync, renamed), and drawn into memory (.draw into a
    BytesIO), which is what pretix's render_pdf is timed doing. The disk flush is the part a busy
    disk slows most."""
    from io import BytesIO

    from kiosk.print.draw.badge_pdf import BadgeRenderer
    from kiosk.print.draw.layout import load_layout

    layout = load_layout("badge-4x3")
    BadgeRenderer(layout, "Warm-up").write(people[-3:], tmp_path / "warm.pdf")  # fonts, Qt
    pretix = _Pretix(pretix_python, pretix_layout, badges) if pretix_python else None
    written: list[float] = []
    in_memory: list[float] = []
    theirs: list[float] = []
    try:
        while len(written) < badges:
            turn = range(len(written), min(badges, len(written) + TURN))
            for i in turn:
                t = time.perf_counter()
                BadgeRenderer(layout, "Community Day").write([people[i]], tmp_path / f"b{i}.pdf")
                written.append(harness.ms_since(t))
            for i in turn:  # other attendees: no QR code made already
                t = time.perf_counter()
                BadgeRenderer(layout, "Community Day").draw([people[(badges + i) % len(people)]], BytesIO())
                in_memory.append(harness.ms_since(t))
            if pretix:
                theirs += pretix.badges(len(turn))
    finally:
        if pretix:
            pretix.close()
    figures: dict = {"badge_pdf_median_ms": round(statistics.median(written), 2),
                     "badge_pdf_p99_ms": round(harness.percentile(written, 99), 2),
                     "badge_pdf_in_memory_median_ms": round(statistics.median(in_memory), 2)}
    if pretix:
        figures.update({
            "pretix_version": pretix.info.get("pretix_version", "?"),
            "pretix_layout": pretix_layout,
            "pretix_badge_pdf_median_ms": round(statistics.median(theirs), 2),
            "pretix_badge_pdf_p99_ms": round(harness.percentile(theirs, 99), 2),
            "badge_vs_pretix_ratio": round(statistics.median(written) / statistics.median(theirs), 3),
            "badge_in_memory_vs_pretix_ratio": round(statistics.median(in_memory) / statistics.median(theirs), 3),
        })
    return figures


def main(argv: list[str] | None = None) -> int:
    args = harness.parser(
        "benchmarks.printing", __doc__, "print-bench-results.json",
        scans=(50, "scans to a thermal printer to time"),
        badges=(200, "single badge PDFs to time (and as many from pretix)"),
        pretix_python=(os.environ.get("KIOSK_PRETIX_PYTHON", ""),
                       "the python of an environment with pretix installed, to compare its badge renderer"),
        pretix_layout=("default", "pretix's layout: default (its name-only layout) or matched (name, "
                                  "company and QR, as ours)"),
    ).parse_args(argv)

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
    results: dict[str, float | str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        results.update(_badge_figures(people, tmp_path, args.badges, args.pretix_python, args.pretix_layout))

        from kiosk.core.qr import qr_matrix, qr_rects

        qr_matrix.cache_clear()  # the sheet's codes are made afresh, not taken from the badges above
        qr_rects.cache_clear()
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
