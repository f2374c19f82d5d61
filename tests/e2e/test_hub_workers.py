"""`kiosk hub --workers N`: one hub served by several processes on PostgreSQL, refused on SQLite."""

from __future__ import annotations

import signal
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.support.cli import assert_clean_failure, kiosk, kiosk_json
from tests.support.hub import Hub, hub_ops, paired_kiosk, snapshot, token_of
from tests.support.hub_backends import hub_db_fixture  # noqa: F401  (the hub_db fixture)


class WorkersHub(Hub):
    def __init__(self, data: Path, db: str, cache: Path, workers: int) -> None:
        super().__init__(data, db, cache)
        self.cache_args = (*self.cache_args, "--workers", str(workers))

    def workers(self) -> list[int]:
        """The worker processes: children of the hub running multiprocessing's spawn_main."""
        assert self.proc is not None
        found = []
        for entry in Path("/proc").iterdir():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                command = (entry / "cmdline").read_bytes()
            except (OSError, ValueError, IndexError):
                continue
            if ppid == self.proc.pid and b"spawn_main" in command:
                found.append(int(entry.name))
        return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"  # Z: exited
    except OSError:
        return False


def _pull_all(hub: Hub, token: str) -> list[str]:
    return [op["id"] for op in hub_ops(hub, token)]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="counts worker processes through /proc")
@pytest.mark.parametrize("hub_db", ["postgres"], indirect=True)
def test_two_worker_processes_serve_one_event_consistently(hub_db, tmp_path):
    hub = WorkersHub(tmp_path / "hub-data", hub_db.db, hub_db.cache, workers=2)
    hub.start()
    try:
        deadline = time.monotonic() + 20
        while len(workers := hub.workers()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(workers) == 2
        desks = [paired_kiosk(hub, tmp_path / f"k{n}", f"Desk {n}") for n in (1, 2)]
        for round_ in range(3):
            for n, desk in enumerate(desks, start=1):
                kiosk_json(desk, "walkin", "--first", f"Walk{round_}", "--last", f"In{n}")
                kiosk_json(desk, "sync", "--once")
        for desk in desks:
            kiosk_json(desk, "sync", "--once")
        assert snapshot(desks[0]) == snapshot(desks[1])
        assert len(snapshot(desks[0])["attendees"]) == 6

        # Many pulls on fresh connections, spread over both processes by the kernel: every one
        # gives the same log in the same order, whichever process answered.
        tokens = [token_of(desk) for desk in desks]
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda n: _pull_all(hub, tokens[n % 2]), range(12)))
        assert all(answer == answers[0] for answer in answers) and len(answers[0]) >= 6

        # Each process keeps its caches in a folder of its own; both were used by pushes or grids.
        with ThreadPoolExecutor(4) as pool:
            pages = list(pool.map(lambda _: urllib.request.urlopen(hub.url + "/events/day/grid", timeout=10).status,
                                  range(12)))
        assert pages == [200] * 12
        held = sorted(p.name for p in hub_db.cache.iterdir() if p.is_dir())
        assert set(held) <= {"worker-0", "worker-1"} and held
        assert not (hub_db.cache / "day.sqlite").exists()  # no process writes the shared folder

        # Stopped as a service manager would (SIGTERM): every process goes.
        assert hub.proc is not None
        hub.proc.send_signal(signal.SIGTERM)
        assert hub.proc.wait(20) == 0
        hub.proc = None
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers)
    finally:
        hub.kill()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="counts worker processes through /proc")
@pytest.mark.parametrize("hub_db", ["postgres"], indirect=True)
def test_workers_end_when_the_hub_process_is_killed_outright(hub_db, tmp_path):
    hub = WorkersHub(tmp_path / "hub-data", hub_db.db, hub_db.cache, workers=2)
    hub.start()
    deadline = time.monotonic() + 20
    while len(workers := hub.workers()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    hub.kill()  # SIGKILL: the supervisor cannot pass anything on
    deadline = time.monotonic() + 30  # they notice within seconds; a busy CI machine is slower
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert workers and not any(_alive(pid) for pid in workers)


def test_workers_on_sqlite_are_refused_with_the_reason(tmp_path):
    proc = kiosk(tmp_path / "hub-data", "hub", "--workers", "2")
    assert_clean_failure(proc, 2)
    assert "PostgreSQL" in proc.stderr
    assert not (tmp_path / "hub-data" / "hub").exists()  # refused before anything was made
    assert_clean_failure(kiosk(tmp_path / "hub-data", "hub", "--workers", "0"), 2)


def test_the_workers_app_factory_is_importable_by_uvicorn():
    """uvicorn imports "kiosk.hub.workers:worker_app" in each worker: the name must resolve."""
    import importlib

    module, _, name = "kiosk.hub.workers:worker_app".partition(":")
    assert callable(getattr(importlib.import_module(module), name))
