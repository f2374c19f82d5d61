"""The hub's storage on SQLite and on a real PostgreSQL: the log, its cursor, devices, the cache."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from kiosk.core.errors import RefusedError, UsageError
from kiosk.hub.backend import redact
from kiosk.hub.open_backend import open_backend
from kiosk.hub.store import CURSOR_KEY, LOG_ID_KEY, HubStore
from kiosk.ops.base import MalformedOperation, Operation
from kiosk.store.datadir import DataDir

from tests.support.event_data import add_attendee, small_grid
from tests.support.hub_backends import hub_db_fixture  # noqa: F401  (the hub_db fixture)
from tests.support.paths import ROOT


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
    from kiosk.attendees.checkin import Desk

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


def test_a_pairing_code_dies_once_its_token_is_used_and_the_token_names_the_device(hub):
    code = hub.new_pairing_code("day", "Desk 1")
    token, event, name = hub.pair(f"  {code.lower()} ")
    assert (event, name) == ("day", "Desk 1")
    device = hub.authenticate(token)
    assert (device.event, device.name, device.revoked) == ("day", "Desk 1", False)
    with pytest.raises(RefusedError, match="unknown or expired pairing code"):
        hub.pair(code)  # its token is in use
    assert hub.authenticate("forged") is None
    [listed] = hub.devices("day")
    assert listed["name"] == "Desk 1" and listed["paired"] and not listed["revoked"] and listed["last_seen"]


def test_an_expired_code_is_refused(hub):
    from kiosk.hub.backend import digest

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


def test_a_code_redeemed_again_before_its_token_is_used_replaces_that_token(hub):
    """The hub's answer was lost on its way back: the kiosk tries the same code again."""
    code = hub.new_pairing_code("day", "Desk 1")
    lost, _, _ = hub.pair(code)
    token, event, name = hub.pair(code)
    assert (event, name) == ("day", "Desk 1") and token != lost
    assert hub.authenticate(lost) is None  # only the latest token works
    assert hub.authenticate(token).name == "Desk 1"
    with pytest.raises(RefusedError, match="unknown or expired pairing code"):
        hub.pair(code)


def test_a_used_code_is_refused_again_once_its_token_was_presented(hub):
    code = hub.new_pairing_code("day", "Desk 1")
    hub.pair(code)
    token = hub.pair(code)[0]  # the first answer was lost
    hub.authenticate(token)
    with pytest.raises(RefusedError, match="unknown or expired pairing code"):
        hub.pair(code)
    assert hub.authenticate(token).name == "Desk 1"  # and the working token is untouched


def test_a_used_code_is_refused_again_once_expired(hub):
    from kiosk.hub.backend import digest

    now = time.time()
    hub.backend.add_pairing_code("day", "Desk 1", digest("CODE"), now + 60)
    assert hub.backend.redeem_code(digest("CODE"), digest("first"), now) == ("day", "Desk 1")
    assert hub.backend.redeem_code(digest("CODE"), digest("second"), now + 59) == ("day", "Desk 1")
    assert hub.backend.redeem_code(digest("CODE"), digest("third"), now + 61) is None
    assert hub.backend.authenticate(digest("second"), now + 62).name == "Desk 1"


def test_a_code_redeemed_before_a_revocation_never_revives_the_device(hub):
    old_code = hub.new_pairing_code("day", "Desk 1")
    hub.pair(old_code)
    old = hub.pair(old_code)[0]  # the first answer was lost
    hub.revoke("day", "Desk 1")
    with pytest.raises(RefusedError, match="unknown or expired pairing code"):
        hub.pair(old_code)
    assert hub.authenticate(old).revoked
    new_code = hub.new_pairing_code("day", "Desk 1")  # the organisers pair a new laptop
    new = hub.pair(new_code)[0]
    with pytest.raises(RefusedError):
        hub.pair(old_code)  # not even now the device is no longer revoked
    assert hub.pair(new_code)[0] != new  # while the new code still may be, its token unused


def test_a_code_made_before_a_revocation_and_never_used_dies_with_it(hub):
    spare = hub.new_pairing_code("day", "Desk 1")  # printed for the laptop, then not needed
    hub.pair(hub.new_pairing_code("day", "Desk 1"))
    hub.revoke("day", "Desk 1")  # the laptop was stolen
    with pytest.raises(RefusedError, match="unknown or expired pairing code"):
        hub.pair(spare)  # whoever found the slip cannot bring the device back


