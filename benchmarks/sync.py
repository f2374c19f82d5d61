"""Sync benchmarks: push 10k operations, 5 offline kiosks converging, 50 kiosks on a one-core hub,
and pulls served while a big push is being applied.

`python -m benchmarks.sync` starts real hub processes on loopback and prints the figures the
README records. Targets (issue 6): 10,000 queued operations pushed and applied ≤ 5 s; 5 kiosks ×
2,000 offline operations converge ≤ 10 s after the connection returns; the hub sustains 50
kiosks syncing every 2 s on one core. `--only pull-during-push` gives just the last figure:
pull latency during a 5,000-operation push (p50/p99/max), on SQLite and, with --db, on
PostgreSQL with one and two hub worker processes.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks import harness
from kiosk.core.hlc import wall_ms
from kiosk.store.datadir import DataDir
from kiosk.sync.client import SyncClient
from kiosk.sync.loop import SyncLoop
from kiosk.sync.transport import pair

# Each part its own event: on a PostgreSQL hub they share one database between runs.
EVENT = f"bench-{uuid.uuid4().hex[:8]}"


class HubProcess:
    db: str = ""  # a postgresql:// address to bench the hub on PostgreSQL (--db)

    def __init__(self, folder: Path, event: str, one_core: bool = False, workers: int = 1) -> None:
        self.folder, self.event, self.one_core = folder, event, one_core
        self.db_args = ["--db", self.db, "--cache", str(folder / "cache")] if self.db else []
        self.workers = workers
        if workers > 1:  # as the option is absent from older hubs, given only when needed
            self.db_args += ["--workers", str(workers)]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> float:
        """Start and wait until it answers; returns the moment it did (time.monotonic)."""
        pin = (lambda: os.sched_setaffinity(0, {0})) if self.one_core else None
        self.proc = subprocess.Popen([sys.executable, "-m", "kiosk", "--data", str(self.folder), "hub",
                                      "--port", str(self.port), *self.db_args], preexec_fn=pin,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/api/v1/status", timeout=1):
                    return time.monotonic()
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("the hub did not start")

    def cpu_seconds(self) -> float:
        assert self.proc is not None
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def pairing_code(self, device: str) -> str:
        out = subprocess.run([sys.executable, "-m", "kiosk", "--data", str(self.folder), "hub", "pair",
                              "--event", self.event, "--device", device, "--json",
                              *(["--db", self.db] if self.db else [])],
                             capture_output=True, text=True)
        if out.returncode:
            raise RuntimeError(f"kiosk hub pair failed ({out.returncode}): {out.stderr.strip()}")
        return json.loads(out.stdout)["code"]

    def stop(self) -> None:
        if self.proc is not None:
            if self.workers > 1:  # the supervisor stops its workers (killed, it leaves them to notice)
                self.proc.terminate()
                try:
                    self.proc.wait(20)
                except subprocess.TimeoutExpired:
                    pass
            self.proc.kill()
            self.proc.wait(10)
            self.proc = None


def _kiosk(hub: HubProcess, folder: Path, name: str) -> DataDir:
    from kiosk.sync.pairing import join

    data = DataDir(folder)
    data.set_device_name(name)
    join(data, hub.url, hub.pairing_code(name))
    return data


def _fill(data: DataDir, event: str, count: int, tag: str) -> None:
    """count operations as a busy desk makes them: half new attendees, half their check-ins."""
    with data.open(event) as store, store.write():
        codes = [f"{tag}-{n:06d}" for n in range(count // 2)]
        store.record_many("attendee.upsert", [
            {"code": c, "set": {"first_name": "Bench", "last_name": c, "status": "valid"}} for c in codes])
        store.record_many("checkin", [{"code": c, "device": tag, "at_ms": wall_ms()} for c in codes])


def bench_push(root: Path, count: int = 10_000) -> dict:
    hub = HubProcess(root / "hub-push", f"{EVENT}-push")
    hub.start()
    try:
        data = _kiosk(hub, root / "push-kiosk", "Desk 1")
        _fill(data, hub.event, count, "P")
        with data.open(hub.event) as store:
            client = SyncClient(store)
            started = time.perf_counter()
            pushed = client._push()
            push_s = time.perf_counter() - started
            started = time.perf_counter()
            client.sync_once()
            round_s = time.perf_counter() - started
        return {"operations": pushed, "push_and_apply_s": round(push_s, 2),
                "next_round_s": round(round_s, 3)}
    finally:
        hub.stop()


def _converge(folder: str, event: str, expected: int, queue) -> None:
    """One kiosk in its own process, running the desk's own sync policy until it has everything."""
    data = DataDir(Path(folder))
    with data.open(event) as store:
        loop = SyncLoop(store)
        while True:
            if loop.due():
                loop.sync_now()
            if store.conn.execute("SELECT COUNT(*) FROM ops").fetchone()[0] >= expected and loop.status.online \
                    and loop.status.pending == 0:
                queue.put((folder, time.monotonic()))
                return
            time.sleep(0.02)


