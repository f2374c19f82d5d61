"""In person, online or both: read from an import's column or ticket types, counted apart, and
drop-outs on the day as a status register that syncs and undoes (issue 16)."""

from __future__ import annotations

import pytest

from kiosk.attendees.attendance import cancel_on_the_day, not_arrived, undo_cancel
from kiosk.attendees.checkin import Desk, Status
from kiosk.attendees.stats import compute_stats
from kiosk.core.attendance import attendance_mode, mode_from_text, mode_from_ticket_type
from kiosk.core.errors import RefusedError, UsageError
from kiosk.importer.presets import PRESETS, map_columns

from tests.support.cli import kiosk_json
from tests.support.event_data import add_attendee


@pytest.mark.parametrize(("answer", "mode"), [
    ("online", "online"), ("in_person", "in_person"), ("both", "both"),
    ("In person", "in_person"), ("In-person at the venue", "in_person"), ("Online (Teams link)", "online"),
    ("I'll join remotely", "online"), ("Virtually", "online"), ("Hybrid", "both"),
    ("In person and online", "both"), ("Both", "both"), ("Yes", None), ("", None), ("Not sure yet", None),
])
def test_answers_name_a_mode_or_none(answer, mode):
    assert mode_from_text(answer) == mode


@pytest.mark.parametrize(("ticket_type", "mode"), [
    ("Online ticket", "online"), ("Virtual pass", "online"), ("Remote attendee", "online"),
    ("Hybrid", "both"), ("Member", None), ("Onlineish", None), ("", None),
])
def test_ticket_types_name_a_mode(ticket_type, mode):
    assert mode_from_ticket_type(ticket_type) == mode


def test_the_answer_wins_over_the_ticket_type_and_in_person_is_the_default():
    assert attendance_mode("", "Online ticket") == "online"
    assert attendance_mode("in_person", "Online ticket") == "in_person"  # the desk's correction wins
    assert attendance_mode("Not sure", "Member") == "in_person"
    assert attendance_mode(None, None) == "in_person"


@pytest.mark.parametrize("header", ["Attendance", "How will you join?", "Attendance mode", "Joining",
                                    "Will you attend in person or online?"])
def test_attendance_columns_are_recognised(header):
    headers = ["Ticket code", "Name", header]
    assert map_columns(headers, PRESETS["generic"])["attendance"] == 2


def test_an_import_with_online_tickets_sets_modes_and_by_attendance_adds_up(tmp_path):
    data = tmp_path / "data"
    listing = tmp_path / "list.csv"
    listing.write_text(
        "Ticket code,Name,Ticket type,How will you join?\n"
        "T1,Siân Jones,Member,\n"
        "T2,Rhys Evans,Online ticket,\n"
        "T3,Nia Price,Virtual pass,\n"
        "T4,Aoife Byrne,Hybrid,\n"
        "T5,Priya Shah,Member,Online via Teams\n"
        "T6,Owain Hughes,Member,In person and online\n"
        "T7,Cerys Lloyd,Remote,In person\n", encoding="utf-8")
    kiosk_json(data, "import", str(listing))
    modes = {code: kiosk_json(data, "show", code)["attendee"]["attendance"] for code in
             ("T1", "T2", "T3", "T4", "T5", "T6", "T7")}
    assert modes == {"T1": "in_person", "T2": "online", "T3": "online", "T4": "both", "T5": "online",
                     "T6": "both", "T7": "in_person"}
    kiosk_json(data, "checkin", "T1")
    kiosk_json(data, "checkin", "T4")
    stats = kiosk_json(data, "stats")
    by = stats["by_attendance"]
    assert by == {"in_person": {"expected": 2, "checked_in": 1}, "online": {"expected": 3},
                  "both": {"expected": 2, "checked_in": 1}}
    assert sum(v["expected"] for v in by.values()) == stats["expected"] == 7
    assert stats["not_arrived"] == 2 and stats["no_show_rate"] == 0.5 and stats["cancelled"] == 0

    # The desk's correction: online now, so no longer expected at the door.
    assert kiosk_json(data, "edit", "T7", "--attendance", "online")["attendee"]["attendance"] == "online"
    after = kiosk_json(data, "stats")
    assert after["by_attendance"]["online"]["expected"] == 4 and after["not_arrived"] == 1
    # Re-importing the same file does not undo the desk's correction.
    kiosk_json(data, "import", str(listing))
    assert kiosk_json(data, "show", "T7")["attendee"]["attendance"] == "online"


