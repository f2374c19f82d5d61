"""The facilitator's grid window and display mode, driven with pytest-qt."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from kiosk.grid.editor import GridEditor
from kiosk.ui.grid_display import GridDisplay
from kiosk.ui.grid_widgets import ID_ROLE, SessionList
from kiosk.ui.grid_window import GridWindow

from tests.support.event_data import small_grid


@pytest.fixture
def grid_window(qtbot, data_dir, store):
    small_grid(store)
    window = GridWindow(data_dir, store)
    qtbot.addWidget(window)
    window.show()
    return window


def drop(target, session_id: str) -> None:
    """What Qt delivers when a session is dragged from its list onto a cell or the parking area.

    QDrag.exec cannot be driven offscreen; everything around it is real: the source list makes
    the drag's data (mimeData), the target is asked to accept it (drag enter) and gets the drop,
    all through QApplication.sendEvent."""
    lists = [lst for lst in target.window().findChildren(SessionList) if lst.isVisible()]  # not those being deleted
    sources = [(lst, lst.item(row)) for lst in lists
               for row in range(lst.count()) if lst.item(row).data(ID_ROLE) == session_id]
    assert len(sources) == 1, f"session {session_id} is shown {len(sources)} times"
    source, item = sources[0]
    data = source.mimeData([item])
    assert set(source.mimeTypes()) <= set(data.formats())
    point = QPointF(5, 5)
    enter = QDragEnterEvent(point.toPoint(), Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target.viewport(), enter)
    assert enter.isAccepted(), "the target refused the session"
    event = QDropEvent(point, Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target.viewport(), event)


def test_intake_places_in_first_free_cell_and_prints_the_slip(qtbot, grid_window, data_dir):
    from kiosk.print.printers import PrinterRegistry
    from kiosk.print.queue import PrintQueue

    qtbot.keyClicks(grid_window.title_edit, "Wellbeing at work")
    qtbot.keyClicks(grid_window.convener_edit, "Sian Jones")  # QTest types ASCII only
    qtbot.keyClick(grid_window.convener_edit, Qt.Key.Key_Return)
    grid = grid_window.grid
    (session,) = grid.sessions
    assert grid.is_placed(session) and grid.slot(session.slot_id).start == "10:00"
    cell = grid_window.cells[(session.space_id, session.slot_id)]
    assert cell.count() == 1 and "Wellbeing at work" in cell.item(0).text()
    queue = PrintQueue(grid_window.store, PrinterRegistry(data_dir))
    (job,) = queue.jobs()
    assert job.kind == "slip" and job.code == session.id
    assert grid_window.title_edit.text() == "" and grid_window.title_edit.hasFocus()


def test_intake_refuses_an_empty_title(qtbot, grid_window):
    grid_window.convener_edit.setText("Ann")
    grid_window.add_button.click()
    assert "needs a title" in grid_window.status.text() and not grid_window.grid.sessions


def test_drag_to_another_cell_makes_a_clash_then_undo(qtbot, grid_window):
    editor = grid_window.editor
    a = editor.propose("A", ["Ann"], space="Main Hall", slot="10:00")
    b = editor.propose("B", ["Bob"], space="Garden", slot="10:00")
    grid_window.refresh()
    drop(grid_window.cells[(a.space_id, a.slot_id)], b.id)
    target = grid_window.cells[(a.space_id, a.slot_id)]  # redrawn from the model
    assert target.count() == 2 and "b71c1c" in target.styleSheet()  # a clash, marked
    assert "1 clash" in grid_window.status.text()
    grid_window.undo()
    assert grid_window.editor.session(b.id).placement == b.placement
    assert not grid_window.grid.clashes()


def test_drag_to_parking_and_back(qtbot, grid_window):
    a = grid_window.editor.propose("A", ["Ann"], space="Main Hall", slot="10:00")
    grid_window.refresh()
    drop(grid_window.parking, a.id)
    assert grid_window.parking.count() == 1 and not grid_window.grid.placed
    space = grid_window.grid.spaces[2]
    slot = grid_window.grid.slots[2]
    drop(grid_window.cells[(space.id, slot.id)], a.id)
    assert grid_window.editor.session(a.id).placement == {"space": space.id, "slot": slot.id}


def test_moving_a_pinned_session_asks(qtbot, grid_window, monkeypatch):
    a = grid_window.editor.propose("Keynote", ["Ann"], space="Main Hall", slot="10:00")
    grid_window.editor.pin(a.id)
    grid_window.refresh()
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kw: QMessageBox.StandardButton.No)
    drop(grid_window.parking, a.id)
    assert grid_window.editor.session(a.id).placement == a.placement
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kw: QMessageBox.StandardButton.Yes)
    drop(grid_window.parking, a.id)
    assert grid_window.editor.session(a.id).placement is None


def test_keyboard_park_selected(qtbot, grid_window):
    a = grid_window.editor.propose("A", ["Ann"], space="Main Hall", slot="10:00")
    grid_window.refresh()
    cell = grid_window.cells[(a.space_id, a.slot_id)]
    cell.setFocus()
    cell.setCurrentRow(0)
    qtbot.keyClick(cell, Qt.Key.Key_Delete)
    assert grid_window.editor.session(a.id).placement is None
    assert grid_window.status.text().startswith("Parked “A”. Ctrl+Z puts it back.")  # never silent


def focused_cell(qtbot, window, session):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    cell = window.cells[(session.space_id, session.slot_id)]
    cell.setFocus()
    cell.setCurrentRow(0)
    return cell


def test_grid_shortcuts_mean_what_they_mean_on_the_desk(qtbot, grid_window):
    """Ctrl+P prints (it used to park the session silently), Ctrl+M mutes on the desk and does
    nothing here (it used to merge), Delete parks with a word and Ctrl+Z brings it back."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QInputDialog

    a = grid_window.editor.propose("Wellbeing at work", ["Ann"], space="Main Hall", slot="10:00")
    grid_window.refresh()
    cell = focused_cell(qtbot, grid_window, a)
    asked = []

    def answer_print_dialog():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog) and w.isVisible())
        asked.append(dialog.labelText())
        dialog.reject()

    QTimer.singleShot(100, answer_print_dialog)
    qtbot.keyClick(cell, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["What to print:"]
    assert grid_window.editor.session(a.id).placement == a.placement  # still on the grid
    qtbot.keyClick(grid_window.cells[(a.space_id, a.slot_id)], Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert [s.id for s in grid_window.editor.grid().sessions] == [a.id]  # nothing merged
    cell = focused_cell(qtbot, grid_window, a)
    qtbot.keyClick(cell, Qt.Key.Key_Delete)
    assert grid_window.editor.session(a.id).placement is None
    qtbot.keyClick(grid_window.parking, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert grid_window.editor.session(a.id).placement == a.placement
    assert grid_window.status.text().startswith("Undone: “Wellbeing at work” is back where it was.")


def test_grid_menus_reach_every_action_from_the_keyboard(qtbot, grid_window):
    """Ctrl+N goes to the marketplace form, and the Session menu opens with Alt+S."""
    grid_window.activateWindow()
    qtbot.waitUntil(grid_window.isActiveWindow, timeout=3000)
    grid_window.table.setFocus()
    qtbot.keyClick(grid_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert grid_window.title_edit.hasFocus()
    titles = [a.text() for a in grid_window.menuBar().actions()]
    assert titles == ["&Session", "&Grid", "&Print", "&View", "&Help"]
    qtbot.keyClick(grid_window, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=3000)
    menu = QApplication.activePopupWidget()
    texts = [a.text() for a in menu.actions() if a.text()]
    assert "&Park selected" in texts and "Mer&ge selected into…" in texts
    park = next(a for a in menu.actions() if a.text() == "&Park selected")
    assert park.shortcut().toString() == "Del"
    menu.close()


def test_display_mode_highlights_now_and_next_and_follows_edits(qtbot, store):
    editor = GridEditor(store)
    editor.add_space("Main Hall")
    editor.add_slot("10:00", "11:00")
    editor.add_slot("11:00", "11:30", "Coffee", is_break=True)
    editor.add_slot("11:30", "12:30")
    editor.propose("Wellbeing at work", ["Siân"], space="Main Hall", slot="10:00")
    moment = [datetime(2026, 11, 23, 10, 15)]
    display = GridDisplay(store, clock=lambda: moment[0])
    qtbot.addWidget(display)
    assert display.now_row == 0 and display.next_row == 2
    layout = display.display_layout()  # what the painter draws
    assert [r.tag for r in layout.rows] == ["Now", "", "Next"]  # in words, not by colour alone
    assert layout.cell(0, 0).fill != layout.cell(2, 0).fill
    editor.propose("Data for good", ["Priya"], space="Main Hall", slot="11:30")
    display.refresh()
    assert ("Data for good",) in [b.lines for b in display.display_layout().cell(2, 0).blocks]
    moment[0] = datetime(2026, 11, 23, 11, 10)
    display.refresh()
    assert display.now_row == 1 and display.next_row == 2


def test_a_twelve_by_five_marketplace_with_sixty_proposals(qtbot, grid_window):
    editor = grid_window.editor
    for i in range(9):
        editor.add_space(f"Room {i + 1}")
    for start, end in (("13:30", "14:15"), ("14:15", "15:00"), ("15:00", "15:45")):
        editor.add_slot(start, end)
    for i in range(60):
        grid_window.title_edit.setText(f"Proposal {i + 1}")
        grid_window.convener_edit.setText(f"Convener {i + 1}")
        grid_window.print_slip.setChecked(False)
        grid_window.intake()
    grid = grid_window.grid
    assert len(grid.spaces) == 12 and len([s for s in grid.slots if not s.is_break]) == 5
    assert len(grid.placed) == 60 and not grid.parked and not grid.clashes()


def test_add_space_and_slot_during_the_day(qtbot, grid_window, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    from kiosk.ui.grid_window import SlotDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Some Place Else", True))
    grid_window.add_space()
    assert "Some Place Else" in [s.name for s in grid_window.grid.spaces]

    def fill(start, end):
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SlotDialog) and w.isVisible())
        dialog.start.setText(start)
        dialog.end.setText(end)
        dialog.buttons.accepted.emit()
        if dialog.isVisible():  # refused: say why, change nothing
            assert dialog.error.text()
            dialog.reject()

    QTimer.singleShot(50, lambda: fill("10:30", "11:15"))  # overlaps 10:00–11:00
    grid_window.add_slot()
    assert len(grid_window.grid.slots) == 3
    QTimer.singleShot(50, lambda: fill("13:30", "14:15"))
    grid_window.add_slot()
    assert [s.start for s in grid_window.grid.slots][-1] == "13:30"
    assert grid_window.table.rowCount() == 4


def test_merge_from_the_window(qtbot, grid_window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    a = grid_window.editor.propose("NHS data", ["Priya"], space="Main Hall", slot="10:00")
    b = grid_window.editor.propose("Data for good", ["Seán"], space="Garden", slot="10:00")
    grid_window.refresh()
    cell = grid_window.cells[(b.space_id, b.slot_id)]
    cell.setFocus()
    cell.setCurrentRow(0)
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, label, items, *rest, **kw: (
        next(i for i in items if i.startswith(a.id)), True))
    grid_window.merge_selected()
    kept = grid_window.editor.session(a.id)
    assert kept.conveners == ["Priya", "Seán"] and [s.id for s in grid_window.grid.sessions] == [a.id]


def test_print_the_grid_door_signs_and_proceedings(qtbot, grid_window):
    from pypdf import PdfReader

    grid_window.editor.propose("Wellbeing at work", ["Siân Jones"], space="Main Hall", slot="10:00")
    for index in range(4):
        grid_window.print_choice(index)
        assert grid_window.last_print.is_file() and PdfReader(grid_window.last_print).pages
    grid_window.print_choice(4)
    from kiosk.print.printers import PrinterRegistry
    from kiosk.print.queue import PrintQueue

    jobs = PrintQueue(grid_window.store, PrinterRegistry(grid_window.data)).jobs()
    assert jobs[0].kind == "gridlist"


def test_move_with_the_keyboard(qtbot, grid_window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    a = grid_window.editor.propose("A", ["Ann"], space="Main Hall", slot="10:00")
    grid_window.refresh()
    cell = grid_window.cells[(a.space_id, a.slot_id)]
    cell.setFocus()
    cell.setCurrentRow(0)
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, label, items, *rest, **kw: (
        next(i for i in items if i.startswith("11:30–12:30 · Garden")), True))
    grid_window.move_selected()
    moved = grid_window.editor.session(a.id)
    assert grid_window.grid.space(moved.space_id).name == "Garden"
    assert grid_window.grid.slot(moved.slot_id).start == "11:30"


def test_grid_window_screenshot(qtbot, data_dir, tmp_path):
    """The facilitator's grid on the demo event at 1366×768, with a session selected (its ring
    shows); kept in docs/ for the README."""
    from kiosk.demo.event import ensure_demo

    from tests.support.paths import screenshot_dir

    store, _ = ensure_demo(data_dir, 100)
    window = GridWindow(data_dir, store)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    cell = next(c for c in window.cells.values() if c.count())
    cell.setFocus()
    cell.setCurrentRow(0)
    pixmap = window.grab()
    assert pixmap.width() >= 1000
    pixmap.save(str(screenshot_dir(tmp_path) / "grid-window.png"))
    window.close()
    store.close()
