"""Display mode: the grid read-only on a projector or TV, readable from the back of a room
(titles ≥ 32 px at 1080p), the slot on now and the next one labelled "Now" and "Next" in words,
following edits as they arrive.

The widget paints one `DisplayLayout` (kiosk/ui/grid_display_layout.py), worked out when the grid,
the minute or the size changes; painting it again costs no text measuring, so a redraw stays
within a frame.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.grid.editor import GridEditor
from kiosk.grid.model import Grid
from kiosk.store.event_store import EventStore
from kiosk.ui.grid_display_layout import (
    INK,
    NEXT,
    NEXT_EDGE,
    NOW,
    PAD,
    TAGS,
    CellLayout,
    DisplayLayout,
    RowLayout,
    TextFitter,
    compute_layout,
    tag_words,
)

__all__ = ["NEXT", "NOW", "GridDisplay"]

HEADING_FILL = QColor("#263238")  # the event's name and the clock, white on slate (14:1)
ROW_HEAD_FILL = QColor("#eceff1")
LINE = QColor("#90a4ae")
WHITE = QColor("#ffffff")


class GridDisplay(QWidget):
    def __init__(self, store: EventStore, clock: Callable[[], datetime] = datetime.now) -> None:
        super().__init__()
        self.store, self.clock = store, clock
        self.editor = GridEditor(store)
        self.setWindowTitle(self.tr("Sessions"))
        self.setAccessibleName(self.tr("Session grid display"))
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # every pixel is painted below
        self.fitter = TextFitter(self.font().family())
        self.grid: Grid | None = None
        self.now_row: int | None = None
        self.next_row: int | None = None
        self._layout: DisplayLayout | None = None
        self._wall: QPixmap | None = None  # the screen as last painted, and the layout it shows
        self._wall_layout: DisplayLayout | None = None
        self._op_count = -1
        self._drawn_minute: str | None = None
        self._timer = QTimer(self, interval=3000)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._timer.stop()  # the event's database may close after this window
        super().closeEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def refresh(self) -> None:
        """Read the grid again when it changed or a new minute began; repaint."""
        count = self.store.log_size()
        now = self.clock().strftime("%H:%M")
        if count == self._op_count and now == self._drawn_minute:
            return
        self._op_count, self._drawn_minute = count, now
        grid = self.grid = self.editor.grid()
        self.now_row = next((i for i, s in enumerate(grid.slots) if s.start <= now < s.end), None)
        self.next_row = next((i for i, s in enumerate(grid.slots) if s.start > now and not s.is_break), None)
        self._layout = None
        self.setAccessibleDescription(self._spoken())
        self.update()

    def _spoken(self) -> str:
        assert self.grid is not None
        parts = []
        for tag, row in zip(TAGS, (self.now_row, self.next_row), strict=True):
            if row is not None:
                slot = self.grid.slots[row]
                parts.append(self.tr("{0}: {1} to {2}").format(tag_words(tag), slot.start, slot.end)
                             + (f", {slot.label}" if slot.label else ""))
        return "; ".join(parts)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._layout = None
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        # The desk's language changed: the labels (Now, Next, Break) are laid out again in it.
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "fitter"):
            self.setWindowTitle(self.tr("Sessions"))
            self.setAccessibleName(self.tr("Session grid display"))
            self._layout, self._wall = None, None  # painted afresh: the tags' words are not in the layout
            if self.grid is not None:
                self.setAccessibleDescription(self._spoken())
            self.update()
        super().changeEvent(event)

    def display_layout(self) -> DisplayLayout:
        """What the screen shows at its present size: the painter draws exactly this."""
        if self._layout is None or (self._layout.width, self._layout.height) != (self.width(), self.height()):
            assert self.grid is not None
            name = self.store.event_info().get("name", "")
            self._layout = compute_layout(self.fitter, self.grid, self.width(), self.height(), name,
                                          self._drawn_minute or "", self.now_row, self.next_row)
        return self._layout

    # -- painting -------------------------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._wall_for(self.display_layout()))
        painter.end()

    def _wall_for(self, layout: DisplayLayout) -> QPixmap:
        """The whole screen as one image, brought up to date with the layout: when only some cells
        changed (an edit arrived) only they are drawn again, so a redraw stays within a frame."""
        before, wall = self._wall_layout, self._wall
        if before is layout and wall is not None:
            return wall
        self._wall_layout = layout
        if (wall is None or before is None or (before.width, before.height) != (layout.width, layout.height)
                or before.columns != layout.columns or before.rows != layout.rows
                or len(before.cells) != len(layout.cells)):
            ratio = self.devicePixelRatioF()
            wall = self._wall = QPixmap(round(layout.width * ratio), round(layout.height * ratio))
            wall.setDevicePixelRatio(ratio)
            wall.fill(WHITE)
            painter = QPainter(wall)
            self._paint_heading(painter, layout)
            self._paint_body(painter, layout, layout.cells)
            if layout.message:  # no spaces or slots yet: say so rather than show a blank screen
                painter.setFont(layout.heading_font)
                painter.setPen(INK)
                painter.drawText(QRectF(0, 0, layout.width, layout.height), int(Qt.AlignmentFlag.AlignCenter),
                                 layout.message)
            painter.end()
            return wall
        painter = QPainter(wall)
        if (before.heading, before.clock) != (layout.heading, layout.clock):
            self._paint_heading(painter, layout)
        changed = [cell for old, cell in zip(before.cells, layout.cells, strict=True) if old != cell]
        if changed:
            self._paint_body(painter, layout, changed)
        painter.end()
        return wall

    def _paint_body(self, painter: QPainter, layout: DisplayLayout, cells: list[CellLayout]) -> None:
        for cell in cells:
            painter.fillRect(cell.rect, cell.fill)
            for block in cell.blocks:
                painter.setFont(block.font)
                painter.setPen(block.colour)
                x, y = cell.rect.left() + PAD, cell.rect.top() + PAD + block.top + block.ascent
                if cell.centred:  # a break's label across every space
                    x = cell.rect.center().x() - painter.fontMetrics().horizontalAdvance(block.lines[0]) / 2
                    y = cell.rect.top() + block.top + block.ascent
                for line in block.lines:
                    painter.drawText(QPointF(x, y), line)
                    y += block.line_height
        # Lines, headings, frames and labels sit over the cells: drawn again whenever a cell was.
        self._paint_lines(painter, layout)
        for row in layout.rows:
            self._paint_row_head(painter, layout, row)
        self._paint_frames(painter, layout)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)  # only for the labels' rounded shapes
        for row in layout.rows:
            if row.tag:
                self._paint_tag(painter, layout, row.tag, self._tag_rect(layout, row))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    @staticmethod
    def _paint_lines(painter: QPainter, layout: DisplayLayout) -> None:
        """The grid's lines: one per row and per column, not a box per cell (thin filled
        rectangles: the cheapest thing a painter draws)."""
        if not layout.rows:
            return
        top, bottom = round(layout.rows[0].rect.top()), round(layout.rows[-1].rect.bottom())
        for row in layout.rows:
            painter.fillRect(0, round(row.rect.bottom()) - 1, layout.width, 1, LINE)
        breaks = [(round(r.rect.top()), round(r.rect.bottom())) for r in layout.rows if r.is_break]
        painter.fillRect(round(layout.rows[0].rect.right()), top, 1, bottom - top, LINE)  # the times' edge
        for x in [round(rect.left()) for rect, _ in layout.columns[1:]]:
            y = top
            for gap_top, gap_bottom in breaks:  # a break's label runs across every space: no line through it
                painter.fillRect(x, y, 1, gap_top - y, LINE)
                y = gap_bottom
            painter.fillRect(x, y, 1, bottom - y, LINE)

    def _paint_heading(self, painter: QPainter, layout: DisplayLayout) -> None:
        painter.fillRect(layout.heading_rect, HEADING_FILL)
        painter.setPen(QColor("#ffffff"))
        painter.setFont(layout.heading_font)
        inner = layout.heading_rect.adjusted(PAD * 2, 0, -PAD * 2, 0)
        painter.drawText(inner, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight), layout.clock)
        clock_w = painter.fontMetrics().horizontalAdvance(layout.clock) + PAD * 4
        room = inner.width() - clock_w
        if layout.online and layout.note_font is not None:  # the hybrid spaces' links, right of the name
            name_w = min(painter.fontMetrics().horizontalAdvance(layout.heading) + PAD * 4, room * 0.8)
            painter.save()
            painter.setFont(layout.note_font)
            online = QRectF(inner.left() + name_w, inner.top(), room - name_w, inner.height())
            text = painter.fontMetrics().elidedText(layout.online, Qt.TextElideMode.ElideRight, int(online.width()))
            painter.drawText(online, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight), text)
            painter.restore()
            room = name_w  # the name within its own part (the PAD * 4 is the gap before the links)
        name = painter.fontMetrics().elidedText(layout.heading, Qt.TextElideMode.ElideRight, int(room))
        painter.drawText(inner, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), name)
        painter.setFont(layout.header_font)
        metrics = painter.fontMetrics()
        top = layout.heading_rect.bottom()
        if layout.columns:
            band = QRectF(0, top, layout.width, layout.columns[0][0].height())
            painter.fillRect(band, ROW_HEAD_FILL)
        painter.setPen(INK)
        notes = layout.column_notes if any(layout.column_notes) and layout.note_font is not None else []
        for rect, name in layout.columns:
            text = metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(rect.width() - 2 * PAD))
            if not notes:
                painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
                continue
            name_rect = QRectF(rect.left(), rect.top(), rect.width(), metrics.height() + PAD)
            painter.drawText(name_rect, int(Qt.AlignmentFlag.AlignCenter), text)
        if notes:  # access in words and symbols, the online link (lines wrapped by the layout), same ink
            assert layout.note_font is not None
            painter.setFont(layout.note_font)
            for (rect, _name), note in zip(layout.columns, notes, strict=True):
                below = QRectF(rect.left() + PAD, rect.top() + metrics.height() + PAD, rect.width() - 2 * PAD,
                               rect.height() - metrics.height() - PAD)
                painter.drawText(below, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), note)

    def _paint_row_head(self, painter: QPainter, layout: DisplayLayout, row: RowLayout) -> None:
        painter.fillRect(row.rect.adjusted(0, 0, 0, -1), ROW_HEAD_FILL)
        painter.setFont(layout.row_font)
        painter.setPen(INK)
        metrics = painter.fontMetrics()
        inner = row.rect.adjusted(PAD, 0, -PAD, 0)
        times = row.times if not row.is_break else row.times.split("–")[0]
        if not row.tag:
            painter.drawText(inner, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), times)
            return
        tag_rect = self._tag_rect(layout, row)
        if not row.is_break:  # a break's row is thin: its label says until when, beside it
            text_rect = QRectF(inner.left(), tag_rect.bottom() + PAD / 2, inner.width(), metrics.height())
            painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), times)

    def _tag_rect(self, layout: DisplayLayout, row: RowLayout) -> QRectF:
        metrics = self.fitter.metrics(layout.tag_font.pixelSize(), True)
        widest = max(metrics.horizontalAdvance(tag_words(tag)) for tag in TAGS)
        w, h = widest + 2 * PAD + 8, min(metrics.height() + PAD, row.rect.height() - 6)
        if row.is_break:
            return QRectF(row.rect.left() + PAD, row.rect.center().y() - h / 2, w, h)
        block = h + PAD / 2 + metrics.height()
        return QRectF(row.rect.left() + PAD, row.rect.center().y() - block / 2, w, h)

    @staticmethod
    def _paint_tag(painter: QPainter, layout: DisplayLayout, tag: str, rect: QRectF) -> None:
        """"Now" filled dark green with white words; "Next" pale with a thick dark outline: the word,
        the shape and the weight differ, not only the colour."""
        painter.setFont(layout.tag_font)
        if tag == "Now":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(NOW)
            painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
            painter.setPen(QColor("#ffffff"))
        else:
            painter.setPen(QPen(NEXT_EDGE, 3))
            painter.setBrush(NEXT)
            painter.drawRect(rect.adjusted(1.5, 1.5, -1.5, -1.5))
            painter.setPen(INK)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), tag_words(tag))

    @staticmethod
    def _paint_frames(painter: QPainter, layout: DisplayLayout) -> None:
        """The whole slot on now framed solid and thick; the next one dashed."""
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for row in layout.rows:
            if not row.tag:
                continue
            frame = QRectF(0, row.rect.top(), layout.width, row.rect.height())
            if row.tag == "Now":
                painter.setPen(QPen(NOW, 6))
                painter.drawRect(frame.adjusted(3, 3, -3, -3))
            else:
                pen = QPen(NEXT_EDGE, 4, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.drawRect(frame.adjusted(2, 2, -2, -2))
