"""Benchmarks for the core: import, durable check-in and per-keystroke search at 1k–100k attendees.

    python -m benchmarks.core [--sizes 1000,10000,100000] [--during 100000] [--out bench-results.json]

Prints a table and writes the figures as JSON. Targets at 100k attendees on a 2-core laptop:
import ≤ 5 s, check-in p99 ≤ 15 ms (fsync included), search p99 ≤ 10 ms per keystroke.

Imports are also given as a ratio to a plain baseline measured in the same run, so a noisy shared
machine does not move the verdict: the same CSV read with `csv` and inserted with one executemany
into a fresh table of a fresh SQLite file with the event's pragmas. Targets: import ≤ 2x, re-import
of the unchanged file ≤ 1x. And while a `kiosk import` process imports --during attendees, this
process checks in a ticket every 20 ms: its p99 should stay ≤ 100 ms.
"""

from __future__ import annotations

import csv
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import harness
from kiosk.attendees.checkin import Desk, Status
from kiosk.attendees.search import SearchIndex
from kiosk.demo.event import FIRST_NAMES, LAST_NAMES, ORGANISATIONS
from kiosk.importer import apply_import, plan_import
from kiosk.store.datadir import DataDir
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


def plain_baseline_s(export: Path, workdir: Path) -> float:
    """The floor an import is compared with: csv, one executemany, fresh file, the event's pragmas."""
    path = workdir / f"baseline-{time.monotonic_ns()}.sqlite"
    start = time.perf_counter()
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA cache_size = -65536")
    with export.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        header = next(rows)
        conn.execute(f"CREATE TABLE t ({', '.join(f'c{i} TEXT' for i in range(len(header)))})")
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(header))})", rows)
        conn.execute("COMMIT")
    conn.close()
    elapsed = time.perf_counter() - start
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return elapsed


def storage_floor_s(imported: EventStore, workdir: Path) -> float:
    """What an import's writing costs SQLite alone, with no Python step a row: the attendees and
    import operations `imported` holds, written again into a fresh event of the same schema and
    pragmas, as the import writes them (1,000 attendees and their operation a transaction, the
    last one durable). Past this floor, an import's time is our own code's."""
    store = EventStore(workdir / f"floor-{time.monotonic_ns()}.sqlite", "floor-device", "Floor")
    read = imported.conn.cursor()
    read.row_factory = None
    rows = read.execute("SELECT * FROM attendees ORDER BY rowid").fetchall()
    ops = read.execute("SELECT id, device, hlc, kind, payload, local FROM ops "
                       "WHERE kind = 'attendee.import' ORDER BY seq").fetchall()
    columns = [c[1] for c in imported.conn.execute("PRAGMA table_info(attendees)")]
    insert = f"INSERT INTO attendees ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    conn = store.conn
    try:
        start = time.perf_counter()
        with store.deferred_sync():
            for n in range(max(len(ops), 1)):
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(insert, rows[n * 1000:(n + 1) * 1000] if n < len(ops) - 1 else rows[n * 1000:])
                if ops:
                    conn.execute("INSERT INTO ops (id, device, hlc, kind, payload, local) VALUES (?, ?, ?, ?, ?, ?)",
                                 ops[n])
                conn.execute("COMMIT")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO meta (key, value) VALUES ('floor', 'done')")
        conn.execute("COMMIT")  # durable, at FULL again, as the import's last commit
        return time.perf_counter() - start
    finally:
        store.close()


def bench_size(size: int, workdir: Path, seed: int = 1) -> dict:
    rng = random.Random(seed)
    export = workdir / f"export-{size}.csv"
    people = write_export(export, size, rng)
    baseline_before = plain_baseline_s(export, workdir)
    store = EventStore(workdir / f"event-{size}.sqlite", "bench-device", "Bench Desk")
    try:
        start = time.perf_counter()
        plan = plan_import(export, store)
        plan_s = time.perf_counter() - start
        apply_import(store, plan)
        import_s = time.perf_counter() - start
        assert len(plan.creates) == size and not plan.errors
        floor_s = storage_floor_s(store, workdir)
        baseline_between = plain_baseline_s(export, workdir)
        start = time.perf_counter()
        again = plan_import(export, store)
        apply_import(store, again)
        reimport_s = time.perf_counter() - start
        assert again.unchanged == size and not again.creates and not again.updates
        baseline_s = statistics.median([baseline_before, baseline_between, plain_baseline_s(export, workdir)])

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
        "baseline_s": round(baseline_s, 3),
        "import_ratio": round(import_s / baseline_s, 2),
        "plan_s": round(plan_s, 3),
        "storage_floor_s": round(floor_s, 3),
        "storage_floor_ratio": round(floor_s / baseline_s, 2),
        "reimport_s": round(reimport_s, 3),
        "reimport_ratio": round(reimport_s / baseline_s, 2),
        "checkin_median_ms": round(statistics.median(checkin_ms), 3),
        "checkin_p99_ms": round(harness.percentile(checkin_ms, 99), 3),
        "search_index_build_s": round(index_build_s, 3),
        "search_median_ms": round(statistics.median(search_ms), 3),
        "search_p99_ms": round(harness.percentile(search_ms, 99), 3),
        "search_queries": len(search_ms),
    }


