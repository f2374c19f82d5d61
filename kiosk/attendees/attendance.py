"""Who has not arrived yet, and drop-outs on the day.

"Not arrived" is everyone the venue still expects: a valid ticket, in person or both (online-only
people are not expected at the door), and no check-in. "Cancelled on the day" is the attendee's
status register set to cancelled through an ordinary `attendee.upsert`: it syncs like any edit,
merges last-writer-wins, and its undo is another write putting the status back.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache

from kiosk.core.attendance import attendance_mode
from kiosk.core.errors import RefusedError
from kiosk.core.model import Attendee
from kiosk.store.event_store import EventStore

_LISTED = ("code", "first_name", "last_name", "full_name", "organisation", "ticket_type", "booking_ref",
           "email", "attendance", "status")
SQL_MODE = "attendance_mode(a.attendance, a.ticket_type)"  # needs install_mode_function first
_NOT_ARRIVED_WHERE = (
    f"a.status = 'valid' AND {SQL_MODE} != 'online' "
    "AND NOT EXISTS (SELECT 1 FROM active_checkins c WHERE c.code = a.code)"
)


def install_mode_function(conn: sqlite3.Connection) -> None:
    """attendance_mode(answer, ticket_type) in SQL: the one reading of kiosk/core/attendance.py,
    so the counts and the lists agree with what the desk shows for one person."""
    conn.create_function("attendance_mode", 2, mode_of, deterministic=True)


@lru_cache(maxsize=4096)
def mode_of(answer: str | None, ticket_type: str | None) -> str:
    # An event has a handful of distinct (answer, ticket type) pairs: each is read once, so a
    # count over 100,000 attendees runs the regular expressions a few dozen times, not 100,000.
    return attendance_mode(answer, ticket_type)


def not_arrived(store: EventStore, ticket_type: str | None = None) -> list[Attendee]:
    """Everyone still expected in person, by name; only of one ticket type when given."""
    install_mode_function(store.conn)
    # Only what the list, the export and the desk's list show: no other answers decoded a row.
    sql = f"SELECT {', '.join(_LISTED)} FROM attendees a WHERE {_NOT_ARRIVED_WHERE}"
    params: tuple = ()
    if ticket_type is not None:
        sql += " AND a.ticket_type = ?"
        params = (ticket_type,)
    cursor = store.conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(sql + " ORDER BY a.last_name COLLATE NOCASE, a.first_name COLLATE NOCASE, "
                          "a.code", params).fetchall()
    return [Attendee(**dict(zip(_LISTED, r, strict=True))) for r in rows]


def not_arrived_count(store: EventStore) -> int:
    install_mode_function(store.conn)
    return store.conn.execute(f"SELECT COUNT(*) FROM attendees a WHERE {_NOT_ARRIVED_WHERE}").fetchone()[0]


def _attendee_for_status_change(store: EventStore, code: str) -> Attendee:
    row = store.conn.execute("SELECT * FROM attendees WHERE code = ?", (code,)).fetchone()
    if row is None:
        raise RefusedError(f"unknown ticket {code!r}")
    return Attendee.from_row(row)


def _record_status(store: EventStore, attendee: Attendee, status: str) -> Attendee:
    store.record("attendee.upsert", {"code": attendee.code, "set": {"status": status}})
    attendee.status = status
    return attendee


def cancel_on_the_day(store: EventStore, code: str) -> Attendee:
    """Record that someone expected today has said they are not coming (status → cancelled)."""
    with store.write():
        attendee = _attendee_for_status_change(store, code)
        if attendee.status != "valid":
            raise RefusedError(f"{attendee.display_name or code}'s ticket is {attendee.status} already")
        if store.conn.execute("SELECT 1 FROM active_checkins WHERE code = ? LIMIT 1", (code,)).fetchone():
            raise RefusedError(f"{attendee.display_name or code} has checked in: undo the check-in first")
        return _record_status(store, attendee, "cancelled")


def undo_cancel(store: EventStore, code: str) -> Attendee:
    """Take back a "cancelled on the day": the ticket is valid again (a new write, so it syncs)."""
    with store.write():
        attendee = _attendee_for_status_change(store, code)
        if attendee.status != "cancelled":
            raise RefusedError(f"{attendee.display_name or code}'s ticket is not cancelled")
        return _record_status(store, attendee, "valid")
