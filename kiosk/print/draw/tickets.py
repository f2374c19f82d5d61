"""Printable tickets: eight to an A4 page, each with the person's name, ticket type, a QR and its code.

Used for the demo's sample tickets and for the tickets of a list whose codes the app made (a
sign-up form has none), so that everyone still has something to scan. The QR is drawn as vector
squares, not an embedded picture: sharp at any zoom and printer, and quick for thousands of people.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.files import atomic_path
from kiosk.core.qr import qr_pdf_ops, qr_rects
from kiosk.print.draw.fonts import register_fonts
from kiosk.store.event_store import EventStore

_COLUMNS, _ROWS = 2, 4


@dataclass(frozen=True)
class Ticket:
    code: str
    name: str
    ticket_type: str = ""
    void: bool = False


def tickets_of(store: EventStore, codes: Iterable[str]) -> list[Ticket]:
    """The event's attendees with these codes, in the order given (codes not in the event left out)."""
    wanted = list(dict.fromkeys(codes))
    found: dict[str, Ticket] = {}
    for start in range(0, len(wanted), 500):
        part = wanted[start:start + 500]
        rows = store.conn.execute(
            "SELECT code, full_name, first_name, last_name, ticket_type, status FROM attendees "
            f"WHERE code IN ({', '.join('?' * len(part))})", part)
        for row in rows:
            found[row[0]] = _ticket(row)
    return [found[c] for c in wanted if c in found]


def _ticket(row) -> Ticket:
    name = row[1] or f"{row[2]} {row[3]}".strip()
    return Ticket(row[0], name, row[4] or "", row[5] != "valid")


def imported_tickets(store: EventStore, limit: int | None = None) -> list[Ticket]:
    """Every imported attendee, by last name (the demo's sample sheet)."""
    rows = store.conn.execute(
        "SELECT code, full_name, first_name, last_name, ticket_type, status FROM attendees "
        "WHERE source = 'import' ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, code"
        + (f" LIMIT {int(limit)}" if limit else ""))
    return [_ticket(r) for r in rows]


def draw_fitted(canvas, text: str, font: str, x: float, top: float, width: float,
                max_size: float, min_size: float = 6, max_lines: int = 2) -> float:
    """Draw text from `top` down, wrapped to `width` and shrunk until it fits in max_lines.
    Returns the y below the last line. At min_size, extra lines are cut with an ellipsis."""
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = max_size
    lines = simpleSplit(text, font, size, width)
    while size > min_size and (len(lines) > max_lines or any(stringWidth(line, font, size) > width for line in lines)):
        size -= 0.5
        lines = simpleSplit(text, font, size, width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip() + "…"
    y = top
    canvas.setFont(font, size)
    for line in lines:
        while line and stringWidth(line, font, size) > width:  # one unbreakable long word
            line = line[:-2] + "…"
        y -= size * 1.2
        canvas.drawString(x, y, line)
    return y


def draw_qr(canvas, data: str, x: float, y: float, size: float) -> None:
    """A QR with a 2-module quiet zone, `size` points square, lower-left at (x, y): vector squares
    from kiosk/core/qr.py (the standard's mask choice, ~0.5 ms a code), written as PDF operators."""
    modules = qr_rects(data)[0]
    module = size / (modules + 4)
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)  # the quiet zone
    canvas.restoreState()
    canvas.addLiteral(qr_pdf_ops(data, x + 2 * module, y + size - 2 * module, module))


def write_tickets(tickets: Iterable[Ticket], out: Path, event_name: str, title: str) -> int:
    """Eight tickets per A4 page, written whole (owner-only). Returns the number of tickets."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    sans, bold = register_fonts()
    count = 0
    with atomic_path(Path(out), ".pdf") as tmp:
        canvas = Canvas(str(tmp), pagesize=A4)
        canvas.setTitle(title)
        page_w, page_h = A4
        margin = 12 * mm
        cell_w = (page_w - 2 * margin) / _COLUMNS
        cell_h = (page_h - 2 * margin) / _ROWS
        for n, ticket in enumerate(tickets):
            count += 1
            slot = n % (_COLUMNS * _ROWS)
            if n and slot == 0:
                canvas.showPage()
            x = margin + (slot % _COLUMNS) * cell_w
            y = page_h - margin - (slot // _COLUMNS + 1) * cell_h
            canvas.setDash(3, 3)
            canvas.rect(x + 2 * mm, y + 2 * mm, cell_w - 4 * mm, cell_h - 4 * mm)
            canvas.setDash()
            inner_w = cell_w - 12 * mm
            below_title = draw_fitted(canvas, event_name, sans, x + 6 * mm, y + cell_h - 5 * mm,
                                      inner_w, 8, max_lines=1)
            qr_size = below_title - y - 16 * mm
            draw_qr(canvas, ticket.code, x + 5 * mm, y + 12 * mm, qr_size)
            text_x = x + 8 * mm + qr_size
            text_w = x + cell_w - 6 * mm - text_x
            after_name = draw_fitted(canvas, ticket.name, bold, text_x, below_title - 4 * mm, text_w, 14,
                                     min_size=8, max_lines=3)
            label = ticket.ticket_type + ("  (VOID)" if ticket.void else "")
            draw_fitted(canvas, label.strip(), sans, text_x, after_name - 2 * mm, text_w, 10, max_lines=1)
            draw_fitted(canvas, ticket.code, sans, x + 6 * mm, y + 11 * mm, inner_w, 7, max_lines=1)
        canvas.save()
    return count
