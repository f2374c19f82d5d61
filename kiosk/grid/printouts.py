"""What the grid sends to a printer: a session's slip and the day's grid as a list.

The grid owns how its printouts look. The print queue knows them only as renderers for a job
kind (RENDERERS), handed to it by whoever opens the event (kiosk/event.py): printing never
imports the grid. Each gives the PDF any printer prints and the text a receipt printer prints
instead.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.core.errors import RefusedError
from kiosk.grid.editor import GridEditor
from kiosk.grid.pdf import grid_pdf, slip_online, slip_pdf, where_text
from kiosk.print.backends.base import Document, PrintError, Slip
from kiosk.print.queue import Renderer
from kiosk.store.event_store import EventStore


def session_slip(store: EventStore, session_id: str, out: Path) -> Document:
    """80 × 120 mm: the title, conveners, where and when, and a QR naming the session."""
    editor = GridEditor(store)
    grid = editor.grid()
    try:
        session = editor.session(session_id, grid)
    except RefusedError as exc:  # merged away, or never in this event's grid
        raise PrintError(exc.message) from exc
    qr = f"session:{session.id}"
    info = store.event_info()
    slip_pdf(grid, session, info, out, qr)
    online = slip_online(grid, session)
    lines = (", ".join(session.conveners), where_text(grid, session), *((online,) if online else ()),
             info.get("name", ""))
    return Document(out, 80.0, 120.0, f"slip-{session.id}", slip=Slip(session.title, lines, qr))


def grid_list(store: EventStore, code: str, out: Path) -> Document:
    """The day slot by slot for a receipt printer; printers without a text mode get the A4 grid."""
    grid = GridEditor(store).grid()
    info = store.event_info()
    lines: list[str] = []
    for slot in grid.slots:
        lines.append(f"{slot.start}-{slot.end} {slot.label or ('Break' if slot.is_break else '')}".rstrip())
        for space in grid.spaces:
            for session in grid.cell(space.id, slot.id):
                lines.append(f"  {space.name}: {session.title} ({', '.join(session.conveners)})")
    grid_pdf(grid, info, out)
    return Document(out, 297.0, 210.0, "grid", slip=Slip(info.get("name", "Sessions"), tuple(lines)))


RENDERERS: dict[str, Renderer] = {"slip": session_slip, "gridlist": grid_list}
