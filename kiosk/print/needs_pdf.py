"""The access and dietary briefing as a PDF for venue and catering staff (`kiosk export needs
--out FILE.pdf`): the dietary counts first (what the kitchen plans by), then one row a person.

A4 portrait, 10 pt text in table rows that grow with what is written, the header row repeated on
every page, "Page 2 of 3" at the foot. Names and needs in any script: Latin, Greek and Cyrillic as
real PDF text in DejaVu, Indic and right-to-left names shaped through the same text engine as
badges (kiosk/print/draw/text_engine.py). Written owner-only, like every export.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.attendees.needs_export import NeedsBriefing
from kiosk.core.files import atomic_path
from kiosk.print.draw import text_engine
from kiosk.print.draw.badge_pdf import MM
from kiosk.print.draw.fonts import register_fonts
from kiosk.print.draw.slip_lines import wrap
from kiosk.print.draw.textfit import LEADING

PAGE_W, PAGE_H = 210.0, 297.0  # mm
MARGIN = 14.0
SIZE = 10.0                    # body text, pt: read at arm's length on a catering table
HEAD_SIZE = 16.0
PAD = 1.6                      # mm inside each cell
LINE = SIZE * LEADING / MM     # mm a line
MAX_CELL_LINES = 40            # a cell never taller than a page
FOOT = 10.0                    # mm kept at the bottom for the page number
HEADER_FILL = "#e0e0e0"
RULE = "#9e9e9e"
# (heading, share of the width) for each table
PEOPLE = (("Name", 0.28), ("Access needs", 0.34), ("Dietary needs", 0.26), ("Here", 0.12))
DIETS = (("Dietary need", 0.60), ("People", 0.20), ("Checked in", 0.20))


@dataclass
class _Row:
    cells: list[list[str]]   # the wrapped lines of each cell
    height: float            # mm
    header: bool = False


def _lines(text: str, width_mm: float, bold: bool = False) -> list[str]:
    def measure(t: str) -> float:
        return text_engine.measure(t, SIZE, bold)

    out: list[str] = []
    for paragraph in (text or "").split("\n"):
        out += wrap(" ".join(paragraph.split()), (width_mm - 2 * PAD) * MM, measure, hang="")
    if len(out) > MAX_CELL_LINES:  # a whole page of one person's notes: the rest is in the CSV
        out = out[:MAX_CELL_LINES - 1] + [out[MAX_CELL_LINES - 1].rstrip() + " …"]
    return out or [""]


def _row(values: list[str], columns, header: bool = False) -> _Row:
    width = PAGE_W - 2 * MARGIN
    cells = [_lines(v, width * share, bold=header) for v, (_, share) in zip(values, columns, strict=True)]
    return _Row(cells, max(len(c) for c in cells) * LINE + 2 * PAD, header)


def _heading(columns) -> _Row:
    return _row([name for name, _ in columns], columns, header=True)


def write_needs_pdf(briefing: NeedsBriefing, out: Path) -> int:
    """Draw the briefing; returns the number of pages."""
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    diet_rows = [_row([d.need, str(d.people), str(d.checked_in)], DIETS) for d in briefing.diets]
    people_rows = [_row([p.name, p.access_needs or "—", p.dietary_needs or "—",
                         "Yes" if p.checked_in else "Not yet"], PEOPLE) for p in briefing.rows]
    # Blocks: (title, its columns' heading row, rows); laid out before drawing so the foot can say
    # "of N" pages.
    blocks = [("Dietary needs: how many people", DIETS, diet_rows or [_row(["No dietary needs recorded", "", ""],
                                                                          DIETS)]),
              ("Who has access or dietary needs", PEOPLE,
               people_rows or [_row(["Nobody has recorded access or dietary needs", "", "", ""], PEOPLE)])]
    pages = _paginate(briefing, blocks)
    with atomic_path(Path(out), ".pdf") as tmp:
        canvas = Canvas(str(tmp), pagesize=(PAGE_W * MM, PAGE_H * MM), pageCompression=1)
        canvas.setTitle(f"Access and dietary briefing — {briefing.event.get('name', '')}")
        for number, items in enumerate(pages, start=1):
            y = _draw_header(canvas, briefing, number == 1)
            for kind, payload in items:
                if kind == "title":
                    y = _draw_title(canvas, payload, y)
                else:
                    row, columns = payload
                    y = _draw_row(canvas, row, columns, y)
            _draw_foot(canvas, number, len(pages))
            canvas.showPage()
        canvas.save()
    return len(pages)


def _header_lines(briefing: NeedsBriefing, first: bool) -> list[tuple[str, float, bool]]:
    """(text, size, bold) of each line at the top of a page, wrapped to the page's width."""
    info, width = briefing.event, (PAGE_W - 2 * MARGIN) * MM
    lines = [("Access and dietary briefing", HEAD_SIZE, True)]
    name = info.get("name", "")
    for line in wrap(name, width, lambda t: text_engine.measure(t, SIZE * 1.2, True))[:2]:
        lines.append((line, SIZE * 1.2, True))
    if first:
        where = " · ".join(p for p in (info.get("date", ""), info.get("venue", "")) if p)
        made = f"Made at {briefing.made_at:%H:%M on %d %B %Y}"
        summary = (f"{where} · {made}" if where else made) + (
            f". {len(briefing.rows)} people with access or dietary needs, {briefing.access_count} with "
            "access needs" + (f" ({briefing.online_only} more join online only and are not listed)"
                              if briefing.online_only else "")
            + ". For venue and catering staff: keep it out of public view.")
        lines += [(line, SIZE, False) for line in wrap(summary, width, lambda t: text_engine.measure(t, SIZE, False))]
    return lines


