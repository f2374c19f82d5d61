"""A full grid for benchmarks: spaces × hourly slots with a session in every cell."""

from __future__ import annotations

from kiosk.grid.editor import GridEditor
from kiosk.store.event_store import EventStore


def fill_sample_grid(store: EventStore, spaces: int = 20, slots: int = 8) -> GridEditor:
    editor = GridEditor(store)
    for i in range(spaces):
        editor.add_space(f"Room {i + 1}")
    for hour in range(9, 9 + slots):
        editor.add_slot(f"{hour:02d}:00", f"{hour:02d}:50")
    for i in range(spaces * slots):
        editor.propose(f"Session {i}: improving care pathways together", [f"Convener {i}"], first_free=True)
    return editor
