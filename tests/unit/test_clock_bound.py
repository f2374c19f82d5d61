"""A clock stamp from the future never freezes a field: the hub logs it with its own time.

Laptops whose clocks are off by anything up to a year edit the same attendee and sync through a
hub in any order; every replica ends the same, every check-in arrives, and an edit made after a
laptop's push is never beaten by what that laptop stamped with its wrong clock.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.attendees.checkin import Desk
from kiosk.core.hlc import COUNTER_BITS, MAX_AHEAD_MS, wall_ms
from kiosk.hub.store import HubStore
from kiosk.ops.base import Operation
from kiosk.store.datadir import DataDir
from kiosk.store.event_store import EventStore

from tests.support.event_data import add_attendee

YEAR_MS = 365 * 24 * 3600 * 1000


class Laptop:
    """An event store with its own (wrong) clock, synced with the hub in process."""

    def __init__(self, hub: HubStore, folder: Path, name: str, skew_ms: int, seed: list[Operation]) -> None:
        token, _, _ = hub.pair(hub.new_pairing_code("day", name))
        device = hub.authenticate(token)
        assert device is not None
        self.hub, self.device, self.skew_ms = hub, device, skew_ms
        data = DataDir(folder)
        data.create("day", "Day", record_info=False).close()
        self.store = data.open("day", name)
        self.store.clock._clock = lambda: wall_ms() + skew_ms
        self.desk = Desk(self.store, clock=lambda: wall_ms() + skew_ms)
        self.store.ingest(seed)
        self.pushed_seq = self.store.conn.execute("SELECT MAX(seq) FROM ops").fetchone()[0]
        self.pulled = 0

    def edit(self, value: str) -> None:
        self.desk.edit("T-1", organisation=value)

    def sync(self) -> None:
        rows = self.store.conn.execute(
            "SELECT seq, id, device, hlc, kind, payload FROM ops WHERE local = 1 AND seq > ? ORDER BY seq",
            (self.pushed_seq,)).fetchall()
        if rows:
            import json

            self.hub.push(self.device, [Operation(r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows])
            self.pushed_seq = rows[-1][0]
        while True:
            ops, cursor, more = self.hub.pull("day", self.pulled, 500)
            self.store.ingest(ops, take_hub_stamps=True)
            self.pulled = cursor
            if not more:
                self.store.rebuild_if_stale()  # as the sync client does at the end of a round
                return


def _seed(folder: Path) -> list[Operation]:
    store = DataDir(folder).create("day", "Day")
    with store:
        add_attendee(store, "T-1", organisation="Imported")
        return store.operations()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(skews=st.lists(st.integers(-YEAR_MS, YEAR_MS), min_size=2, max_size=3),
       steps=st.lists(st.tuples(st.integers(0, 2), st.booleans()), min_size=2, max_size=12))
def test_replicas_converge_whatever_the_clocks_say(skews, steps):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        hub = HubStore(root / "hub")
        seed = _seed(root / "seed")
        laptops = [Laptop(hub, root / f"k{n}", f"Desk {n}", skew, seed) for n, skew in enumerate(skews)]
        try:
            admitted = set()
            for n, (who, is_sync) in enumerate(steps):
                laptop = laptops[who % len(laptops)]
                if is_sync:
                    laptop.sync()
                else:
                    laptop.edit(f"Org {n}")
                    code = f"W-{n}"
                    add_attendee(laptop.store, code)
                    laptop.desk.check_in(code)
                    admitted.add(code)
            for _ in range(2):
                for laptop in laptops:
                    laptop.sync()
            states = [laptop.store.snapshot() for laptop in laptops]
            assert all(state == states[0] for state in states)
            checked_in = {row[1] for row in states[0]["checkins"]}
            assert admitted <= checked_in  # no acknowledged check-in is lost
            ceiling = (wall_ms() + MAX_AHEAD_MS) << COUNTER_BITS
            assert all(op.hlc <= ceiling for op in laptops[0].store.operations())
            # After everything is in, an edit made now on any laptop wins everywhere.
            last = laptops[-1]
            last.store.set_clock_offset(-last.skew_ms)  # what its sync client does once it saw the hub
            last.edit("The final word")
            for laptop in [last, *laptops]:
                laptop.sync()
            assert {lap.desk.attendee("T-1").organisation for lap in laptops} == {"The final word"}
        finally:
            for laptop in laptops:
                laptop.store.close()
            hub.close()


def test_a_laptop_a_year_ahead_loses_to_the_correction_made_after_its_push(tmp_path):
    hub = HubStore(tmp_path / "hub")
    seed = _seed(tmp_path / "seed")
    ahead = Laptop(hub, tmp_path / "ahead", "Desk Ahead", YEAR_MS, seed)
    office = Laptop(hub, tmp_path / "office", "Office", 0, seed)
    try:
        ahead.edit("Ahead Org")
        ahead.sync()
        office.sync()
        assert office.desk.attendee("T-1").organisation == "Ahead Org"
        office.edit("Office Org")  # later, though a year earlier than the ahead laptop's stamp
        office.sync()
        ahead.sync()
        for laptop in (ahead, office):
            assert laptop.desk.attendee("T-1").organisation == "Office Org"
        assert ahead.store.snapshot() == office.store.snapshot()
    finally:
        ahead.store.close()
        office.store.close()
        hub.close()


def test_the_hub_logs_a_future_stamp_with_its_own_time_and_keeps_the_id(tmp_path):
    hub = HubStore(tmp_path / "hub")
    try:
        token, _, _ = hub.pair(hub.new_pairing_code("day", "Mallory"))
        device = hub.authenticate(token)
        assert device is not None
        future = Operation(str(uuid.uuid4()), "dev-m", (wall_ms() + YEAR_MS) << COUNTER_BITS, "checkin",
                           {"code": "T-1", "device": "Mallory", "at_ms": wall_ms()})
        near = Operation(str(uuid.uuid4()), "dev-m", (wall_ms() + MAX_AHEAD_MS // 2) << COUNTER_BITS, "checkin",
                         {"code": "T-2", "device": "Mallory", "at_ms": wall_ms()})
        hub.push(device, [future, near])
        logged = {op.id: op.hlc for op in hub.pull("day", 0, 10)[0]}
        assert logged[near.id] == near.hlc  # a few minutes ahead: laptops differ, kept as it is
        assert logged[future.id] < (wall_ms() + 1000) << COUNTER_BITS
    finally:
        hub.close()


def test_a_store_takes_the_hubs_stamp_for_its_own_operation_and_rebuilds(tmp_path):
    data = DataDir(tmp_path / "k")
    store: EventStore = data.create("day", "Day")
    with store:
        store.clock._clock = lambda: wall_ms() + YEAR_MS
        add_attendee(store, "T-1", organisation="From the future")
        (mine,) = [op for op in store.operations() if op.kind == "attendee.upsert"]
        hub_copy = Operation(mine.id, mine.device, wall_ms() << COUNTER_BITS, mine.kind, mine.payload)
        store.ingest([hub_copy], take_hub_stamps=True)
        assert store.rebuild_if_stale()
        assert {op.id: op.hlc for op in store.operations()}[mine.id] == hub_copy.hlc
        stamps = store.conn.execute("SELECT stamps FROM attendees WHERE code = 'T-1'").fetchone()[0]
        assert f"{hub_copy.hlc:020d}/{mine.id}" in stamps
        assert store.clock.now() > (wall_ms() + YEAR_MS // 2) << COUNTER_BITS  # its machine clock, still wrong
        store.set_clock_offset(-YEAR_MS)  # what its sync client does once it has seen the hub's time
        assert store.clock.now() < (wall_ms() + MAX_AHEAD_MS) << COUNTER_BITS  # its clock came back


def test_an_edit_made_before_the_clock_is_corrected_never_beats_one_made_after(tmp_path):
    """Staff edit while a long sync runs (after its push, before the correction), then again:
    the unpushed edit is stamped again in order, so the later one wins everywhere."""
    hub = HubStore(tmp_path / "hub")
    seed = _seed(tmp_path / "seed")
    ahead = Laptop(hub, tmp_path / "ahead", "Desk Ahead", YEAR_MS, seed)
    office = Laptop(hub, tmp_path / "office", "Office", 0, seed)
    try:
        ahead.sync()
        ahead.edit("A, typed during the sync")  # stamped next year, not pushed yet
        ahead.store.set_clock_offset(-YEAR_MS, unpushed_after_seq=ahead.pushed_seq)
        ahead.store.rebuild_if_stale()
        assert ahead.desk.attendee("T-1").organisation == "A, typed during the sync"
        ahead.edit("B, typed after")
        assert ahead.desk.attendee("T-1").organisation == "B, typed after"
        for laptop in (ahead, office, ahead):
            laptop.sync()
        for laptop in (ahead, office):
            assert laptop.desk.attendee("T-1").organisation == "B, typed after"
        assert ahead.store.snapshot() == office.store.snapshot()
    finally:
        ahead.store.close()
        office.store.close()
        hub.close()


def test_a_hub_cannot_move_another_devices_operation_in_time(tmp_path):
    data = DataDir(tmp_path / "k")
    store: EventStore = data.create("day", "Day")
    with store:
        add_attendee(store, "T-1", organisation="Kept")
        (mine,) = [op for op in store.operations() if op.kind == "attendee.upsert"]
        small_move = Operation(mine.id, mine.device, mine.hlc - 1000, mine.kind, mine.payload)
        store.ingest([small_move], take_hub_stamps=True)  # not a re-stamp of a far-future stamp
        assert {op.id: op.hlc for op in store.operations()}[mine.id] == mine.hlc
        assert not store.rebuild_if_stale()


def test_a_restamp_sorts_after_what_the_hub_kept_just_within_the_bound(tmp_path):
    hub = HubStore(tmp_path / "hub")
    try:
        token, _, _ = hub.pair(hub.new_pairing_code("day", "Desk"))
        device = hub.authenticate(token)
        assert device is not None
        kept = Operation(str(uuid.uuid4()), "dev-d", (wall_ms() + MAX_AHEAD_MS - 2000) << COUNTER_BITS, "checkin",
                         {"code": "T-1", "device": "Desk", "at_ms": wall_ms()})
        later = Operation(str(uuid.uuid4()), "dev-d", (wall_ms() + YEAR_MS) << COUNTER_BITS, "checkin",
                          {"code": "T-2", "device": "Desk", "at_ms": wall_ms()})
        hub.push(device, [kept])
        hub.push(device, [later])
        logged = {op.id: op.hlc for op in hub.pull("day", 0, 10)[0]}
        assert logged[later.id] > logged[kept.id] == kept.hlc
    finally:
        hub.close()
