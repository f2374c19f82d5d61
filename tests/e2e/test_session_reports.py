"""Session reports on the day: a slip's QR scanned at the desk or over the grid window opens the
session's report form, filled and saved with the keyboard; the CLI's report reaches the actions
CSV and the book of proceedings; reports sync between two laptops through a real hub."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import zxingcpp
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel

from kiosk.grid.editor import GridEditor
from kiosk.grid.pdf import slip_pdf
from kiosk.grid.reports import Action, report_of
from kiosk.ui.session_report import SessionReportDialog

from tests.support.cli import assert_clean_failure, kiosk, kiosk_json
from tests.support.event_data import small_grid
from tests.support.hub import paired_kiosk


def scan(qtbot, widget, text: str) -> None:
    """A scanner: every key of the code at once, then Enter (as tests/e2e/test_desk_window.py)."""
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def person_types(qtbot, widget, text: str) -> None:
    """A person at the keyboard: slower than the desk's scanner threshold (40 ms between keys)."""
    qtbot.keyClicks(widget, text, delay=55)


def slip_qr(store, session_id: str, tmp_path: Path) -> str:
    """What the session's printed slip says to a scanner: the QR read back from the page."""
    editor = GridEditor(store)
    out = tmp_path / "slip.pdf"
    slip_pdf(editor.grid(), editor.session(session_id), store.event_info(), out, qr=f"session:{session_id}")
    import subprocess

    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(out), str(tmp_path / "slip")], check=True)
    found = zxingcpp.read_barcodes(QImage(str(tmp_path / "slip.png")).convertToFormat(QImage.Format.Format_Grayscale8))
    assert len(found) == 1
    return found[0].text


def the_form(qtbot) -> SessionReportDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), SessionReportDialog), timeout=3000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, SessionReportDialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    return dialog


