"""The day on paper: the grid (A4 or A3 landscape, split across pages when there are many
spaces), door signs, the book of proceedings and session slips, drawn with reportlab.

Sizes are chosen for reading on a wall (pdf_page.GRID_STYLES): a title never shrinks below them;
it takes more lines, a row more height, the day another page.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.grid.access import access_line, online_text
from kiosk.grid.model import Grid, Session, Space
from kiosk.grid.pdf_page import (
    CONVENER_GREY,
    GRID_STYLES,
    MARGIN_MM,
    Page,
    atomic_pdf,
    count_lines,
    header,
    header_bottom,
    line_mm,
)
from kiosk.grid.reports import Report, report_of
from kiosk.print.draw import text_engine
from kiosk.print.draw.badge_pdf import MM, DrawnText
from kiosk.print.draw.textfit import LEADING, _wrap

PAGES = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}  # landscape, mm
CLASH_RED = "#b71c1c"
MIN_COLUMN_MM = 42.0  # on A4: about 13 letters of a 14 pt bold title a line
BREAK_TIME = 1.1  # a break row's time against the note size: 11 pt on A4 (it was 8 pt, shrunk to one line)
TIME_COLUMN_MM = 22.0  # "10:00 –" over "10:45" at 12 pt bold
TITLE_MAX_LINES = 10  # about 110 characters in a 42 mm column at 14 pt; longer ends in "…"
CONVENER_MAX_LINES = 3
NOTE_MAX_LINES = 4  # a space's access flags, note and online link under its name


def space_note(space: Space) -> str:
    """What a space's heading says under its name: access flags and note, then its online link."""
    return "\n".join(p for p in (access_line(space), online_text(space)) if p)


def _people(session: Session) -> str:
    return ", ".join(session.conveners) + ("  · PINNED" if session.pinned else "")


