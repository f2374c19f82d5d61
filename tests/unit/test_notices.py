"""Notices for staff and the needs briefing, below the screens: the kiosk's rule, the operations'
merge in any order, acknowledgements, and the briefing's counts and privacy."""

from __future__ import annotations

import csv
import itertools
import stat
import subprocess

import pytest

from kiosk.attendees.checkin import CheckinResult, Status
from kiosk.attendees.needs_export import REMOVED, need_key, needs_briefing, without_contacts
from kiosk.attendees.notices import acknowledge, list_notices, raise_notice
from kiosk.core.errors import RefusedError
from kiosk.core.model import Attendee
from kiosk.event import OpenEvent
from kiosk.ops.base import MalformedOperation, Operation
from kiosk.ops.registry import validate
from kiosk.selfservice.rules import staff_notice_for

from tests.support.event_data import add_attendee


def _event(data_dir, store) -> OpenEvent:
    add_attendee(store, "T-ACCESS", first_name="Siân", last_name="Jones",
                 access_needs="Wheelchair user:\nstep-free route please", dietary_needs="Vegan")
    add_attendee(store, "T-PLAIN", first_name="Seán", last_name="Ó Súilleabháin", dietary_needs="vegan ")
    add_attendee(store, "T-BLANK", first_name="Ann", last_name="Blank", access_needs="   ")
    return OpenEvent(data_dir, store)


def test_a_self_service_admission_with_access_needs_raises_one_notice(data_dir, store):
    event = _event(data_dir, store)
    arrival = event.self_service_check_in("T-ACCESS")
    assert arrival.result.ok and arrival.notice_id
    [notice] = event.notices()
    assert (notice.id, notice.kind, notice.code, notice.name) == (arrival.notice_id, "access_needs", "T-ACCESS",
                                                                 "Siân Jones")
    assert notice.text == "Access needs: Wheelchair user:\nstep-free route please"
    assert notice.device == store.device_name and notice.open
    # The same ticket read twice, a ticket already in, someone without needs: nothing more.
    assert event.self_service_check_in("T-ACCESS").notice_id is None
    assert event.self_service_check_in("T-PLAIN").notice_id is None
    assert event.self_service_check_in("T-BLANK").notice_id is None
    assert event.self_service_check_in("NO-SUCH-TICKET").notice_id is None
    assert len(event.notices(include_acknowledged=True)) == 1


def test_a_desk_check_in_raises_no_notice(data_dir, store):
    event = _event(data_dir, store)
    assert event.check_in("T-ACCESS", auto_print=False).result.ok
    assert event.notices(include_acknowledged=True) == []
    assert not any(op.kind == "notice.raise" for op in store.operations())


def test_the_rule_only_fires_for_a_new_admission():
    someone = Attendee(code="X", first_name="A", access_needs="BSL interpreter")
    assert staff_notice_for(CheckinResult(Status.CHECKED_IN, someone, code="X")) == (
        "access_needs", "Access needs: BSL interpreter")
    assert staff_notice_for(CheckinResult(Status.CHECKED_IN, someone, repeat=True, code="X")) is None
    assert staff_notice_for(CheckinResult(Status.ALREADY_CHECKED_IN, someone, code="X")) is None
    assert staff_notice_for(CheckinResult(Status.VOID, someone, code="X")) is None


def test_acknowledging_is_recorded_once_and_forgives_how_the_id_is_typed(data_dir, store):
    event = _event(data_dir, store)
    nid = event.self_service_check_in("T-ACCESS").notice_id
    assert nid is not None
    store.device_name = "Desk 2"
    acked = event.acknowledge_notice(nid[2:].lower())  # "n-" left off, lower case
    assert (acked.acknowledged_by, acked.open) == ("Desk 2", False)
    ops = store.log_size()
    store.device_name = "Desk 3"
    again = event.acknowledge_notice(nid)
    assert again.acknowledged_by == "Desk 2" and store.log_size() == ops  # nothing new recorded
    assert event.notices() == [] and len(event.notices(include_acknowledged=True)) == 1
    with pytest.raises(RefusedError, match="no notice 'N-NOPE'"):
        event.acknowledge_notice("N-NOPE")


def _fresh(data_dir, name: str):
    data_dir.create(name, name)
    return data_dir.open(name)


def test_raises_and_acks_merge_the_same_in_every_order_and_the_first_ack_wins(data_dir, store):
    add_attendee(store, "T-ACCESS", first_name="Siân", access_needs="Step-free")
    nid = raise_notice(store, "access_needs", "T-ACCESS", "Access needs: Step-free", "Kiosk", at_ms=1000)
    acknowledge(store, nid, "Desk 1", at_ms=2000)
    # Two more desks that had not seen Desk 1's acknowledgement (offline) acknowledged later.
    first = [op for op in store.operations() if op.kind == "notice.ack"][0]
    late = [Operation(f"late-{i}", f"device-{i}", first.hlc + 10 + i, "notice.ack",
                      {"id": nid, "by": f"Desk {i}", "at_ms": 3000 + i}) for i in (2, 3)]
    ops = store.operations() + late
    notices_ops = [op for op in ops if op.kind.startswith("notice.")]
    others = [op for op in ops if not op.kind.startswith("notice.")]
    seen = set()
    for n, order in enumerate(itertools.permutations(notices_ops)):
        replica = _fresh(data_dir, f"r{n}")
        replica.ingest(others)
        replica.ingest(list(order))
        replica.ingest(list(order))  # repeated: nothing changes
        seen.add(repr(replica.snapshot()["notices"]))
        [notice] = list_notices(replica, include_acknowledged=True)
        assert (notice.acknowledged_by, notice.acknowledged_ms) == ("Desk 1", 2000)
        replica.close()
    assert len(seen) == 1


