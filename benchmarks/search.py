"""Benchmark: the desk's name search at 100k attendees — index build, each keystroke, the first one.

    python -m benchmarks.search [--attendees 100000] [--people 100] [--builds 5] [--pause-ms 10]

Targets on a 2-core laptop: index build ≤ 1 s, p99 ≤ 10 ms per keystroke, first keystroke included.
The event is an Eventbrite-shaped export of the demo's names, imported as a desk would. Keystrokes
are what people type at the desk: 1 to 6 letters of real first names and surnames, as written
(Siân, Ó Súilleabháin) and without accents (sian, o suilleabhain), and whole names typed one
keystroke at a time. "First keystroke" is the first search on an index just built, as the desk's
worker thread hands it over; the build is timed alone, on the store's own connection.

Every keystroke is timed twice: back to back, and typed, with a pause before each as a person
leaves between keys (a process that waits is scheduled promptly on a busy machine, one that
never waits shares the cores with everything else). CPU ms is the search's own processor time,
which other programs' load barely changes: compare versions with it on a shared machine.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks import harness
from benchmarks.core import write_export
from kiosk.attendees.search import SearchIndex
from kiosk.core.textfold import fold
from kiosk.importer import apply_import, plan_import
from kiosk.store.event_store import EventStore

LIMIT = 30  # what the desk's search panel asks for


def typed_queries(names: list[str]) -> tuple[list[str], list[str]]:
    """(prefixes, whole names typed): 1–6 letters of each first name and surname, accented and
    not, and every keystroke of "First Last"."""
    prefixes: list[str] = []
    whole: list[str] = []
    for name in names:
        first, _, last = name.partition(" ")
        for word in (first, last):
            for form in dict.fromkeys((word, fold(word), word.lower())):
                prefixes.extend(form[:n] for n in range(1, min(6, len(form)) + 1))
        whole.extend(name[:n] for n in range(1, len(name) + 1))
    return prefixes, whole


def time_queries(index: SearchIndex, queries: list[str], pause_ms: float = 0) -> tuple[list[float], list[float]]:
    """(wall ms, CPU ms) of each query."""
    wall, cpu = [], []
    for query in queries:
        if pause_ms:
            time.sleep(pause_ms / 1000)
        c = time.thread_time()
        t = time.perf_counter()
        index.search(query, LIMIT)
        wall.append(harness.ms_since(t))
        cpu.append((time.thread_time() - c) * 1000)
    return wall, cpu


def make_event(attendees: int, people: int, workdir: Path, seed: int = 5) -> tuple[Path, list[str]]:
    """An imported event of `attendees`, and the names of `people` of them to type."""
    rng = random.Random(seed)
    export = workdir / "export.csv"
    everyone = write_export(export, attendees, rng)
    path = workdir / "event.sqlite"
    store = EventStore(path, "bench-device", "Bench Desk")
    try:
        plan = plan_import(export, store)
        apply_import(store, plan)
        assert len(plan.creates) == attendees and not plan.errors
    finally:
        store.close()
    return path, [name for _, name in rng.sample(everyone, min(people, attendees))]


def run(attendees: int, people: int, builds: int, pause_ms: float, workdir: Path) -> dict:
    path, names = make_event(attendees, people, workdir)
    return measure(path, names, builds, pause_ms)


def measure(path: Path, names: list[str], builds: int, pause_ms: float,
            index_class: type[SearchIndex] = SearchIndex) -> dict:
    """Build the index of the event at `path` `builds` times, then type `names` into the last."""
    prefixes, whole = typed_queries(names)
    firsts = [name[:1] for name in names]
    attendees = 0

    build_s: list[float] = []
    first_ms: list[float] = []
    index = None
    for n in range(builds):
        if index is not None:
            index.store.close()
        index = None
        gc.collect()
        store = EventStore(path, "bench-device", "Bench Desk")
        index = index_class(store)
        t = time.perf_counter()
        index.refresh()  # what the desk's worker thread does before handing the index over
        build_s.append(time.perf_counter() - t)
        attendees = store.attendee_count()
        t = time.perf_counter()
        index.search(firsts[n % len(firsts)], LIMIT)
        first_ms.append(harness.ms_since(t))
    assert index is not None
    try:
        figures = {}
        for mode, pause in (("back_to_back", 0.0), ("typed", pause_ms)):
            prefix_ms, prefix_cpu = time_queries(index, prefixes, pause)
            whole_ms, whole_cpu = time_queries(index, whole, pause)
            figures[mode] = {"prefixes_1_to_6": harness.latency_figures(prefix_ms),
                             "whole_names_typed": harness.latency_figures(whole_ms),
                             "all_keystrokes": harness.latency_figures(prefix_ms + whole_ms),
                             "all_keystrokes_cpu": harness.latency_figures(prefix_cpu + whole_cpu)}
    finally:
        index.store.close()
    return {
        "attendees": attendees,
        "pause_ms": pause_ms,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "index_build_s": {"median": round(statistics.median(build_s), 3),
                          "min": round(min(build_s), 3), "max": round(max(build_s), 3), "n": builds},
        "first_keystroke": harness.latency_figures(first_ms),
        **figures,
    }


def main(argv: list[str] | None = None) -> int:
    args = harness.parser(
        "benchmarks.search", __doc__, "search-bench-results.json",
        attendees=(100_000, "attendees in the event"),
        people=(100, "names whose prefixes are typed"),
        builds=(5, "index builds to time (each followed by a first keystroke)"),
        pause_ms=(10.0, "pause before each typed keystroke, ms"),
        workdir=("", "where to put the generated files (empty: a temp dir)"),
    ).parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.workdir or None) as tmp:
        results = run(args.attendees, args.people, args.builds, args.pause_ms, Path(tmp))
    print(summary(results))
    figures = {"first keystroke": results["first_keystroke"]}
    for mode in ("back_to_back", "typed"):
        for name, shown in (("prefixes_1_to_6", "1–6 letters"), ("whole_names_typed", "whole names"),
                            ("all_keystrokes", "all keystrokes"), ("all_keystrokes_cpu", "all keystrokes, CPU")):
            figures[f"{mode.replace('_', ' ')}: {shown}"] = results[mode][name]
    harness.report(results, args.out, harness.latency_table(figures))
    return 0


def summary(results: dict) -> str:
    build = results["index_build_s"]
    load = ", ".join(f"{x:.2f}" for x in results["load_average"])
    return (f"{results['attendees']:,} attendees: index build median {build['median']:.3f} s (min {build['min']:.3f}, "
            f"max {build['max']:.3f}, {build['n']} builds); load average {load}")


if __name__ == "__main__":
    raise SystemExit(main())