class _GridLayout:
    """Where every row and column of the grid goes on a page of one paper size: each row as tall
    as its longest title needs at the full size, the page's spare height shared out, and slots
    carried to another page rather than titles shrunk."""

    def __init__(self, grid: Grid, paper: str) -> None:
        self.grid, self.style = grid, GRID_STYLES[paper]
        self.page_w, self.page_h = PAGES[paper]
        st = self.style
        self.margin, self.time_w = st.mm(MARGIN_MM), st.mm(TIME_COLUMN_MM)
        self.pad, self.gap = st.mm(1.0), st.mm(1.0)
        self.clash_h = line_mm(st.note) + st.mm(0.8)
        # a break's time in two lines ("10:30 –" over "11:00"), as readable as the rows' times
        self.break_h = max(line_mm(st.sub), line_mm(st.note * BREAK_TIME, 2)) + st.mm(1.5)
        self.parked_h = 0.0
        if grid.parked:
            lines = count_lines(self.parked_text(), st.note, False, self.page_w - 2 * self.margin, 3)
            self.parked_h = line_mm(st.note, lines) + st.mm(2)
        most = max(1, int((self.page_w - 2 * self.margin - self.time_w) // st.mm(MIN_COLUMN_MM)))
        groups = -(-len(grid.spaces) // most)  # pages side by side, as even as they go: 4 + 3, not 6 + 1
        per_page = -(-len(grid.spaces) // max(groups, 1)) or 1
        self.space_groups = [grid.spaces[i:i + per_page] for i in range(0, len(grid.spaces), per_page)] or [[]]

    def parked_text(self) -> str:
        return "Not placed yet: " + "; ".join(f"{s.title} ({', '.join(s.conveners)})" for s in self.grid.parked)

    def col_w(self, spaces: list) -> float:
        return (self.page_w - 2 * self.margin - self.time_w) / max(len(spaces), 1)

    def head_h(self, spaces: list) -> float:
        inner = self.col_w(spaces) - 2 * self.pad
        lines = max([count_lines(s.name, self.style.space, True, inner, 2) for s in spaces] or [1])
        notes = max([sum(count_lines(line, self.style.note, False, inner, NOTE_MAX_LINES)
                         for line in space_note(s).split("\n")) for s in spaces] or [0])
        return line_mm(self.style.space, max(lines, 1)) + line_mm(self.style.note, notes) + 2 * self.pad

    def session_need(self, session: Session, inner_w: float) -> tuple[float, float]:
        """(title height, convener height) in mm at the full sizes."""
        st = self.style
        title = line_mm(st.title, count_lines(session.title, st.title, True, inner_w, TITLE_MAX_LINES))
        people = line_mm(st.convener, count_lines(_people(session), st.convener, False, inner_w, CONVENER_MAX_LINES))
        return title, people

    def cell_need(self, sessions: list[Session], inner_w: float) -> float:
        if not sessions:
            return 0.0
        need = self.clash_h if len(sessions) > 1 else 0.0
        for session in sessions:
            need += sum(self.session_need(session, inner_w)) + self.gap + self.pad
        return need

    def row_need(self, slot, spaces: list) -> float:
        if slot.is_break:
            return self.break_h
        inner = self.col_w(spaces) - 2 * self.pad
        least = line_mm(self.style.title, 2) + 2 * self.pad  # an empty row still has room to write in
        return max([least] + [self.cell_need(self.grid.cell(s.id, slot.id), inner) for s in spaces])

    def pages(self, top: float) -> list[tuple[list, list, list[float]]]:
        """(spaces, slots, row heights) for each page."""
        out = []
        for spaces in self.space_groups:
            room = self.page_h - self.margin - self.parked_h - top - self.head_h(spaces)
            chunk: list = []
            needs: list[float] = []
            for slot in self.grid.slots:
                need = min(self.row_need(slot, spaces), room)
                while chunk and sum(needs) + need > room:
                    # end the page at its last break (morning, then afternoon) when there is one
                    cut = max((i + 1 for i, s in enumerate(chunk) if s.is_break and i), default=len(chunk))
                    out.append((spaces, chunk[:cut], needs[:cut]))
                    chunk, needs = chunk[cut:], needs[cut:]
                chunk.append(slot)
                needs.append(need)
            out.append((spaces, chunk, needs))
        for spaces, slots, heights in out:  # share the spare height among the session rows
            room = self.page_h - self.margin - self.parked_h - top - self.head_h(spaces)
            rows = [i for i, slot in enumerate(slots) if not slot.is_break]
            spare = max(0.0, room - sum(heights))
            for i in rows:
                heights[i] += spare / len(rows)
        return out


def grid_pdf(grid: Grid, info: dict[str, str], out: Path, paper: str = "A4") -> list[DrawnText]:
    """The day's grid on landscape pages: spaces split across pages when they do not fit side by
    side, and slots when the titles need more height than one page has."""
    layout = _GridLayout(grid, paper)
    st = layout.style

    def draw(canvas, drawn: list[DrawnText]) -> None:
        top = header_bottom(st)
        pages = layout.pages(top)
        for n, (spaces, slots, heights) in enumerate(pages):
            if n:
                canvas.showPage()
            page = Page(canvas, layout.page_w, layout.page_h, drawn)
            part = f"part {n + 1}/{len(pages)}" if len(pages) > 1 else ""
            header(page, info, part, st)
            _table(page, layout, spaces, slots, heights, top)
            if grid.parked:
                page.text(layout.parked_text(), layout.margin, layout.page_h - layout.margin - layout.parked_h
                          + st.mm(1.5), layout.page_w - 2 * layout.margin, layout.parked_h - st.mm(1.5), st.note,
                          max_lines=3, source="parked")

    return atomic_pdf(out, (layout.page_w, layout.page_h), draw)


def _table(page: Page, layout: _GridLayout, spaces: list, slots: list, heights: list[float], top: float) -> None:
    st, grid = layout.style, layout.grid
    margin, time_w, pad = layout.margin, layout.time_w, layout.pad
    col_w, head_h = layout.col_w(spaces), layout.head_h(spaces)
    x0 = margin + time_w
    page.rect(margin, top, time_w, head_h, fill="#263238")
    for i, space in enumerate(spaces):
        page.rect(x0 + i * col_w, top, col_w, head_h, fill="#263238")
        below = page.text(space.name, x0 + i * col_w + pad, top + pad, col_w - 2 * pad, head_h - 2 * pad, st.space,
                          bold=True, min_size=st.space * 0.8, max_lines=2, align="center", colour="#ffffff",
                          source="space")
        for line in space_note(space).split("\n"):  # flags in words and symbols: white, never a colour alone
            below = page.text(line, x0 + i * col_w + pad, below, col_w - 2 * pad, top + head_h - pad - below,
                              st.note, min_size=st.note, max_lines=NOTE_MAX_LINES, align="center",
                              colour="#ffffff", source="space-note")
    y = top + head_h
    for slot, h in zip(slots, heights, strict=True):
        page.rect(margin, y, time_w, h, fill="#eceff1")
        if slot.is_break:  # a short row: the time in two lines, never shrunk below 11 pt on A4
            page.text(f"{slot.start} – {slot.end}", margin + pad, y + pad / 2, time_w - 2 * pad, h - pad,
                      st.note * BREAK_TIME, bold=True, min_size=st.note * BREAK_TIME, max_lines=2, source="time")
        else:
            page.text(f"{slot.start} – {slot.end}", margin + pad, y + pad / 2, time_w - 2 * pad, h - pad, st.time,
                      bold=True, min_size=st.note, max_lines=2, source="time")
        if slot.is_break:
            page.rect(x0, y, col_w * len(spaces), h, fill="#f5f5f5")
            page.text(slot.label or "Break", x0 + pad, y + st.mm(0.7), col_w * len(spaces) - 2 * pad,
                      h - st.mm(0.7), st.sub, max_lines=1, align="center", source="break")
        else:
            for i, space in enumerate(spaces):
                _cell(page, layout, grid.cell(space.id, slot.id), x0 + i * col_w, y, col_w, h)
        y += h


def _cell(page: Page, layout: _GridLayout, sessions: list[Session], x: float, y: float, w: float,
          h: float) -> None:
    st, pad = layout.style, layout.pad
    clash = len(sessions) > 1
    page.rect(x, y, w, h, stroke=CLASH_RED if clash else "#757575", width=1.2 if clash else 0.4)
    if not sessions:
        return
    if clash:  # a strip of its own, so the marker never covers a title
        page.text(f"CLASH: {len(sessions)} sessions", x + pad, y + st.mm(0.4), w - 2 * pad, layout.clash_h,
                  st.note, bold=True, max_lines=1, colour=CLASH_RED, source="clash")
        y, h = y + layout.clash_h, h - layout.clash_h
    inner = w - 2 * pad
    needs = [layout.session_need(s, inner) for s in sessions]
    total = sum(t + p + layout.gap + pad for t, p in needs)
    for session, (title_h, people_h) in zip(sessions, needs, strict=True):
        part = (title_h + people_h + layout.gap + pad) * h / total  # a share as its text needs
        top = y + pad
        people_h = min(people_h, max(0.0, part - pad - line_mm(st.title)))  # a title line comes first
        below = page.text(session.title, x + pad, top, inner, part - pad - people_h, st.title, bold=True,
                          min_size=st.title, max_lines=TITLE_MAX_LINES, source="title")
        page.text(_people(session), x + pad, below + st.mm(0.3), inner, y + part - below - st.mm(0.3),
                  st.convener, min_size=st.convener, max_lines=CONVENER_MAX_LINES, colour=CONVENER_GREY,
                  source="convener")
        y += part


DOOR_TITLE_SIZES = (60, 54, 48, 44, 40, 36, 32, 30, 28)  # the largest at which the day fits; never below 28
DOOR_GAP_MM = 6.0
DOOR_TITLE_LINES = 10  # a 200-character title (the most the grid takes) whole at 28 pt, never smaller
DOOR_PEOPLE = 0.6  # the conveners' size against their title's
DOOR_PEOPLE_LINES = 6  # "Caoimhínín Ó Súilleabháin-Mhic Giolla Phádraig, …" whole, not cut after two lines


def door_signs(grid: Grid, info: dict[str, str], out: Path) -> list[DrawnText]:
    """One A4 page per space (more if its day does not fit): its name big, and its sessions with
    titles of 28–60 pt (the largest that fits), wrapped rather than shrunk, filling the page."""
    width, height = 210.0, 297.0
    style = GRID_STYLES["A4"]
    time_w, text_x = 40.0, MARGIN_MM + 42.0
    text_w = width - MARGIN_MM - text_x

    def entries(space) -> list[tuple[str, Session]]:
        return [(f"{slot.start} – {slot.end}", s) for slot in grid.slots for s in grid.cell(space.id, slot.id)]

    largest: dict[str, float] = {}

    def own_size(session: Session, page_size: float) -> float:
        """This entry's title size: the page's, or less where the title is whole only smaller. A
        word wider than a line even at 28 pt (Llanfairpwllgwyngyll…) is broken with a hyphen at
        28 pt, without holding the day's other titles down to that size."""
        if session.title not in largest:
            largest[session.title] = next((size for size in DOOR_TITLE_SIZES if whole(session.title, size)),
                                          DOOR_TITLE_SIZES[-1])
        return min(page_size, largest[session.title])

    def entry_h(session: Session, page_size: float) -> tuple[float, float]:
        """(title, conveners) heights in mm; the pair is never shorter than the two-line time."""
        size = own_size(session, page_size)
        people = size * DOOR_PEOPLE
        title_h = line_mm(size, count_lines(session.title, size, True, text_w, DOOR_TITLE_LINES))
        people_h = line_mm(people, count_lines(", ".join(session.conveners), people, False, text_w,
                                               DOOR_PEOPLE_LINES))
        return title_h, max(people_h, line_mm(_door_time(size), 2) - title_h)

    def whole(title: str, size: float) -> bool:
        """The title fits at this size without breaking a word or running past its lines."""
        return (all(text_engine.measure(w, size, True) <= text_w * MM for w in title.split())
                and count_lines(title, size, True, text_w, DOOR_TITLE_LINES + 1) <= DOOR_TITLE_LINES)

    def draw(canvas, drawn: list[DrawnText]) -> None:
        if not grid.spaces:  # a page that says so, not a file with no pages
            page = Page(canvas, width, height, drawn)
            y = header(page, info, "", style)
            page.text("No spaces yet: add the rooms to the grid first.", MARGIN_MM, y + 10, width - 2 * MARGIN_MM,
                      line_mm(20, 3), 20, max_lines=3, align="center", colour=CONVENER_GREY, source="empty")
        pages = 0
        for space in grid.spaces:
            todo = entries(space)
            continued = False
            while True:
                if pages:
                    canvas.showPage()
                pages += 1
                page = Page(canvas, width, height, drawn)
                y = header(page, info, "", style)
                name = space.name + (" (continued)" if continued else "")
                y = page.text(name, MARGIN_MM, y + 2, width - 2 * MARGIN_MM, line_mm(72, 2) + 0.1, 72, bold=True,
                              min_size=36, max_lines=2, align="center", source="space") + 2
                if access_line(space):
                    y = page.text(access_line(space), MARGIN_MM, y, width - 2 * MARGIN_MM, line_mm(20, 2) + 0.1,
                                  20, min_size=14, max_lines=2, align="center", colour=CONVENER_GREY,
                                  source="access") + 2
                if space.online_link:  # whole, never cut: people type it from the sign
                    y = page.text(online_text(space), MARGIN_MM, y, width - 2 * MARGIN_MM, line_mm(16, 3) + 0.1,
                                  16, min_size=9, max_lines=3, align="center", source="online") + 2
                canvas.setStrokeColor("#263238")
                canvas.setLineWidth(1.5)
                canvas.line(MARGIN_MM * MM, (height - y) * MM, (width - MARGIN_MM) * MM, (height - y) * MM)
                y += 6
                if not todo:
                    page.text("No sessions here yet", MARGIN_MM, y, width - 2 * MARGIN_MM, line_mm(28) + 0.1,
                              28, align="center", colour=CONVENER_GREY, source="empty")
                    break
                room = height - MARGIN_MM - y
                page_size, fit = _door_size(todo, room, entry_h)
                used = sum(sum(entry_h(s, page_size)) for _, s in todo[:fit])
                gap = min(25.0, max(DOOR_GAP_MM, (room - used) / fit))  # spread down the page
                y += max(0.0, room - used - gap * fit) / 2  # and what is left: above and below, not all below
                for when, session in todo[:fit]:
                    size = own_size(session, page_size)
                    time_size = _door_time(size)
                    title_h, people_h = entry_h(session, page_size)
                    page.text(when, MARGIN_MM, y + (size - time_size) * 0.3 / MM, time_w,
                              line_mm(time_size, 2) + 0.1, time_size, bold=True, min_size=16, max_lines=2,
                              source="time")
                    below = page.text(session.title, text_x, y, text_w, title_h + 0.1, size, bold=True,
                                      min_size=size, max_lines=DOOR_TITLE_LINES, source="title")
                    # whole names: as many lines as they take (up to six), then a little smaller before any is cut
                    people = size * DOOR_PEOPLE
                    page.text(", ".join(session.conveners), text_x, below, text_w, people_h + 0.1, people,
                              min_size=people * 0.8, max_lines=DOOR_PEOPLE_LINES, colour=CONVENER_GREY,
                              source="convener")
                    y += title_h + people_h + gap
                todo, continued = todo[fit:], True
                if not todo:
                    break

    return atomic_pdf(out, (width, height), draw)


def _door_time(title_size: float) -> float:
    """The time beside a door sign's title: half its size, 20–24 pt ("10:00 –" fits 40 mm)."""
    return min(24.0, max(20.0, title_size / 2))


def _door_size(todo: list, room: float, entry_h) -> tuple[float, int]:
    """How many of the entries left go on this page (all, or as many as fit at 28 pt, at least
    one), and the largest page title size at which those fit (each entry capped at the size its
    own title is whole at: entry_h knows)."""
    def height(entries: list, size: float) -> float:
        return sum(sum(entry_h(s, size)) + DOOR_GAP_MM for _, s in entries)

    fit = len(todo)
    while fit > 1 and height(todo[:fit], DOOR_TITLE_SIZES[-1]) > room:
        fit -= 1
    for size in DOOR_TITLE_SIZES:
        if height(todo[:fit], size) <= room:
            return size, fit
    return DOOR_TITLE_SIZES[-1], fit


def proceedings(grid: Grid, info: dict[str, str], out: Path) -> list[DrawnText]:
    """Every session with its report, flowing over A4 portrait pages."""
    width, height = 210.0, 297.0
    text_w = width - 2 * MARGIN_MM - 10

    def draw(canvas, drawn: list[DrawnText]) -> None:
        page = Page(canvas, width, height, drawn)
        state = {"y": header(page, info, "Book of proceedings") + 4}

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

        for session in in_time_order(grid):
            where = where_text(grid, session)
            block(session.title, 16, bold=True, source="title")
            block(", ".join(session.conveners) + (f" · {where}" if where else ""), 10, source="convener")
            if session.description:
                block(session.description, 10)
            if session.note:
                block(session.note, 9)
            report = report_of(session)
            for label, text in report_blocks(report):
                block(label, 11, bold=True, gap=0.5, source="report")
                block(text, 10, source="report")
            if report.empty:
                block("No report yet.", 9)
            state["y"] += 5

    return atomic_pdf(out, (width, height), draw)


def report_blocks(report: Report) -> list[tuple[str, str]]:
    """(heading, text) for each part of a report that has something in it."""
    parts = []
    if report.participants is not None:
        parts.append(("Participants", f"{report.participants} took part"))
    if report.key_points:
        parts.append(("Key points", report.key_points))
    if report.actions:
        parts.append(("Actions", "\n".join(f"• {a.text} — {a.owner}" for a in report.actions)))
    if report.involve:
        parts.append(("People to involve", "\n".join(f"• {name}" for name in report.involve)))
    return parts


def in_time_order(grid: Grid) -> list[Session]:
    """Placed sessions by slot start, then space as the grid shows them; then those not placed,
    in the order they were proposed."""
    column = {space.id: n for n, space in enumerate(grid.spaces)}

    def key(session: Session) -> tuple:
        slot = grid.slot(session.slot_id)
        if not grid.is_placed(session) or slot is None:
            return (1, "", "", 0)
        return (0, slot.start, slot.end, column.get(session.space_id or "", 0))

    return sorted(grid.sessions, key=key)


def where_text(grid: Grid, session: Session) -> str:
    space, slot = grid.space(session.space_id), grid.slot(session.slot_id)
    if not grid.is_placed(session) or space is None or slot is None:
        return "not placed"
    return f"{slot.start}–{slot.end}, {space.name}"


def slip_online(grid: Grid, session: Session) -> str:
    """'Online too: meet.example.org/x' for a session placed in a hybrid space, else ''."""
    space = grid.space(session.space_id)
    return online_text(space) if space is not None and grid.is_placed(session) else ""


def slip_pdf(grid: Grid, session: Session, info: dict[str, str], out: Path, qr: str = "") -> list[DrawnText]:
    """A session slip for the wall and the convener: 80 × 120 mm, fits a thermal roll or a label."""
    from reportlab.lib.utils import ImageReader

    from kiosk.core.qr import qr_image

    width, height = 80.0, 120.0

    def draw(canvas, drawn: list[DrawnText]) -> None:
        page = Page(canvas, width, height, drawn)
        page.text(info.get("name", ""), 4, 4, width - 8, 5, 8, max_lines=1, align="center", source="event")
        y = page.text(session.title, 4, 11, width - 8, 38, 26, bold=True, max_lines=4, align="center",
                      source="title")
        y = page.text(", ".join(session.conveners), 4, y + 2, width - 8, 12, 13, max_lines=2, align="center",
                      source="convener")
        y = page.text(where_text(grid, session), 4, y + 2, width - 8, 12, 14, bold=True, max_lines=2,
                      align="center", source="where")
        online = slip_online(grid, session)
        if online:  # the convener opens the call for those joining from afar
            page.text(online, 4, y + 1, width - 8, max(1.0, 83 - y), 10, min_size=7, max_lines=2, align="center",
                      source="online")
        if qr:
            side = 30
            canvas.drawImage(ImageReader(qr_image(qr)), (width - side) / 2 * MM, 6 * MM, side * MM, side * MM)
        page.text(session.id, 4, height - 6, width - 8, 4, 7, max_lines=1, align="center", source="id")

    return atomic_pdf(out, (width, height), draw)

