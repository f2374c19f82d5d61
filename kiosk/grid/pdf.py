"""The day on paper: the grid (A4 or A3 landscape, split across pages when there are many
spaces), door signs, the book of proceedings and session slips, drawn with reportlab.

Every text is fitted into its box (wrap, shrink, then "…"), so a 200-character title or a name in
any script stays inside the page.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kiosk.core.files import atomic_path
from kiosk.grid.model import Grid, Session
from kiosk.print.draw import text_engine
from kiosk.print.draw.badge_pdf import MM, DrawnText
from kiosk.print.draw.textfit import LEADING, _wrap, fit_text

PAGES = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}  # landscape, mm
MIN_COLUMN_MM = 42.0
TIME_COLUMN_MM = 24.0
MARGIN_MM = 10.0
CLASH_RED = "#b71c1c"


class _Page:
    """A reportlab canvas addressed in mm from the top-left, recording where text went."""

    def __init__(self, canvas, width_mm: float, height_mm: float, drawn: list[DrawnText]) -> None:
        self.canvas, self.w, self.h, self.drawn = canvas, width_mm, height_mm, drawn

    def text(self, text: str, x: float, y: float, w: float, h: float, size: float, bold: bool = False,
             min_size: float = 5, max_lines: int = 3, align: str = "left", colour: str = "#000000",
             source: str = "text") -> float:
        """Fit text into the box; returns the y (mm) below the last line."""
        if not text or w <= 1 or h <= 1:
            return y
        fitted = fit_text(text, w * MM, h * MM, size, min_size, max_lines,
                          lambda t, s: text_engine.measure(t, s, bold))
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


def _atomic_pdf(out: Path, size_mm: tuple[float, float], draw) -> list[DrawnText]:
    from reportlab.pdfgen.canvas import Canvas

    drawn: list[DrawnText] = []
    with atomic_path(out, ".pdf") as tmp:
        canvas = Canvas(str(tmp), pagesize=(size_mm[0] * MM, size_mm[1] * MM), pageCompression=1)
        draw(canvas, drawn)
        canvas.save()
    return drawn


def _header(page: _Page, info: dict[str, str], subtitle: str) -> float:
    printed = f"Printed at {datetime.now():%H:%M}"
    page.text(info.get("name", "Sessions"), MARGIN_MM, MARGIN_MM, page.w - 2 * MARGIN_MM - 45, 9, 16,
              bold=True, max_lines=1, source="header")
    page.text(printed, page.w - MARGIN_MM - 45, MARGIN_MM, 45, 6, 9, align="right", max_lines=1, source="header")
    line = " · ".join(p for p in (info.get("date", ""), info.get("venue", ""), subtitle) if p)
    page.text(line, MARGIN_MM, MARGIN_MM + 9, page.w - 2 * MARGIN_MM, 6, 10, max_lines=1, source="header")
    return MARGIN_MM + 17


def grid_pdf(grid: Grid, info: dict[str, str], out: Path, paper: str = "A4") -> list[DrawnText]:
    """The day's grid, fitted to landscape pages; spaces split across pages when they do not fit."""
    page_w, page_h = PAGES[paper]
    per_page = max(1, int((page_w - 2 * MARGIN_MM - TIME_COLUMN_MM) // MIN_COLUMN_MM))
    groups = [grid.spaces[i:i + per_page] for i in range(0, len(grid.spaces), per_page)] or [[]]

    def draw(canvas, drawn: list[DrawnText]) -> None:
        for n, spaces in enumerate(groups):
            if n:
                canvas.showPage()
            page = _Page(canvas, page_w, page_h, drawn)
            part = f"spaces {n + 1}/{len(groups)}" if len(groups) > 1 else ""
            top = _header(page, info, part)
            parked_h = 14.0 if grid.parked else 0.0
            _table(page, grid, spaces, top, page_h - MARGIN_MM - parked_h)
            if grid.parked:
                names = "; ".join(f"{s.title} ({', '.join(s.conveners)})" for s in grid.parked)
                page.text(f"Not placed yet: {names}", MARGIN_MM, page_h - MARGIN_MM - parked_h + 2,
                          page_w - 2 * MARGIN_MM, parked_h - 2, 9, max_lines=3, source="parked")

    return _atomic_pdf(out, (page_w, page_h), draw)


def _table(page: _Page, grid: Grid, spaces: list, top: float, bottom: float) -> None:
    col_w = (page.w - 2 * MARGIN_MM - TIME_COLUMN_MM) / max(len(spaces), 1)
    head_h = 9.0
    breaks = [s for s in grid.slots if s.is_break]
    sessions_rows = [s for s in grid.slots if not s.is_break]
    break_h = 6.0
    row_h = (bottom - top - head_h - break_h * len(breaks)) / max(len(sessions_rows), 1)
    x0 = MARGIN_MM + TIME_COLUMN_MM
    page.rect(MARGIN_MM, top, TIME_COLUMN_MM, head_h, fill="#263238")
    for i, space in enumerate(spaces):
        page.rect(x0 + i * col_w, top, col_w, head_h, fill="#263238")
        page.text(space.name, x0 + i * col_w + 1, top + 1, col_w - 2, head_h - 2, 11, bold=True,
                  max_lines=2, align="center", colour="#ffffff", source="space")
    y = top + head_h
    for slot in grid.slots:
        h = break_h if slot.is_break else row_h
        page.rect(MARGIN_MM, y, TIME_COLUMN_MM, h, fill="#eceff1")
        page.text(f"{slot.start}–{slot.end}", MARGIN_MM + 1, y + 1, TIME_COLUMN_MM - 2, h - 2, 10, bold=True,
                  max_lines=2, source="time")
        if slot.is_break:
            page.rect(x0, y, col_w * len(spaces), h, fill="#f5f5f5")
            page.text(slot.label or "Break", x0 + 1, y + 0.5, col_w * len(spaces) - 2, h - 1, 10, max_lines=1,
                      align="center", source="break")
        else:
            for i, space in enumerate(spaces):
                _cell(page, grid.cell(space.id, slot.id), x0 + i * col_w, y, col_w, h)
        y += h


def _cell(page: _Page, sessions: list[Session], x: float, y: float, w: float, h: float) -> None:
    clash = len(sessions) > 1
    page.rect(x, y, w, h, stroke=CLASH_RED if clash else "#757575", width=1.2 if clash else 0.4)
    if not sessions:
        return
    if clash:  # a strip of its own, so the marker never covers a title
        page.text(f"CLASH: {len(sessions)} sessions", x + 1.2, y + 0.6, w - 2.4, 3.6, 7, bold=True,
                  max_lines=1, colour=CLASH_RED, source="clash")
        y, h = y + 4.2, h - 4.2
    part_h = h / len(sessions)
    for n, session in enumerate(sessions):
        top = y + n * part_h + 1
        title_h = (part_h - 2) * 0.68
        below = page.text(session.title, x + 1.2, top, w - 2.4, title_h, 12, bold=True, max_lines=4,
                          source="title")
        people = ", ".join(session.conveners) + ("  · PINNED" if session.pinned else "")
        start = max(below, top + title_h * 0.5)
        page.text(people, x + 1.2, start, w - 2.4, top + part_h - 2 - start, 9, max_lines=2,
                  colour="#37474f", source="convener")


def door_signs(grid: Grid, info: dict[str, str], out: Path) -> list[DrawnText]:
    """One A4 page per space: its name, and its sessions today."""
    width, height = 210.0, 297.0

    def draw(canvas, drawn: list[DrawnText]) -> None:
        for n, space in enumerate(grid.spaces):
            if n:
                canvas.showPage()
            page = _Page(canvas, width, height, drawn)
            y = _header(page, info, "")
            y = page.text(space.name, MARGIN_MM, y + 4, width - 2 * MARGIN_MM, 40, 54, bold=True, max_lines=2,
                          align="center", source="space") + 2
            if space.access:
                y = page.text(space.access, MARGIN_MM, y, width - 2 * MARGIN_MM, 10, 14, align="center",
                              source="access") + 4
            for slot in grid.slots:
                here = grid.cell(space.id, slot.id)
                if not here or y > height - 40:
                    continue
                page.text(f"{slot.start}–{slot.end}", MARGIN_MM, y, 32, 10, 16, bold=True, source="time")
                for session in here:
                    below = page.text(session.title, MARGIN_MM + 34, y, width - 2 * MARGIN_MM - 34, 20, 18,
                                      bold=True, max_lines=2, source="title")
                    y = page.text(", ".join(session.conveners), MARGIN_MM + 34, below,
                                  width - 2 * MARGIN_MM - 34, 7, 12, max_lines=1, source="convener") + 4

    return _atomic_pdf(out, (width, height), draw)


def proceedings(grid: Grid, info: dict[str, str], out: Path) -> list[DrawnText]:
    """Every session with its report, flowing over A4 portrait pages."""
    width, height = 210.0, 297.0
    text_w = width - 2 * MARGIN_MM - 10

    def draw(canvas, drawn: list[DrawnText]) -> None:
        page = _Page(canvas, width, height, drawn)
        state = {"y": _header(page, info, "Book of proceedings") + 4}

        def block(text: str, size: float, bold: bool = False, source: str = "text", gap: float = 1.5) -> None:
            for paragraph in text.split("\n"):
                lines = _wrap(paragraph.split(), size, text_w * MM,
                              lambda t, s: text_engine.measure(t, s, bold)) or [""]
                for line in lines:
                    line_h = size * LEADING / MM
                    if state["y"] + line_h > height - MARGIN_MM:
                        canvas.showPage()
                        state["y"] = MARGIN_MM
                    state["y"] = page.text(line, MARGIN_MM + 5, state["y"], text_w, line_h + 0.01, size, bold=bold,
                                           max_lines=1, source=source)
            state["y"] += gap

        for session in grid.sessions:
            where = where_text(grid, session)
            block(session.title, 16, bold=True, source="title")
            block(", ".join(session.conveners) + (f" · {where}" if where else ""), 10, source="convener")
            if session.description:
                block(session.description, 10)
            if session.note:
                block(session.note, 9)
            report = session.report or {}
            for key, label in (("participants", "Participants"), ("key_points", "Key points"),
                               ("actions", "Actions and recommendations")):
                if report.get(key):
                    block(label, 11, bold=True, gap=0.5)
                    block(report[key], 10)
            if not any(report.values()):
                block("No report yet.", 9)
            state["y"] += 5

    return _atomic_pdf(out, (width, height), draw)


def where_text(grid: Grid, session: Session) -> str:
    space, slot = grid.space(session.space_id), grid.slot(session.slot_id)
    if not grid.is_placed(session) or space is None or slot is None:
        return "not placed"
    return f"{slot.start}–{slot.end}, {space.name}"


def slip_pdf(grid: Grid, session: Session, info: dict[str, str], out: Path, qr: str = "") -> list[DrawnText]:
    """A session slip for the wall and the convener: 80 × 120 mm, fits a thermal roll or a label."""
    from reportlab.lib.utils import ImageReader

    from kiosk.core.qr import qr_image

    width, height = 80.0, 120.0

    def draw(canvas, drawn: list[DrawnText]) -> None:
        page = _Page(canvas, width, height, drawn)
        page.text(info.get("name", ""), 4, 4, width - 8, 5, 8, max_lines=1, align="center", source="event")
        y = page.text(session.title, 4, 11, width - 8, 38, 26, bold=True, max_lines=4, align="center",
                      source="title")
        y = page.text(", ".join(session.conveners), 4, y + 2, width - 8, 12, 13, max_lines=2, align="center",
                      source="convener")
        page.text(where_text(grid, session), 4, y + 2, width - 8, 12, 14, bold=True, max_lines=2,
                  align="center", source="where")
        if qr:
            side = 30
            canvas.drawImage(ImageReader(qr_image(qr)), (width - side) / 2 * MM, 6 * MM, side * MM, side * MM)
        page.text(session.id, 4, height - 6, width - 8, 4, 7, max_lines=1, align="center", source="id")

    return _atomic_pdf(out, (width, height), draw)

