"""What every benchmark shares: its command line, timing, the latency figures, a fake network
printer, and how results are shown (a table) and kept (a JSON file, with the machine they came from).

A benchmark is a module with a `main(argv)`; run it from the repository root as
`python -m benchmarks.<name>` (the UI ones with QT_QPA_PLATFORM=offscreen, which they also default to).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

# -- the command line ---------------------------------------------------------------------------

def parser(module: str, doc: str | None, out: str, **options: tuple[Any, str]) -> argparse.ArgumentParser:
    """The benchmark's argument parser: `--out` (where the JSON goes, default `out`) and one option
    per keyword, `name=(default, help)`, typed as its default (`printer_scans` → `--printer-scans`)."""
    summary = " ".join(doc.strip().split("\n\n")[0].split()) if doc else None
    parsed = argparse.ArgumentParser(prog=f"python -m {module}", description=summary)
    for name, (default, help_text) in options.items():
        shown = f" (default: {default})" if default != "" else ""
        parsed.add_argument("--" + name.replace("_", "-"), type=type(default), default=default,
                            help=help_text + shown)
    parsed.add_argument("--out", type=Path, default=Path(out),
                        help=f"where to write the figures as JSON (default: {out})")
    return parsed


def int_list(text: str) -> list[int]:
    """"1000,10000" → [1000, 10000]: the sizes a benchmark runs at."""
    return [int(part) for part in text.split(",") if part.strip()]


# -- timing and figures -------------------------------------------------------------------------

def ms_since(start: float) -> float:
    """Milliseconds from `start` (a time.perf_counter() reading) to now."""
    return (time.perf_counter() - start) * 1000


def percentile(samples: Sequence[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def latency_figures(samples: Sequence[float]) -> dict:
    """The figures every benchmark reports for a list of latencies in ms."""
    return {"median_ms": round(statistics.median(samples), 2), "p95_ms": round(percentile(samples, 95), 2),
            "p99_ms": round(percentile(samples, 99), 2), "max_ms": round(max(samples), 2), "n": len(samples)}


def machine() -> dict:
    return {"python": platform.python_version(), "machine": platform.machine(),
            "system": platform.system(), "cpus": os.cpu_count()}


# -- showing and keeping results ----------------------------------------------------------------

def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table, numbers right-aligned, as the README records them."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(header)]
    lines = ["| " + " | ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)) + " |",
             "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|"]
    lines += ["| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in cells]
    return "\n".join(lines)


def latency_table(figures: dict[str, dict]) -> str:
    """One row per measure, each a latency_figures() dict."""
    return table(["measure", "n", "median ms", "p95 ms", "p99 ms", "max ms"],
                 [[name, f["n"], f["median_ms"], f["p95_ms"], f["p99_ms"], f["max_ms"]]
                  for name, f in figures.items()])


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}" if abs(value) >= 1e5 else f"{value:.3f}".rstrip("0").rstrip(".")
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return "—" if value is None else str(value)


def report(results: dict, out: Path, shown: str | None = None) -> None:
    """Print the results (`shown`, or one figure a row) and write them with the machine to `out`."""
    if shown is None:
        shown = table(["figure", "value"], _flatten(results))
    print()
    print(shown)
    out.write_text(json.dumps({**results, "machine": machine()}, indent=2) + "\n")
    print(f"\nwrote {out}")


def _flatten(results: dict, prefix: str = "") -> list[tuple[str, object]]:
    rows: list[tuple[str, object]] = []
    for key, value in results.items():
        if isinstance(value, dict):
            rows += _flatten(value, f"{prefix}{key}.")
        else:
            rows.append((prefix + key, value))
    return rows


# -- environments -------------------------------------------------------------------------------

def qt_app() -> Any:
    """The QApplication for a UI benchmark, offscreen unless QT_QPA_PLATFORM says otherwise.
    Keep the returned object alive for the whole run."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


class PrinterListener:
    """A network printer on loopback that keeps the moment (time.perf_counter) each connection's
    first byte arrived. `address` is its escpos+tcp:// printer address."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(5)
        self.server.settimeout(0.2)
        self.address = f"escpos+tcp://127.0.0.1:{self.server.getsockname()[1]}"
        self.first_bytes: list[float] = []
        self._running = True
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while self._running:
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            with conn:
                got_first = False
                while True:
                    data = conn.recv(65536)
                    if not data:
                        break
                    if not got_first:
                        self.first_bytes.append(time.perf_counter())
                        got_first = True

    def close(self) -> None:
        self._running = False
        self.server.close()
        self._thread.join(2)