def test_a_code_stops_giving_tokens_once_another_code_paired_the_device(hub):
    first, second = hub.new_pairing_code("day", "Desk 1"), hub.new_pairing_code("day", "Desk 1")
    hub.pair(first)
    hub.pair(first)
    token = hub.pair(second)[0]
    with pytest.raises(RefusedError):
        hub.pair(first)  # it would take the device's token from whoever holds the second code's
    assert hub.authenticate(token).name == "Desk 1"


def test_a_hub_made_before_used_codes_were_kept_is_brought_up_to_date(hub_db):
    from kiosk.hub.backend import digest

    old_table = ("CREATE TABLE pairing_codes (code_hash TEXT PRIMARY KEY, event TEXT NOT NULL, "
                 "name TEXT NOT NULL, expires REAL NOT NULL)")
    if hub_db.kind == "sqlite":
        Path(hub_db.db).mkdir(parents=True)
        with sqlite3.connect(Path(hub_db.db) / "hub.sqlite") as db:
            db.execute(old_table)
    else:
        import psycopg

        # As the older PostgreSQL hub made it: REAL there is 4 bytes, rounding a time to 128 s,
        # which made a code 60 s from expiry expired at random (an intermittent failure).
        with psycopg.connect(hub_db.db, autocommit=True) as db:
            db.execute(old_table.replace("REAL", "DOUBLE PRECISION"))
    hub = hub_db.open()
    try:
        hub.backend.add_pairing_code("day", "Desk 1", digest("CODE"), time.time() + 60)
        lost, token = hub.pair("code")[0], hub.pair("code")[0]
        assert hub.authenticate(lost) is None and hub.authenticate(token).name == "Desk 1"
    finally:
        hub.close()
    hub_db.open().close()  # and opening it again changes nothing


def test_two_hub_processes_redeeming_one_code_leave_the_device_one_token(hub_db, hub):
    code = hub.new_pairing_code("day", "Desk 1")
    other = hub_db.open(hub_db.cache.parent / "other-cache")
    results: list[object] = []

    def redeem(store: HubStore) -> None:
        results.append(store.pair(code))

    threads = [threading.Thread(target=redeem, args=(s,)) for s in (hub, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert len(results) == 2  # the second replaced the first's token, never used
    assert [hub.authenticate(token) is not None for token, _, _ in results].count(True) == 1


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


def test_a_reducer_failing_on_odd_values_refuses_the_push_but_a_fault_of_the_hub_stays_one(hub, monkeypatch):
    from kiosk.ops import registry
    from kiosk.ops.base import OpKind

    def failing(exc: Exception):
        def apply(conn, batch):
            raise exc
        return OpKind("test.hostile", lambda payload: None, apply)

    device = paired(hub)
    hostile = Operation("h", "d", 1 << 40, "test.hostile", {})
    for exc in (OverflowError("int too large"), ValueError("odd"), TypeError("odd"), KeyError("odd"),
                RecursionError("deep"), sqlite3.InterfaceError("binding"), sqlite3.ProgrammingError("binding"),
                sqlite3.IntegrityError("NOT NULL")):
        monkeypatch.setitem(registry.KINDS, "test.hostile", failing(exc))
        with pytest.raises(MalformedOperation, match=type(exc).__name__):
            hub.push(device, [checkin(1), hostile])
    monkeypatch.setitem(registry.KINDS, "test.hostile", failing(sqlite3.OperationalError("disk I/O error")))
    with pytest.raises(sqlite3.OperationalError):  # this machine's fault: not the pusher's to fix
        hub.push(device, [checkin(1), hostile])
    assert hub.pull("day", 0, 10) == ([], 0, False)
    assert hub.push(device, [checkin(1)]) == (1, 1)


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

    from kiosk.hub.backend import HubUnavailable

    device = paired(hub)
    hub.push(device, [checkin(1)])
    with psycopg.connect(hub_db.db, autocommit=True) as admin:  # as a server restart would
        for conn in hub.backend._pool.idle():
            admin.execute("SELECT pg_terminate_backend(%s)", (conn.info.backend_pid,))
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
    from kiosk.hub.store import UnknownEvent

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
    monkeypatch.delitem(sys.modules, "kiosk.hub.postgres_backend", raising=False)
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(UsageError, match=r"pip install 'event-kiosk\[postgres\]'"):
        open_backend("postgresql://kiosk@127.0.0.1/hub")
    with pytest.raises(UsageError):
        open_backend("mysql://kiosk@127.0.0.1/hub")
