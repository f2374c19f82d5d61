"""Exports for the organisers' spreadsheets, neutralised against formula injection."""

from __future__ import annotations

import csv
from pathlib import Path

from kiosk.core.files import atomic_path
from kiosk.core.model import iso_local
from kiosk.core.private import remember_written
from kiosk.store.event_store import EventStore

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> str:
    """A cell a spreadsheet will show as text: a leading = + - @ (or tab/CR) gets a quote prefix."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


CHECKIN_COLUMNS = ("code", "first_name", "last_name", "organisation", "ticket_type", "status",
                   "checked_in_at", "device")


def export_checkins(store: EventStore, out: Path) -> int:
    """Write every admission (one row each) to a CSV; returns the number of rows."""
    rows = store.conn.execute(
        "SELECT a.code, a.first_name, a.last_name, a.organisation, a.ticket_type, a.status, "
        "c.at_ms, c.device FROM active_checkins c JOIN attendees a ON a.code = c.code "
        "ORDER BY c.at_ms, c.op_id"
    ).fetchall()
    # utf-8-sig so Excel opens Welsh and Irish names correctly.
    with atomic_path(Path(out), ".csv") as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CHECKIN_COLUMNS)
        for r in rows:
            values = list(r[:6]) + [iso_local(r[6]), r[7]]
            writer.writerow([spreadsheet_safe(v) for v in values])
    remember_if_in_data_folder(store, Path(out))
    return len(rows)


def remember_if_in_data_folder(store: EventStore, out: Path) -> None:
    """An export written into the data folder is the app's to erase with the event (`kiosk purge`);
    one written elsewhere is where the organisers asked for it, and theirs. The file itself is
    owner-only wherever it is (atomic_path writes it 0600)."""
    event_folder = store.path.parent
    if event_folder.parent.name != "events":  # not an event of a data folder (a hub's cache)
        return
    try:
        inside = out.resolve().is_relative_to(event_folder.parent.parent.resolve())
    except (OSError, RuntimeError):
        return
    if inside:
        remember_written(event_folder, "export", out)


NOT_ARRIVED_COLUMNS = ("code", "name", "organisation", "ticket_type", "booking_ref")


def export_not_arrived(store: EventStore, out: Path, with_email: bool = False) -> int:
    """Everyone still expected in person and not checked in (kiosk.attendees.attendance), one row
    each, for phoning round or the day's report. No email unless asked for: this list goes round."""
    from kiosk.attendees.attendance import not_arrived

    people = not_arrived(store)
    columns = NOT_ARRIVED_COLUMNS + (("email",) if with_email else ())
    with atomic_path(Path(out), ".csv") as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for a in people:
            values = [a.code, a.display_name, a.organisation, a.ticket_type, a.booking_ref]
            if with_email:
                values.append(a.email)
            writer.writerow([spreadsheet_safe(v) for v in values])
    remember_if_in_data_folder(store, Path(out))
    return len(people)