def bench_converge(root: Path, kiosks: int = 5, each: int = 2000) -> dict:
    hub = HubProcess(root / "hub-converge", f"{EVENT}-converge")
    hub.start()
    folders = [root / f"converge-{i}" for i in range(kiosks)]
    for i, folder in enumerate(folders):
        _kiosk(hub, folder, f"Desk {i + 1}")
    with DataDir(folders[0]).open(hub.event) as store:
        base = store.conn.execute("SELECT COUNT(*) FROM ops").fetchone()[0]
    hub.stop()  # the Wi-Fi goes; every desk works alone
    for i, folder in enumerate(folders):
        _fill(DataDir(folder), hub.event, each, f"K{i}")
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_converge, args=(str(f), hub.event, base + kiosks * each, queue))
               for f in folders]
    for worker in workers:
        worker.start()
    time.sleep(1.5)  # the kiosks notice they are offline and back off, as they would
    try:
        returned = hub.start()  # the connection returns
        done = [queue.get(timeout=120)[1] for _ in workers]
    finally:
        for worker in workers:
            worker.join(10)
            if worker.is_alive():
                worker.kill()
        hub.stop()
    return {"kiosks": kiosks, "offline_ops_each": each,
            "converged_s": round(max(done) - returned, 2),
            "first_kiosk_s": round(min(done) - returned, 2)}


