"""The import lock and the words an import says when the event's data stays busy."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time

import pytest

from kiosk.core.errors import RefusedError, StorageError
from kiosk.importer import plan_import
from kiosk.importer.run import LOCK_KEY, ImportLock, apply_import, import_lock, interrupted_import
from kiosk.store import event_store


def _csv(tmp_path, count=30):
    path = tmp_path / "people.csv"
    path.write_text("Ticket code,First name,Last name\n"
                    + "".join(f"T{i:04},Ann,Lee{i}\n" for i in range(count)), encoding="utf-8")
    return path


def _hold(store, pid, heartbeat_ms, done=10, rows=30):
    now = int(time.time() * 1000)
    lock = ImportLock(pid, socket.gethostname(), "earlier.csv", now, heartbeat_ms, rows, done)
    with store.write():
        store.set_meta(LOCK_KEY, lock.text())


def test_an_import_refuses_while_a_live_one_holds_the_lock(store, tmp_path):
    _hold(store, os.getppid(), int(time.time() * 1000))  # a live process that is not this one
    plan = plan_import(_csv(tmp_path), store)
    with pytest.raises(RefusedError, match="another import is running.*earlier.csv"):
        apply_import(store, plan)
    assert store.attendee_count() == 0


def test_a_dead_importers_lock_is_taken_over_and_said(store, tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    _hold(store, int(dead.stdout), int(time.time() * 1000))
    assert interrupted_import(store) is not None
    with import_lock(store, "people.csv") as run:
        assert run.interrupted is not None and run.interrupted.done == 10
        run.write(plan_import(_csv(tmp_path), store).creates)
    assert store.attendee_count() == 30 and store.get_meta(LOCK_KEY, "") == ""


def test_a_lock_whose_heartbeat_stopped_is_stale_whatever_its_pid(store, tmp_path):
    _hold(store, os.getppid(), int(time.time() * 1000) - 10 * 60 * 1000)
    apply_import(store, plan_import(_csv(tmp_path), store))
    assert store.attendee_count() == 30


def test_a_cancelled_import_keeps_its_chunks_and_says_to_import_again(store, tmp_path, monkeypatch):
    monkeypatch.setattr("kiosk.importer.planned.IMPORT_CHUNK", 10)
    plan = plan_import(_csv(tmp_path), store)
    calls = []

    def progress(done, total):
        calls.append(done)
        return done < 20
    with pytest.raises(RefusedError, match="import the file again"):
        apply_import(store, plan, progress)
    assert store.attendee_count() == 20
    assert interrupted_import(store).done == 20
    again = plan_import(_csv(tmp_path), store)
    assert len(again.creates) == 10 and again.unchanged == 20
    apply_import(store, again)
    assert store.attendee_count() == 30 and interrupted_import(store) is None


def test_a_database_held_too_long_is_said_in_words(store, tmp_path, monkeypatch):
    monkeypatch.setattr(event_store, "BUSY_WAIT_S", 0.2)
    other = sqlite3.connect(str(store.path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StorageError) as failure:
            apply_import(store, plan_import(_csv(tmp_path), store))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "busy" in failure.value.message and "import the file again" in failure.value.message
    assert "locked" not in failure.value.message


def test_a_waiting_write_gets_the_next_gap(store):
    """An import gives way between its chunks to a write that says it waits."""
    store._mark_waiting(True)
    start = time.monotonic()
    store.yield_to_waiting_writes(limit_s=0.1)
    assert time.monotonic() - start >= 0.09
    store._mark_waiting(False)
    start = time.monotonic()
    store.yield_to_waiting_writes(limit_s=0.1)
    assert time.monotonic() - start < 0.05


@pytest.mark.parametrize("clean", [True, False], ids=["column-form", "row-form"])
def test_planned_rows_past_a_run_are_compressed_and_written_in_code_order(store, tmp_path, monkeypatch, clean):
    from kiosk.importer import fast_lane, planned

    monkeypatch.setattr(planned, "RUN_ROWS", 7)
    monkeypatch.setattr(planned, "COLUMN_RUN_ROWS", 7)
    monkeypatch.setattr(planned, "IMPORT_CHUNK", 4)
    monkeypatch.setattr(fast_lane, "BLOCK_ROWS", 5)  # runs of 10 rows, then a tail
    path = _csv(tmp_path, 30)
    if not clean:  # a stray space: every row goes through the row-by-row planner, as text
        path.write_text(path.read_text(encoding="utf-8").replace(",Ann,", ",Ann ,"), encoding="utf-8")
    plan = plan_import(path, store)
    assert (plan.creates.shape is not None) is clean
    assert len(plan.creates) == 30 and plan.creates[-1]["code"] and plan.creates[0]["set"]["first_name"] == "Ann"
    assert sorted(r["code"] for r in plan.creates) == [f"T{i:04}" for i in range(30)]
    assert len(plan.creates + plan.updates) == 30
    seen: list[str] = []
    original = store.record_many

    def code(row):
        return row[0] if isinstance(row, list | tuple) else row["code"]
    monkeypatch.setattr(store, "record_many", lambda kind, payloads, texts=None: (
        seen.extend(code(r) for p in payloads for r in p["rows"]), original(kind, payloads, texts))[1])
    apply_import(store, plan)
    assert seen == sorted(seen) and len(seen) == 30 and store.attendee_count() == 30
    assert store.conn.execute("SELECT first_name FROM attendees WHERE code = ?", ("T0007",)).fetchone()[0] == "Ann"
    again = plan_import(path, store)
    assert again.unchanged == 30 and not again.creates
