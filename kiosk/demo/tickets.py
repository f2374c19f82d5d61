"""A printable sheet of sample tickets with their QR codes, so a newcomer can scan from the screen."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.files import atomic_path
from kiosk.core.qr import qr_image
from kiosk.print.draw.fonts import register_fonts
from kiosk.store.event_store import EventStore

_COLUMNS, _ROWS = 2, 4


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


def write_ticket_sheet(store: EventStore, out: Path, limit: int | None = None) -> int:
    """Eight tickets per A4 page: name, ticket type, QR and code. Returns the number of tickets."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    sans, bold = register_fonts()
    event_name = store.event_info().get("name", "")
    rows = store.conn.execute(
        "SELECT code, full_name, first_name, last_name, ticket_type, status FROM attendees "
        "WHERE source = 'import' ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, code"
        + (f" LIMIT {int(limit)}" if limit else "")
    ).fetchall()
    with atomic_path(Path(out), ".pdf") as tmp:
        canvas = Canvas(str(tmp), pagesize=A4)
        canvas.setTitle(f"Sample tickets: {event_name}")
        page_w, page_h = A4
        margin = 12 * mm
        cell_w = (page_w - 2 * margin) / _COLUMNS
        cell_h = (page_h - 2 * margin) / _ROWS
        for n, row in enumerate(rows):
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
            canvas.drawImage(ImageReader(qr_image(row["code"])), x + 5 * mm, y + 12 * mm, qr_size, qr_size)
            text_x = x + 8 * mm + qr_size
            text_w = x + cell_w - 6 * mm - text_x
            name = row["full_name"] or f"{row['first_name']} {row['last_name']}".strip()
            after_name = draw_fitted(canvas, name, bold, text_x, below_title - 4 * mm, text_w, 14,
                                     min_size=8, max_lines=3)
            label = row["ticket_type"] + ("  (VOID)" if row["status"] != "valid" else "")
            draw_fitted(canvas, label, sans, text_x, after_name - 2 * mm, text_w, 10, max_lines=1)
            draw_fitted(canvas, row["code"], sans, x + 6 * mm, y + 11 * mm, inner_w, 7, max_lines=1)
        canvas.save()
    return len(rows)
