"""The pages every grid printout is drawn on: a canvas addressed in mm from the top-left, text
fitted into boxes, the event's header, and the sizes for reading a grid on a wall.

Every text is fitted into its box (wrap at words, shrink, break only a word wider than the box,
then "…"), so a 200-character title or a name in any script stays inside the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.core.files import atomic_path
from kiosk.print.draw import text_engine
from kiosk.print.draw.badge_pdf import MM, DrawnText
from kiosk.print.draw.slip_lines import wrap
from kiosk.print.draw.textfit import LEADING, Fitted, fit_text

MARGIN_MM = 10.0
CONVENER_GREY = "#455a64"  # conveners: regular weight in dark grey, so the bold black title leads


@dataclass(frozen=True)
class GridStyle:
    """Sizes for reading the grid on a wall: A4 from about 1.5 m, A3 from 2 m and more. A3 is A4
    scaled by √2 in every length, so it holds the same grid, bigger, never more empty space."""

    scale: float  # lengths in mm, relative to A4
    title: float  # session titles (pt), never smaller: a title that needs more room gets it
    convener: float
    space: float  # the space names heading each column
    time: float
    header: float
    sub: float  # the date and venue line, break labels
    note: float  # "printed at", clash markers, the sessions not placed yet

    def mm(self, length: float) -> float:
        return length * self.scale


GRID_STYLES = {
    "A4": GridStyle(1.0, title=14, convener=11, space=14, time=12, header=20, sub=12, note=10),
    "A3": GridStyle(2 ** 0.5, title=20, convener=15.5, space=20, time=17, header=28, sub=17, note=14),
}

def line_mm(size: float, lines: int = 1) -> float:
    return size * LEADING / MM * lines


class Page:
    """A reportlab canvas addressed in mm from the top-left, recording where text went."""

    def __init__(self, canvas, width_mm: float, height_mm: float, drawn: list[DrawnText]) -> None:
        self.canvas, self.w, self.h, self.drawn = canvas, width_mm, height_mm, drawn

    def text(self, text: str, x: float, y: float, w: float, h: float, size: float, bold: bool = False,
             min_size: float = 5, max_lines: int = 3, align: str = "left", colour: str = "#000000",
             source: str = "text") -> float:
        """Fit text into the box; returns the y (mm) below the last line."""
        if not text or w <= 1 or h <= 1:
            return y
        fitted = fit(text, w, h, size, min_size, max_lines, bold)
        self.canvas.setFillColor(colour)
        if text_engine.is_rtl(text):
            align = {"left": "right", "right": "left"}.get(align, align)
        top = y
        for line in fitted.lines:
            line_w = text_engine.measure(line, fitted.size, bold) / MM
            left = x if align == "left" else (x + w - line_w if align == "right" else x + (w - line_w) / 2)
            baseline = (self.h - top) * MM - fitted.size * 0.9
            text_engine.draw(self.canvas, line, fitted.size, bold, left * MM, baseline)
            bottom = top + fitted.size * LEADING / MM
            self.drawn.append(DrawnText(source, line, fitted.size, left, top, left + line_w, bottom,
                                        (x, y, x + w, y + h)))
            top = bottom
        return top

    def rect(self, x: float, y: float, w: float, h: float, fill: str | None = None, stroke: str = "#757575",
             width: float = 0.4) -> None:
        self.canvas.setLineWidth(width)
        self.canvas.setStrokeColor(stroke)
        if fill:
            self.canvas.setFillColor(fill)
        self.canvas.rect(x * MM, (self.h - y - h) * MM, w * MM, h * MM, stroke=1, fill=1 if fill else 0)


def fit(text: str, w: float, h: float, size: float, min_size: float, max_lines: int, bold: bool) -> Fitted:
    """The largest size ≥ min_size at which text fits the w × h mm box, wrapped at words. At the
    smallest size only a word wider than the box is broken (after a hyphen where it can be), and
    what is still left over ends in "…": a title is never broken letter by letter."""
    def measure(t: str, s: float) -> float:
        return text_engine.measure(t, s, bold)

    fitted = fit_text(text, w * MM, h * MM, size, min_size, max_lines, measure)
    if fitted.size > min_size or not fitted.lines:
        return fitted
    size = fitted.size  # min_size, or less for a box smaller than min_size
    lines = wrap(" ".join(text.split()), w * MM, lambda t: measure(t, size))
    room = max(1, min(max_lines, int((h * MM + 0.01) // (size * LEADING))))
    if len(lines) > room:
        lines = lines[:room]
        last = lines[-1]
        while last and measure(last + "…", size) > w * MM:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return Fitted(size, tuple(lines))


def count_lines(text: str, size: float, bold: bool, width_mm: float, max_lines: int) -> int:
    """How many lines text takes at exactly `size` in a box `width_mm` wide (≤ max_lines)."""
    if not text.strip():
        return 0
    return len(fit(text, width_mm, 10_000, size, size, max_lines, bold).lines)


def atomic_pdf(out: Path, size_mm: tuple[float, float], draw) -> list[DrawnText]:
    from reportlab.pdfgen.canvas import Canvas

    drawn: list[DrawnText] = []
    with atomic_path(out, ".pdf") as tmp:
        canvas = Canvas(str(tmp), pagesize=(size_mm[0] * MM, size_mm[1] * MM), pageCompression=1)
        draw(canvas, drawn)
        canvas.save()
    return drawn


def header(page: Page, info: dict[str, str], subtitle: str, style: GridStyle = GRID_STYLES["A4"]) -> float:
    """The event's name, date and venue across the top; returns the y (mm) below it."""
    margin, printed_w = style.mm(MARGIN_MM), style.mm(40)
    page.text(info.get("name", "Sessions"), margin, margin, page.w - 2 * margin - printed_w,
              line_mm(style.header) + 0.1, style.header, bold=True, min_size=style.sub, max_lines=1,
              source="header")
    page.text(f"Printed at {datetime.now():%H:%M}", page.w - margin - printed_w, margin, printed_w,
              line_mm(style.note) + 0.1, style.note, align="right", max_lines=1, source="header")
    y = margin + line_mm(style.header) + style.mm(0.5)
    line = " · ".join(p for p in (info.get("date", ""), info.get("venue", ""), subtitle) if p)
    page.text(line, margin, y, page.w - 2 * margin, line_mm(style.sub) + 0.1, style.sub, min_size=style.note,
              max_lines=1, source="header")
    return y + line_mm(style.sub) + style.mm(3)


def header_bottom(style: GridStyle) -> float:
    """Where header ends, without drawing it."""
    return style.mm(MARGIN_MM) + line_mm(style.header) + style.mm(0.5) + line_mm(style.sub) + style.mm(3)
