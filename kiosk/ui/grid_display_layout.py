"""Where everything goes on the projector: the display's layout, worked out once per change and
then painted as it is (so what a test reads is what the screen shows).

Text is sized to its cell: a title starts at about a twenty-second of the screen's height
(48 px at 1080p, readable from the back of a room) and shrinks only as far as that cell's
sessions need, wrapping at spaces (inside a word only when a word is wider than the cell);
only when the smallest size still does not fit is the last line cut with '…'.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF

from kiosk.grid.model import Grid, Session
from kiosk.ui.translate_marks import QT_TRANSLATE_NOOP

NOW = QColor("#1b5e20")        # the "Now" label and the frame of the slot on now (white text: 7.9:1)
NEXT = QColor("#fff59d")       # the "Next" label (dark text: 17:1), outlined, unlike the filled "Now"
NEXT_EDGE = QColor("#6d5200")  # the "Next" label's outline and the next slot's dashed frame
NOW_FILL = QColor("#e8f5e9")   # the now slot's cells, tinted; the text stays near-black on them
NEXT_FILL = QColor("#fffde7")
INK = QColor("#111111")
CONVENER_INK = QColor("#424242")  # lighter than the titles, still 10:1 on white

MIN_TITLE_PX = 16
# Conveners are smaller and not bold: the title is what people look for. They shrink first (to
# half the title's size) so the title can stay large.
CONVENER_RATIOS = (0.62, 0.5)
MIN_CONVENER_PX = 14
LEADING = 1.14         # display lines sit closer than the font's own spacing (~1.36): more size fits
PAD = 10


@dataclass(frozen=True)
class TextBlock:
    """Lines of one font, drawn from `top` (relative to the cell) one `line_height` apart."""

    lines: tuple[str, ...]
    font: QFont
    colour: QColor
    top: float
    line_height: float
    ascent: float


@dataclass
class CellLayout:
    row: int
    col: int
    rect: QRectF
    fill: QColor
    blocks: list[TextBlock] = field(default_factory=list)
    title_px: int = 0      # the pixel size the titles in this cell are drawn at (0: empty cell)
    convener_px: int = 0
    elided: bool = False   # even the smallest size did not hold everything
    centred: bool = False  # a break's label, across every space


@dataclass
class RowLayout:
    row: int
    rect: QRectF           # the row's heading on the left
    times: str             # "10:00–10:45"
    label: str             # "Coffee", "" for a session slot
    tag: str               # "Now", "Next" or ""
    is_break: bool


@dataclass
class DisplayLayout:
    width: int
    height: int
    heading: str
    clock: str
    heading_rect: QRectF
    heading_font: QFont
    header_font: QFont
    row_font: QFont
    tag_font: QFont
    columns: list[tuple[QRectF, str]]
    rows: list[RowLayout]
    cells: list[CellLayout]
    message: str = ""  # said across the screen when there is no grid to show yet
    column_notes: list[str] = field(default_factory=list)  # under each name: its access flags
    note_font: QFont | None = None
    online: str = ""  # the hybrid spaces' links, in the heading bar

    def cell(self, row: int, col: int) -> CellLayout:
        return next(c for c in self.cells if c.row == row and c.col == col)

    def row_tag(self, tag: str) -> RowLayout | None:
        return next((r for r in self.rows if r.tag == tag), None)


class TextFitter:
    """Wraps and sizes text with cached measurements, so a redraw costs arithmetic, not shaping."""

    def __init__(self, family: str) -> None:
        self.family = family
        self._metrics: dict[tuple[int, bool], QFontMetricsF] = {}
        self._fonts: dict[tuple[int, bool], QFont] = {}
        self._widths: dict[tuple[int, bool, str], float] = {}
        self._cells: dict[tuple, tuple[list[TextBlock], int, int, bool]] = {}

    def font(self, px: int, bold: bool) -> QFont:
        key = (px, bold)
        if key not in self._fonts:
            font = QFont(self.family)
            font.setPixelSize(px)
            font.setBold(bold)
            self._fonts[key] = font
            self._metrics[key] = QFontMetricsF(font)
        return self._fonts[key]

    def metrics(self, px: int, bold: bool) -> QFontMetricsF:
        self.font(px, bold)
        return self._metrics[(px, bold)]

    def width(self, text: str, px: int, bold: bool) -> float:
        key = (px, bold, text)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = self.metrics(px, bold).horizontalAdvance(text)
        return found

    def wrap(self, text: str, px: int, bold: bool, width: float) -> list[str]:
        """Greedy wrap at spaces and after hyphens ("Welsh-" / "language"); a part still wider than
        the line is split between characters."""
        lines: list[str] = []
        line, line_w = "", 0.0
        space = self.width(" ", px, bold)
        for part, spaced in _parts(text):
            w = self.width(part, px, bold)
            gap = space if spaced else 0.0
            if line and line_w + gap + w <= width:
                line, line_w = f"{line}{' ' if spaced else ''}{part}", line_w + gap + w
                continue
            if line:
                lines.append(line)
            if w <= width:
                line, line_w = part, w
                continue
            piece, piece_w = "", 0.0
            for char in part:  # no space to break at (a long name, a script without spaces)
                char_w = self.width(char, px, bold)
                if piece and piece_w + char_w > width:
                    lines.append(piece)
                    piece, piece_w = "", 0.0
                piece, piece_w = piece + char, piece_w + char_w
            line, line_w = piece, piece_w
        if line:
            lines.append(line)
        return lines

    def fit_cell(self, sessions: list[Session], width: float, height: float,
                 max_px: int) -> tuple[list[TextBlock], int, int, bool]:
        """The largest title size (≤ max_px) at which every session in the cell fits whole."""
        key = (tuple((s.title, tuple(s.conveners)) for s in sessions), round(width), round(height), max_px)
        cached = self._cells.get(key)
        if cached is not None:
            return cached
        sizes = list(range(max_px, MIN_TITLE_PX - 1, -2))
        best = None
        smallest, used = self._blocks(sessions, MIN_TITLE_PX, width, CONVENER_RATIOS[-1])
        passes = (True, False) if self._words_fit(sessions, MIN_TITLE_PX, width) else (False,)
        # First the largest size at which no word of a title is broken ("Wellbe-ing" reads worse
        # than a smaller "Wellbeing"), then, when even the smallest breaks one, any size. When
        # nothing fits even at the smallest size there is nothing to search.
        for whole in passes if used <= height else ():
            lo, hi = 0, len(sizes) - 1
            while lo <= hi:  # the room the text needs only grows with its size: search, don't try all
                mid = (lo + hi) // 2
                fits = False
                if not whole or self._words_fit(sessions, sizes[mid], width):
                    for ratio in CONVENER_RATIOS:
                        blocks, used = self._blocks(sessions, sizes[mid], width, ratio)
                        if used <= height:
                            best, fits = (blocks, sizes[mid], self._convener_px(sizes[mid], ratio)), True
                            break
                lo, hi = (lo, mid - 1) if fits else (mid + 1, hi)
            if best is not None:
                break
        elided = best is None
        if best is None:
            ratio = CONVENER_RATIOS[-1]
            best = (self._cut(smallest, height, width), MIN_TITLE_PX, self._convener_px(MIN_TITLE_PX, ratio))
        result = (best[0], best[1], best[2], elided)
        if len(self._cells) > 4000:  # a long day of edits: start again rather than grow without end
            self._cells.clear()
        self._cells[key] = result
        return result

    def _words_fit(self, sessions: list[Session], px: int, width: float) -> bool:
        return all(self.width(part, px, True) <= width for s in sessions for part, _ in _parts(s.title))

    @staticmethod
    def _convener_px(title_px: int, ratio: float) -> int:
        return max(MIN_CONVENER_PX, round(title_px * ratio))

    def _blocks(self, sessions: list[Session], px: int, width: float,
                ratio: float) -> tuple[list[TextBlock], float]:
        blocks: list[TextBlock] = []
        top = 0.0
        cpx = self._convener_px(px, ratio)
        for index, session in enumerate(sessions):
            if index:
                top += px * 0.5  # clashing sessions: a gap between them
            tm = self.metrics(px, True)  # "pinned" is for facilitators: the room sees the title only
            lines = self.wrap(session.title, px, True, width)
            step = px * LEADING
            blocks.append(TextBlock(tuple(lines), self.font(px, True), INK, top, step, tm.ascent()))
            top += step * (len(lines) - 1) + tm.height()
            names = ", ".join(session.conveners)
            if names:
                cm = self.metrics(cpx, False)
                lines = self.wrap(names, cpx, False, width)
                top += cpx * 0.2
                step = cpx * LEADING
                blocks.append(TextBlock(tuple(lines), self.font(cpx, False), CONVENER_INK, top, step, cm.ascent()))
                top += step * (len(lines) - 1) + cm.height()
        return blocks, top

    def _cut(self, blocks: list[TextBlock], height: float, width: float) -> list[TextBlock]:
        """Keep the lines that fit; the last one kept ends in '…' so nobody takes it as whole."""
        kept: list[TextBlock] = []
        for block in blocks:
            room = int((height - block.top) // block.line_height) if block.top < height else 0
            if room >= len(block.lines):
                kept.append(block)
                continue
            if room > 0:
                metrics = self.metrics(block.font.pixelSize(), block.font.bold())
                last = metrics.elidedText(block.lines[room - 1] + " …", Qt.TextElideMode.ElideRight, width)
                kept.append(TextBlock(block.lines[:room - 1] + (last,), block.font, block.colour, block.top,
                                      block.line_height, block.ascent))
            break
        return kept




def _parts(text: str) -> list[tuple[str, bool]]:
    """The pieces a line may break between: words, and the halves of a hyphenated word (the
    hyphen stays with the first). True when a space comes before the piece."""
    parts: list[tuple[str, bool]] = []
    for word in text.split():
        pieces = word.split("-")
        for i, piece in enumerate(pieces):
            last = i == len(pieces) - 1
            chunk = piece if last else piece + "-"
            if chunk:
                parts.append((chunk, i == 0))
    return parts


def compute_layout(fitter: TextFitter, grid: Grid, width: int, height: int, heading: str, clock: str,
                   now_row: int | None, next_row: int | None) -> DisplayLayout:
    """Every rectangle, font and line of the display at this size."""
    unit = height / 1080  # the design is for 1080p and scales with the screen's height
    heading_h = round(66 * unit)
    header_h = round(54 * unit)
    notes = [space_note(space) for space in grid.spaces]
    note_font = fitter.font(max(12, round(22 * unit)), False)
    heading_font = fitter.font(max(18, round(40 * unit)), True)
    header_font = fitter.font(max(14, round(30 * unit)), True)
    row_font = fitter.font(max(14, round(30 * unit)), True)
    tag_font = fitter.font(max(14, round(30 * unit)), True)
    # The row headings are as wide as their times need, so the spaces get the rest.
    times_w = max([fitter.width(f"{s.start}–{s.end}", row_font.pixelSize(), True) for s in grid.slots] or [0])
    tags_w = max(fitter.width(tag_words(tag), tag_font.pixelSize(), True) for tag in TAGS)
    row_head_w = round(min(max(times_w, tags_w + 60 * unit)
                           + 3 * PAD, width * 0.2))
    note_lines: list[str] = []
    online = online_line(grid)
    if any(notes):  # a line under the names: the access flags, a symbol and a word each
        note_w = (width - row_head_w) / max(1, len(grid.spaces)) - 2 * PAD
        # the largest size down to 16 px at 1080p at which every note fits one line: the titles
        # below keep their room (≥ 32 px)
        smallest = max(11, round(16 * unit))
        for px in range(note_font.pixelSize(), smallest - 1, -1):
            metrics = fitter.metrics(px, False)
            if all(metrics.horizontalAdvance(note) <= note_w for note in notes):
                break
        else:  # too narrow for words: the symbols under the names, their words once in the heading bar
            from kiosk.grid.access import flags_symbols, legend

            notes = [flags_symbols(space) for space in grid.spaces]
            online = " · ".join(p for p in (legend(grid.spaces), online) if p)
        note_lines = [metrics.elidedText(note, Qt.TextElideMode.ElideRight, note_w) for note in notes]
        note_font = fitter.font(px, False)
        header_h += round(metrics.lineSpacing() + 4 * unit)
    slots = grid.slots
    breaks = sum(1 for s in slots if s.is_break)
    break_h = round(54 * unit)
    body_top = heading_h + header_h
    free = height - body_top - breaks * break_h
    sessions_rows = max(1, len(slots) - breaks)
    row_h = max(20.0, free / sessions_rows)
    spaces = grid.spaces
    col_w = (width - row_head_w) / max(1, len(spaces))
    # Whole pixels: each cell is painted once into its own image and reused until it changes.
    xs = [round(row_head_w + i * col_w) for i in range(len(spaces) + 1)]
    columns = [(QRectF(xs[i], heading_h, xs[i + 1] - xs[i], header_h), space.name)
               for i, space in enumerate(spaces)]
    # The spaces' names at one size, the largest at which they all fit (down to 60 %), else cut.
    header_px = header_font.pixelSize()
    while header_px > max(14, round(header_px * 0.6)) and any(
            fitter.width(name, header_px, True) > rect.width() - 2 * PAD for rect, name in columns):
        header_px -= 1
    header_font = fitter.font(header_px, True)
    max_px = max(MIN_TITLE_PX, round(48 * unit))
    by_cell: dict[tuple[str | None, str | None], list[Session]] = {}
    for session in grid.sessions:  # one pass, not a scan of every session for every cell
        if session.placement is not None:
            by_cell.setdefault((session.space_id, session.slot_id), []).append(session)
    rows: list[RowLayout] = []
    cells: list[CellLayout] = []
    exact = float(body_top)
    for row, slot in enumerate(slots):
        y = round(exact)
        exact += break_h if slot.is_break else row_h
        h = round(exact) - y
        tag = "Now" if row == now_row else "Next" if row == next_row else ""
        rows.append(RowLayout(row, QRectF(0, y, row_head_w, h), f"{slot.start}–{slot.end}", slot.label, tag,
                              slot.is_break))
        fill = NOW_FILL if tag == "Now" else NEXT_FILL if tag == "Next" else QColor("#ffffff")
        if slot.is_break:
            rect = QRectF(row_head_w, y, width - row_head_w, h)
            cell = CellLayout(row, 0, rect, fill if tag else QColor("#eceff1"), centred=True)
            metrics = fitter.metrics(row_font.pixelSize(), True)
            label = slot.label or QCoreApplication.translate("GridDisplay", "Break")
            if tag == "Now":  # its heading holds the "Now" label: the time goes here
                label = QCoreApplication.translate("GridDisplay", "{0} until {1}").format(label, slot.end)
            line = metrics.elidedText(label, Qt.TextElideMode.ElideRight, rect.width() - 2 * PAD)
            top = (h - metrics.height()) / 2
            cell.blocks.append(TextBlock((line,), row_font, INK, top, metrics.lineSpacing(), metrics.ascent()))
            cells.append(cell)
        else:
            for col, space in enumerate(spaces):
                rect = QRectF(xs[col], y, xs[col + 1] - xs[col], h)
                here = by_cell.get((space.id, slot.id), [])
                cell = CellLayout(row, col, rect, fill)
                if here:
                    blocks, px, cpx, elided = fitter.fit_cell(here, rect.width() - 2 * PAD, h - 2 * PAD, max_px)
                    cell.blocks, cell.title_px, cell.convener_px, cell.elided = blocks, px, cpx, elided
                cells.append(cell)
    message = ("" if spaces and any(not s.is_break for s in slots)
               else QCoreApplication.translate("GridDisplay", "No sessions on the grid yet."))
    return DisplayLayout(width, height, heading, clock, QRectF(0, 0, width, heading_h), heading_font,
                         header_font, row_font, tag_font, columns, rows, cells, message,
                         note_lines, note_font, online)


def space_note(space) -> str:
    """The flags under a space's name, a symbol and a short word each ("♿ Step-free  ∿ Loop")."""
    from kiosk.grid.access import flags_short

    return flags_short(space)


