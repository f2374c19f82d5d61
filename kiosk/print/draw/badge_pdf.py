"""Draws badges from a layout into a PDF with reportlab: the one source of truth for every printer.

Raster printers (thermal, Brother) get this same page rendered at their resolution, so what the
preview shows is what every printer prints.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from kiosk.core.files import atomic_path
from kiosk.core.model import Attendee
from kiosk.print.draw import text_engine
from kiosk.print.draw.badge_names import badge_names
from kiosk.print.draw.layout import Field, Layout, marker_polygon
from kiosk.print.draw.markers import draw_marker
from kiosk.print.draw.textfit import LEADING, Fitted, fit_text

MM = 72 / 25.4
_ASCENT = 0.9  # of the font size, from the top of a line to its baseline (DejaVu: 0.93)


@dataclass(frozen=True)
class DrawnText:
    """Where a text was drawn, in mm from the page's top-left: what tests check for overflow."""

    source: str
    text: str
    size: float
    left: float
    top: float
    right: float
    bottom: float
    box: tuple[float, float, float, float]  # the field's own box (left, top, right, bottom)


@lru_cache(maxsize=64)
def _colour(value: str):
    """reportlab's colour for a layout's "#rrggbb", parsed once: reportlab parses a colour
    string afresh on every call (~0.1 ms), 7 times a badge."""
    from reportlab.lib.colors import toColor

    return toColor(value)


@lru_cache(maxsize=1024)
def _fitted_ascii(text: str, width: float, height: float, size: float, min_size: float, max_lines: int,
                  bold: bool) -> Fitted:
    return fit_text(text, width, height, size, min_size, max_lines, lambda t, s: text_engine.measure(t, s, bold))


def _fitted(text: str, width: float, height: float, size: float, min_size: float, max_lines: int,
            bold: bool) -> Fitted:
    """The text fitted to its box. ASCII text (always DejaVu, whatever fonts the laptop has) is
    fitted once per box: a sheet repeats the event name and ticket types on every badge."""
    if text.isascii():
        return _fitted_ascii(text, width, height, size, min_size, max_lines, bold)
    return fit_text(text, width, height, size, min_size, max_lines, lambda t, s: text_engine.measure(t, s, bold))


def badge_values(attendee: Attendee, event_name: str) -> dict[str, str]:
    """The only attendee values a badge may show. "first_name" is the big line and "last_name"
    the surname under it: with no usable first name (none, or only a particle such as "de la"),
    the big line is the whole name and the surname line is empty, so nothing shows twice."""
    big, surname = badge_names(attendee)
    return {"first_name": big, "last_name": surname, "full_name": attendee.display_name,
            "organisation": attendee.organisation, "pronouns": attendee.pronouns,
            "ticket_type": attendee.ticket_type, "event_name": event_name}


def qr_payload(layout: Layout, attendee: Attendee) -> str | None:
    if layout.qr == "ticket":
        return attendee.code
    if layout.qr == "contact":  # name and organisation only: never an email or phone on a badge
        def esc(text: str) -> str:
            return "".join("\\" + ch if ch in "\\;,:" else ch for ch in text)
        return f"MECARD:N:{esc(attendee.last_name)},{esc(attendee.first_name)};ORG:{esc(attendee.organisation)};;"
    return None


