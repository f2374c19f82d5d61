"""A big import never holds the desk: check-ins from another process go on while `kiosk import`
writes 100k attendees, a second import is refused in words, a killed import is completed by
running it again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.attendees.checkin import Status
from kiosk.event import OpenEvent
from kiosk.importer.run import LOCK_KEY
from kiosk.store.datadir import DataDir

from tests.support.cli import ROOT, kiosk

BIG = 100_000
SEEDED = 200


def _write_csv(path: Path, prefix: str, count: int) -> list[str]:
    codes = [f"{prefix}{(i * 7919) % 1_000_003:07d}-{i}" for i in range(count)]
    lines = ["Ticket code,First name,Last name,Email,Ticket type"]
    lines += [f"{c},Ann{i % 97},Lee{i % 89},p{i}@example.org,Standard" for i, c in enumerate(codes)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return codes


@pytest.fixture
def event(tmp_path: Path) -> tuple[DataDir, list[str], Path]:
    """An event with SEEDED attendees, and a file of BIG more."""
    data = DataDir(tmp_path / "data")
    data.create("day", "Day").close()
    seeded = _write_csv(tmp_path / "seed.csv", "S", SEEDED)
    done = kiosk(data.root, "import", str(tmp_path / "seed.csv"))
    assert done.returncode == 0, done.stderr
    _write_csv(tmp_path / "big.csv", "B", BIG)
    return data, seeded, tmp_path / "big.csv"


def _start_import(data: DataDir, path: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("KIOSK_DATA", None)
    return subprocess.Popen([sys.executable, "-m", "kiosk", "--data", str(data.root), "import", str(path),
                             "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _wait_for(condition, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, f"the import ended first: {proc.communicate()}"
        assert time.monotonic() < deadline, "the import did not get there in time"
        time.sleep(0.01)


def _count(event: OpenEvent) -> int:
    return event.store.attendee_count()


@pytest.mark.slow
@pytest.mark.durable
def test_checkins_from_another_process_go_on_during_a_100k_import(event):
    data, seeded, big = event
    desk = OpenEvent.open(data, "day", "Desk 2")
    proc = _start_import(data, big)
    try:
        _wait_for(lambda: _count(desk) > SEEDED, proc)  # it is writing its chunks now
        latencies, during = [], 0
        for code in seeded[:50]:
            start = time.perf_counter()
            result = desk.check_in(code, auto_print=False).result
            latencies.append(time.perf_counter() - start)
            assert result.status is Status.CHECKED_IN, (code, result.status)
            during += proc.poll() is None
            time.sleep(0.02)
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
        desk.close()
    assert proc.returncode == 0, err
    assert json.loads(out)["created"] == BIG
    assert during >= 25, "the import ended before most check-ins: nothing was measured"
    assert max(latencies) < 1.0, sorted(latencies)[-5:]
    with OpenEvent.open(data, "day") as check:
        assert _count(check) == SEEDED + BIG
        assert check.stats().checked_in == 50


@pytest.mark.slow
def test_a_second_import_is_refused_in_words_while_one_runs(event, tmp_path):
    data, _, big = event
    other = tmp_path / "other.csv"
    _write_csv(other, "O", 10)
    watcher = OpenEvent.open(data, "day")
    proc = _start_import(data, big)
    try:
        _wait_for(lambda: watcher.store.get_meta(LOCK_KEY, "") != "", proc)
        second = kiosk(data.root, "import", str(other))
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
        watcher.close()
    assert second.returncode == 1, (second.stdout, second.stderr)
    assert "another import is running" in second.stderr and "big.csv" in second.stderr
    assert "locked" not in second.stderr and "Traceback" not in second.stderr
    assert proc.returncode == 0, err
    again = kiosk(data.root, "import", str(other), "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["created"] == 10
    with OpenEvent.open(data, "day") as check:
        assert _count(check) == SEEDED + BIG + 10
        assert check.store.get_meta(LOCK_KEY, "") == ""


@pytest.mark.slow
@pytest.mark.durable
def test_a_killed_import_leaves_the_event_usable_and_a_rerun_completes_it(event):
    data, seeded, big = event
    watcher = OpenEvent.open(data, "day")
    proc = _start_import(data, big)
    try:
        _wait_for(lambda: _count(watcher) > SEEDED + 5000, proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        partial = _count(watcher) - SEEDED
    finally:
        if proc.poll() is None:
            proc.kill()
        watcher.close()
    assert 0 < partial < BIG
    checked = kiosk(data.root, "checkin", seeded[0])
    assert checked.returncode == 0, checked.stderr
    rerun = kiosk(data.root, "import", str(big), "--json")
    assert rerun.returncode == 0, rerun.stderr
    answer = json.loads(rerun.stdout)
    assert answer["created"] == BIG - partial and answer["unchanged"] == partial
    assert any("stopped after" in note for note in answer["notes"])
    with OpenEvent.open(data, "day") as check:
        assert _count(check) == SEEDED + BIG
        assert check.store.get_meta(LOCK_KEY, "") == ""
        assert check.stats().checked_in == 1
