"""A real hub process on loopback, and the desks that pair with it and sync through it."""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.hub.host import HubHost
from kiosk.store.datadir import DataDir
from kiosk.sync.client import SyncClient

from tests.support.cli import kiosk_json
from tests.support.paths import ROOT

# Ports for servers the tests start come from below the kernel's ephemeral range (32768+), so an
# outgoing connection elsewhere in the run cannot take one between picking it and the hub
# binding it; each xdist worker draws from a slice of its own, so two workers never pick the same.
_PORTS = range(20000, 32000)


def _worker_ports() -> range:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)
    index = int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0
    width = len(_PORTS) // max(count, 1)
    start = _PORTS.start + index * width
    return range(start, start + width)


def free_port() -> int:
    """A loopback port nothing listens on now, picked at random from this worker's slice (another
    test run on the same machine may be picking too: random keeps the odds of a clash tiny)."""
    ports = _worker_ports()
    for _ in range(200):
        port = random.choice(ports)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports}")


class Hub:
    """A hub process; with no db, its storage is the default SQLite folder in its data folder.
    `args` go to `kiosk hub` (e.g. --trusted-proxy); `log` takes its stderr; `preexec` runs in the
    child before it starts (e.g. to lower its descriptor limit)."""

    def __init__(self, data: Path, db: str | None = None, cache: Path | None = None, args: tuple[str, ...] = (),
                 log: Path | None = None, preexec: Callable[[], None] | None = None, root: Path = ROOT) -> None:
        self.data = data
        self.root = root  # the app the hub runs: another version's source tree, for one test
        self.args, self.log, self.preexec = args, log, preexec
        self._set_port(free_port())
        self.proc: subprocess.Popen | None = None
        self.started_once = False
        self.db_args = ("--db", db) if db else ()  # for `kiosk hub pair|revoke|devices` too
        self.cache_args = ("--cache", str(cache)) if cache else ()

    def _set_port(self, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"

    def start(self) -> None:
        # A first start that loses its port to another process moves to a new one; a restart
        # must keep its address (desks are paired to it), so it only waits.
        for _ in range(1 if self.started_once else 3):
            if self._start_once():
                self.started_once = True
                return
            if not self.started_once:
                self._set_port(free_port())
        raise RuntimeError("the hub did not start")

    def _start_once(self) -> bool:
        env = {**os.environ, "PYTHONPATH": str(self.root)}
        log = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115 (the child keeps it)
        try:
            self.proc = subprocess.Popen([sys.executable, "-m", "kiosk", "--data", str(self.data), "hub",
                                          "--port", str(self.port), *self.db_args, *self.cache_args, *self.args],
                                         env=env, stdout=subprocess.DEVNULL, stderr=log, preexec_fn=self.preexec,
                                         cwd=self.root)  # `-m` puts the working folder first on the path
        finally:
            if self.log:
                log.close()  # type: ignore[union-attr]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/api/v1/status", timeout=1) as answer:
                    if json.loads(answer.read())["ok"]:
                        return True
            except OSError:
                if self.proc.poll() is not None:  # exited: e.g. the port was taken
                    self.proc = None
                    return False
                time.sleep(0.1)
        self.kill()
        return False

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
            self.proc = None


def hub_on(hub_db, data: Path, cache: Path | None = None) -> Hub:
    if hub_db.kind == "sqlite":
        return Hub(data)
    return Hub(data, hub_db.db, cache or hub_db.cache)


def paired_kiosk(hub: Hub, folder: Path, name: str) -> Path:
    code = kiosk_json(hub.data, "hub", "pair", "--event", "day", "--device", name, "--url", hub.url,
                      *hub.db_args)["code"]
    kiosk_json(folder, "sync", "pair", hub.url, code)
    kiosk_json(folder, "device", "--name", name)
    return folder


def snapshot(folder: Path) -> dict:
    data = DataDir(folder)
    with data.open("day") as store:
        return store.snapshot()


def grid_with_one_session(hub: Hub, folder: Path) -> Path:
    """A paired desk that placed "Wellbeing at work" in Main Hall at 10:00 and synced it."""
    desk = paired_kiosk(hub, folder, "Desk 1")
    kiosk_json(desk, "grid", "space", "add", "Main Hall")
    kiosk_json(desk, "grid", "slot", "add", "10:00", "11:00")
    kiosk_json(desk, "grid", "propose", "Wellbeing at work", "--convener", "Siân", "--first-free")
    kiosk_json(desk, "sync", "--once")
    return desk


def hub_ops(hub: Hub, token: str) -> list[dict]:
    """Every operation the hub holds for the event, straight from its pull API."""
    ops, cursor = [], 0
    while True:
        request = urllib.request.Request(f"{hub.url}/api/v1/pull?after={cursor}")
        request.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(request, timeout=10) as answer:
            page = json.loads(answer.read())
        ops += page["ops"]
        cursor = page["cursor"]
        if not page["more"]:
            return ops


def token_of(folder: Path) -> str:
    with DataDir(folder).open("day") as store:
        return store.get_meta("sync.token")


def synced_walk_in(hub: Hub, folder: Path) -> tuple[str, list[dict]]:
    """A paired desk with one walk-in on the hub: (its token, what the hub holds)."""
    desk = paired_kiosk(hub, folder, "Desk 1")
    kiosk_json(desk, "walkin", "--first", "Ann", "--last", "Example")
    kiosk_json(desk, "sync", "--once")
    token = token_of(desk)
    return token, hub_ops(hub, token)


@contextmanager
def sharing_laptop(office: DataDir, desk: str = "Desk 1") -> Iterator[HubHost]:
    """The organiser's laptop sharing its event 'day' from the window (a hub child process, HTTPS
    on 127.0.0.1), its list already sent to that hub; stopped at the end."""
    host = HubHost(office, "127.0.0.1")
    try:
        host.start()
        host.wait_ready()
        host.share("day", desk)
        with office.open("day", desk) as store:
            SyncClient(store).sync_once()  # the list goes to the hub
        yield host
    finally:
        host.stop()
