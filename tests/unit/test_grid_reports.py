"""Session reports, space access flags and online links: the engine's rules, merges and exports."""

from __future__ import annotations

import csv
import io
import json

import icalendar
import pytest

from kiosk.core.errors import UsageError
from kiosk.grid import exports
from kiosk.grid.access import access_line, flags_text
from kiosk.grid.editor import GridEditor
from kiosk.grid.reports import Action, actions_csv, parse_action, report_of, session_in_scan
from kiosk.ops import registry
from kiosk.ops.base import MalformedOperation, Operation
from kiosk.ops.grid import MAX_ACTIONS, MAX_KEY_POINTS, MAX_URL

from tests.support.event_data import small_grid


@pytest.fixture
def editor(store):
    return small_grid(store)


def grid_set(kind: str, item: str, **fields: object) -> Operation:
    return Operation(id="x", device="d", hlc=1, kind="grid.set", payload={"kind": kind, "id": item, "set": fields})


def test_a_report_is_recorded_part_by_part(editor):
    session = editor.propose("Waiting lists", ["Siân Jones"], space="Garden", slot="10:00")
    editor.report(session.id, participants="14", key_points="Start discharge at 10",
                  actions=[parse_action("Write to the board|Siân Jones"), parse_action("Ask a|b | Ward 3 lead")],
                  involve=["Patients' council", "patients' council ", "Porters"])
    editor.report(session.id, participants=15)  # the rest stays as it was
    report = report_of(editor.session(session.id))
    assert report.participants == 15 and report.key_points == "Start discharge at 10"
    assert report.actions == [Action("Write to the board", "Siân Jones"), Action("Ask a|b", "Ward 3 lead")]
    assert report.involve == ["Patients' council", "patients' council", "Porters"]


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"participants": "lots"}, "number of people"),
    ({"participants": -1}, "between 0"),
    ({"key_points": "x" * (MAX_KEY_POINTS + 5)}, "keep them under"),
    ({"actions": [Action("Do it", "")]}, "needs an owner"),
    ({"actions": [Action("", "Ann")]}, "says nothing to do"),
    ({"actions": [Action("a", "b")] * (MAX_ACTIONS + 1)}, "at most"),
])
def test_a_bad_report_is_refused_in_words_and_changes_nothing(editor, store, kwargs, words):
    session = editor.propose("Waiting lists", ["Siân Jones"])
    before = len(store.operations())
    with pytest.raises(UsageError, match=words):
        editor.report(session.id, **kwargs)
    assert len(store.operations()) == before


def test_an_action_without_an_owner_is_refused_on_the_command_line():
    with pytest.raises(UsageError, match="what to do\\|who"):
        parse_action("Write to the board")


def test_a_report_for_a_session_merged_since_goes_to_the_one_it_joined(editor):
    kept = editor.propose("Waiting lists", ["Siân"])
    gone = editor.propose("Lists and waits", ["Ann"])
    editor.merge(gone.id, kept.id)
    assert editor.report(gone.id, participants=9).id == kept.id
    assert report_of(editor.session(kept.id)).participants == 9 and report_of(editor.session(gone.id)).empty


def test_the_slip_qr_names_its_session():
    assert session_in_scan("session:s4kq7z\r") == "S4KQ7Z"
    for other in ("S4KQ7Z", "session:", "session:S4 KQ", "sessions:S4KQ7Z", "kiosk-pair:abc", "session:" + "A" * 40):
        assert session_in_scan(other) is None


def test_reports_from_two_laptops_merge_part_by_part(editor, store, tmp_path):
    from kiosk.store.datadir import DataDir

    session = editor.propose("Waiting lists", ["Siân Jones"], space="Garden", slot="10:00")
    other = DataDir(tmp_path / "other").create("test-day", "Test Day", record_info=False)
    other.ingest(store.operations())
    editor.report(session.id, participants=12)
    GridEditor(other).report(session.id, actions=[Action("Write to the board", "Siân")])
    for a, b in ((store, other), (other, store), (store, other)):  # and again: repeats change nothing
        b.ingest(a.operations())
    for replica in (store, other):
        report = report_of(GridEditor(replica).session(session.id))
        assert report.participants == 12 and report.actions == [Action("Write to the board", "Siân")]


def test_the_actions_csv_has_every_action_and_is_safe_in_a_spreadsheet(editor):
    first = editor.propose("Waiting lists", ["Siân"], space="Garden", slot="11:30")
    early = editor.propose("=cmd|' /C calc'!A0", ["Dafydd"], space="Main Hall", slot="10:00")
    editor.propose("Parked", ["Ann"])
    editor.report(first.id, actions=[Action("Write to the board", "Siân")])
    editor.report(early.id, actions=[Action("+SUM(1)", "@Ward 3"), Action("Call Ann", "-Ben")])
    grid = editor.grid()
    from kiosk.grid.pdf import in_time_order

    rows = list(csv.reader(io.StringIO(actions_csv(grid, in_time_order(grid)))))
    assert rows == [["session", "space", "slot", "action", "owner"],
                    ["'=cmd|' /C calc'!A0", "Main Hall", "10:00–11:00", "'+SUM(1)", "'@Ward 3"],
                    ["'=cmd|' /C calc'!A0", "Main Hall", "10:00–11:00", "Call Ann", "'-Ben"],
                    ["Waiting lists", "Garden", "11:30–12:30", "Write to the board", "Siân"]]


