"""The hub's storage on SQLite and on a real PostgreSQL: the log, its cursor, devices, the cache."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import uuid

import pytest

from kiosk.datadir import DataDir
from kiosk.errors import RefusedError, UsageError
from kiosk.ops import MalformedOperation, Operation
from kiosk.sync.hub_backend import open_backend, redact
from kiosk.sync.hub_store import CURSOR_KEY, LOG_ID_KEY, HubStore

from tests.conftest import add_attendee, small_grid
from tests.e2e.test_cli import ROOT
from tests.hub_backends import hub_db_fixture  # noqa: F401  (the hub_db fixture)


def checkin(i: int, device: str = "dev-1") -> Operation:
    return Operation(str(uuid.uuid4()), device, (1_790_000_000_000 + i) << 16, "checkin",
                     {"code": f"CODE-{i:04d}", "device": "Desk 1", "at_ms": 1_790_000_000_000 + i})


def paired(hub: HubStore, event: str = "day", name: str = "Desk 1"):
    token, _, _ = hub.pair(hub.new_pairing_code(event, name))
    return hub.authenticate(token)


@pytest.fixture
def hub(hub_db):
    store = hub_db.open()
    yield store
    store.close()


def kiosk_ops(tmp_path) -> tuple[list[Operation], dict]:
    """A kiosk's day: attendees, a grid with sessions, a check-in; its operations and its state."""
    from kiosk.checkin import Desk

    store = DataDir(tmp_path / "kiosk").create("day", "Community Day", "2026-11-23", "Pierhead")
    with store:
        add_attendee(store, "CODE-0001", first_name="Siân", last_name="Jones")
        add_attendee(store, "CODE-0002", first_name="Seán", last_name="Ó Súilleabháin")
        editor = small_grid(store)
        editor.propose("Wellbeing at work", ["Siân"], space="Main Hall", slot="10:00")
        editor.propose("Data we trust", ["Seán"])
        Desk(store).check_in("CODE-0001")
        return store.operations(), store.snapshot()


# -- pairing and devices ------------------------------------------------------------------------


def test_a_pairing_code_is_used_once_and_its_token_names_the_device(hub):
    code = hub.new_pairing_code("day", "Desk 1")
    token, event, name = hub.pair(f"  {code.lower()} ")
    assert (event, name) == ("day", "Desk 1")
    with pytest.raises(RefusedError):
        hub.pair(code)
    device = hub.authenticate(token)
    assert (device.event, device.name, device.revoked) == ("day", "Desk 1", False)
    assert hub.authenticate("forged") is None
    [listed] = hub.devices("day")
    assert listed["name"] == "Desk 1" and listed["paired"] and not listed["revoked"] and listed["last_seen"]


def test_an_expired_code_is_refused(hub):
    from kiosk.sync.hub_backend import digest

    hub.backend.add_pairing_code("day", "Desk 1", digest("OLD-CODE"), time.time() - 1)
    with pytest.raises(RefusedError):
        hub.pair("old-code")


def test_revoked_then_paired_again_under_the_same_name(hub):
    old = hub.pair(hub.new_pairing_code("day", "Desk 1"))[0]
    hub.revoke("day", "Desk 1")
    assert hub.authenticate(old).revoked  # the app answers 410 {wipe: true}
    code = hub.new_pairing_code("day", "Desk 1")
    assert hub.authenticate(old).revoked  # still, until the new laptop has paired
    new = hub.pair(code)[0]
    assert hub.authenticate(old) is None and not hub.authenticate(new).revoked
    with pytest.raises(RefusedError):
        hub.revoke("day", "Desk 9")


