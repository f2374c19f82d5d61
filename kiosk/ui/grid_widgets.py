"""The grid as widgets: one small list per cell, so sessions drag between cells and the parking
area, clash and pinned cells are marked, and everything stays keyboard-usable.

Each session is drawn by `SessionDelegate`: its title bold, its conveners in a lighter, smaller
style under it, so in a clash or the parked list one session ends where the next title begins.
The session just added or moved carries a word ("New", "Moved") and a thick outline until the
facilitator's next action."""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QDropEvent, QFont, QFontMetrics, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
)

from kiosk.grid.model import Session

_qt = QCoreApplication  # translate("SessionList", …) outside the class, in the desk's language

MIME = "application/x-kiosk-session"
ID_ROLE = Qt.ItemDataRole.UserRole
TITLE_ROLE = Qt.ItemDataRole.UserRole + 1      # the title as drawn (with "Pinned · " when pinned)
CONVENERS_ROLE = Qt.ItemDataRole.UserRole + 2  # "Siân Jones, Seán Ó Súilleabháin"
HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 3  # "New" or "Moved" until the next action, else None

CONVENER_INK = QColor("#51565c")    # lighter than the titles (#111), still 7:1 on white, 6:1 on a clash
HIGHLIGHT_FILL = QColor("#fff4c2")  # the session just added or moved
HIGHLIGHT_EDGE = QColor("#8a4b00")  # its outline and word: 7.6:1 on the fill
MARGIN = 4


def session_item(session: Session) -> QListWidgetItem:
    from kiosk.grid.reports import report_of

    # Words, not an emoji: venue laptops lack emoji fonts.
    mark = _qt.translate("SessionList", "PINNED") + " · " if session.pinned else ""
    # Which sessions still need a report.
    reported = " · " + _qt.translate("SessionList", "report in") if not report_of(session).empty else ""
    item = QListWidgetItem(f"{mark}{session.title}\n{', '.join(session.conveners)}{reported}")
    item.setData(ID_ROLE, session.id)
    item.setData(TITLE_ROLE, f"{mark}{session.title}")
    item.setData(CONVENERS_ROLE, ", ".join(session.conveners) + reported)
    item.setToolTip(f"{session.title} — {', '.join(session.conveners)}"
                    + (" " + _qt.translate("SessionList", "(pinned)") if session.pinned else "")
                    + (" " + _qt.translate("SessionList", "(report written)") if reported else ""))
    conveners = ", ".join(session.conveners)
    item.setData(Qt.ItemDataRole.AccessibleTextRole,
                 _qt.translate("SessionList", "{0}, convened by {1}").format(session.title, conveners)
                 + (", " + _qt.translate("SessionList", "pinned") if session.pinned else "")
                 + (", " + _qt.translate("SessionList", "report written") if reported else ""))
    return item


class SessionDelegate(QStyledItemDelegate):
    """Draws a session as two styles: the title bold, the conveners lighter and smaller."""

    def fonts(self, base: QFont) -> tuple[QFont, QFont]:
        """The title's font and the conveners' font for a list drawn in `base`."""
        title = QFont(base)
        title.setBold(True)
        conveners = QFont(base)
        conveners.setBold(False)
        size = base.pointSizeF()
        if size > 0:
            conveners.setPointSizeF(max(8.0, size * 0.92))
        return title, conveners

    def text_rects(self, option: QStyleOptionViewItem,
                   index: QModelIndex | QPersistentModelIndex) -> tuple[QRect, QRect, QRect]:
        """Where the title, the conveners and the highlight's word go inside the item."""
        title_font, convener_font = self.fonts(option.font)
        inner = option.rect.adjusted(MARGIN + 4, MARGIN, -MARGIN - 2, -MARGIN)
        word = index.data(HIGHLIGHT_ROLE) or ""
        word_rect = QRect()
        if word:
            metrics = QFontMetrics(title_font)
            word_rect = QRect(inner.left(), inner.top(), metrics.horizontalAdvance(word) + 10, metrics.height())
            inner.setTop(word_rect.bottom() + 2)
        flags = int(Qt.TextFlag.TextWordWrap)
        title = QFontMetrics(title_font).boundingRect(QRect(0, 0, max(1, inner.width()), 10_000), flags,
                                                      index.data(TITLE_ROLE) or "")
        title_rect = QRect(inner.left(), inner.top(), inner.width(), title.height())
        names = index.data(CONVENERS_ROLE) or ""
        height = QFontMetrics(convener_font).boundingRect(QRect(0, 0, max(1, inner.width()), 10_000), flags,
                                                          names).height() if names else 0
        return title_rect, QRect(inner.left(), title_rect.bottom() + 1, inner.width(), height), word_rect

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 (Qt API)
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        view = option.widget
        if isinstance(view, QListView):  # wrap to the list's width, not the text's natural one
            opt.rect = QRect(0, 0, view.viewport().width(), 0)
        title, conveners, _ = self.text_rects(opt, index)
        return QSize(opt.rect.width(), conveners.bottom() + MARGIN + 1)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # the style draws the panel (selection, focus); the words are drawn below
        style = opt.widget.style() if opt.widget is not None else None
        word = index.data(HIGHLIGHT_ROLE)
        painter.save()
        if word:  # its own fill, outline and word instead of the selection's colour
            opt.state &= ~QStyle.StateFlag.State_Selected
            painter.fillRect(opt.rect, HIGHLIGHT_FILL)
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        title_rect, names_rect, word_rect = self.text_rects(opt, index)
        title_font, convener_font = self.fonts(opt.font)
        ink = opt.palette.color(QPalette.ColorRole.HighlightedText) if selected else QColor("#111111")
        painter.setFont(title_font)
        painter.setPen(ink)
        painter.drawText(title_rect, int(Qt.TextFlag.TextWordWrap), index.data(TITLE_ROLE) or "")
        painter.setFont(convener_font)
        painter.setPen(ink if selected else CONVENER_INK)
        painter.drawText(names_rect, int(Qt.TextFlag.TextWordWrap), index.data(CONVENERS_ROLE) or "")
        if word:  # the word and a thick outline, not a colour alone
            painter.setPen(QPen(HIGHLIGHT_EDGE, 3))
            painter.drawRect(opt.rect.adjusted(1, 1, -2, -2))
            painter.fillRect(word_rect, HIGHLIGHT_EDGE)
            painter.setFont(title_font)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(word_rect, int(Qt.AlignmentFlag.AlignCenter), word)
        painter.restore()