_SEED_ATTENDEES = 1000  # already in the event, checked in while the big import runs
_CHECKIN_EVERY_S = 0.02


def bench_checkin_during_import(size: int, workdir: Path, seed: int = 2) -> dict:
    """Check-in latency in this process while a `kiosk import` process imports `size` attendees."""
    rng = random.Random(seed)
    root = workdir / f"during-{size}"
    data = DataDir(root)
    store = data.create("during", "During")
    store.close()
    seed_file, big_file = workdir / "seed.csv", workdir / f"during-{size}.csv"
    seeded = [c for c, _ in write_export(seed_file, _SEED_ATTENDEES, rng)]
    write_export(big_file, size, rng)
    command = [sys.executable, "-m", "kiosk", "--data", str(root), "import"]
    subprocess.run([*command, str(seed_file)], check=True, capture_output=True, timeout=120)
    env = {k: v for k, v in os.environ.items() if k != "KIOSK_UNSAFE_NO_FSYNC"}
    store = data.open("during", "Bench Desk")
    desk = Desk(store)
    samples: list[float] = []
    start = time.perf_counter()
    proc = subprocess.Popen([*command, str(big_file)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    try:
        while proc.poll() is None and seeded:
            t = time.perf_counter()
            assert desk.check_in(seeded.pop()).status is Status.CHECKED_IN
            samples.append(harness.ms_since(t))
            time.sleep(_CHECKIN_EVERY_S)
        _, err = proc.communicate(timeout=600)
        import_s = time.perf_counter() - start
        assert proc.returncode == 0, err
        imported = store.attendee_count() - _SEED_ATTENDEES
    finally:
        if proc.poll() is None:
            proc.kill()
        store.close()
    return {"attendees": size, "imported": imported, "import_process_s": round(import_s, 2),
            "checkins": len(samples), **harness.latency_figures(samples),
            "max_ms": round(max(samples, default=0.0), 1)}


def main(argv: list[str] | None = None) -> int:
    args = harness.parser(
        "benchmarks.core", __doc__, "bench-results.json",
        sizes=("1000,10000,100000", "attendee counts to run at, comma-separated"),
        workdir=("", "where to put the generated files (empty: a temp dir)"),
        during=("100000", "attendees a `kiosk import` process imports while this one checks in (0: skip)"),
    ).parse_args(argv)
    results = []
    during: dict = {}
    with tempfile.TemporaryDirectory(dir=args.workdir or None) as tmp:
        for size in harness.int_list(args.sizes):
            results.append(bench_size(size, Path(tmp)))
            r = results[-1]
            print(f"{r['attendees']:>8} attendees: import {r['import_s']:.2f} s ({r['import_ratio']:.2f}x the "
                  f"plain baseline of {r['baseline_s']:.2f} s; planning {r['plan_s']:.2f} s; SQLite alone "
                  f"writing the same {r['storage_floor_s']:.2f} s, {r['storage_floor_ratio']:.2f}x), "
                  f"re-import {r['reimport_s']:.2f} s "
                  f"({r['reimport_ratio']:.2f}x), check-in median "
                  f"{r['checkin_median_ms']:.2f} / p99 {r['checkin_p99_ms']:.2f} ms, search median "
                  f"{r['search_median_ms']:.3f} / p99 {r['search_p99_ms']:.3f} ms", flush=True)
        if int(args.during):
            during = bench_checkin_during_import(int(args.during), Path(tmp))
            print(f"check-in during a {during['attendees']:,}-attendee import ({during['import_process_s']:.1f} s, "
                  f"{during['checkins']} check-ins): median {during['median_ms']:.1f} ms, p99 "
                  f"{during['p99_ms']:.1f} ms, max {during['max_ms']:.1f} ms", flush=True)
    shown = harness.table(
        ["attendees", "import s", "import / baseline", "SQLite alone / baseline", "re-import / baseline",
         "check-in median ms", "check-in p99 ms", "search median ms", "search p99 ms"],
        [[f"{r['attendees']:,}", f"{r['import_s']:.2f}", f"{r['import_ratio']:.2f}",
          f"{r['storage_floor_ratio']:.2f}", f"{r['reimport_ratio']:.2f}",
          f"{r['checkin_median_ms']:.2f}", f"{r['checkin_p99_ms']:.2f}",
          f"{r['search_median_ms']:.3f}", f"{r['search_p99_ms']:.3f}"] for r in results])
    if during:
        shown += (f"\ncheck-in during a {during['attendees']:,} import: median {during['median_ms']:.1f} ms, "
                  f"p99 {during['p99_ms']:.1f} ms, max {during['max_ms']:.1f} ms")
    harness.report({"results": results, "checkin_during_import": during}, args.out, shown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
