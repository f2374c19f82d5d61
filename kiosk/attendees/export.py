"""Exports for the organisers' spreadsheets, neutralised against formula injection."""

from __future__ import annotations

import csv
from pathlib import Path

from kiosk.core.files import atomic_path
from kiosk.core.model import iso_local
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
    return len(rows)
