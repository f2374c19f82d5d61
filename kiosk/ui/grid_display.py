"""Display mode: the grid read-only on a projector or TV, now and next highlighted, readable from
the back of a room, following edits as they arrive."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from kiosk.grid.editor import GridEditor
from kiosk.store.event_store import EventStore
from kiosk.ui.grid_widgets import add_break_row, reset_grid_table

NOW = QColor("#1b5e20")
NEXT = QColor("#fff59d")


class GridDisplay(QWidget):
    def __init__(self, store: EventStore, clock: Callable[[], datetime] = datetime.now) -> None:
        super().__init__()
        self.store, self.clock = store, clock
        self.editor = GridEditor(store)
        self.setWindowTitle("Sessions")
        self.setAccessibleName("Session grid display")
        self.setStyleSheet("background: #ffffff; color: #111111;")
        base = QFont(self.font())
        base.setPointSizeF(base.pointSizeF() * 1.6)
        self.setFont(base)
        self.title = QLabel()
        title_font = QFont(base)
        title_font.setPointSizeF(base.pointSizeF() * 1.6)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Readable from the back of a room: the table's own font, not the platform's default.
        self.table.setFont(base)
        header_font = QFont(base)
        header_font.setBold(True)
        self.table.horizontalHeader().setFont(header_font)
        self.table.verticalHeader().setFont(header_font)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        self.now_row: int | None = None
        self.next_row: int | None = None
        self._op_count = -1
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
        """Redraw when the grid changed or a new slot began."""
        count = self.store.log_size()
        now = self.clock().strftime("%H:%M")
        if count == self._op_count and now == getattr(self, "_drawn_minute", None):
            return
        self._op_count, self._drawn_minute = count, now
        grid = self.editor.grid()
        self.title.setText(f"{self.store.event_info().get('name', '')} — now {now}")
        reset_grid_table(self.table, grid)
        self.now_row = next((i for i, s in enumerate(grid.slots) if s.start <= now < s.end), None)
        self.next_row = next((i for i, s in enumerate(grid.slots) if s.start > now and not s.is_break), None)
        for row, slot in enumerate(grid.slots):
            colour = NOW if row == self.now_row else NEXT if row == self.next_row else None
            if slot.is_break:
                item = add_break_row(self.table, row, slot.label, len(grid.spaces),
                                     self.fontMetrics().height() * 2)
                if colour is not None:
                    item.setBackground(colour)
                    item.setForeground(QColor("#ffffff") if colour == NOW else QColor("#111111"))
                continue
            for col, space in enumerate(grid.spaces):
                here = grid.cell(space.id, slot.id)
                item = QTableWidgetItem("\n\n".join(f"{s.title}\n{', '.join(s.conveners)}" for s in here))
                if colour is not None:
                    item.setBackground(colour)
                    item.setForeground(QColor("#ffffff") if colour == NOW else QColor("#111111"))
                self.table.setItem(row, col, item)
