"""A printable sheet of sample tickets with their QR codes, so a newcomer can scan from the screen."""

from __future__ import annotations

from pathlib import Path

from kiosk.print.draw.tickets import draw_fitted, imported_tickets, write_tickets
from kiosk.store.event_store import EventStore

__all__ = ["draw_fitted", "write_ticket_sheet"]


def write_ticket_sheet(store: EventStore, out: Path, limit: int | None = None) -> int:
    """Eight tickets per A4 page: name, ticket type, QR and code. Returns the number of tickets."""
    event_name = store.event_info().get("name", "")
    return write_tickets(imported_tickets(store, limit), Path(out), event_name, f"Sample tickets: {event_name}")