def bench_many(root: Path, kiosks: int = 50, period_s: float = 2.0, seconds: float = 30.0) -> dict:
    hub = HubProcess(root / "hub-many", f"{EVENT}-many", one_core=True)
    hub.start()
    try:
        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(hub.pairing_code, [f"Kiosk {i:02d}" for i in range(kiosks)]))
        tokens = [pair(hub.url, code)["token"] for code in codes]
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        stop_at = time.monotonic() + seconds

        def call(path: str, token: str, body: dict | None = None) -> dict:
            request = urllib.request.Request(hub.url + path, method="POST" if body is not None else "GET",
                                             data=json.dumps(body).encode() if body is not None else None)
            request.add_header("Authorization", f"Bearer {token}")
            request.add_header("Content-Type", "application/json")
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=10) as answer:
                result = json.loads(answer.read())
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
            return result

        def kiosk_thread(index: int, token: str) -> None:
            cursor, device, n = 0, str(uuid.uuid4()), 0
            time.sleep(index * period_s / kiosks)  # desks started at different moments
            while time.monotonic() < stop_at:
                began = time.monotonic()
                try:
                    ops = []
                    for _ in range(1 + index % 3):  # one to three scans since the last round
                        n += 1
                        ops.append({"id": str(uuid.uuid4()), "device": device, "hlc": (wall_ms() << 16) + n,
                                    "kind": "checkin",
                                    "payload": {"code": f"K{index}-{n}", "device": f"Kiosk {index}",
                                                "at_ms": wall_ms()}})
                    call("/api/v1/push", token, {"ops": ops})
                    more = True
                    while more:
                        page = call(f"/api/v1/pull?after={cursor}", token)
                        cursor, more = page["cursor"], page["more"]
                except Exception as exc:  # noqa: BLE001 (count every failure, whatever it is)
                    with lock:
                        errors.append(str(exc))
                time.sleep(max(0.0, period_s - (time.monotonic() - began)))

        cpu_before, wall_before = hub.cpu_seconds(), time.monotonic()
        threads = [threading.Thread(target=kiosk_thread, args=(i, t)) for i, t in enumerate(tokens)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        cpu = (hub.cpu_seconds() - cpu_before) / (time.monotonic() - wall_before)
        ordered = sorted(latencies)
        return {"kiosks": kiosks, "period_s": period_s, "seconds": seconds, "requests": len(latencies),
                "errors": len(errors), "hub_cpu_of_one_core": round(cpu, 2),
                "latency_median_ms": round(statistics.median(ordered), 1),
                "latency_p99_ms": round(ordered[int(len(ordered) * 0.99) - 1], 1)}
    finally:
        hub.stop()


def _http(url: str, token: str, body: dict | None = None, timeout: float = 60) -> dict:
    request = urllib.request.Request(url, method="POST" if body is not None else "GET",
                                     data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return json.loads(answer.read())


def _desk_ops(count: int, tag: str) -> list[dict]:
    """count operations as a busy desk makes them (as _fill does), ready to push."""
    device, ops = str(uuid.uuid4()), []
    hlc = wall_ms() << 16
    for n in range(count // 2):
        code = f"{tag}-{n:06d}"
        for kind, payload in (("attendee.upsert", {"code": code, "set": {"first_name": "Bench", "last_name": code,
                                                                         "status": "valid"}}),
                              ("checkin", {"code": code, "device": tag, "at_ms": wall_ms()})):
            hlc += 1
            ops.append({"id": str(uuid.uuid4()), "device": device, "hlc": hlc, "kind": kind, "payload": payload})
    return ops


def bench_pull_during_push(root: Path, workers: int = 1, pushes: int = 10, ops: int = 5000,
                           pullers: int = 4, period_s: float = 0.05) -> dict:
    """Kiosks pulling every period_s while another pushes `ops` operations (the most one push may
    carry), `pushes` times: the latency of the pulls that began while a push was on its way."""
    hub = HubProcess(root / f"hub-pull-{workers}", f"{EVENT}-pull{workers}", workers=workers)
    hub.start()
    try:
        tokens = [pair(hub.url, hub.pairing_code(f"Desk {i}"))["token"] for i in range(pullers + 1)]
        pusher, pulling = tokens[0], tokens[1:]
        _http(hub.url + "/api/v1/push", pusher, {"ops": _desk_ops(2, "warm")})  # the event's state exists
        samples: list[tuple[float, float, int]] = []  # (began, ms, operations pulled)
        errors: list[str] = []
        lock, stop = threading.Lock(), threading.Event()

        def puller(index: int, token: str) -> None:
            cursor = 0
            time.sleep(index * period_s / len(pulling))
            while not stop.is_set():
                began = time.monotonic()
                try:
                    page = _http(f"{hub.url}/api/v1/pull?after={cursor}", token)
                    cursor = page["cursor"]
                    with lock:
                        samples.append((began, (time.monotonic() - began) * 1000, len(page["ops"])))
                except Exception as exc:  # noqa: BLE001 (count every failure, whatever it is)
                    with lock:
                        errors.append(str(exc))
                time.sleep(max(0.0, period_s - (time.monotonic() - began)))

        threads = [threading.Thread(target=puller, args=(i, t)) for i, t in enumerate(pulling)]
        for thread in threads:
            thread.start()
        windows, push_s = [], []
        try:
            for n in range(pushes):
                batch = _desk_ops(ops, f"W{workers}-{n}")
                time.sleep(1.0)  # the pullers catch up with the last push first
                began = time.monotonic()
                accepted = _http(hub.url + "/api/v1/push", pusher, {"ops": batch})["accepted"]
                windows.append((began, time.monotonic()))
                push_s.append(round(windows[-1][1] - began, 2))
                assert accepted == ops, accepted
            time.sleep(1.0)
        finally:
            stop.set()
            for thread in threads:
                thread.join(120)
        during = [(ms, n) for began, ms, n in samples if any(start <= began <= end for start, end in windows)]
        # For comparison, pulls with nothing to wait for: from half a second after a push to the next.
        quiet_from = [end + 0.5 for _, end in windows]
        quiet_to = [start for start, _ in windows[1:]] + [math.inf]
        quiet = [ms for began, ms, _ in samples
                 if any(a <= began < b for a, b in zip(quiet_from, quiet_to, strict=True))]
        figures = harness.latency_figures([ms for ms, _ in during]) if during else {}
        # Those that fetched little: the wait a kiosk in step with the log sees, without the time
        # to fetch and send a 2,000-operation page of the push that just committed.
        small = [ms for ms, n in during if n < 100]
        return {"backend": "postgresql" if hub.db else "sqlite", "workers": workers, "push_ops": ops,
                "push_s": push_s, "errors": len(errors), **figures,
                "small_pull_p99_ms": round(harness.percentile(small, 99), 2) if small else None,
                "quiet_median_ms": round(statistics.median(quiet), 2) if quiet else None}
    finally:
        hub.stop()


def main(argv: list[str] | None = None) -> int:
    parser = harness.parser("benchmarks.sync", __doc__, "sync-bench-results.json",
                            seconds=(30.0, "how long the 50-kiosk load runs"),
                            db=("", "bench a hub on this postgresql:// database (each run uses a new event)"))
    parser.add_argument("--only", choices=["pull-during-push"], help="run just this part")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                        help="hub worker processes to measure pulls during a push with (PostgreSQL: 2 too)")
    args = parser.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory(prefix="kiosk-sync-bench-") as tmp:
        root = Path(tmp)
        figure = []
        for db, workers in [("", 1)] + [(args.db, n) for n in args.workers if args.db]:
            HubProcess.db = db
            figure.append(bench_pull_during_push(root, workers))
            print("pull latency during a 5,000-op push:", figure[-1], flush=True)
        results["pull_during_5000_op_push"] = figure
        HubProcess.db = args.db
        if args.only:
            args.out.write_text(json.dumps(results, indent=2))
            return 0
        results["push_10k"] = bench_push(root)
        print("push 10k:", results["push_10k"], flush=True)
        results["converge_5x2000"] = bench_converge(root)
        print("converge 5×2000:", results["converge_5x2000"], flush=True)
        results["hub_50_kiosks"] = bench_many(root, seconds=args.seconds)
        print("hub 50 kiosks:", results["hub_50_kiosks"], flush=True)
    args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
