"""Stamps from the future, tried against a real hub process (SQLite and PostgreSQL) as a hostile
device and as an unlucky venue laptop would: neither can make a later edit from another desk lose."""

from __future__ import annotations

import json
import urllib.request
import uuid

from kiosk.core.hlc import COUNTER_BITS, MAX_AHEAD_MS, wall_ms
from kiosk.store.datadir import DataDir
from kiosk.sync.client import SyncClient
from kiosk.sync.loop import SyncLoop, describe

from tests.support.event_data import add_attendee
from tests.support.hub import hub_ops, paired_kiosk, snapshot, token_of

YEAR_MS = 365 * 24 * 3600 * 1000


def _organisation(folder) -> str:
    with DataDir(folder).open("day") as store:
        row = store.conn.execute("SELECT organisation FROM attendees WHERE code = 'T-1'").fetchone()
        return row[0]


def _sync(folder) -> None:
    with DataDir(folder).open("day") as store:
        SyncClient(store).sync_once()


def test_a_push_stamped_a_year_ahead_cannot_freeze_a_field(hub, tmp_path):
    office = paired_kiosk(hub, tmp_path / "office", "Office")
    with DataDir(office).open("day") as store:
        add_attendee(store, "T-1", organisation="Imported Org")
    _sync(office)
    mallory = paired_kiosk(hub, tmp_path / "mallory", "Mallory")
    _sync(mallory)
    device_id = DataDir(mallory).device()[0]
    hostile = {"id": str(uuid.uuid4()), "device": device_id, "hlc": (wall_ms() + YEAR_MS) << COUNTER_BITS,
               "kind": "attendee.upsert", "payload": {"code": "T-1", "set": {"status": "void"}}}
    request = urllib.request.Request(f"{hub.url}/api/v1/push", data=json.dumps({"ops": [hostile]}).encode(),
                                     headers={"Authorization": f"Bearer {token_of(mallory)}",
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200
    (logged,) = [op for op in hub_ops(hub, token_of(office)) if op["id"] == hostile["id"]]
    assert logged["hlc"] <= (wall_ms() + MAX_AHEAD_MS) << COUNTER_BITS  # the hub's time, not next year's

    _sync(office)
    with DataDir(office).open("day") as store:
        assert store.conn.execute("SELECT status FROM attendees WHERE code = 'T-1'").fetchone()[0] == "void"
        from kiosk.attendees.checkin import Desk

        Desk(store).edit("T-1", status="valid")  # staff put the ticket right a moment later
    for folder in (office, mallory, office):
        _sync(folder)
    for folder in (office, mallory):
        with DataDir(folder).open("day") as store:
            assert store.conn.execute("SELECT status FROM attendees WHERE code = 'T-1'").fetchone()[0] == "valid"
    assert snapshot(office) == snapshot(mallory)


def test_a_laptop_a_year_ahead_does_not_make_a_later_correction_lose(hub, tmp_path):
    office = paired_kiosk(hub, tmp_path / "office", "Office")
    with DataDir(office).open("day") as store:
        add_attendee(store, "T-1", organisation="Imported Org")
        add_attendee(store, "T-2")
    _sync(office)
    ahead_dir = paired_kiosk(hub, tmp_path / "ahead", "Desk Ahead")
    _sync(ahead_dir)

    ahead = DataDir(ahead_dir).open("day")
    try:
        ahead.clock._clock = lambda: wall_ms() + YEAR_MS  # this laptop's clock says next year
        from kiosk.attendees.checkin import Desk

        ahead_desk = Desk(ahead, clock=lambda: wall_ms() + YEAR_MS)
        ahead_desk.edit("T-1", organisation="Ahead Org")  # stamped a year ahead, offline
        assert ahead_desk.check_in("T-2").ok
        loop = SyncLoop(ahead)
        loop.client.clock = lambda: wall_ms() + YEAR_MS  # the same wrong machine clock
        status = loop.sync_now()
        assert status.state == "online"
        assert "ahead of" in describe(status)  # staff are told, in words, to set the clock
        assert ahead.clock.offset_ms < -YEAR_MS + 60_000  # its edits now take the hub's time

        _sync(office)
        assert _organisation(office) == "Ahead Org"
        with DataDir(office).open("day") as store:
            Desk(store).edit("T-1", organisation="Office Org")  # the later correction
        _sync(office)
        loop.sync_now()
        assert ahead_desk.attendee("T-1").organisation == "Office Org"
        assert _organisation(office) == "Office Org"

        ahead_desk.edit("T-1", organisation="Ahead, corrected again")  # later still: it wins
        loop.sync_now()
        _sync(office)
        assert _organisation(office) == "Ahead, corrected again"
        assert ahead.snapshot() == snapshot(office)
        with DataDir(office).open("day") as store:
            assert [a.device for a in Desk(store).attendee("T-2").admissions] == ["Desk Ahead"]
    finally:
        ahead.close()
