"""Property: whatever three offline laptops do, in whatever order they sync, all end identical.

The same promise as tests/unit/test_merge_property.py, but through the real hub process and
real HTTP: push/pull paging, cursors and the hub's own apply are part of what is checked.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.attendees.checkin import Desk
from kiosk.core.errors import KioskError
from kiosk.grid.editor import GridEditor
from kiosk.store.datadir import DataDir
from kiosk.sync.client import SyncClient

from tests.support.event_data import add_attendee, small_grid
from tests.support.hub import Hub, paired_kiosk

CODES = [f"P-{n}" for n in range(6)]
DEVICES = 3


@pytest.fixture(scope="module")
def replicas(tmp_path_factory):
    root = tmp_path_factory.mktemp("property")
    hub = Hub(root / "hub-data")
    hub.start()
    folders = [paired_kiosk(hub, root / f"k{i}", f"Desk {i}") for i in range(DEVICES)]
    stores = [DataDir(folder).open("day") for folder in folders]
    for code in CODES:
        add_attendee(stores[0], code)
    small_grid(stores[0])
    for store in stores + stores:
        SyncClient(store).sync_once()
    yield stores
    for store in stores:
        store.close()
    hub.kill()


actions = st.one_of(
    st.tuples(st.just("checkin"), st.integers(0, DEVICES - 1), st.sampled_from(CODES)),
    st.tuples(st.just("undo"), st.integers(0, DEVICES - 1), st.sampled_from(CODES)),
    st.tuples(st.just("edit"), st.integers(0, DEVICES - 1), st.sampled_from(CODES),
              st.text(alphabet="abcŵé ", min_size=1, max_size=8)),
    st.tuples(st.just("walkin"), st.integers(0, DEVICES - 1), st.sampled_from(["Zoë", "Ann", "Bob"])),
    st.tuples(st.just("propose"), st.integers(0, DEVICES - 1), st.sampled_from(["Main Hall", "Garden"]),
              st.sampled_from(["10:00", "11:30"])),
    st.tuples(st.just("sync"), st.integers(0, DEVICES - 1)),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(actions, min_size=1, max_size=25), st.permutations(range(DEVICES)))
def test_any_offline_work_in_any_sync_order_converges(replicas, script, final_order):
    for action in script:
        store = replicas[action[1]]
        desk = Desk(store)
        try:
            if action[0] == "checkin":
                desk.check_in(action[2])
            elif action[0] == "undo":
                desk.undo(action[2])
            elif action[0] == "edit":
                desk.edit(action[2], organisation=action[3])
            elif action[0] == "walkin":
                desk.walk_in(action[2], "Walk-in")
            elif action[0] == "propose":
                GridEditor(store).propose("Session", ["Host"], space=action[2], slot=action[3])
            else:
                SyncClient(store).sync_once()
        except KioskError:
            pass  # refused by the rules (e.g. nothing to undo): no operation, nothing to sync
    for _ in range(2):
        for index in final_order:
            SyncClient(replicas[index]).sync_once()
    first = replicas[0].snapshot()
    assert all(store.snapshot() == first for store in replicas[1:])
    for code in CODES:  # facts are never lost: every admission anywhere is everywhere
        assert len({a.op_id for a in Desk(replicas[0]).admissions(code)}) == len(Desk(replicas[1]).admissions(code))
