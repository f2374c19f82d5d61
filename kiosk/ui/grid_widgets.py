"""The grid as widgets: one small list per cell, so sessions drag between cells and the parking
area, clash and pinned cells are marked, and everything stays keyboard-usable."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QColor, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
)

from kiosk.grid.model import Session

MIME = "application/x-kiosk-session"
ID_ROLE = Qt.ItemDataRole.UserRole


def session_item(session: Session) -> QListWidgetItem:
    mark = "PINNED · " if session.pinned else ""  # words, not an emoji: venue laptops lack emoji fonts
    item = QListWidgetItem(f"{mark}{session.title}\n{', '.join(session.conveners)}")
    item.setData(ID_ROLE, session.id)
    item.setToolTip(f"{session.title} — {', '.join(session.conveners)}" + (" (pinned)" if session.pinned else ""))
    conveners = ", ".join(session.conveners)
    item.setData(Qt.ItemDataRole.AccessibleTextRole,
                 f"{session.title}, convened by {conveners}" + (", pinned" if session.pinned else ""))
    return item


class SessionList(QListWidget):
    """A cell of the grid (space × slot) or the parking area; sessions are dropped onto it."""

    dropped = Signal(str, object, object)  # session id, space id (None: park), slot id
    activated_session = Signal(str)        # double-click or Enter: edit it
    park_requested = Signal(str)           # Delete: take it off the grid

    def __init__(self, space_id: str | None, slot_id: str | None, accessible: str, parent=None) -> None:
        super().__init__(parent)
        self.space_id, self.slot_id = space_id, slot_id
        self.setAccessibleName(accessible)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.itemDoubleClicked.connect(lambda item: self.activated_session.emit(item.data(ID_ROLE)))

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        item = self.currentItem()
        if item is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated_session.emit(item.data(ID_ROLE))
            return
        if item is not None and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.park_requested.emit(item.data(ID_ROLE))
            return
        super().keyPressEvent(event)

    def set_sessions(self, sessions: list[Session], clash: bool = False) -> None:
        self.clear()
        for session in sessions:
            self.addItem(session_item(session))
        if clash:
            self.setStyleSheet("QListWidget { border: 3px solid #b71c1c; background: #ffebee; }")
            self.setAccessibleDescription(f"Clash: {len(sessions)} sessions in this cell")
        else:
            self.setStyleSheet("")
            self.setAccessibleDescription("")

    # -- drag and drop: the model moves, then the view is redrawn from it ----------------------

    def mimeData(self, items) -> QMimeData:  # noqa: N802 (Qt API)
        data = QMimeData()
        if items:
            data.setData(MIME, items[0].data(ID_ROLE).encode())
            data.setText(items[0].data(ID_ROLE))
        return data

    def mimeTypes(self) -> list[str]:  # noqa: N802 (Qt API)
        return [MIME]

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        if not event.mimeData().hasFormat(MIME):
            event.ignore()
            return
        session_id = bytes(event.mimeData().data(MIME).data()).decode()
        # The grid redraws itself from the model; Qt must not move the item on its own.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.dropped.emit(session_id, self.space_id, self.slot_id)


def reset_grid_table(table: QTableWidget, grid) -> None:
    """Empty the table and shape it for this grid: a column per space, a row per slot."""
    table.clear()
    table.clearSpans()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setColumnCount(len(grid.spaces))
    table.setRowCount(len(grid.slots))
    table.setHorizontalHeaderLabels([s.name for s in grid.spaces])
    table.setVerticalHeaderLabels([s.title for s in grid.slots])


def add_break_row(table: QTableWidget, row: int, label: str, columns: int, row_height: int) -> QTableWidgetItem:
    """A break or lunch: one thin row across every space, holding no sessions."""
    item = QTableWidgetItem(label or "Break")
    item.setBackground(QColor("#eceff1"))
    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    table.setItem(row, 0, item)
    if columns > 1:
        table.setSpan(row, 0, 1, columns)
    # Thin, so the height goes to the slots that hold sessions.
    table.verticalHeader().setSectionResizeMode(row, QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().resizeSection(row, row_height)
    return item