class BadgeRenderer:
    def __init__(self, layout: Layout, event_name: str = "") -> None:
        self.layout = layout
        self.event_name = event_name
        self.drawn: list[DrawnText] = []

    def write(self, attendees: Iterable[Attendee], out: Path) -> int:
        """Write one badge per attendee (or sheets of them) to `out`, atomically."""
        with atomic_path(out, ".pdf") as tmp:
            return self.draw(attendees, str(tmp))

    def draw(self, attendees: Iterable[Attendee], target: str | BinaryIO) -> int:
        """Draw the badges as one PDF into `target` (a path or a binary file) with one canvas:
        fonts, colours and QR codes are made once and reused on every badge of a sheet. The
        print benchmark times this alone too, beside pretix's renderer, which writes to memory."""
        from reportlab.pdfgen.canvas import Canvas

        count = 0
        page_w, page_h = self.layout.page_size
        # The page starts in DejaVu, not reportlab's Helvetica: every font the PDF names is
        # embedded, and there is one font object fewer to write.
        canvas = Canvas(target, pagesize=(page_w * MM, page_h * MM), pageCompression=1,
                        initialFontName=text_engine.reportlab_font(False))
        canvas.setTitle(f"Badges: {self.event_name}")
        slots = self._slots()
        for count, attendee in enumerate(attendees, start=1):
            slot = (count - 1) % len(slots)
            if count > 1 and slot == 0:
                canvas.showPage()
            if slot == 0 and self.layout.sheet and self.layout.sheet.cut_marks:
                self._cut_marks(canvas, slots)
            self._badge(canvas, attendee, *slots[slot])
        if count == 0:
            canvas.setFont(text_engine.reportlab_font(False), 9)
            canvas.drawString(10, 10, "No badges to print.")
        canvas.save()
        return count

    # -- geometry (mm from the page's top-left) -------------------------------------------------

    def _slots(self) -> list[tuple[float, float]]:
        return self.layout.slots()

    def _cut_marks(self, canvas, slots: list[tuple[float, float]]) -> None:
        sheet = self.layout.sheet
        if sheet is None:
            return
        page_h = self.layout.page_size[1]
        canvas.setLineWidth(0.3)
        canvas.setStrokeColorRGB(0.4, 0.4, 0.4)
        for x1, y1, x2, y2 in sheet.cut_marks_mm(self.layout.width, self.layout.height):
            canvas.line(x1 * MM, (page_h - y1) * MM, x2 * MM, (page_h - y2) * MM)

    def _badge(self, canvas, attendee: Attendee, left: float, top: float) -> None:
        values = badge_values(attendee, self.event_name)
        # A name no font here covers fails the job in words now, not as black bars on paper.
        text_engine.check_badge_fonts(values, [f.source if f.type == "text" else "ticket_type" for f in
                                               self.layout.fields if f.type in ("text", "band")], attendee.code)
        for f in self.layout.fields:
            if f.type == "band":
                self._band(canvas, f, values, left, top)
            elif f.type == "text":
                text = text_engine.drawable(values.get(f.source, ""))  # emoji no font has: left out
                if text:
                    self._text(canvas, f, f"{f.prefix}{text}{f.suffix}", left, top)
            elif f.type == "qr":
                payload = qr_payload(self.layout, attendee)
                if payload:
                    self._qr(canvas, f, payload, left, top)
            elif f.type == "marker":  # an answer to the organiser's question (markers.py)
                draw_marker(self, canvas, f, attendee, left, top)

    @staticmethod
    def colour(value: str):
        return _colour(value)

    def _band(self, canvas, f: Field, values: dict[str, str], left: float, top: float) -> None:
        page_h = self.layout.page_size[1]
        ticket_type = values.get("ticket_type", "")
        canvas.setFillColor(_colour(self.layout.band_colour(ticket_type)))
        canvas.rect((left + f.x) * MM, (page_h - top - f.y - f.h) * MM, f.w * MM, f.h * MM, stroke=0, fill=1)
        if not ticket_type:
            return
        # The colour never carries the meaning alone: the ticket type in words, and a marker
        # shape at each end for the common types, with the text kept clear of the markers.
        outline = marker_polygon(self.layout.band_shape(ticket_type))
        if outline:
            side = min(f.h * 0.5, f.w * 0.1)
            pad = min(f.h * 0.25, f.w * 0.04)
            canvas.setFillColor(_colour(f.colour))
            for x0 in (left + f.x + pad, left + f.x + f.w - pad - side):
                y0 = top + f.y + (f.h - side) / 2
                path = canvas.beginPath()
                path.moveTo((x0 + outline[0][0] * side) * MM, (page_h - y0 - outline[0][1] * side) * MM)
                for u, v in outline[1:]:
                    path.lineTo((x0 + u * side) * MM, (page_h - y0 - v * side) * MM)
                path.close()
                canvas.drawPath(path, stroke=0, fill=1)
            f = dataclasses.replace(f, x=f.x + 2 * pad + side, w=f.w - 2 * (2 * pad + side))
        self._text(canvas, f, ticket_type.upper(), left, top)

    def _text(self, canvas, f: Field, text: str, left: float, top: float) -> None:
        page_h = self.layout.page_size[1]
        inset = min(1.0, f.w * 0.02)
        width_pt, height_pt = (f.w - 2 * inset) * MM, f.h * MM
        bold = f.font == "bold"
        fitted = _fitted(text, width_pt, height_pt, f.size, f.min_size, f.max_lines, bold)
        canvas.setFillColor(_colour(f.colour))
        box_top_pt = (page_h - top - f.y) * MM
        block_top = box_top_pt - (height_pt - fitted.height) / 2
        align = f.align
        if text_engine.is_rtl(text):  # a left-aligned field starts on the right for Arabic, Hebrew
            align = {"left": "right", "right": "left"}.get(align, align)
        for i, line in enumerate(fitted.lines):
            line_w = text_engine.measure(line, fitted.size, bold)
            box_left = (left + f.x + inset) * MM
            if align == "left":
                x = box_left
            elif align == "right":
                x = box_left + width_pt - line_w
            else:
                x = box_left + (width_pt - line_w) / 2
            line_top = block_top - i * fitted.size * LEADING
            text_engine.draw(canvas, line, fitted.size, bold, x, line_top - fitted.size * _ASCENT)
            self.drawn.append(DrawnText(
                f.source, line, fitted.size, x / MM, page_h - line_top / MM, (x + line_w) / MM,
                page_h - (line_top - fitted.size * LEADING) / MM,
                (left + f.x, top + f.y, left + f.x + f.w, top + f.y + f.h)))

    def _qr(self, canvas, f: Field, payload: str, left: float, top: float) -> None:
        from kiosk.core.qr import qr_pdf_ops, qr_rects

        page_h = self.layout.page_size[1]
        modules = qr_rects(payload)[0]
        # The layout places the symbol with its quiet zone (4 modules) inside the field's box.
        x, y, module = f.qr_place(modules)
        # Vector modules in one path: sharp at every printer's dpi, and a fraction of the time
        # and bytes of an embedded image.
        canvas.addLiteral(qr_pdf_ops(payload, (left + x) * MM, (page_h - top - y) * MM, module * MM))
