"""What the grid sends to a printer: a session's slip and the day's grid as a list.

The grid owns how its printouts look; the print queue only asks for them by job kind. Each gives
the PDF that any printer prints and the text a thermal printer prints instead.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.core.errors import RefusedError
from kiosk.grid.editor import GridEditor
from kiosk.grid.pdf import grid_pdf, slip_pdf, where_text
from kiosk.print.backends.base import Document, PrintError, Slip
from kiosk.store.event_store import EventStore


def session_slip(store: EventStore, session_id: str, out: Path) -> Document:
    """80 × 120 mm: the title, conveners, where and when, and a QR naming the session."""
    editor = GridEditor(store)
    grid = editor.grid()
    try:
        session = editor.session(session_id, grid)
    except RefusedError as exc:
        raise PrintError(str(exc)) from exc
    qr = f"session:{session.id}"
    info = store.event_info()
    slip_pdf(grid, session, info, out, qr)
    text = Slip(session.title, (", ".join(session.conveners), where_text(grid, session), info.get("name", "")), qr)
    return Document(out, 80.0, 120.0, f"slip-{session.id}", slip=text)


def grid_list(store: EventStore, out: Path) -> Document:
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