def test_space_flags_and_online_link(editor):
    space = editor.add_space("Zoom Room", online_link="https://meet.example.org/r1", step_free=True, quiet=True,
                             access="Lift at the back")
    assert flags_text(space) == "♿ Step-free · ☾ Quiet space"
    assert access_line(space) == "♿ Step-free · ☾ Quiet space · Lift at the back"
    space = editor.edit_space("zoom room", online_link="", step_free=False, hearing_loop=True)
    assert space.online_link == "" and flags_text(space) == "∿ Hearing loop · ☾ Quiet space"


@pytest.mark.parametrize(("link", "words"), [
    ("javascript:alert(1)", "starting https://"),
    ("file:///etc/passwd", "starting https://"),
    ("meet.example.org", "starting https://"),
    ("https://meet.example.org/a b", "no spaces"),
    ("https://nhs.uk@evil.example/", "name@"),
    ("https://x.org/\"onmouseover=alert(1)", "quotes"),
    ("https://x.org/a'onmouseover='alert(1)", "quotes"),
    ("https://x.org/" + "a" * MAX_URL, "keep it under"),
])
def test_a_bad_link_is_refused_in_words(editor, store, link, words):
    before = len(store.operations())
    with pytest.raises(UsageError, match=words):
        editor.add_space("Zoom Room", online_link=link)
    with pytest.raises(UsageError, match=words):
        editor.edit_space("Garden", online_link=link)
    assert len(store.operations()) == before


@pytest.mark.parametrize("fields", [
    {"online_link": "javascript:alert(1)"}, {"online_link": "https://x.org/" + "a" * 600}, {"online_link": 3},
    {"step_free": "yes"}, {"quiet": 1},
])
def test_a_hostile_space_push_is_refused(fields):
    with pytest.raises(MalformedOperation):
        registry.validate(grid_set("space", "R1", **fields))


@pytest.mark.parametrize("fields", [
    {"participants": -3}, {"participants": True}, {"participants": 10**9}, {"participants": "12"},
    {"key_points": "x" * (MAX_KEY_POINTS + 1)},
    {"actions": [{"text": "a", "owner": "b"}] * (MAX_ACTIONS + 1)},
    {"actions": [{"text": "a", "owner": "b", "extra": "x" * 10}]}, {"actions": [{"text": "", "owner": "b"}]},
    {"actions": [{"text": ["a"], "owner": "b"}]}, {"actions": "Do it"},
    {"involve": ["x" * 201]}, {"involve": ["a"] * 51}, {"involve": [""]}, {"involve": [{"a": 1}]},
    {"report": {f"k{n}": "v" for n in range(11)}},
])
def test_a_hostile_report_push_is_refused(fields):
    with pytest.raises(MalformedOperation):
        registry.validate(grid_set("session", "S1", **fields))


def test_the_calendar_and_page_carry_the_link_and_flags(editor):
    editor.add_space("Zoom Room", online_link="https://meet.example.org/r1?pwd=a&b=c", step_free=True,
                     hearing_loop=True)
    editor.propose("Online and in the room", ["Siân"], space="Zoom Room", slot="10:00")
    editor.propose("Only in the room", ["Ann"], space="Garden", slot="10:00")
    grid, info = editor.grid(), {"name": "Day", "date": "2026-05-01"}
    events = {str(e["SUMMARY"]): e for e in icalendar.Calendar.from_ical(exports.to_ics(grid, info, "day"))
              .walk("VEVENT")}
    hybrid = events["Online and in the room"]
    assert str(hybrid["URL"]) == "https://meet.example.org/r1?pwd=a&b=c"
    assert str(hybrid["LOCATION"]) == "Zoom Room (online too: https://meet.example.org/r1?pwd=a&b=c)"
    assert "Access: ♿ Step-free · ∿ Hearing loop" in str(hybrid["DESCRIPTION"])
    assert "URL" not in events["Only in the room"] and str(events["Only in the room"]["LOCATION"]) == "Garden"
    page = exports.to_html(grid, info)
    assert "href='https://meet.example.org/r1?pwd=a&amp;b=c'" in page
    assert "<span aria-hidden='true'>♿</span> Step-free" in page and "Hearing loop" in page


def test_a_bad_link_that_reached_the_store_is_never_a_link(editor, store):
    """An older laptop's grid with a link that today's rules refuse: shown as nothing, not a link."""
    store.conn.execute("UPDATE grid_items SET fields = json_set(fields, '$.online_link', 'javascript:alert(1)') "
                       "WHERE kind = 'space'")
    editor.propose("Online and in the room", ["Siân"], space="Garden", slot="10:00")
    grid = editor.grid()
    page = exports.to_html(grid, {})
    feed = exports.to_ics(grid, {}, "day")
    assert "javascript" not in page and "javascript" not in feed
    assert json.loads(exports.to_json(grid, {}))["spaces"][0]["name"] == "Main Hall"
