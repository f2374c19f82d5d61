"""The grid for other tools: CSV, JSON, iCalendar (one event per placed session) and one
self-contained HTML page."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import UTC, date, datetime

import icalendar

from kiosk.attendees.export import spreadsheet_safe
from kiosk.grid.access import access_line, flags_of
from kiosk.grid.model import Grid, Session, Space
from kiosk.ops.grid import url_ok


def _event_date(info: dict[str, str]) -> date:
    try:
        return date.fromisoformat(info.get("date", ""))
    except ValueError:
        return date.today()


def _where(grid: Grid, session: Session) -> tuple[str, str, str]:
    space, slot = grid.space(session.space_id), grid.slot(session.slot_id)
    if not grid.is_placed(session) or space is None or slot is None:
        return "", "", ""
    return space.name, slot.start, slot.end


def to_csv(grid: Grid) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "title", "conveners", "space", "start", "end", "status", "pinned", "tags",
                     "description", "note"])
    for session in grid.sessions:
        space, start, end = _where(grid, session)
        row = [session.id, session.title, "; ".join(session.conveners), space, start, end,
               "placed" if space else "parked", "yes" if session.pinned else "", ", ".join(session.tags),
               session.description, session.note]
        writer.writerow([spreadsheet_safe(v) for v in row])
    return out.getvalue()


def to_json(grid: Grid, info: dict[str, str]) -> str:
    return json.dumps({"event": info, **grid.to_json()}, ensure_ascii=False, indent=2)


class _Text(icalendar.vText):
    """An iCalendar TEXT value (RFC 5545 3.3.11) escaped so that it reads back as it was typed.

    icalendar's own vText first turns a typed backslash-N (C:\\New) into a line break, and leaves
    characters that other readers take as line ends (U+2028, NEL…) or refuse (controls) as they
    are. Every line break becomes the escape \\n, so no text can start a property line of its own;
    a lone CR and CR LF read back as LF, the one line break iCalendar has."""

    def to_ical(self) -> bytes:
        text = _LINE_BREAKS.sub("\n", str(self))
        text = _CONTROLS.sub("", text)
        escaped = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
        return escaped.encode("utf-8")


_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f]")  # not allowed in TEXT (tab is kept)


def _floating(day: date, hhmm: str) -> datetime:
    # Slot times are the venue's wall clock, and the event records no time zone: written "floating"
    # (no Z, no TZID) a calendar shows 10:00 as 10:00. Converting through this machine's zone
    # shifted every session by the difference between the hub's zone (a cloud server: UTC) and the venue's.
    return datetime.combine(day, datetime.strptime(hhmm, "%H:%M").time())


def to_ics(grid: Grid, info: dict[str, str], slug: str) -> str:
    """One VEVENT per placed session: UID, DTSTAMP, DTSTART, DTEND, SUMMARY, LOCATION, DESCRIPTION."""
    day = _event_date(info)
    stamp = datetime.now(UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Event Kiosk//Session grid//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _Text(info.get("name", slug)))
    for session in grid.placed:
        space, start, end = _where(grid, session)
        room = grid.space(session.space_id)
        description = "Convened by " + ", ".join(session.conveners)
        if session.description:
            description += "\n\n" + session.description
        link = room.online_link if room is not None and url_ok(room.online_link) else ""
        if room is not None and access_line(room):
            description += "\n\nAccess: " + access_line(room)
        if link:
            description += "\n\nJoin online: " + link
        event = icalendar.Event()
        event.add("uid", _Text(f"{session.id}@{slug}.event-kiosk"))
        event.add("dtstamp", stamp)
        event.add("dtstart", _floating(day, start))
        event.add("dtend", _floating(day, end))
        event.add("summary", _Text(session.title))
        event.add("location", _Text(f"{space} (online too: {link})" if link else space))
        if link:  # a hybrid space: calendars offer the link to open
            event.add("url", icalendar.vUri(link))
        event.add("description", _Text(description))
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def _space_html(space: Space) -> str:
    """A space's access flags (symbol and words; the symbol is not read out twice), note and link."""
    e = html.escape
    parts = [f"<span class='flag'><span aria-hidden='true'>{e(symbol)}</span> {e(words)}</span>"
             for symbol, words in flags_of(space)]
    if space.access:
        parts.append(f"<span class='flag'>{e(space.access)}</span>")
    out = f"<div class='access'>{' · '.join(parts)}</div>" if parts else ""
    if space.online_link and url_ok(space.online_link):  # checked again: the page is public
        out += (f"<div class='online'>Online too: <a href='{e(space.online_link, quote=True)}' "
                f"rel='noopener noreferrer nofollow'>{e(space.online_link)}</a></div>")
    return out


def to_html(grid: Grid, info: dict[str, str]) -> str:
    """The whole grid as one page that works offline: no scripts, no external files."""
    e = html.escape
    head = "".join(f"<th scope='col'>{e(s.name)}{_space_html(s)}</th>" for s in grid.spaces)
    rows = []
    for slot in grid.slots:
        if slot.is_break:
            rows.append(f"<tr class='break'><th scope='row'>{e(slot.title)}</th>"
                        f"<td colspan='{max(len(grid.spaces), 1)}'>{e(slot.label or 'Break')}</td></tr>")
            continue
        cells = []
        for space in grid.spaces:
            here = grid.cell(space.id, slot.id)
            inner = "".join(f"<div class='session'><strong>{e(s.title)}</strong><br>"
                            f"<span>{e(', '.join(s.conveners))}</span></div>" for s in here)
            cells.append(f"<td class='{'clash' if len(here) > 1 else ''}'>{inner}</td>")
        rows.append(f"<tr><th scope='row'>{e(slot.start)}–{e(slot.end)}</th>{''.join(cells)}</tr>")
    parked = "".join(f"<li>{e(s.title)} — {e(', '.join(s.conveners))}</li>" for s in grid.parked)
    title = e(info.get("name", "Sessions"))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: sessions</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1rem; color: #1a1a1a; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #9e9e9e; padding: .4rem; vertical-align: top; }}
thead th {{ background: #263238; color: #fff; }}
thead .access, thead .online {{ font-weight: normal; font-size: .85rem; margin-top: .2rem; }}
thead a {{ color: #fff; text-decoration: underline; overflow-wrap: anywhere; }}
tr.break td {{ background: #eceff1; font-style: italic; }}
td.clash {{ outline: 3px solid #b71c1c; }}
.session + .session {{ border-top: 1px dashed #9e9e9e; margin-top: .3rem; padding-top: .3rem; }}
</style></head><body>
<h1>{title}</h1><p>{e(info.get('date', ''))} {e(info.get('venue', ''))}</p>
<table><thead><tr><th scope="col">Time</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>
{'<h2>Not placed yet</h2><ul>' + parked + '</ul>' if parked else ''}
</body></html>
"""