def test_online_only_is_not_admitted_without_in_person(store):
    add_attendee(store, "ON-1", first_name="Mei", last_name="Chen", ticket_type="Online")
    desk = Desk(store)
    result = desk.check_in("ON-1")
    assert result.status is Status.ONLINE_ONLY and not result.ok
    assert result.to_json()["status"] == "online_only"
    assert desk.admissions("ON-1") == []
    admitted = desk.check_in("ON-1", in_person=True)
    assert admitted.ok and admitted.attendee.attendance_mode == "both"
    assert desk.attendee("ON-1").attendance == "both"
    again = desk.check_in("ON-1")  # the same scan read again: the one admission, not a question
    assert again.status is Status.CHECKED_IN and again.repeat


def test_edit_refuses_an_unknown_attendance(store):
    add_attendee(store, "A-1", first_name="Siân")
    with pytest.raises(UsageError, match="attendance must be one of"):
        Desk(store).edit("A-1", attendance="sometimes")


def test_cancelled_on_the_day_syncs_and_undoes_in_any_order(store, data_dir):
    add_attendee(store, "A-1", first_name="Siân", last_name="Jones")
    add_attendee(store, "A-2", first_name="Rhys", last_name="Evans")
    assert [a.code for a in not_arrived(store)] == ["A-2", "A-1"]  # by surname
    cancel_on_the_day(store, "A-1")
    assert [a.code for a in not_arrived(store)] == ["A-2"]
    stats = compute_stats(store)
    assert (stats.not_arrived, stats.cancelled) == (1, 1)
    with pytest.raises(RefusedError, match="cancelled already"):
        cancel_on_the_day(store, "A-1")
    undo_cancel(store, "A-1")
    assert len(not_arrived(store)) == 2
    Desk(store).check_in("A-2")
    with pytest.raises(RefusedError, match="undo the check-in first"):
        cancel_on_the_day(store, "A-2")

    ops = store.operations()
    forwards = data_dir.create("forwards", "F")
    backwards = data_dir.create("backwards", "B")
    try:
        forwards.ingest(ops)
        backwards.ingest(list(reversed(ops)))
        backwards.ingest(ops)  # again: nothing changes
        assert forwards.snapshot()["attendees"] == backwards.snapshot()["attendees"]
        assert [a.code for a in not_arrived(backwards)] == ["A-1"]
    finally:
        forwards.close()
        backwards.close()


def test_the_kiosk_sends_an_online_only_ticket_to_the_desk_calmly(qtbot, data_dir, store):
    from tests.support.kiosk_screens import Clock, make_kiosk, scan_and_wait, visible_text

    add_attendee(store, "ONLINE-01", first_name="Mei", last_name="Chen", ticket_type="Online ticket")
    window = make_kiosk(data_dir, store, Clock())
    qtbot.waitExposed(window)
    try:
        outcome = scan_and_wait(qtbot, window, "ONLINE-01")
        assert not outcome.admitted and outcome.needs_desk
        assert outcome.sound == "already_checked_in"  # the notice tone, not the refusal's
        assert "registered to join online" in outcome.staff
        text = visible_text(window)
        assert "Please see the registration desk" in text
        assert "Mei" not in text  # nobody's name on the public screen for a ticket not admitted
        assert Desk(store).admissions("ONLINE-01") == []
    finally:
        window.leave()


def test_event_details_a_device_pushes_are_bounded():
    from kiosk.ops.base import MalformedOperation, Operation
    from kiosk.ops.registry import validate

    def update(values: dict) -> Operation:
        return Operation("op-1", "dev", 1, "event.update", {"set": values})

    validate(update({"shown_field:Photo consent": "yes"}))
    with pytest.raises(MalformedOperation):
        validate(update({"shown_field:" + "x" * 400: "yes"}))
    with pytest.raises(MalformedOperation):
        validate(update({f"shown_field:q{i}": "yes" for i in range(500)}))