def online_line(grid: Grid) -> str:
    """The hybrid spaces' links, for the heading bar: "Online too · Main Hall: meet.example.org/x"."""
    from kiosk.grid.access import short_link

    links = [f"{space.name}: {short_link(space.online_link)}" for space in grid.spaces if space.online_link]
    return (QCoreApplication.translate("GridDisplay", "Online too") + " · " + " · ".join(links)) if links else ""


# The slot on now and the next one: tagged "Now"/"Next" (the layout's own names), shown in the
# desk's language by tag_words.
TAGS = (QT_TRANSLATE_NOOP("GridDisplay", "Now"), QT_TRANSLATE_NOOP("GridDisplay", "Next"))


def tag_words(tag: str) -> str:
    return QCoreApplication.translate("GridDisplay", tag) if tag else ""


def wrapped_note(metrics: QFontMetricsF, note: str, width: float, most: int) -> list[str]:
    """The note in lines that fit `width`: at spaces, or anywhere in a long link; "…" past `most` lines."""
    lines: list[str] = []
    for part in note.split("\n"):
        words, line = part.split(" "), ""
        for word in words:
            trial = f"{line} {word}".strip()
            # a word wider than a whole line (a link) starts where the line is and breaks anywhere
            if metrics.horizontalAdvance(trial) <= width or not line or metrics.horizontalAdvance(word) > width:
                line = trial
            else:
                lines.append(line)
                line = word
            while metrics.horizontalAdvance(line) > width and len(line) > 1:  # a link wider than the column
                cut = len(line)
                while cut > 1 and metrics.horizontalAdvance(line[:cut]) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        if line:
            lines.append(line)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = metrics.elidedText(lines[-1] + " …", Qt.TextElideMode.ElideRight, width)
    return lines
