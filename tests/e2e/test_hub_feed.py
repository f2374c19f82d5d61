"""The hub's public calendar feed and grid page, served by a real hub process, for a grid whose
ids, titles, conveners and space names hold line breaks, iCalendar's separators, quotes and HTML
(a bad or hostile kiosk can push any text there)."""

from __future__ import annotations

import html
import json
import urllib.request
import uuid

import icalendar

from tests.support.cli import kiosk_json
from tests.support.hostile_text import HOSTILE, STANDARD_CALENDAR, STANDARD_VEVENT, as_read_back, unfolded_lines


def _call(url: str, token: str | None = None, body: dict | None = None) -> bytes:
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None,
                                     method="POST" if body is not None else "GET")
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.read()


def _grid_ops() -> tuple[list[dict], list[dict]]:
    """grid.set operations for hostile spaces and sessions: (operations, the sessions placed)."""
    device, ops = str(uuid.uuid4()), []

    def grid_set(kind: str, item: str, **fields: object) -> None:
        ops.append({"id": str(uuid.uuid4()), "device": device, "hlc": (1_790_000_000_000 << 16) + len(ops),
                    "kind": "grid.set", "payload": {"kind": kind, "id": item, "set": fields}})

    grid_set("slot", "T1", start="10:00", end="11:00", label="", is_break=False, removed=False)
    grid_set("slot", "T2", start="11:30", end="12:30", label="", is_break=False, removed=False)
    placed = []
    for n, text in enumerate(HOSTILE):
        space = f"R{n}\r\n{text[:10]}"
        grid_set("space", space, name=text, position=float(n), removed=False)
        session = {"id": f"S{n};{text}", "title": text, "conveners": [HOSTILE[-1 - n], 'Ann, "Nan"'],
                   "space": text, "slot": ("10:00", "11:00") if n % 2 else ("11:30", "12:30")}
        grid_set("session", session["id"], title=text, conveners=session["conveners"], description="",
                 placement={"space": space, "slot": "T1" if n % 2 else "T2"}, merged_into="", removed=False)
        placed.append(session)
    grid_set("session", "P1\r\nUID:parked", title="Parked\r\nSUMMARY:no", conveners=["Cai"], placement=None)
    return ops, placed


def test_the_feed_and_page_carry_hostile_text_as_text(hub, tmp_path):
    code = kiosk_json(hub.data, "hub", "pair", "--event", "day", "--device", "Desk 1", *hub.db_args)["code"]
    token = json.loads(_call(hub.url + "/api/v1/pair", body={"code": code}))["token"]
    ops, placed = _grid_ops()
    answer = json.loads(_call(hub.url + "/api/v1/push", token, {"ops": ops}))
    assert answer["accepted"] == len(ops)

    feed = _call(hub.url + "/events/day/grid.ics").decode("utf-8")
    calendar = icalendar.Calendar.from_ical(feed)
    assert set(calendar) == STANDARD_CALENDAR
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {as_read_back(f"{s['id']}@day.event-kiosk") for s in placed}
    for session in placed:
        event = events[as_read_back(f"{session['id']}@day.event-kiosk")]
        assert set(event) == STANDARD_VEVENT and not event.subcomponents
        assert str(event["SUMMARY"]) == as_read_back(session["title"])
        assert str(event["LOCATION"]) == as_read_back(session["space"])
        assert str(event["DESCRIPTION"]) == as_read_back("Convened by " + ", ".join(session["conveners"]))
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start.tzinfo is None and (start.strftime("%H:%M"), end.strftime("%H:%M")) == session["slot"]
    names = {line.split(":", 1)[0].split(";", 1)[0] for line in unfolded_lines(feed)}
    assert names <= STANDARD_CALENDAR | STANDARD_VEVENT | {"BEGIN", "END"}

    page = _call(hub.url + "/events/day/grid").decode("utf-8")
    for session in placed:
        assert html.escape(session["title"]) in page
        assert html.escape(", ".join(session["conveners"])) in page
        assert f"<th scope='col'>{html.escape(session['space'])}</th>" in page
    assert "<script>" not in page and "<b>" not in page and "&lt;script&gt;" in page
