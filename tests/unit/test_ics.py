"""The calendar feed written with icalendar: any text a session can hold comes back as it was, in
its own property, and never adds a line (a property) of its own."""

from __future__ import annotations

import re

import icalendar
import pytest

from kiosk.grid import exports
from kiosk.grid.model import Grid, Session, Slot, Space

from tests.support.hostile_text import (
    HOSTILE,
    STANDARD_CALENDAR,
    STANDARD_VEVENT,
    as_read_back,
    unescape,
    unfolded_lines,
)


def hostile_grid() -> tuple[Grid, list[Session]]:
    spaces = [Space(f"R{n}{text[:12]}", name=text) for n, text in enumerate(HOSTILE)]
    slots = [Slot("T1", "10:00", "11:00"), Slot("T2", "11:00", "11:30", "Coffee\r\nX:y", is_break=True),
             Slot("T3", "11:30", "12:30")]
    placed = [Session(f"S{n}-{text}", title=text, conveners=[HOSTILE[-1 - n], "Ann, \"Nan\""],
                      description=HOSTILE[(n + 3) % len(HOSTILE)],
                      placement={"space": spaces[n].id, "slot": "T1" if n % 2 else "T3"})
              for n, text in enumerate(HOSTILE)]
    not_placed = [Session("P1\r\nUID:parked", title="Parked\r\nSUMMARY:no", conveners=["Cai"]),
                  Session("P2", title="In a break", conveners=["Cai"], placement={"space": spaces[0].id, "slot": "T2"}),
                  Session("P3", title="In a space that is gone", conveners=["Cai"],
                          placement={"space": "gone", "slot": "T1"})]
    return Grid(spaces, slots, placed + not_placed), placed


def test_every_placed_session_comes_back_with_its_text_and_nothing_else():
    grid, placed = hostile_grid()
    feed = exports.to_ics(grid, {"name": "Day;\r\nX-EVIL:1", "date": "2026-11-23"}, "day")

    calendar = icalendar.Calendar.from_ical(feed)
    assert set(calendar) == STANDARD_CALENDAR
    # An X- property is not typed by the parser: read as the TEXT it is written as.
    assert unescape(str(calendar["X-WR-CALNAME"])) == as_read_back("Day;\r\nX-EVIL:1")
    assert [c.name for c in calendar.subcomponents] == ["VEVENT"] * len(placed)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {as_read_back(f"{s.id}@day.event-kiosk") for s in placed}
    for session in placed:
        event = events[as_read_back(f"{session.id}@day.event-kiosk")]
        assert set(event) == STANDARD_VEVENT and not event.subcomponents
        assert str(event["SUMMARY"]) == as_read_back(session.title)
        assert str(event["LOCATION"]) == as_read_back(grid.space(session.space_id).name)
        assert str(event["DESCRIPTION"]) == as_read_back(
            "Convened by " + ", ".join(session.conveners) + "\n\n" + session.description)
        slot = grid.slot(session.slot_id)
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start.tzinfo is None and end.tzinfo is None  # floating: the venue's wall clock
        assert (start.isoformat(), end.isoformat()) == (f"2026-11-23T{slot.start}:00", f"2026-11-23T{slot.end}:00")

    lines = unfolded_lines(feed)
    names = [re.split("[;:]", line, maxsplit=1)[0] for line in lines]
    assert set(names) <= STANDARD_CALENDAR | STANDARD_VEVENT | {"BEGIN", "END"}
    assert names.count("BEGIN") == names.count("END") == len(placed) + 1
    assert all(len(line.encode()) <= 75 for line in feed.split("\r\n"))
    assert feed.endswith("\r\n") and "\r\n\r\n" not in feed


def test_the_feed_keeps_its_uids_and_fields_for_plain_sessions():
    grid = Grid([Space("R1", "Main Hall")], [Slot("T1", "10:00", "11:00")],
                [Session("Sabc12", "Wellbeing at work", ["Siân"], placement={"space": "R1", "slot": "T1"})])
    feed = exports.to_ics(grid, {"name": "Community Day", "date": "2026-11-23"}, "day")
    for line in ("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Event Kiosk//Session grid//EN", "CALSCALE:GREGORIAN",
                 "X-WR-CALNAME:Community Day", "UID:Sabc12@day.event-kiosk", "DTSTART:20261123T100000",
                 "DTEND:20261123T110000", "SUMMARY:Wellbeing at work", "LOCATION:Main Hall",
                 "DESCRIPTION:Convened by Siân"):
        assert f"\r\n{line}\r\n" in f"\r\n{feed}"
    assert re.search(r"\r\nDTSTAMP:\d{8}T\d{6}Z\r\n", feed)


@pytest.mark.parametrize("text", HOSTILE)
def test_the_html_page_escapes_what_the_feed_carries(text):
    grid = Grid([Space("R1", text)], [Slot("T1", "10:00", "11:00")],
                [Session("S1", text, [text, "Ann"], placement={"space": "R1", "slot": "T1"}),
                 Session("S2", text, [text])])
    page = exports.to_html(grid, {"name": text, "venue": text, "date": text})
    escaped = exports.html.escape(text)
    assert page.count(escaped) >= 6  # the name, title bar, space, both titles and conveners, venue
    for raw in ("<script>", "<b>", "'x'", '"double"'):
        if raw in text:
            assert raw not in page
