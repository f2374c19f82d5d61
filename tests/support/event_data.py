"""Attendees and a small session grid written straight into an event store."""

from __future__ import annotations


def add_attendee(store, code: str, **fields) -> None:
    values = {"first_name": "Ann", "last_name": "Example", "ticket_type": "Member", "status": "valid"}
    values.update(fields)
    values.setdefault("full_name", f"{values['first_name']} {values['last_name']}".strip())
    with store.write():
        store.record("attendee.upsert", {"code": code, "set": values})


def small_grid(store):
    """Three spaces; 10:00–11:00, a coffee break, 11:30–12:30."""
    from kiosk.grid.editor import GridEditor

    editor = GridEditor(store)
    for name in ("Main Hall", "Garden", "Ystafell Gŵyr"):
        editor.add_space(name)
    editor.add_slot("10:00", "11:00")
    editor.add_slot("11:00", "11:30", "Coffee", is_break=True)
    editor.add_slot("11:30", "12:30")
    return editor