def test_an_ack_that_arrives_before_its_notice_still_counts(data_dir, store):
    add_attendee(store, "T-ACCESS", first_name="Siân", access_needs="Step-free")
    nid = raise_notice(store, "access_needs", "T-ACCESS", "Access needs: Step-free", "Kiosk")
    acknowledge(store, nid, "Desk 1")
    replica = _fresh(data_dir, "other")
    ops = store.operations()
    replica.ingest([op for op in ops if op.kind == "notice.ack"])
    assert list_notices(replica, include_acknowledged=True) == []
    replica.ingest(ops)
    assert list_notices(replica) == []
    assert list_notices(replica, include_acknowledged=True)[0].acknowledged_by == "Desk 1"


@pytest.mark.parametrize("kind, payload", [
    ("notice.raise", {"id": "N-1", "kind": "access_needs", "code": "X", "text": "x" * 2001, "device": "K",
                      "at_ms": 1}),
    ("notice.raise", {"id": "N-" + "9" * 60, "kind": "access_needs", "code": "X", "text": "t", "device": "K",
                      "at_ms": 1}),
    ("notice.raise", {"id": "N-1", "kind": "fire_alarm", "code": "X", "text": "t", "device": "K", "at_ms": 1}),
    ("notice.raise", {"id": "N-1", "kind": "access_needs", "code": ["X"], "text": "t", "device": "K", "at_ms": 1}),
    ("notice.raise", {"id": "N-1", "kind": "access_needs", "code": "X", "text": "t", "device": "K",
                      "at_ms": 2 ** 70}),
    ("notice.ack", {"id": "N-1", "by": "D" * 201, "at_ms": 1}),
    ("notice.ack", {"id": "N-1", "by": "Desk", "at_ms": "now"}),
    ("notice.ack", {"id": "", "by": "Desk", "at_ms": 1}),
])
def test_a_hostile_payload_is_refused(kind, payload):
    with pytest.raises(MalformedOperation):
        validate(Operation("op-1", "device-1", 1 << 40, kind, payload))


# -- the needs briefing ---------------------------------------------------------------------------

def test_contacts_are_taken_out_of_free_text_and_times_are_not():
    text = "Call my carer on +44 (0)7700 900-123 or carer@example.org; arriving 10:00, 2 people"
    assert without_contacts(text) == f"Call my carer on {REMOVED} or {REMOVED}; arriving 10:00, 2 people"
    assert without_contacts("Room 101, seat 12") == "Room 101, seat 12"


def test_dietary_needs_count_together_whatever_their_case_and_spacing(data_dir, store):
    for n, diet in enumerate(["Vegan", "vegan ", "  VEGAN", "Gluten free", "gluten  free", "None", "n/a",
                              "Halal"]):
        add_attendee(store, f"T{n}", first_name=f"P{n}", dietary_needs=diet)
    add_attendee(store, "T-VOID", first_name="Void", dietary_needs="Vegan", status="void")
    with OpenEvent(data_dir, store) as event:
        event.check_in("T1", auto_print=False)
        briefing = needs_briefing(store, event.info())
    counts = {d.need: (d.people, d.checked_in) for d in briefing.diets}
    assert counts == {"Vegan": (3, 1), "Gluten free": (2, 0), "Halal": (1, 0)}
    assert [d.need for d in briefing.diets] == ["Vegan", "Gluten free", "Halal"]  # most first
    assert len(briefing.rows) == 6  # "None" and "n/a" are no need; the void ticket is left out
    assert need_key(" Gluten   FREE ") == need_key("gluten free")


def test_the_briefing_pdf_has_page_numbers_every_script_and_is_owner_only(data_dir, store, tmp_path):
    names = [("Siân", "Jones"), ("Seán", "Ó Súilleabháin"), ("प्रिया", "शर्मा"), ("Gurpreet", "ਸਿੰਘ")]
    for n in range(90):  # enough rows for three pages
        first, last = names[n % len(names)]
        add_attendee(store, f"T{n:03}", first_name=first, last_name=f"{last} {n}",
                     email=f"person{n}@example.org", access_needs="Hearing loop" if n % 3 == 0 else "",
                     dietary_needs=["Vegan", "Halal", ""][n % 3])
    out = tmp_path / "needs.pdf"
    with OpenEvent(data_dir, store) as event:
        event.export_needs(out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Access needs" in page  # the heading row repeats on every page
    assert "Siân Jones 0" in text and "Seán Ó Súilleabháin 1" in text
    assert "@" not in text
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "DejaVuSans" in fonts


def test_the_briefing_csv_has_no_contact_and_is_safe_in_a_spreadsheet(data_dir, store, tmp_path):
    add_attendee(store, "T1", first_name="=HYPERLINK(1)", last_name="", email="eve@example.org",
                 access_needs="Text my PA on 07700900123", dietary_needs="-")
    out = tmp_path / "needs.csv"
    with OpenEvent(data_dir, store) as event:
        event.export_needs(out)
    raw = out.read_text(encoding="utf-8-sig")
    assert "eve@example.org" not in raw and "07700900123" not in raw
    rows = list(csv.reader(raw.splitlines()))
    assert rows[0] == ["name", "access_needs", "dietary_needs", "checked_in"]
    assert rows[1] == ["'=HYPERLINK(1)", f"Text my PA on {REMOVED}", "", "no"]
