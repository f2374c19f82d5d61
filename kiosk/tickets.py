"""A printable sheet of sample tickets with their QR codes, so a newcomer can scan from the screen."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kiosk.fonts import register_fonts
from kiosk.store import EventStore

_COLUMNS, _ROWS = 2, 4


def qr_image(data: str):
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=2, box_size=8)
    qr.add_data(data)
    qr.make(fit=True)
    return qr.make_image(fill_color="black", back_color="white").get_image()


def _fit(text: str, font: str, size: float, width: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while size > 6 and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


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
        "WHERE source = 'import' ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, code" + (f" LIMIT {int(limit)}" if limit else "")
    ).fetchall()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".tickets-", suffix=".pdf")
    os.close(fd)
    try:
        canvas = Canvas(tmp, pagesize=A4)
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
            qr_size = cell_h - 22 * mm
            canvas.drawImage(ImageReader(qr_image(row["code"])), x + 6 * mm, y + 14 * mm, qr_size, qr_size)
            text_x = x + 10 * mm + qr_size
            text_w = cell_w - qr_size - 16 * mm
            name = row["full_name"] or f"{row['first_name']} {row['last_name']}".strip()
            canvas.setFont(sans, _fit(event_name, sans, 7, text_w))
            canvas.drawString(text_x, y + cell_h - 12 * mm, event_name)
            size = _fit(name, bold, 13, text_w)
            canvas.setFont(bold, size)
            canvas.drawString(text_x, y + cell_h - 22 * mm, name)
            canvas.setFont(sans, 10)
            label = row["ticket_type"] + ("  (VOID)" if row["status"] != "valid" else "")
            canvas.drawString(text_x, y + cell_h - 30 * mm, label)
            canvas.setFont(sans, _fit(row["code"], sans, 7, cell_w - 12 * mm))
            canvas.drawString(x + 6 * mm, y + 8 * mm, row["code"])
        canvas.save()
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(rows)