def _header_height(briefing: NeedsBriefing, first: bool) -> float:
    return sum(size * LEADING / MM for _, size, _ in _header_lines(briefing, first)) + 4


def _paginate(briefing: NeedsBriefing, blocks) -> list[list[tuple[str, Any]]]:
    """What goes on each page: a block's title and heading row stay with at least its first row,
    and the heading row is repeated at the top of every page the block continues on."""
    pages: list[list[tuple[str, Any]]] = [[]]
    bottom = PAGE_H - MARGIN - FOOT
    y = MARGIN + _header_height(briefing, True)
    title_h = SIZE * 1.3 * LEADING / MM + 2
    for title, columns, rows in blocks:
        head = _heading(columns)
        if y + title_h + head.height + rows[0].height > bottom:
            pages.append([])
            y = MARGIN + _header_height(briefing, False)
        pages[-1] += [("title", title), ("row", (head, columns))]
        y += title_h + head.height
        for row in rows:
            if y + row.height > bottom:
                pages.append([("row", (head, columns))])
                y = MARGIN + _header_height(briefing, False) + head.height
            pages[-1].append(("row", (row, columns)))
            y += row.height
        y += 8
    return pages


def _text(canvas, text: str, x: float, top: float, size: float = SIZE, bold: bool = False) -> None:
    if not text:
        return
    text_engine.draw(canvas, text, size, bold, x * MM, (PAGE_H - top) * MM - size * 0.9)


def _draw_header(canvas, briefing: NeedsBriefing, first: bool) -> float:
    y = MARGIN
    canvas.setFillColor("#000000")
    for text, size, bold in _header_lines(briefing, first):
        _text(canvas, text, MARGIN, y, size, bold)
        y += size * LEADING / MM
    return y + 4


def _draw_title(canvas, title: str, y: float) -> float:
    canvas.setFillColor("#000000")
    _text(canvas, title, MARGIN, y, SIZE * 1.3, bold=True)
    return y + SIZE * 1.3 * LEADING / MM + 2


def _draw_row(canvas, row: _Row, columns, y: float) -> float:
    x = MARGIN
    width = PAGE_W - 2 * MARGIN
    canvas.setLineWidth(0.4)
    canvas.setStrokeColor(RULE)
    if row.header:
        canvas.setFillColor(HEADER_FILL)
        canvas.rect(x * MM, (PAGE_H - y - row.height) * MM, width * MM, row.height * MM, stroke=0, fill=1)
    for lines, (_, share) in zip(row.cells, columns, strict=True):
        canvas.setFillColor("#000000")
        top = y + PAD
        for line in lines:
            _text(canvas, line, x + PAD, top, bold=row.header)
            top += LINE
        x += width * share
    canvas.line(MARGIN * MM, (PAGE_H - y - row.height) * MM, (MARGIN + width) * MM, (PAGE_H - y - row.height) * MM)
    return y + row.height


def _draw_foot(canvas, number: int, total: int) -> None:
    text = f"Page {number} of {total}"
    canvas.setFillColor("#000000")
    w = text_engine.measure(text, 9, False) / MM
    text_engine.draw(canvas, text, 9, False, (PAGE_W - MARGIN - w) * MM, (MARGIN / 2 + 2) * MM)
