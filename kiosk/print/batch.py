"""Batch pre-printing: all badges, or all not printed yet, sorted by surname, into one PDF."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from kiosk.attendees.checkin import Desk
from kiosk.core.errors import UsageError
from kiosk.core.hlc import wall_ms
from kiosk.core.model import Attendee
from kiosk.core.private import remember_written
from kiosk.print.draw.badge_pdf import BadgeRenderer
from kiosk.print.draw.layout import Layout
from kiosk.store.event_store import EventStore

Progress = Callable[[int, int], bool]  # (done, total) → False to cancel


def batch_codes(store: EventStore, not_printed: bool) -> list[str]:
    sql = "SELECT code FROM attendees a WHERE status = 'valid'"
    if not_printed:
        sql += " AND NOT EXISTS (SELECT 1 FROM printed_badges p WHERE p.code = a.code)"
    sql += " ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, code"
    return [r[0] for r in store.conn.execute(sql)]


def write_batch(store: EventStore, codes: list[str], layout: Layout, out: Path,
                progress: Progress | None = None) -> int:
    """Draw the badges into `out`; a cancel leaves no file behind."""
    desk = Desk(store)

    def attendees() -> Iterator[Attendee]:
        for n, code in enumerate(codes):
            if progress and progress(n, len(codes)) is False:
                raise UsageError("pre-print cancelled")
            attendee = desk.attendee(code)
            if attendee is not None:
                yield attendee
        if progress:
            progress(len(codes), len(codes))

    count = BadgeRenderer(layout, store.event_info().get("name", "")).write(attendees(), out)
    # Names on every page: a sheet saved into the data folder is erased with the event (one saved
    # elsewhere is the organisers' to keep). The data folder holds events/<slug>/event.sqlite.
    if store.path.resolve().parents[2] in Path(out).resolve().parents:
        remember_written(store.path.parent, "print", out)
    return count


def mark_printed(store: EventStore, codes: list[str], printer: str) -> None:
    """Record the badges as printed, so no desk prints a pre-printed badge again unasked."""
    now = wall_ms()
    with store.write():
        store.record_many("print.done", [
            {"job": str(uuid.uuid4()), "code": code, "at_ms": now, "device": store.device_name,
             "printer": printer} for code in codes
        ])
