"""The grid as a facilitator meets it at the marketplace (issue 15): a session added through the
form with the keyboard is highlighted where it went, the confirmation stays until the next action
and says where the slip went; titles and conveners are drawn in two styles. Display mode is in
test_grid_display.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStyleOptionViewItem

from kiosk.grid.editor import GridEditor
from kiosk.ui.grid_widgets import ID_ROLE, SessionDelegate

from tests.support.event_data import small_grid
from tests.support.printer_fakes import TcpPrinter


def open_grid(qtbot, desk):
    """Ctrl+G on the desk, as a facilitator would."""
    desk.activateWindow()
    qtbot.waitUntil(desk.isActiveWindow, timeout=3000)
    qtbot.keyClick(desk, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(desk, "grid_window", None) is not None and desk.grid_window.isVisible(),
                    timeout=3000)
    grid = desk.grid_window
    grid.activateWindow()
    qtbot.waitUntil(grid.isActiveWindow, timeout=3000)
    return grid


def add_with_keys(qtbot, grid, title: str, convener: str) -> None:
    """Into the title (Alt+T, its label's key), the title, Tab, the convener, Enter: the marketplace
    form without a mouse, at a person's pace (the desk's scanner detector takes a fast burst
    ending in Tab for a scan)."""
    qtbot.keyClick(grid, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert grid.title_edit.hasFocus()
    qtbot.keyClicks(grid.title_edit, title, delay=60)
    qtbot.wait(100)
    qtbot.keyClick(grid.title_edit, Qt.Key.Key_Tab)
    assert grid.convener_edit.hasFocus()
    qtbot.keyClicks(grid.convener_edit, convener, delay=60)
    qtbot.wait(100)
    qtbot.keyClick(grid.convener_edit, Qt.Key.Key_Return)


def only_session(grid, title: str):
    (session,) = [s for s in grid.editor.grid().sessions if s.title == title]
    return session


def test_a_new_session_is_highlighted_and_its_confirmation_stays_until_the_next_action(qtbot, window, store):
    small_grid(store)
    grid = open_grid(qtbot, window)
    add_with_keys(qtbot, grid, "Wellbeing at work", "Sian Jones")

    session = only_session(grid, "Wellbeing at work")
    key = (session.space_id, session.slot_id)
    cell = grid.cells[key]
    assert grid.feedback.highlighted_cell() is cell
    assert cell.currentItem().data(ID_ROLE) == session.id and cell.currentItem().isSelected()
    assert cell.highlighted() == [session.id]
    assert grid.title_edit.hasFocus()  # ready for the next proposal
    assert grid.status.text().startswith("Added “Wellbeing at work” in Main Hall, 10:00–11:00.")

    # No slip printer is set up: the desk's printing saves the slip as a PDF, and says where.
    qtbot.waitUntil(lambda: "saved to" in grid.status.text(), timeout=20000)
    text = grid.status.text()
    assert "No slip printer is set up, so the slip was saved to " in text
    saved = Path(text.split("saved to ", 1)[1].split(".pdf", 1)[0] + ".pdf")
    assert saved.is_file() and saved.read_bytes().startswith(b"%PDF")

    # Another desk adds a space meanwhile: the window redraws, the words and the mark stay.
    GridEditor(store).add_space("Library")
    qtbot.wait(3000)
    assert grid.cells[key] is not cell  # the grid was drawn again in those 3 s
    assert "Library" in [s.name for s in grid.grid.spaces]
    assert grid.status.text().startswith("Added “Wellbeing at work” in Main Hall, 10:00–11:00. No slip printer")
    assert "saved to" in grid.status.text()
    assert grid.cells[key].highlighted() == [session.id]

    # The next action: the confirmation and the mark move to the new session.
    add_with_keys(qtbot, grid, "Data for good", "Priya")
    second = only_session(grid, "Data for good")
    assert grid.status.text().startswith("Added “Data for good” in Garden, 10:00–11:00.")
    assert "Wellbeing at work" not in grid.status.text()
    assert grid.cells[key].highlighted() == []
    assert grid.feedback.highlighted_cell() is grid.cells[(second.space_id, second.slot_id)]


def test_the_slip_printed_on_a_thermal_printer_is_named(qtbot, window, store):
    small_grid(store)
    printer = TcpPrinter()
    try:
        window.registry.add("Thermal", printer.uri, profile="TM-T20II")
        window.registry.assign("slips", "Thermal")
        grid = open_grid(qtbot, window)
        add_with_keys(qtbot, grid, "Peer support", "Ann")
        qtbot.waitUntil(lambda: "Slip printed" in grid.status.text(), timeout=20000)
        assert grid.status.text().startswith("Added “Peer support” in Main Hall, 10:00–11:00. "
                                             "Slip printed on “Thermal”.")
        assert len(printer.jobs) == 1 and b"Peer support" in printer.jobs[0]
    finally:
        printer.close()


def test_a_slip_printer_that_does_not_answer_is_said_in_words(qtbot, window, store):
    import socket

    small_grid(store)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    window.registry.add("Thermal", f"escpos+tcp://127.0.0.1:{port}")
    window.registry.assign("slips", "Thermal")
    grid = open_grid(qtbot, window)
    add_with_keys(qtbot, grid, "Peer support", "Ann")
    qtbot.waitUntil(lambda: "not printed" in grid.status.text(), timeout=20000)
    text = grid.status.text()
    assert text.startswith("Added “Peer support” in Main Hall, 10:00–11:00. Slip not printed yet: The printer "
                           "“Thermal” is not answering: check it is switched on and connected.")
    for raw in ("rrno", "127.0.0.1", "escpos", "socket", "refused", "badge"):
        assert raw not in text
    assert "#ad1457" in grid.status.styleSheet()  # the problem's colour, not the confirmation's green


def test_a_slip_not_wanted_and_a_parked_session_say_so(qtbot, window, store):
    small_grid(store)
    grid = open_grid(qtbot, window)
    grid.where.setCurrentIndex(grid.where.findData("parked"))
    grid.print_slip.setChecked(False)
    add_with_keys(qtbot, grid, "Sleep and shift work", "Bob")
    session = only_session(grid, "Sleep and shift work")
    assert grid.status.text().startswith("Added “Sleep and shift work” to the parked list")
    assert "No slip printed (“Print the slip” is off)." in grid.status.text()
    assert grid.feedback.highlighted_cell() is grid.parking
    assert grid.parking.currentItem().data(ID_ROLE) == session.id


def test_a_moved_session_is_highlighted_where_it_went(qtbot, grid_window_alone):
    grid = grid_window_alone
    a = grid.editor.propose("Frailty at the front door", ["Ann"], space="Main Hall", slot="10:00")
    grid.refresh()
    target = next(s for s in grid.grid.slots if s.start == "11:30")
    garden = next(s for s in grid.grid.spaces if s.name == "Garden")
    grid.drop(a.id, garden.id, target.id)
    assert grid.cells[(garden.id, target.id)].highlighted() == [a.id]
    assert grid.status.text().startswith("Moved “Frailty at the front door” to Garden, 11:30–12:30.")
    grid.drop(a.id, None, None)  # parked: the parked list shows it, marked
    assert grid.parking.highlighted() == [a.id]
    assert grid.parking.currentItem().data(ID_ROLE) == a.id
    assert grid.cells[(garden.id, target.id)].highlighted() == []


@pytest.fixture
def grid_window_alone(qtbot, data_dir, store):
    from kiosk.ui.grid_window import GridWindow

    small_grid(store)
    window = GridWindow(data_dir, store)
    qtbot.addWidget(window)
    window.show()
    return window


def test_titles_are_bold_and_conveners_lighter_in_cells_clashes_and_the_parked_list(qtbot, grid_window_alone):
    grid = grid_window_alone
    grid.editor.propose("Wellbeing at work", ["Siân Jones"], space="Main Hall", slot="10:00")
    grid.editor.propose("Data for good", ["Priya"], space="Main Hall", slot="10:00")  # a clash
    grid.editor.propose("Social prescribing", ["Seán"])  # parked
    grid.refresh()
    for lst in (grid.cells[(grid.grid.spaces[0].id, grid.grid.slots[0].id)], grid.parking):
        delegate = lst.itemDelegate()
        assert isinstance(delegate, SessionDelegate)
        title_font, convener_font = delegate.fonts(lst.font())
        assert title_font.bold() and not convener_font.bold()
        assert convener_font.pointSizeF() < title_font.pointSizeF()
        # The two sessions of a clash do not run together: each title starts its own block.
        option = QStyleOptionViewItem()
        option.font = lst.font()
        option.rect = QRect(0, 0, 240, 0)
        option.widget = lst
        title_rect, names_rect, _ = delegate.text_rects(option, lst.model().index(0, 0))
        assert names_rect.top() > title_rect.top() and names_rect.height() > 0
    # What is painted: the convener's grey is there, and lighter than the title's near-black.
    cell = grid.cells[(grid.grid.spaces[0].id, grid.grid.slots[0].id)]
    cell.resize(300, 200)
    image = cell.viewport().grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}
    assert "#51565c" in colours or any(_close(c, "#51565c") for c in colours)


def _close(name: str, target: str) -> bool:
    a, b = QColor(name), QColor(target)
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 6


def test_a_refusal_after_a_confirmation_is_not_shown_in_green(qtbot, grid_window_alone):
    grid = grid_window_alone
    grid.print_slip.setChecked(False)
    grid.title_edit.setFocus()
    qtbot.keyClicks(grid.title_edit, "Measuring what matters")
    qtbot.keyClicks(grid.convener_edit, "Ann")
    qtbot.keyClick(grid.convener_edit, Qt.Key.Key_Return)
    assert grid.status.text().startswith("Added “Measuring what matters”")
    assert "#2e7d32" in grid.status.styleSheet()  # the confirmation's green edge
    qtbot.keyClicks(grid.convener_edit, "Bob")
    qtbot.keyClick(grid.convener_edit, Qt.Key.Key_Return)  # no title
    assert "needs a title" in grid.status.text()
    assert "#2e7d32" not in grid.status.styleSheet()


def test_the_new_session_is_scrolled_into_view_in_a_crowded_cell(qtbot, grid_window_alone):
    grid = grid_window_alone
    for i in range(12):  # a clash of twelve: the cell's list scrolls
        grid.editor.propose(f"Crowded session number {i + 1} with a long title", ["Ann"], space="Main Hall",
                            slot="10:00")
    grid.refresh()
    grid.print_slip.setChecked(False)
    grid.where.setCurrentIndex(grid.where.findText("10:00 · Main Hall"))
    grid.title_edit.setFocus()
    qtbot.keyClicks(grid.title_edit, "The last one in")
    qtbot.keyClicks(grid.convener_edit, "Bob")
    qtbot.keyClick(grid.convener_edit, Qt.Key.Key_Return)
    session = only_session(grid, "The last one in")
    cell = grid.cells[(session.space_id, session.slot_id)]
    item = cell.currentItem()
    assert item.data(ID_ROLE) == session.id and cell.highlighted() == [session.id]
    qtbot.waitUntil(lambda: cell.viewport().rect().contains(cell.visualItemRect(item).adjusted(0, 0, 0, -1)),
                    timeout=3000)  # the whole of it
    assert cell.verticalScrollBar().value() > 0  # scrolled down to it: it is the last of thirteen
