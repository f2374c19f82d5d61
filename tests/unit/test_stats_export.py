"""Statistics and the formula-safe check-in export."""

import csv

import pytest

from kiosk.attendees.checkin import Desk
from kiosk.attendees.export import export_checkins, spreadsheet_safe
from kiosk.attendees.stats import BUCKET_MS, compute_stats

from tests.support.event_data import add_attendee


def test_stats_counts_types_and_arrivals(store):
    add_attendee(store, "M1", ticket_type="Member")
    add_attendee(store, "M2", ticket_type="Member")
    add_attendee(store, "S1", ticket_type="Speaker")
    add_attendee(store, "V1", ticket_type="Member", status="void")
    t0 = 1_700_000_000_000 - 1_700_000_000_000 % BUCKET_MS
    times = iter([t0 + 1000, t0 + BUCKET_MS + 5, t0 + BUCKET_MS + 10, t0 + 10**7])
    desk = Desk(store, clock=lambda: next(times))
    desk.check_in("M1")
    desk.check_in("S1")
    desk.walk_in("Walk", "In")
    stats = compute_stats(store)
    assert (stats.expected, stats.checked_in, stats.void, stats.walk_ins) == (4, 3, 1, 1)
    assert stats.by_ticket_type["Member"] == {"expected": 2, "checked_in": 1}
    assert stats.by_ticket_type["Speaker"] == {"expected": 1, "checked_in": 1}
    assert stats.by_ticket_type["Walk-in"] == {"expected": 1, "checked_in": 1}
    assert stats.arrivals == [(t0, 1), (t0 + BUCKET_MS, 2)]
    Desk(store).undo("S1")
    assert compute_stats(store).checked_in == 2


@pytest.mark.parametrize("value, safe", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+44 1234", "'+44 1234"),
    ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tTab", "'\tTab"), ("Siân", "Siân"), ("", ""),
])
def test_spreadsheet_safe(value, safe):
    assert spreadsheet_safe(value) == safe


def test_export_checkins_is_formula_safe_and_utf8(store, tmp_path):
    add_attendee(store, "T1", first_name="=cmd|' /C calc'!A0", last_name="Ó Súilleabháin",
                 organisation="@evil")
    add_attendee(store, "T2", first_name="Not", last_name="Arrived")
    Desk(store).check_in("T1")
    out = tmp_path / "out" / "checkins.csv"
    assert export_checkins(store, out) == 1
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1
    assert rows[0]["first_name"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["organisation"] == "'@evil"
    assert rows[0]["last_name"] == "Ó Súilleabháin" and rows[0]["device"] == store.device_name
    assert not list(out.parent.glob(".export-*"))  # no temporary file left behind