class SessionList(QListWidget):
    """A cell of the grid (space × slot) or the parking area; sessions are dropped onto it."""

    dropped = Signal(str, object, object)  # session id, space id (None: park), slot id
    activated_session = Signal(str)        # double-click or Enter: edit it
    park_requested = Signal(str)           # Delete: take it off the grid
    step_out = Signal(int)                 # ↓ past the last session (1) or ↑ past the first (-1)

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
        self.setResizeMode(QListView.ResizeMode.Adjust)  # wrapped titles take their new height
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.delegate = SessionDelegate(self)
        self.setItemDelegate(self.delegate)
        self.itemDoubleClicked.connect(lambda item: self.activated_session.emit(item.data(ID_ROLE)))
        self.clash_label: QLabel | None = None

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        item = self.currentItem()
        if item is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated_session.emit(item.data(ID_ROLE))
            return
        if item is not None and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.park_requested.emit(item.data(ID_ROLE))
            return
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(event.key())
        if step is not None and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            row = self.currentRow() if item is not None else -1
            if row + step < 0 or row + step >= self.count():
                # Past this cell's sessions: the grid moves on to the slot above or below. Left to
                # Qt, the table would take the key and the focus with no session chosen.
                self.step_out.emit(step)
                event.accept()
                return
        super().keyPressEvent(event)

    def set_sessions(self, sessions: list[Session], clash: bool = False) -> None:
        self.clear()
        for session in sessions:
            self.addItem(session_item(session))
        if clash:
            self.setStyleSheet("QListWidget { border: 3px solid #b71c1c; background: #ffebee; }")
            self.setAccessibleDescription(self.tr("Clash: {0} sessions in this cell").format(len(sessions)))
        else:
            self.setStyleSheet("")
            self.setAccessibleDescription("")
        self._mark_clash(self.tr("⚠ Clash: {0} sessions").format(len(sessions)) if clash else "")

    def _mark_clash(self, words: str) -> None:
        """A clash is said in a word and a symbol above the sessions, not by the colour alone."""
        if self.clash_label is None:
            if not words:
                return
            self.clash_label = QLabel(self)
            self.clash_label.setStyleSheet("QLabel { background: #b71c1c; color: #ffffff; font-weight: bold;"
                                           " padding: 1px 6px; }")
        self.clash_label.setText(words)
        self.clash_label.setVisible(bool(words))
        height = self.clash_label.sizeHint().height() if words else 0
        self.setViewportMargins(0, height, 0, 0)
        self._place_clash_label()

    def _place_clash_label(self) -> None:
        if self.clash_label is not None:
            frame = self.frameWidth()
            self.clash_label.setGeometry(frame, frame, self.width() - 2 * frame, self.clash_label.sizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._place_clash_label()

    def content_height(self) -> int:
        """The height that shows every session whole (a clash cell grows to it)."""
        rows = sum(self.sizeHintForRow(row) for row in range(self.count()))
        shown = self.clash_label is not None and self.clash_label.isVisible()
        label = self.clash_label.sizeHint().height() if self.clash_label is not None and shown else 0
        return rows + label + 2 * self.frameWidth() + 4

    def highlight(self, session_id: str, word: str) -> bool:
        """Select the session, bring it into view and mark it with `word` ("New", "Moved")."""
        for row in range(self.count()):
            item = self.item(row)
            if item.data(ID_ROLE) == session_id:
                item.setData(HIGHLIGHT_ROLE, word)
                self.setCurrentItem(item)
                self.scrollToItem(item)
                description = f"{word}: {item.data(TITLE_ROLE)}"
                self.setAccessibleDescription(" · ".join(filter(None, [self.accessibleDescription(), description])))
                return True
        return False

    def highlighted(self) -> list[str]:
        """The sessions in this list marked as just added or moved."""
        return [self.item(row).data(ID_ROLE) for row in range(self.count()) if self.item(row).data(HIGHLIGHT_ROLE)]

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


def space_heading(space) -> str:
    """A column's heading: the space's name, its access flags in words and symbols, its online link,
    then its free-text access note (the part cut first in a narrow column; the tip has it all)."""
    from kiosk.grid.access import flags_text, online_text

    return "\n".join(p for p in (space.name, flags_text(space), online_text(space), space.access) if p)


def label_headings(table: QTableWidget, spaces: list) -> None:
    """Each column's heading wrapped to its width (a header does not wrap by itself), whole in its tip."""
    from kiosk.ui.grid_display_layout import wrapped_note

    table.spaces = spaces  # type: ignore[attr-defined]  # for re-wrapping when a column is resized
    metrics = QFontMetricsF(table.horizontalHeader().font())
    for col, space in enumerate(spaces[:table.columnCount()]):
        width = max(60.0, table.columnWidth(col) - 12.0)
        name, _, note = space_heading(space).partition("\n")
        text = "\n".join([name, *(wrapped_note(metrics, note, width, 4) if note else [])])
        item = table.horizontalHeaderItem(col)
        if item is None or item.text() != text:
            item = QTableWidgetItem(text)
            item.setToolTip(space_heading(space))
            table.setHorizontalHeaderItem(col, item)


def reset_grid_table(table: QTableWidget, grid) -> None:
    """Empty the table and shape it for this grid: a column per space, a row per slot."""
    table.clear()
    table.clearSpans()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setColumnCount(len(grid.spaces))
    table.setRowCount(len(grid.slots))
    label_headings(table, grid.spaces)
    header = table.horizontalHeader()
    if not header.property("wraps_headings"):  # once per table: a wider or narrower column re-wraps
        header.setProperty("wraps_headings", True)
        relabel = QTimer(table, singleShot=True, interval=0)  # once the stretched columns have all settled
        relabel.timeout.connect(lambda: label_headings(table, getattr(table, "spaces", [])))
        header.sectionResized.connect(lambda *_: relabel.start())
    table.setVerticalHeaderLabels([s.title for s in grid.slots])


def add_break_row(table: QTableWidget, row: int, label: str, columns: int, row_height: int) -> QTableWidgetItem:
    """A break or lunch: one thin row across every space, holding no sessions."""
    item = QTableWidgetItem(label or _qt.translate("SessionList", "Break"))
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


def clash_words(clashes: list) -> str:
    """"1 clash to resolve: two sessions in Library at 11:45"; more, each place and time."""
    counts = {2: _qt.translate("GridWindow", "two"), 3: _qt.translate("GridWindow", "three"),
              4: _qt.translate("GridWindow", "four")}
    if len(clashes) == 1:
        space, slot, here = clashes[0]
        return _qt.translate("GridWindow", "1 clash to resolve: {0} sessions in {1} at {2}").format(
            counts.get(len(here), str(len(here))), space.name, slot.start)
    places = ", ".join(_qt.translate("GridWindow", "{0} at {1}").format(space.name, slot.start)
                       for space, slot, _ in clashes[:4])
    return _qt.translate("GridWindow", "{0} clashes to resolve: {1}").format(
        len(clashes), places + ("…" if len(clashes) > 4 else ""))


def fit_clash_rows(window) -> None:
    """A clash cell's row grows until its sessions show whole, not one hidden behind a scroll bar.
    `window`: the grid window (its table, grid and cells)."""
    header = window.table.verticalHeader()
    for row, slot in enumerate(window.grid.slots):
        cells = [window.cells.get((space.id, slot.id)) for space in window.grid.spaces]
        needed = max((c.content_height() for c in cells if c is not None and c.clash_label is not None
                      and c.clash_label.isVisible()), default=0)
        if needed > header.sectionSize(row):
            header.setSectionResizeMode(row, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(row, needed)


def step_to_session(window, at: tuple[str, str], step: int) -> None:
    """↓/↑ out of a cell: to the next session below/above in the same space (empty cells and
    breaks passed over); at the top or bottom of the day the focus stays where it is."""
    space_id, slot_id = at
    slots = [slot.id for slot in window.grid.slots]  # a row per slot, breaks included
    row = slots.index(slot_id) + step
    while 0 <= row < len(slots):
        cell = window.cells.get((space_id, slots[row]))  # a break has no cell
        if cell is not None and cell.count():
            cell.setFocus(Qt.FocusReason.OtherFocusReason)
            cell.setCurrentRow(0 if step > 0 else cell.count() - 1)
            window.table.scrollTo(window.table.model().index(row, 0))
            return
        row += step