def fill_and_save(qtbot, dialog: SessionReportDialog) -> None:
    """Participants, Tab, key points, Tab, an action, Tab, its owner, ... Enter in a line saves."""
    assert dialog.focusWidget() is dialog.participants  # the form opens on its first field
    person_types(qtbot, dialog.participants, "14")
    qtbot.keyClick(dialog.participants, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.key_points
    person_types(qtbot, dialog.key_points, "Start discharge at 10")
    qtbot.keyClick(dialog.key_points, Qt.Key.Key_Tab)
    first, owner = dialog.action_rows[0]
    assert dialog.focusWidget() is first
    person_types(qtbot, first, "Write to the board")
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is owner
    person_types(qtbot, owner, "Sian")
    qtbot.wait(100)  # a person's pause before a shortcut
    qtbot.keyClick(owner, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # one more row, and into it
    extra, extra_owner = dialog.action_rows[-1]
    assert len(dialog.action_rows) == 4
    qtbot.waitUntil(lambda: dialog.focusWidget() is extra, timeout=2000)
    person_types(qtbot, extra, "Ask the porters")
    qtbot.keyClick(extra, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is extra_owner
    person_types(qtbot, extra_owner, "Ward 3")
    dialog.involve.setFocus()
    person_types(qtbot, dialog.involve, "Porters")
    qtbot.keyClick(extra_owner, Qt.Key.Key_Return)


def assert_recorded(store, session_id: str) -> None:
    report = report_of(GridEditor(store).session(session_id))
    assert report.participants == 14 and report.key_points == "Start discharge at 10"
    assert report.actions == [Action("Write to the board", "Sian"), Action("Ask the porters", "Ward 3")]
    assert report.involve == ["Porters"]


@pytest.fixture
def placed(store):
    editor = small_grid(store)
    return editor.propose("Waiting lists", ["Siân Jones"], space="Garden", slot="10:00")


def test_a_slip_scanned_at_the_desk_opens_its_report_form(qtbot, window, store, placed, tmp_path):
    code = slip_qr(store, placed.id, tmp_path)
    assert code == f"session:{placed.id}"
    window.search.setFocus()
    scan(qtbot, window.search, code)
    dialog = the_form(qtbot)
    assert window.search.text() == "" and window.result_panel.state != "invalid"  # not taken for a ticket
    assert "Waiting lists" in dialog.windowTitle()
    heading = next(label for label in dialog.findChildren(QLabel) if label.accessibleName() == "Session")
    assert "10:00–11:00, Garden" in heading.text() and "Siân Jones" in heading.text()
    fill_and_save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    assert_recorded(store, placed.id)


def test_a_slip_scanned_over_the_grid_window_opens_the_form_there(qtbot, window, store, placed, tmp_path):
    window.open_grid()
    grid = window.grid_window
    qtbot.waitExposed(grid)
    grid.activateWindow()
    qtbot.waitUntil(grid.isActiveWindow, timeout=3000)
    grid.title_edit.setFocus()
    scan(qtbot, grid.title_edit, slip_qr(store, placed.id, tmp_path))
    dialog = the_form(qtbot)
    assert dialog.parent() is grid and grid.title_edit.text() == ""
    fill_and_save(qtbot, dialog)
    qtbot.waitUntil(lambda: "Saved the report" in grid.status.text(), timeout=3000)
    assert_recorded(store, placed.id)
    (item,) = [cell.item(0) for cell in grid.cells.values() if cell.count()]
    assert item.text().endswith("Siân Jones · report in")  # the wall shows whose report is in, in words
    grid.close()


def test_the_grid_windows_menu_opens_the_selected_sessions_report(qtbot, data_dir, store, placed):
    from kiosk.ui.grid_widgets import SessionList
    from kiosk.ui.grid_window import GridWindow

    grid = GridWindow(data_dir, store)
    qtbot.addWidget(grid)
    grid.show()
    qtbot.waitExposed(grid)
    grid.activateWindow()
    qtbot.waitUntil(grid.isActiveWindow, timeout=3000)
    qtbot.keyClick(grid, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert "Select the session" in grid.status.text()  # nothing selected: said, no form
    cell = next(lst for lst in grid.findChildren(SessionList) if lst.count() and lst.space_id)
    cell.setFocus()
    cell.setCurrentRow(0)
    qtbot.keyClick(cell, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = the_form(qtbot)
    assert dialog.session.id == placed.id
    dialog.reject()
    grid.close()


def test_a_part_emptied_in_the_form_is_emptied_in_the_report(qtbot, window, store, placed):
    GridEditor(store).report(placed.id, participants=12, key_points="Old", actions=[Action("Call", "Ann")])
    scan(qtbot, window.search, f"session:{placed.id}")
    dialog = the_form(qtbot)
    assert dialog.participants.text() == "12" and dialog.action_rows[0][1].text() == "Ann"
    qtbot.keyClick(dialog.participants, Qt.Key.Key_Backspace)  # its text is selected on entry
    for edit in dialog.action_rows[0]:
        edit.clear()
    qtbot.keyClick(dialog.participants, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    report = report_of(GridEditor(store).session(placed.id))
    assert report.participants is None and report.actions == [] and report.key_points == "Old"


def test_a_report_the_rules_refuse_keeps_the_form_open_with_words(qtbot, window, store, placed):
    scan(qtbot, window.search, f"session:{placed.id}")
    dialog = the_form(qtbot)
    first, _owner = dialog.action_rows[0]
    first.setFocus()
    person_types(qtbot, first, "Write to the board")
    qtbot.keyClick(first, Qt.Key.Key_Return)  # no owner
    assert dialog.isVisible() and "needs an owner" in dialog.error.text() and dialog.error.isVisible()
    assert report_of(GridEditor(store).session(placed.id)).empty  # nothing recorded
    dialog.reject()


def test_the_slip_of_a_session_merged_since_opens_the_one_it_joined(qtbot, window, store, placed):
    other = GridEditor(store).propose("Lists and waits", ["Ann"])
    GridEditor(store).merge(other.id, placed.id)
    scan(qtbot, window.search, f"session:{other.id}")
    dialog = the_form(qtbot)
    assert dialog.session.id == placed.id
    assert any("was merged into this session" in label.text() for label in dialog.findChildren(QLabel))
    dialog.reject()


def test_a_slip_from_another_event_is_said_in_words(qtbot, window, placed):
    scan(qtbot, window.search, "session:SZZZZZ")
    qtbot.waitUntil(lambda: bool(window.property("session_report_problem")), timeout=3000)
    assert "not in this event's grid" in window.property("session_report_problem")
    assert window.result_panel.state != "checked_in"


def test_a_report_by_cli_reaches_the_actions_csv_and_the_proceedings(tmp_path):
    data = tmp_path / "laptop"
    kiosk_json(data, "event", "create", "day", "--name", "Community day", "--date", "2026-05-01")
    kiosk_json(data, "grid", "space", "add", "Garden")
    kiosk_json(data, "grid", "slot", "add", "10:00", "11:00")
    kiosk_json(data, "grid", "slot", "add", "11:00", "12:00")
    late = kiosk_json(data, "grid", "propose", "Later talk", "--convener", "Ann", "--space", "Garden",
                      "--slot", "11:00")["id"]
    early = kiosk_json(data, "grid", "propose", "Waiting lists", "--convener", "Siân", "--space", "Garden",
                       "--slot", "10:00")["id"]
    answer = kiosk_json(data, "grid", "report", f"session:{early}", "--participants", "14", "--key-points",
                        "Start discharge at 10", "--action", "Write to the board|Siân Jones",
                        "--action", "=HYPERLINK(\"http://x\")|@Ward 3", "--involve", "Porters")
    assert answer["report"]["actions"] == [{"text": "Write to the board", "owner": "Siân Jones"},
                                           {"text": "=HYPERLINK(\"http://x\")", "owner": "@Ward 3"}]
    kiosk_json(data, "grid", "report", late, "--action", "Book a room|Ann")
    assert_clean_failure(kiosk(data, "grid", "report", late, "--action", "No owner here"), 2)
    assert_clean_failure(kiosk(data, "grid", "report", late, "--participants", "many"), 2)

    kiosk_json(data, "grid", "export", "--format", "actions", "--out", str(tmp_path / "actions.csv"))
    rows = list(csv.reader(io.StringIO((tmp_path / "actions.csv").read_text("utf-8-sig"))))
    assert rows == [["session", "space", "slot", "action", "owner"],
                    ["Waiting lists", "Garden", "10:00–11:00", "Write to the board", "Siân Jones"],
                    ["Waiting lists", "Garden", "10:00–11:00", "'=HYPERLINK(\"http://x\")", "'@Ward 3"],
                    ["Later talk", "Garden", "11:00–12:00", "Book a room", "Ann"]]

    kiosk_json(data, "grid", "export", "--format", "proceedings", "--out", str(tmp_path / "book.pdf"))
    text = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "book.pdf").pages)
    for words in ("14 took part", "Start discharge at 10", "Write to the board — Siân Jones",
                  "People to involve", "Porters", "Book a room — Ann"):
        assert words in text, words
    assert text.index("Waiting lists") < text.index("Later talk")  # in time order


def test_reports_sync_between_two_laptops_through_a_hub(hub, tmp_path):
    one = paired_kiosk(hub, tmp_path / "one", "Desk 1")
    two = paired_kiosk(hub, tmp_path / "two", "Desk 2")
    kiosk_json(one, "grid", "space", "add", "Garden")
    kiosk_json(one, "grid", "slot", "add", "10:00", "11:00")
    session = kiosk_json(one, "grid", "propose", "Waiting lists", "--convener", "Siân", "--first-free")["id"]
    kiosk_json(one, "sync", "--once")
    kiosk_json(two, "sync", "--once")
    # Offline on both: the count on one laptop, the actions on the other.
    kiosk_json(one, "grid", "report", session, "--participants", "14")
    kiosk_json(two, "grid", "report", session, "--action", "Write to the board|Siân", "--involve", "Porters")
    for _ in range(2):
        kiosk_json(one, "sync", "--once")
        kiosk_json(two, "sync", "--once")
    for laptop in (one, two):
        shown = next(s for s in kiosk_json(laptop, "grid", "show")["sessions"] if s["id"] == session)
        assert shown["participants"] == 14
        assert shown["actions"] == [{"text": "Write to the board", "owner": "Siân"}]
        assert shown["involve"] == ["Porters"]
