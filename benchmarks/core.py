"""Benchmarks for the core: import, durable check-in and per-keystroke search at 1k–100k attendees.

    python -m benchmarks.core [--sizes 1000,10000,100000] [--out bench-results.json]

Prints a table and writes the figures as JSON. Targets at 100k attendees on a 2-core laptop:
import ≤ 5 s, check-in p99 ≤ 15 ms (fsync included), search p99 ≤ 10 ms per keystroke.
"""

from __future__ import annotations

import csv
import random
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks import harness
from kiosk.attendees.checkin import Desk, Status
from kiosk.attendees.search import SearchIndex
from kiosk.demo.event import FIRST_NAMES, LAST_NAMES, ORGANISATIONS
from kiosk.importer import apply_import, plan_import
from kiosk.store.event_store import EventStore

CHECKINS = 1000
TYPED_NAMES = 200


def write_export(path: Path, size: int, rng: random.Random) -> list[tuple[str, str]]:
    """An Eventbrite-shaped CSV of `size` attendees; returns (code, name) pairs."""
    people = []
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity",
                         "Ticket Type", "Attendee #", "Attendee Status", "Company", "Job Title",
                         "Barcode #"])
        for i in range(size):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            code = f"{rng.getrandbits(64):020d}"
            people.append((code, f"{first} {last}"))
            writer.writerow([f"{9000000 + i // 2}", "2026-10-01", first, last,
                             f"person{i}@example.org", 1, rng.choice(["Member", "Guest", "Speaker"]),
                             str(100000 + i), "Attending", rng.choice(ORGANISATIONS), "", code])
    return people


def bench_size(size: int, workdir: Path, seed: int = 1) -> dict:
    rng = random.Random(seed)
    export = workdir / f"export-{size}.csv"
    people = write_export(export, size, rng)
    store = EventStore(workdir / f"event-{size}.sqlite", "bench-device", "Bench Desk")
    try:
        start = time.perf_counter()
        plan = plan_import(export, store)
        apply_import(store, plan)
        import_s = time.perf_counter() - start
        assert len(plan.creates) == size and not plan.errors

        desk = Desk(store)
        codes = rng.sample([c for c, _ in people], min(CHECKINS, size))
        checkin_ms = []
        for code in codes:
            t = time.perf_counter()
            result = desk.check_in(code)
            checkin_ms.append(harness.ms_since(t))
            assert result.status is Status.CHECKED_IN

        index = SearchIndex(store)
        t = time.perf_counter()
        index.refresh()
        index_build_s = time.perf_counter() - t
        search_ms = []
        for _, name in rng.sample(people, min(TYPED_NAMES, size)):
            for n in range(1, len(name) + 1):  # one query per keystroke, as the search box sends
                t = time.perf_counter()
                index.search(name[:n], 20)
                search_ms.append(harness.ms_since(t))
    finally:
        store.close()
    return {
        "attendees": size,
        "import_s": round(import_s, 3),
        "checkin_median_ms": round(statistics.median(checkin_ms), 3),
        "checkin_p99_ms": round(harness.percentile(checkin_ms, 99), 3),
        "search_index_build_s": round(index_build_s, 3),
        "search_median_ms": round(statistics.median(search_ms), 3),
        "search_p99_ms": round(harness.percentile(search_ms, 99), 3),
        "search_queries": len(search_ms),
    }


def main(argv: list[str] | None = None) -> int:
    args = harness.parser(
        "benchmarks.core", __doc__, "bench-results.json",
        sizes=("1000,10000,100000", "attendee counts to run at, comma-separated"),
        workdir=("", "where to put the generated files (empty: a temp dir)"),
    ).parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(dir=args.workdir or None) as tmp:
        for size in harness.int_list(args.sizes):
            results.append(bench_size(size, Path(tmp)))
            r = results[-1]
            print(f"{r['attendees']:>8} attendees: import {r['import_s']:.2f} s, check-in median "
                  f"{r['checkin_median_ms']:.2f} / p99 {r['checkin_p99_ms']:.2f} ms, search median "
                  f"{r['search_median_ms']:.3f} / p99 {r['search_p99_ms']:.3f} ms", flush=True)
    shown = harness.table(
        ["attendees", "import s", "check-in median ms", "check-in p99 ms", "search median ms", "search p99 ms"],
        [[f"{r['attendees']:,}", f"{r['import_s']:.2f}", f"{r['checkin_median_ms']:.2f}", f"{r['checkin_p99_ms']:.2f}",
          f"{r['search_median_ms']:.3f}", f"{r['search_p99_ms']:.3f}"] for r in results])
    harness.report({"results": results}, args.out, shown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
