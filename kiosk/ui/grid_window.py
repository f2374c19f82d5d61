"""The facilitator's grid: the agenda wall as a table of slots × spaces, live during the marketplace.

Drag sessions between cells and the parking area, double-click to edit, Ctrl+Z to undo the last
move. Menus and shortcuts come from the action registry (kiosk/ui/actions.py): a shortcut means
the same here as on the desk (Ctrl+P prints, Ctrl+Z undoes, Ctrl+Shift+K opens kiosk mode). The
intake form places a new session (where asked, or in the first free cell) and prints its slip.
Display mode shows the grid read-only on a projector.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError, RefusedError
from kiosk.event import OpenEvent
from kiosk.store.datadir import DataDir
from kiosk.store.event_store import EventStore
from kiosk.ui.actions import GRID_MENUS, GRID_TOOLBAR, build_menus, retranslate_menus
from kiosk.ui.desk_menus import FOCUS_STYLE, ShortcutsDialog
from kiosk.ui.dialogs import _Form
from kiosk.ui.grid_feedback import GridFeedback, StatusLabel
from kiosk.ui.grid_widgets import (
    ID_ROLE,
    SessionList,
    add_break_row,
    clash_words,
    fit_clash_rows,
    reset_grid_table,
    step_to_session,
)
from kiosk.ui.translate_marks import QT_TRANSLATE_NOOP

FIRST_FREE = "first-free"
PARKED = "parked"


@dataclass(frozen=True)
class _Undo:
    session_id: str
    placement: dict | None
    description: str


class SessionDialog(_Form):
    def __init__(self, title: str, conveners: list[str], description: str, pinned: bool, parent=None) -> None:
        super().__init__(self.tr("Edit session"), parent)
        self.title = self.field(self.tr("&Title"), self.tr("Session title"), title)
        self.conveners = self.field(self.tr("&Conveners (comma-separated)"), self.tr("Conveners"), ", ".join(conveners))
        self.description = self.field(self.tr("&Description"), self.tr("Description"), description)
        self.pinned = QCheckBox(self.tr("&Pinned (not moved by bulk changes)"))
        self.pinned.setChecked(pinned)
        self.form.addRow(self.pinned)

    def values(self) -> dict[str, str]:
        return {"title": self.title.text(), "conveners": self.conveners.text(), "description": self.description.text()}

    def check(self, values: dict[str, str]) -> None:
        from kiosk.grid.editor import clean_names, clean_title

        clean_title(values["title"])
        clean_names(values["conveners"].split(","))


class SlotDialog(_Form):
    def __init__(self, parent=None) -> None:
        super().__init__(self.tr("Add a slot"), parent)
        self.start = self.field(self.tr("&Starts (HH:MM)"), self.tr("Start time"))
        self.end = self.field(self.tr("&Ends (HH:MM)"), self.tr("End time"))
        self.label = self.field(self.tr("&Label"), self.tr("Label (e.g. Lunch)"))
        self.is_break = QCheckBox(self.tr("A &break: it holds no sessions"))
        self.form.addRow(self.is_break)

    def values(self) -> dict[str, str]:
        return {"start": self.start.text(), "end": self.end.text(), "label": self.label.text()}

    def check(self, values: dict[str, str]) -> None:
        from kiosk.core.errors import UsageError
        from kiosk.grid.editor import parse_time

        if parse_time(values["start"]) >= parse_time(values["end"]):
            raise UsageError(self.tr("A slot must end after it starts."))


class GridWindow(QMainWindow):
    changed = Signal()

    def __init__(self, data: DataDir, store: EventStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data, self.store = data, store
        self.open_event = OpenEvent(data, store)
        self.editor = self.open_event.grid
        self.undo_stack: list[_Undo] = []
        self._event_name = store.event_info().get("name", "")  # a language change may reach a closed grid
        self.resize(1366, 768)
        self.setStyleSheet(FOCUS_STYLE)
        self.table = QTableWidget()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.parking = SessionList(None, None, self.tr("Parked sessions"))
        self.parking.dropped.connect(self.drop)
        self.parking.activated_session.connect(self.edit_session)
        self.status: QLabel = StatusLabel()  # a problem never keeps the confirmation's green
        self.status.setWordWrap(True)
        self.title_edit = QLineEdit()
        self.convener_edit = QLineEdit()
        self.where = QComboBox()
        self.print_slip = QCheckBox()
        self.print_slip.setChecked(True)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.intake)
        self.convener_edit.returnPressed.connect(self.intake)
        self.intake_box = QGroupBox()
        form = QFormLayout(self.intake_box)
        self.form_labels = [QLabel() for _ in range(3)]
        for label, edit in zip(self.form_labels, (self.title_edit, self.convener_edit, self.where), strict=True):
            label.setBuddy(edit)  # its Alt letter goes to the field
            form.addRow(label, edit)
        form.addRow(self.print_slip)
        form.addRow(self.add_button)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.intake_box)
        self.parked_label = QLabel()
        side_layout.addWidget(self.parked_label)
        side_layout.addWidget(self.parking, 1)
        side_layout.addWidget(self.status)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setSizes([1000, 340])
        self.setCentralWidget(splitter)
        self._actions()
        self._op_count = -1
        self._poll = QTimer(self, interval=2000)
        self._poll.timeout.connect(self._refresh_if_changed)
        self._poll.start()
        self.feedback = GridFeedback(self)  # the last action's words and highlight (grid_feedback.py)
        side_layout.insertWidget(side_layout.indexOf(self.status) + 1, self.feedback.open_button)
        self._retranslate()
        self.refresh()

    def _retranslate(self) -> None:
        """The window's own words, again when the desk's language changes (its menus too)."""
        self.setWindowTitle(self.tr("Session grid — {0}").format(self._event_name))
        self.table.setAccessibleName(self.tr("Session grid"))
        self.status.setAccessibleName(self.tr("Grid status"))
        self.title_edit.setAccessibleName(self.tr("New session title"))
        self.title_edit.setPlaceholderText(self.tr("A short title, about seven words"))
        self.convener_edit.setAccessibleName(self.tr("Convener"))
        self.where.setAccessibleName(self.tr("Where"))
        self.print_slip.setText(self.tr("Print the sl&ip"))
        self.add_button.setText(self.tr("&Add session"))
        self.intake_box.setTitle(self.tr("Marketplace: new session"))
        for label, text in zip(self.form_labels, (self.tr("&Title"), self.tr("C&onvener"), self.tr("&Where")),
                               strict=True):
            label.setText(text)
        self.parked_label.setText(self.tr("Parked (drag onto the grid):"))

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "menu_actions"):
            self._retranslate()
            retranslate_menus(self, self.menu_actions)
            if self.isVisible():  # its event may be closed once the window is
                with self.feedback.kept():
                    self.refresh()
        super().changeEvent(event)

    def _actions(self) -> None:
        # Enter edits and Delete parks the session selected in a cell; in the intake form's
        # fields Delete stays a typing key (a line edit takes it before the window's shortcut).
        desk = self.parent()
        handlers = {"grid_undo": self.undo, "grid_new": self.new_session, "grid_edit": self.edit_selected,
                    "grid_park": self.park_selected, "grid_move": self.move_selected,
                    "grid_merge": self.merge_selected, "grid_report": self.report_selected,
                    "grid_space": self.add_space, "grid_slot": self.add_slot,
                    "grid_print": self.print_day, "grid_display": self.display_mode, "close": self.close,
                    "shortcuts": lambda: ShortcutsDialog(GRID_MENUS, self).exec()}
        if desk is not None and hasattr(desk, "open_kiosk_mode"):
            handlers["kiosk"] = desk.open_kiosk_mode  # the same key as on the desk; it closes this window
        # Not `self.actions`: that would hide QWidget.actions().
        self.menu_actions = build_menus(self, GRID_MENUS, GRID_TOOLBAR, handlers)

    def new_session(self) -> None:
        self.title_edit.setFocus()
        self.title_edit.selectAll()

    # -- drawing --------------------------------------------------------------------------------

    def refresh(self) -> None:
        grid = self.editor.grid()
        self.grid = grid
        self._op_count = self.open_event.log_size()
        reset_grid_table(self.table, grid)
        self.cells: dict[tuple[str, str], SessionList] = {}
        for row, slot in enumerate(grid.slots):
            if slot.is_break:
                add_break_row(self.table, row, slot.label, len(grid.spaces), self.fontMetrics().height() * 2)
                continue
            for col, space in enumerate(grid.spaces):
                here = grid.cell(space.id, slot.id)
                cell = SessionList(space.id, slot.id,
                                   self.tr("{0}, {1} to {2}").format(space.name, slot.start, slot.end))
                cell.set_sessions(here, clash=len(here) > 1)
                cell.dropped.connect(self.drop)
                cell.activated_session.connect(self.edit_session)
                cell.park_requested.connect(lambda session_id: self.drop(session_id, None, None))
                cell.step_out.connect(lambda step, at=(space.id, slot.id): step_to_session(self, at, step))
                self.table.setCellWidget(row, col, cell)
                self.cells[(space.id, slot.id)] = cell
        self.parking.set_sessions(grid.parked)
        clashes = grid.clashes()
        self.status.setText(self.tr("{0} placed, {1} parked").format(len(grid.placed), len(grid.parked))
                            + (". " + clash_words(clashes) if clashes else ""))
        QTimer.singleShot(0, self, lambda: fit_clash_rows(self))  # once the cells have their widths
        current = self.where.currentData()
        self.where.clear()
        self.where.addItem(self.tr("First free cell"), FIRST_FREE)
        self.where.addItem(self.tr("Park it for now"), PARKED)
        for slot in grid.slots:
            if not slot.is_break:
                for space in grid.spaces:
                    self.where.addItem(f"{slot.start} · {space.name}", (space.id, slot.id))
        self.where.setCurrentIndex(max(0, self.where.findData(current)))
        self.changed.emit()

    def _refresh_if_changed(self) -> None:
        if self.open_event.log_size() != self._op_count:
            with self.feedback.kept():  # not the facilitator's action: the last one's words stay
                self.refresh()

    # -- editing --------------------------------------------------------------------------------

    def drop(self, session_id: str, space_id: str | None, slot_id: str | None) -> None:
        """A session dropped on a cell (move) or on the parking area (park)."""
        try:
            before = self.editor.session(session_id).placement
            session = self.editor.session(session_id)
            force = False
            if session.pinned:
                answer = QMessageBox.question(self, self.tr("Pinned session"),
                                              self.tr("“{0}” is pinned. Move it anyway?").format(session.title))
                if answer != QMessageBox.StandardButton.Yes:
                    return
                force = True
            if space_id is None or slot_id is None:  # the parking area has neither
                self.editor.park(session_id, force=force)
            else:
                self.editor.move(session_id, space_id, slot_id, force=force)
            self.undo_stack.append(_Undo(session_id, before, "move"))
        except KioskError as exc:
            self.status.setText(exc.message)
            return
        self.refresh()
        if space_id is None or slot_id is None:  # never silent: say what left the grid, and the way back
            self.status.setText(self.tr("Parked “{0}”. Ctrl+Z puts it back.").format(session.title) + " "
                                + self.status.text())
        self.feedback.moved(session_id, parked=space_id is None or slot_id is None)  # highlighted where it went

    def undo(self) -> None:
        if not self.undo_stack:
            self.status.setText(self.tr("Nothing to undo."))
            return
        last = self.undo_stack.pop()
        try:
            if last.placement is None:
                self.editor.park(last.session_id, force=True)
            else:
                self.editor.move(last.session_id, last.placement["space"], last.placement["slot"], force=True)
        except KioskError as exc:
            self.status.setText(exc.message)
            self.refresh()
            return
        self.refresh()
        title = self.editor.session(last.session_id).title
        said = (self.tr("Undone: “{0}” is parked.") if last.placement is None
                else self.tr("Undone: “{0}” is back where it was."))
        self.status.setText(said.format(title) + " " + self.status.text())

    def selected_session(self) -> str | None:
        focus = self.focusWidget()
        if isinstance(focus, SessionList) and focus.currentItem() is not None:
            return focus.currentItem().data(ID_ROLE)
        return None

    def park_selected(self) -> None:
        session_id = self.selected_session()
        if session_id:
            self.drop(session_id, None, None)

    def edit_selected(self) -> None:
        session_id = self.selected_session()
        if session_id:
            self.edit_session(session_id)

    def edit_session(self, session_id: str) -> None:
        session = self.editor.session(session_id)
        dialog = SessionDialog(session.title, session.conveners, session.description, session.pinned, self)
        if dialog.exec() != SessionDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        try:
            self.editor.edit(session_id, values["title"], values["description"], values["conveners"].split(","))
            if dialog.pinned.isChecked() != session.pinned:
                self.editor.pin(session_id, dialog.pinned.isChecked())
        except KioskError as exc:
            self.status.setText(exc.message)
        self.refresh()

    def intake(self) -> None:
        """Place a new session from the marketplace and print its slip."""
        where = self.where.currentData()
        try:
            if where == FIRST_FREE:
                session = self.editor.propose(self.title_edit.text(), [self.convener_edit.text()], first_free=True)
            elif where == PARKED or where is None:
                session = self.editor.propose(self.title_edit.text(), [self.convener_edit.text()])
            else:
                session = self.editor.propose(self.title_edit.text(), [self.convener_edit.text()],
                                              space=where[0], slot=where[1])
        except (KioskError, RefusedError) as exc:
            self.status.setText(exc.message)
            return
        self.undo_stack.append(_Undo(session.id, None, "propose"))
        self.title_edit.clear()
        self.convener_edit.clear()
        self.title_edit.setFocus()
        self.refresh()
        job = self._print_slip(session.id) if self.print_slip.isChecked() else None
        self.feedback.added(self.editor.session(session.id), job, self.print_slip.isChecked())

    def _print_slip(self, session_id: str):
        try:
            job = self.open_event.print_queue.enqueue_slip(session_id)
        except KioskError as exc:
            self.feedback.slip_not_queued(exc.message)
            return None
        self._poke_printer()
        return job

    # -- growing the wall, merging, printing ---------------------------------------------------

    def add_space(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Add a space"),
                                        self.tr("Name of the space (a room, a corner, the garden):"))
        if ok:
            self._try(lambda: self.editor.add_space(name), self.tr("Added the space {0}.").format(name.strip()))

    def add_slot(self) -> None:
        dialog = SlotDialog(self)
        if dialog.exec() == SlotDialog.DialogCode.Accepted:
            v = dialog.values()
            self._try(lambda: self.editor.add_slot(v["start"], v["end"], v["label"], dialog.is_break.isChecked()),
                      self.tr("Added the slot {0}–{1}.").format(v["start"], v["end"]))

    def move_selected(self) -> None:
        """Move without a mouse: choose the cell from a list."""
        session_id = self.selected_session()
        if not session_id:
            self.status.setText(self.tr("Select the session to move first."))
            return
        cells = [(space, slot) for slot in self.grid.slots if not slot.is_break for space in self.grid.spaces]
        taken = " " + self.tr("(taken)")
        labels = [f"{slot.start}–{slot.end} · {space.name}" + (taken if self.grid.cell(space.id, slot.id) else "")
                  for space, slot in cells]
        choice, ok = QInputDialog.getItem(self, self.tr("Move to"), self.tr("Move the selected session to:"),
                                          labels, 0, False)
        if ok and choice:
            space, slot = cells[labels.index(choice)]
            self.drop(session_id, space.id, slot.id)

    def merge_selected(self) -> None:
        session_id = self.selected_session()
        if not session_id:
            self.status.setText(self.tr("Select the session to merge first."))
            return
        others = [s for s in self.grid.sessions if s.id != session_id]
        labels = [f"{s.id} · {s.title}" for s in others]
        choice, ok = QInputDialog.getItem(self, self.tr("Merge into"), self.tr("Merge the selected session into:"),
                                          labels, 0, False)
        if ok and choice:
            target = others[labels.index(choice)]
            self._try(lambda: self.editor.merge(session_id, target.id),
                      self.tr("Merged into “{0}”: both conveners kept.").format(target.title))

    PRINTS = (QT_TRANSLATE_NOOP("GridWindow", "Grid, A4 landscape (PDF)"),
              QT_TRANSLATE_NOOP("GridWindow", "Grid, A3 landscape (PDF)"),
              QT_TRANSLATE_NOOP("GridWindow", "Door signs, one per space (PDF)"),
              QT_TRANSLATE_NOOP("GridWindow", "Book of proceedings (PDF)"),
              QT_TRANSLATE_NOOP("GridWindow", "Grid as a list on the slips printer"))

    def print_day(self) -> None:
        shown = [self.tr(text) for text in self.PRINTS]
        choice, ok = QInputDialog.getItem(self, self.tr("Print"), self.tr("What to print:"), shown, 0, False)
        if ok and choice:
            self.print_choice(shown.index(choice))

    def print_choice(self, index: int) -> None:
        """Write the chosen PDF into the prints folder, or queue the list for the slips printer."""
        from kiosk.grid import pdf

        if index == 4:
            self.open_event.print_queue.enqueue_grid_list()
            self._poke_printer()
            self.status.setText(self.tr("The grid list is queued for the slips printer."))
            return
        grid, info = self.editor.grid(), self.store.event_info()
        name = ("grid-a4", "grid-a3", "door-signs", "proceedings")[index]
        out = self.data.root / "prints" / f"{name}.pdf"
        try:
            if index in (0, 1):
                pdf.grid_pdf(grid, info, out, "A4" if index == 0 else "A3")
            elif index == 2:
                pdf.door_signs(grid, info, out)
            else:
                pdf.proceedings(grid, info, out)
        except KioskError as exc:
            self.status.setText(exc.message)
            return
        self.open_event.remember_written(out)
        self.last_print = out
        self.status.setText(self.tr("Saved {0} — print it from there.").format(out))

    def _try(self, action, done: str) -> None:
        try:
            action()
        except KioskError as exc:
            self.status.setText(exc.message)
            return
        self.refresh()
        self.status.setText(done + " " + self.status.text())

    def _poke_printer(self) -> None:
        worker = getattr(self.parent(), "print_worker", None)
        if worker is not None:
            worker.poke()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._poll.stop()
        display = getattr(self, "_display", None)
        if display is not None:
            display.close()
        super().closeEvent(event)

    def open_report(self, session_id: str) -> None:
        """A session's report form over the grid (a scanned slip, or the selected session)."""
        from kiosk.ui.session_report import open_session_report

        self.session_report = open_session_report(self, self.open_event, session_id)
        if self.session_report is not None:
            dialog = self.session_report
            dialog.accepted.connect(lambda: self._try(lambda: None,
                                                      self.tr("Saved the report for “{0}”.").format(
                                                          dialog.session.title)))

    def report_selected(self) -> None:
        session_id = self.selected_session()
        if not session_id:
            self.status.setText(self.tr("Select the session whose report to write first."))
            return
        self.open_report(session_id)

    def display_mode(self) -> None:
        from kiosk.ui.grid_display import GridDisplay

        self._display = GridDisplay(self.store)
        self._display.showFullScreen()

