"""The event store: durable settings, migrations, and operations that converge in any order."""

import random
import sqlite3
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.core.errors import KioskError
from kiosk.ops.base import MalformedOperation, Operation
from kiosk.store.event_store import EventStore
from kiosk.store.schema import LATEST_VERSION

from tests.support.event_data import add_attendee


def test_database_is_wal_with_full_sync_and_versioned(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION


def test_newer_schema_is_refused_not_damaged(tmp_path):
    path = tmp_path / "event.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.close()
    with pytest.raises(KioskError, match="newer version"):
        EventStore(path, "dev", "Desk")


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "event.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(KioskError, match="cannot open event database"):
        EventStore(path, "dev", "Desk")


def test_every_change_is_logged_with_id_device_clock(store):
    add_attendee(store, "A1")
    add_attendee(store, "A2")
    ops = store.operations()
    kinds = [op.kind for op in ops]
    assert kinds[-2:] == ["attendee.upsert", "attendee.upsert"]
    assert all(uuid.UUID(op.id) and op.device == store.device_id for op in ops)
    hlcs = [op.hlc for op in ops]
    assert hlcs == sorted(hlcs) and len(set(hlcs)) == len(hlcs)


def test_clock_survives_reopen_and_wall_clock_going_back(data_dir, store):
    add_attendee(store, "A1")
    last = store.clock.last
    store.close()
    reopened = data_dir.open("test-day")
    reopened.clock._clock = lambda: 0  # the laptop's clock jumped back to 1970
    add_attendee(reopened, "A2")
    assert reopened.operations()[-1].hlc > last
    reopened.close()


def test_failed_transaction_leaves_nothing(store):
    with pytest.raises(MalformedOperation):
        with store.write():
            store.record("attendee.upsert", {"code": "A1", "set": {"first_name": "X"}})
            store.record("checkin", {"code": "A1"})  # no device, no time: refused
    assert store.conn.execute("SELECT COUNT(*) FROM attendees").fetchone()[0] == 0
    assert [op.kind for op in store.operations()] == ["event.update"]


@pytest.mark.parametrize("hlc", [1.5, "12", 2**70, -1, True])
def test_remote_operation_with_a_bad_clock_is_malformed(store, hlc):
    bad = Operation(str(uuid.uuid4()), "other", hlc, "attendee.upsert", {"code": "Z", "set": {}})
    with pytest.raises(MalformedOperation):
        store.ingest([bad])
    assert store.conn.execute("SELECT COUNT(*) FROM attendees").fetchone()[0] == 0


def test_remote_malformed_batch_changes_nothing(store):
    good = Operation(str(uuid.uuid4()), "other", 5 << 16, "attendee.upsert", {"code": "Z", "set": {}})
    bad = Operation(str(uuid.uuid4()), "other", 6 << 16, "no.such.kind", {})
    with pytest.raises(MalformedOperation):
        store.ingest([good, bad])
    assert store.conn.execute("SELECT COUNT(*) FROM attendees").fetchone()[0] == 0


# -- convergence: the property sync depends on --------------------------------------------------

CODES = ["T1", "T2", "T3"]
DEVICES = ["desk-1", "desk-2", "desk-3"]
names = st.sampled_from(["Siân", "Sian", "Seán", "Łukasz", "", "Ann"])


@st.composite
def attendee_fields(draw):
    fields = draw(st.dictionaries(
        st.sampled_from(["first_name", "last_name", "organisation", "status", "extra", "from_a_newer_app"]),
        names, min_size=1))
    if "status" in fields:
        fields["status"] = draw(st.sampled_from(["valid", "void", "cancelled"]))
    if "extra" in fields:
        fields["extra"] = {"q": fields["extra"]}
    return fields


@st.composite
def operation_sets(draw):
    """Operations as several offline devices would make them: edits, check-ins, undos."""
    ops: list[Operation] = []
    checkin_ids: list[str] = []
    count = draw(st.integers(min_value=1, max_value=25))
    ids = draw(st.lists(st.integers(min_value=0, max_value=2**64), min_size=count, max_size=count,
                        unique=True))  # op ids are UUIDs: unique, in no particular order
    for n in range(count):
        device = draw(st.sampled_from(DEVICES))
        # Clocks collide on purpose: ties must break the same way everywhere.
        hlc = draw(st.integers(min_value=1, max_value=40)) << 16
        op_id = str(uuid.UUID(int=ids[n]))
        kind = draw(st.sampled_from(["upsert", "upsert", "import", "checkin", "undo", "event", "grid", "grid"]))
        code = draw(st.sampled_from(CODES))
        if kind == "upsert":
            ops.append(Operation(op_id, device, hlc, "attendee.upsert",
                                 {"code": code, "set": draw(attendee_fields())}))
        elif kind == "import":
            rows = [{"code": c, "set": draw(attendee_fields())}
                    for c in draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True))]
            ops.append(Operation(op_id, device, hlc, "attendee.import", {"rows": rows}))
        elif kind == "grid":
            # Sessions placed, moved, parked and pinned on several laptops at once.
            session = draw(st.sampled_from(["S1", "S2"]))
            values = {"title": names, "pinned": st.booleans(), "conveners": st.lists(names, max_size=2),
                      "placement": st.none() | st.fixed_dictionaries({"space": st.sampled_from(["R1", "R2"]),
                                                                      "slot": st.sampled_from(["T1", "T2"])})}
            keys = draw(st.lists(st.sampled_from(sorted(values)), min_size=1, unique=True))
            fields = {key: draw(values[key]) for key in keys}
            ops.append(Operation(op_id, device, hlc, "grid.set", {"kind": "session", "id": session, "set": fields}))
        elif kind == "checkin":
            ops.append(Operation(op_id, device, hlc, "checkin",
                                 {"code": code, "device": device, "at_ms": hlc >> 16}))
            checkin_ids.append(op_id)
        elif kind == "undo" and checkin_ids:
            undone = draw(st.lists(st.sampled_from(checkin_ids), min_size=1, max_size=2))
            ops.append(Operation(op_id, device, hlc, "checkin.undo", {"code": code, "checkins": undone}))
        else:
            ops.append(Operation(op_id, device, hlc, "event.update", {"set": {"name": draw(names)}}))
    return ops