def test_two_hub_processes_redeeming_one_code_pair_it_once(hub_db, hub):
    code = hub.new_pairing_code("day", "Desk 1")
    other = hub_db.open(hub_db.cache.parent / "other-cache")
    results: list[object] = []

    def redeem(store: HubStore) -> None:
        try:
            results.append(store.pair(code))
        except RefusedError as exc:
            results.append(exc)

    threads = [threading.Thread(target=redeem, args=(s,)) for s in (hub, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert sorted(type(r).__name__ for r in results) == ["RefusedError", "tuple"]


# -- the log ------------------------------------------------------------------------------------


def test_a_resent_push_changes_nothing(hub):
    device = paired(hub)
    ops = [checkin(i) for i in range(5)]
    assert hub.push(device, ops) == (5, 5)
    assert hub.push(device, ops) == (0, 5)
    extra = checkin(5)
    assert hub.push(device, ops[3:] + [extra, extra]) == (1, 6)  # and twice in one batch
    pulled, cursor, more = hub.pull("day", 0, 100)
    assert pulled == ops + [extra] and cursor == 6 and not more


def test_pulls_page_by_cursor_in_log_order(hub):
    device = paired(hub)
    ops = [checkin(i) for i in range(5)]
    for op in ops:
        hub.push(device, [op])
    pages, cursor, more = [], 0, True
    while more:
        page, cursor, more = hub.pull("day", cursor, 2)
        pages.append(([op.id for op in page], cursor))
    assert pages == [([ops[0].id, ops[1].id], 2), ([ops[2].id, ops[3].id], 4), ([ops[4].id], 5)]
    assert hub.pull("day", 5, 2) == ([], 5, False)


def test_a_device_sees_only_its_own_event(hub):
    cardiff, cork = paired(hub, "cardiff"), paired(hub, "cork", "Desk 1")
    hub.push(cardiff, [checkin(1), checkin(2)])
    hub.push(cork, [checkin(3)])
    assert [op.payload["code"] for op in hub.pull(cork.event, 0, 100)[0]] == ["CODE-0003"]
    assert [op.payload["code"] for op in hub.pull(cardiff.event, 0, 100)[0]] == ["CODE-0001", "CODE-0002"]
    assert hub.event("cork").snapshot()["checkins"][0][1] == "CODE-0003"
    assert len(hub.event("cardiff").snapshot()["checkins"]) == 2


def test_a_malformed_operation_rejects_the_whole_push(hub):
    device = paired(hub)
    good = checkin(1)
    for bad in (Operation("x", "d", 1 << 40, "no.such.kind", {}),
                Operation("y", "d", 1 << 40, "checkin", {"code": "C"}),
                Operation("z\x00", "d", 1 << 40, "checkin", good.payload),
                Operation("w", "d", 1 << 40, "checkin", {**good.payload, "code": "\ud800"})):
        with pytest.raises(MalformedOperation):
            hub.push(device, [good, bad])
    assert hub.pull("day", 0, 10) == ([], 0, False)
    assert hub.event("day").snapshot()["checkins"] == []
    assert hub.push(device, [good]) == (1, 1)


def test_concurrent_appends_never_skip_a_row_for_a_concurrent_puller(hub_db, hub):
    """Hub processes append to two events at once; a puller of each must still see every operation.

    A log numbered by a plain sequence fails this most runs: a puller passes a number whose
    operation commits later.
    """
    events, writers, batches, size = ("day", "night"), 6, 20, 20
    sent: dict[str, list[str]] = {event: [] for event in events}
    seen: dict[str, list[tuple[int, str]]] = {event: [] for event in events}
    done = threading.Event()

    def write(n: int) -> None:
        backend = open_backend(hub_db.db)
        for b in range(batches):
            event = events[(n + b) % 2]
            ops = [checkin(n * 10_000 + b * 100 + i) for i in range(size)]
            backend.append(event, ops)
            sent[event].extend(op.id for op in ops)
        backend.close()

    def pull(event: str) -> None:
        backend, cursor = open_backend(hub_db.db), 0
        while True:
            finished = done.is_set()  # read before pulling: one last pull after every commit
            entries = backend.read(event, cursor, 7)
            seen[event].extend((e.seq, e.op.id) for e in entries)
            cursor = entries[-1].seq if entries else cursor
            if finished and not entries:
                break
        backend.close()

    pullers = [threading.Thread(target=pull, args=(event,)) for event in events]
    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in pullers + threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    for t in pullers:
        t.join()
    for event in events:
        assert sorted(i for _, i in seen[event]) == sorted(sent[event])
        assert [seq for seq, _ in seen[event]] == list(range(1, len(sent[event]) + 1))


@pytest.mark.parametrize("hub_db", ["postgres"], indirect=True)  # SQLite has no connection to lose
def test_after_the_database_drops_the_connection_the_next_call_reconnects(hub_db, hub):
    import psycopg

    from kiosk.sync.hub_backend import HubUnavailable

    device = paired(hub)
    hub.push(device, [checkin(1)])
    with psycopg.connect(hub_db.db, autocommit=True) as admin:  # as a server restart would
        admin.execute("SELECT pg_terminate_backend(%s)", (hub.backend._conn.info.backend_pid,))
    with pytest.raises(HubUnavailable):
        hub.pull("day", 0, 10)
    assert len(hub.pull("day", 0, 10)[0]) == 1
    assert hub.push(device, [checkin(2)]) == (1, 2)


# -- the cache: state derived from the log ------------------------------------------------------


def test_the_hub_state_equals_the_kiosks_and_a_deleted_cache_is_rebuilt(hub_db, hub, tmp_path):
    ops, kiosk_state = kiosk_ops(tmp_path)
    device = paired(hub)
    hub.push(device, ops[:7])
    hub.push(device, ops[7:])
    assert hub.event("day").snapshot() == kiosk_state
    grid, info = hub.grid("day")
    assert info["name"] == "Community Day" and hub.event_name("day") == "Community Day"
    hub.close()
    shutil.rmtree(hub_db.cache)
    again = hub_db.open()
    try:
        assert again.grid("day") == (grid, info)
        assert again.event("day").snapshot() == kiosk_state
    finally:
        again.close()


def test_a_cache_behind_the_log_catches_up(hub_db, hub, tmp_path):
    """As after a crash between the log's commit and the cache's, or another hub's push."""
    ops, kiosk_state = kiosk_ops(tmp_path)
    hub.push(paired(hub), ops[:3])
    assert hub.grid("day")[0].sessions == []
    other = hub_db.open(tmp_path / "other-cache")  # a second hub process on the same log
    try:
        other.push(other.authenticate(other.pair(other.new_pairing_code("day", "Desk 2"))[0]), ops)
    finally:
        other.close()
    hub.backend.append("day", [checkin(9)])  # logged, never applied to a cache
    state = hub.event("day").snapshot()
    assert len(state["checkins"]) == 2 and state["grid"] == kiosk_state["grid"]
    assert int(hub.event("day").get_meta(CURSOR_KEY)) == hub.backend.head("day")


def test_a_cache_built_from_another_log_is_thrown_away(hub_db, hub, tmp_path):
    ops, kiosk_state = kiosk_ops(tmp_path)
    hub.push(paired(hub), ops)
    path = hub.event("day").path
    hub.close()
    with sqlite3.connect(path) as cache:
        cache.execute("UPDATE meta SET value = 'another log' WHERE key = ?", (LOG_ID_KEY,))
        cache.execute("UPDATE event_info SET value = 'Stale' WHERE key = 'name'")
    again = hub_db.open()
    try:
        assert again.event_name("day") == "Community Day"
        assert again.event("day").snapshot() == kiosk_state
    finally:
        again.close()


def test_an_unknown_event_has_no_grid(hub):
    from kiosk.sync.hub_store import UnknownEvent

    with pytest.raises(UnknownEvent):
        hub.grid("nobody-paired")
    assert not (hub.cache_dir / "nobody-paired.sqlite").exists()
    with pytest.raises(UsageError):
        hub.grid("../etc")


# -- addresses and messages ---------------------------------------------------------------------


def test_a_password_is_never_shown():
    assert redact("postgresql://kiosk:s3cret@db.example:5432/hub") == "postgresql://kiosk:***@db.example:5432/hub"
    assert redact("postgresql://db/hub?user=k&password=s3cret") == "postgresql://db/hub?user=k&password=***"
    assert redact("postgresql://kiosk@db/hub") == "postgresql://kiosk@db/hub"
    proc = subprocess.run([sys.executable, "-m", "kiosk", "hub", "devices", "--event", "day", "--db",
                           "postgresql://kiosk:s3cret@127.0.0.1:1/hub", "--json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "s3cret" not in proc.stderr and "unavailable" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_without_psycopg_the_message_says_what_to_install(monkeypatch):
    monkeypatch.delitem(sys.modules, "kiosk.sync.hub_postgres", raising=False)
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(UsageError, match=r"pip install 'event-kiosk\[postgres\]'"):
        open_backend("postgresql://kiosk@127.0.0.1/hub")
    with pytest.raises(UsageError):
        open_backend("mysql://kiosk@127.0.0.1/hub")
