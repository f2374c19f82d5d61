"""The desk's "Not yet arrived" list, "Cancelled on the day" in one key, and admitting in person
someone registered to join online (issue 16).

The list is everyone still expected in person (kiosk.attendees.attendance): a valid ticket, in
person or both, no check-in. Delete records that the person shown has cancelled on the day (an
ordinary attendee write: it syncs, and Ctrl+Z in the list puts the ticket back); Enter checks them
in at the desk, for someone who turns up while the list is open.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.attendance import MODE_WORDS
from kiosk.core.errors import KioskError
from kiosk.core.model import Attendee
from kiosk.event import OpenEvent
from kiosk.ui.translate_marks import QT_TRANSLATE_NOOP

ALL_TYPES = QT_TRANSLATE_NOOP("NotArrivedDialog", "All ticket types")  # the filter's first item
COLUMNS = (QT_TRANSLATE_NOOP("NotArrivedDialog", "Name"), QT_TRANSLATE_NOOP("NotArrivedDialog", "Organisation"),
           QT_TRANSLATE_NOOP("NotArrivedDialog", "Ticket type"), QT_TRANSLATE_NOOP("NotArrivedDialog", "Booking ref"),
           QT_TRANSLATE_NOOP("NotArrivedDialog", "Joining"))
# kiosk.core.attendance.MODE_WORDS as the desk says them.
JOINING = {"in person": QT_TRANSLATE_NOOP("NotArrivedDialog", "In person"),
           "online": QT_TRANSLATE_NOOP("NotArrivedDialog", "Online"),
           "in person and online": QT_TRANSLATE_NOOP("NotArrivedDialog", "In person and online")}
REFRESH_MS = 5000  # check-ins at other desks (and synced ones) leave the list within seconds


def hook_result_panel(window: Any) -> None:
    """The desk's result panel shows the organiser's chosen questions and an Admit in person button."""
    panel = window.result_panel
    panel.questions_shown = lambda: window.open_event.shown_questions()
    panel.admit.clicked.connect(lambda: admit_in_person(window))


def admit_in_person(window: Any) -> None:
    """Check in the person shown even though they registered to join online; their attendance
    becomes "in person and online", recorded with the check-in."""
    panel = window.result_panel
    code = panel.code or window.attendee_panel.code
    if not code:
        return
    try:
        arrival = window.open_event.check_in(code, in_person=True)
    except KioskError as exc:
        window._show_problem(QT_TRANSLATE_NOOP("ResultPanel", "Could not record the check-in"), exc.message)
        return
    window.show_result(arrival.result, code)
    window._badge_queued(arrival)


def open_not_arrived(window: Any) -> NotArrivedDialog:
    dialog = getattr(window, "not_arrived_dialog", None)
    if dialog is None or dialog.open_event is not window.open_event:
        dialog = window.not_arrived_dialog = NotArrivedDialog(window.open_event, window)
    dialog.refresh()
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    dialog.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
    return dialog


class NotArrivedDialog(QDialog):
    def __init__(self, event: OpenEvent, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.open_event = event
        # The desk window that opened the list: Enter checks in there (result panel, badge, sound).
        self.desk_window: Any = parent if hasattr(parent, "check_in") else None
        self.people: list[Attendee] = []
        self.cancelled: list[Attendee] = []  # this session's cancellations, newest last: Ctrl+Z
        self.setWindowTitle(self.tr("Not yet arrived"))
        self.setAccessibleName(self.tr("Not yet arrived"))
        self.resize(900, 560)

        self.filter = QComboBox()
        self.filter.setAccessibleName(self.tr("Ticket type"))
        filter_label = QLabel(self.tr("&Ticket type:"))
        filter_label.setBuddy(self.filter)
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("How many have not arrived"))
        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter, 1)
        top.addWidget(self.count, 2)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName(self.tr("People expected in person who have not checked in"))
        self.table.setHorizontalHeaderLabels([self.tr(column) for column in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)

        self.cancel_button = QPushButton(self.tr("Cancelled on the &day (Delete)"))
        self.cancel_button.setAccessibleName(self.tr("Cancelled on the day"))
        self.cancel_button.setToolTip(self.tr("They told us they are not coming: take them off the list (Delete)"))
        self.undo_button = QPushButton(self.tr("&Undo cancellation (Ctrl+Z)"))
        self.undo_button.setAccessibleName(self.tr("Undo cancellation"))
        self.check_in_button = QPushButton(self.tr("&Check in (Enter)"))
        self.check_in_button.setAccessibleName(self.tr("Check in"))
        close = QPushButton(self.tr("Close"))
        buttons = QHBoxLayout()
        for button in (self.cancel_button, self.undo_button, self.check_in_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        self.message = QLabel(wordWrap=True)
        self.message.setAccessibleName(self.tr("Last change"))
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.undo_button.clicked.connect(self.undo_last)
        self.check_in_button.clicked.connect(self.check_in_selected)
        close.clicked.connect(self.close)
        self.table.itemActivated.connect(lambda _item: self.check_in_selected())
        # Delete acts on the list only (never from the filter), Ctrl+Z anywhere in the window.
        for keys, slot, owner, context in (
                (QKeySequence.StandardKey.Delete, self.cancel_selected, self.table, Qt.ShortcutContext.WidgetShortcut),
                (QKeySequence.StandardKey.Undo, self.undo_last, self, Qt.ShortcutContext.WidgetWithChildrenShortcut)):
            shortcut = QShortcut(QKeySequence(keys), owner)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        self._log_size = -1
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self._refresh_if_changed)
        self._timer.start()
        self._fill_types()
        self.undo_button.setEnabled(False)

    # -- reading --------------------------------------------------------------------------------

    def _fill_types(self) -> None:
        try:
            types = self.open_event.ticket_types()
        except KioskError as exc:
            self.message.setText(exc.message)
            types = []
        self.filter.blockSignals(True)
        current = self.filter.currentText()
        self.filter.clear()
        self.filter.addItems([self.tr(ALL_TYPES), *types])
        if current in types:
            self.filter.setCurrentText(current)
        self.filter.blockSignals(False)

    @property
    def ticket_type(self) -> str | None:
        text = self.filter.currentText()
        return None if not text or self.filter.currentIndex() == 0 else text  # the first: all types

    def refresh(self) -> None:
        keep = self.selected_code()
        try:
            self.people = self.open_event.not_arrived(self.ticket_type)
            self._log_size = self.open_event.log_size()
        except KioskError as exc:
            self.message.setText(exc.message)
            return
        self.table.setRowCount(len(self.people))
        for row, a in enumerate(self.people):
            words = MODE_WORDS[a.attendance_mode]  # In person, or In person and online
            joining = self.tr(JOINING[words]) if words in JOINING else words.capitalize()
            for col, text in enumerate((a.display_name, a.organisation, a.ticket_type, a.booking_ref, joining)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, a.code)
                self.table.setItem(row, col, item)
        which = f" ({self.ticket_type})" if self.ticket_type else ""
        n = len(self.people)
        said = self.tr("1 person has not arrived yet") if n == 1 else self.tr("{0} people have not arrived yet")
        self.count.setText(said.format(n) + which)
        codes = [a.code for a in self.people]
        if codes:
            self.table.selectRow(codes.index(keep) if keep in codes else 0)
        for button in (self.cancel_button, self.check_in_button):
            button.setEnabled(bool(codes))

    def _refresh_if_changed(self) -> None:
        try:
            changed = self.open_event.log_size() != self._log_size
        except KioskError:
            return
        if changed and self.isVisible():
            self.refresh()

    def selected_code(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    # -- acting ---------------------------------------------------------------------------------

    def cancel_selected(self) -> None:
        code = self.selected_code()
        if code is None:
            return
        row = self.table.currentRow()
        try:
            attendee = self.open_event.cancel_on_the_day(code)
        except KioskError as exc:
            self.message.setText(self.tr("Not changed: {0}").format(exc.message))
            return
        self.cancelled.append(attendee)
        self.undo_button.setEnabled(True)
        self.message.setText(self.tr("{0}: cancelled on the day, no longer expected. "
                                     "Ctrl+Z puts them back.").format(attendee.display_name))
        self.refresh()
        if self.people:  # the next person down, so Delete can go on down the list
            self.table.selectRow(min(row, len(self.people) - 1))
        self._desk_changed()

    def undo_last(self) -> None:
        if not self.cancelled:
            return
        attendee = self.cancelled[-1]
        try:
            restored = self.open_event.undo_cancel(attendee.code)
        except KioskError as exc:
            self.message.setText(self.tr("Not changed: {0}").format(exc.message))
            return
        self.cancelled.pop()
        self.undo_button.setEnabled(bool(self.cancelled))
        self.message.setText(self.tr("{0}: expected again (cancellation undone).").format(restored.display_name))
        self.refresh()
        codes = [a.code for a in self.people]
        if restored.code in codes:
            self.table.selectRow(codes.index(restored.code))
        self._desk_changed()

    def check_in_selected(self) -> None:
        code = self.selected_code()
        window = self.desk_window
        if code is None or window is None:
            return
        window.check_in(code)
        self.message.setText(f"{window.result_panel.headline.text()}: {window.result_panel.name.text()}")
        self.refresh()

    def _desk_changed(self) -> None:
        if self.desk_window is not None:
            self.desk_window.refresh_stats()