def _replica(tmp_path, name: str) -> EventStore:
    return EventStore(tmp_path / f"{name}-{uuid.uuid4()}.sqlite", name, name)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operation_sets(), seed=st.integers(min_value=0, max_value=10**6))
def test_any_order_and_duplicates_give_identical_state(tmp_path, ops, seed):
    rng = random.Random(seed)
    in_order = _replica(tmp_path, "a")
    shuffled = _replica(tmp_path, "b")
    try:
        in_order.ingest(ops)
        delivery = ops + rng.sample(ops, k=len(ops) // 2)  # some arrive twice
        rng.shuffle(delivery)
        for start in range(0, len(delivery), 3):  # in several sync batches
            shuffled.ingest(delivery[start:start + 3])
        shuffled.ingest(ops)  # and a whole re-send changes nothing
        assert shuffled.snapshot() == in_order.snapshot()
        assert len(shuffled.operations()) == len({op.id for op in ops})
    finally:
        in_order.close()
        shuffled.close()


def test_last_writer_wins_per_field_not_per_row(tmp_path):
    a, b = _replica(tmp_path, "a"), _replica(tmp_path, "b")
    ops = [
        Operation("00000000-0000-0000-0000-000000000001", "d1", 10 << 16, "attendee.upsert",
                  {"code": "T1", "set": {"first_name": "Sian", "organisation": "HSE"}}),
        Operation("00000000-0000-0000-0000-000000000002", "d2", 20 << 16, "attendee.upsert",
                  {"code": "T1", "set": {"first_name": "Siân"}}),
    ]
    a.ingest(ops)
    b.ingest(reversed(ops))
    row = b.conn.execute("SELECT first_name, organisation FROM attendees").fetchone()
    assert tuple(row) == ("Siân", "HSE")
    assert a.snapshot() == b.snapshot()
    a.close()
    b.close()


def test_undo_arriving_before_its_checkin_still_cancels_it(tmp_path):
    s = _replica(tmp_path, "a")
    checkin = Operation(str(uuid.uuid4()), "d1", 10 << 16, "checkin", {"code": "T1", "device": "d1", "at_ms": 1})
    undo = Operation(str(uuid.uuid4()), "d1", 11 << 16, "checkin.undo", {"code": "T1", "checkins": [checkin.id]})
    s.ingest([undo])
    s.ingest([checkin])
    assert s.conn.execute("SELECT COUNT(*) FROM active_checkins").fetchone()[0] == 0
    s.close()
