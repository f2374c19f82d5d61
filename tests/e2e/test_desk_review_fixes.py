"""The volunteer review of the desk (issue 15 follow-up): each finding driven through the real
widgets, keys and clicks as a person would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.hub.host import HOST_FILE
from kiosk.store.datadir import DataDir
from kiosk.store.settings import Settings
from kiosk.ui.desk_menus import FOCUS_COLOUR
from kiosk.ui.desk_window import DeskWindow
from kiosk.ui.dialogs import SettingsDialog
from kiosk.ui.grid_window import GridWindow
from kiosk.ui.sync_dialog import JoinHubDialog

from tests.support.event_data import add_attendee, small_grid
from tests.support.hub import free_port, sharing_laptop
from tests.support.paths import screenshot_dir

WAIT_MS = 30000  # a hub child starting on a loaded 2-core machine


def _office(folder: Path, port: int) -> DataDir:
    data = DataDir(folder)
    with data.create("day", "Conference Day") as store:
        for n in (1, 2):
            add_attendee(store, f"TICKET-{n}", first_name=f"Person{n}", last_name="Example")
    (folder / "hub").mkdir(parents=True, exist_ok=True)
    (folder / "hub" / HOST_FILE).write_text(json.dumps({"port": port}))  # the port tried first
    return data


def _scan_into(qtbot, dialog: JoinHubDialog, text: str) -> None:
    dialog.form.code_edit.setFocus()
    qtbot.keyClicks(dialog.form.code_edit, text)
    qtbot.keyClick(dialog.form.code_edit, Qt.Key.Key_Return)


def _join_dialog(qtbot, data: DataDir) -> JoinHubDialog:
    dialog = JoinHubDialog(data)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_joining_desk_takes_the_name_the_hub_gave_it_unless_named(qtbot, tmp_path):
    office = _office(tmp_path / "office", free_port())
    with sharing_laptop(office) as host:
        # A fresh laptop, still "Desk 1" (the first-run question answered with Enter).
        fresh = DataDir(tmp_path / "fresh")
        Settings.update(fresh, desk_named=True)
        offer = host.offer("day")
        assert offer.device == "Desk 2"
        dialog = _join_dialog(qtbot, fresh)
        _scan_into(qtbot, dialog, offer.text)
        qtbot.waitUntil(lambda: dialog.joined is not None, timeout=WAIT_MS)
        assert fresh.device()[1] == "Desk 2" and dialog.joined.renamed

        window = DeskWindow(fresh, fresh.open_current())
        qtbot.addWidget(window)
        window.show()
        assert "Desk 2" in window.header.text()
        asked: list[str] = []

        def close_any_modal() -> None:
            modal = QApplication.activeModalWidget()
            if modal is not None:
                asked.append(modal.windowTitle())
                modal.close()
        QTimer.singleShot(500, close_any_modal)
        window.name_desk_once()  # first run after the join: its name is known, nothing is asked
        qtbot.wait(600)
        assert asked == []
        window.check_in("TICKET-1")
        assert [a.device for a in window.desk.admissions("TICKET-1")] == ["Desk 2"]
        window.close()

        # A laptop someone named keeps its name.
        named = DataDir(tmp_path / "named")
        named.set_device_name("Front door")
        offer = host.offer("day")
        dialog = _join_dialog(qtbot, named)
        _scan_into(qtbot, dialog, offer.text)
        qtbot.waitUntil(lambda: dialog.joined is not None, timeout=WAIT_MS)
        assert named.device()[1] == "Front door" and not dialog.joined.renamed


def test_a_hub_that_is_not_there_is_said_in_words(qtbot, tmp_path):
    port = free_port()  # nothing listens on it
    data = DataDir(tmp_path / "laptop")
    dialog = _join_dialog(qtbot, data)
    qtbot.keyClicks(dialog.form.url_edit, f"127.0.0.1:{port}")
    _scan_into(qtbot, dialog, "K7QM-3XPD-HW9R")
    qtbot.waitUntil(lambda: dialog.form.message.text() not in ("", "Pairing…"), timeout=WAIT_MS)
    text = dialog.form.message.text()
    assert text == (f"Not paired. Nothing is answering at 127.0.0.1:{port}. Check the address, that the "
                    "sharing laptop has pressed Start sharing, and that both laptops are on the same network.")
    assert "Errno" not in text and "refused" not in text


def _answer_dialog(qtbot, kind: type, keys: str) -> list[str]:
    """The next `kind` dialog gets Ctrl+A, `keys` and Enter in its focused field, as a person
    types them; closed with Escape if Enter did not close it (the test then fails, not hangs)."""
    seen: list[str] = []

    def answer() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(50, answer)
            return
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
        focus = QApplication.focusWidget()
        seen.append(focus.accessibleName())
        qtbot.keyClick(focus, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(focus, keys, delay=60)  # a person's pace: not taken for a scanner
        qtbot.wait(150)
        qtbot.keyClick(focus, Qt.Key.Key_Return)
        if dialog.isVisible():
            seen.append("still open")
            dialog.reject()
    QTimer.singleShot(50, answer)
    return seen


def test_an_unpaired_desk_counts_its_own_check_ins_after_a_rename(qtbot, window):
    window.check_in("CODE-0001")
    window.check_in("CODE-0002")
    seen = _answer_dialog(qtbot, SettingsDialog, "Front door")
    window.open_settings()  # the name field has the focus: the desk is renamed
    assert seen == ["Desk name"] and window.store.device_name == "Front door"
    window.sync._refresh()
    # Counted by this laptop's id, not its name: both are still its own, and nothing else is.
    assert window.sync_button.text() == "Working on this laptop only · 2 check-ins not yet shared"


def test_statistics_say_ticket_types_in_words_and_hide_a_list_without_them(qtbot, data_dir):
    store = data_dir.create("plain", "Plain List")
    for n in range(5):
        add_attendee(store, f"PLAIN-{n}", ticket_type="")
    window = DeskWindow(data_dir, store)
    qtbot.addWidget(window)
    window.show()
    try:
        window.refresh_stats()
        panel = window.stats_panel
        assert panel.headline.text() == "0 of 5 checked in"
        assert not panel.by_type.isVisible()  # not "(none): 0/5"
        add_attendee(store, "SPEAKER-1", ticket_type="Speaker")
        window.check_in("SPEAKER-1")
        window.refresh_stats()
        assert panel.by_type.isVisible()
        assert panel.by_type.text() == "No ticket type: 0 of 5   Speaker: 1 of 1"
        assert "(none)" not in panel.by_type.text() and "/" not in panel.by_type.text()
    finally:
        window.close()
        store.close()


def test_the_main_actions_stay_on_a_1366_by_700_screen_whatever_banners_show(qtbot, window):
    from kiosk.attendees.notices import raise_notice

    window.resize(1366, 700)
    qtbot.wait(50)
    assert window.minimumSizeHint().height() <= 640
    raise_notice(window.store, "access_needs", "CODE-0001", "Siân Jones asks for help: wheelchair user", "Kiosk")
    window.notices_panel.refresh()
    qtbot.keyClicks(window.search, "Jones", delay=60)
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.attendee_panel.code == "CODE-0001", timeout=5000)
    # What the desk shows after a badge saved as PDF while the printer is still off. Nothing was
    # queued here, so the print worker's next status would hide the banner: it is not listened to.
    assert window.print_worker is not None
    window.print_worker.status.disconnect(window._printer_status)
    window.print_notice.printed("Badge", "Thermal", "/tmp/badges/badge-CODE-0001-Sian-Jones.pdf")
    window.printer_banner.show_problem("The printer Thermal is not answering: check it is switched on and "
                                       "connected. 1 badge is waiting: it prints when it is back.")
    window.resize(1366, 700)  # a 768-pixel screen less its title bar and taskbar
    qtbot.wait(100)
    assert window.notices_panel.isVisible() and window.printer_banner.isVisible() and window.print_notice.isVisible()
    assert window.height() == 700
    for button in (window.attendee_panel.check_in_button, window.attendee_panel.print_button, window.sync_button):
        assert button.isVisible() and button.visibleRegion() == button.rect(), button.text()


def test_the_focus_ring_never_cuts_a_buttons_words(qtbot, window):
    window.resize(1366, 700)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.print_worker.status.disconnect(window._printer_status)  # nothing queued: it would hide the banner
    window.printer_banner.show_problem("The printer Thermal is not answering: check it is switched on.")
    qtbot.wait(50)
    assert window.printer_banner.isVisible()
    banner = window.printer_banner
    for button in (banner.retry_button, banner.other_button, banner.pdf_button):
        unfocused = button.width()
        button.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(button.hasFocus, timeout=2000)
        qtbot.wait(20)
        assert button.width() == unfocused
        assert button.sizeHint().width() <= button.width(), button.text()
        # The words fit inside the ring: the content area is the button less 3 px ring and 8 px padding.
        text = button.text().replace("&", "")
        room = button.width() - 2 * (3 + 8)
        assert button.fontMetrics().horizontalAdvance(text) <= room, text
        image = button.grab().toImage()
        assert image.pixelColor(1, button.height() // 2).name() == FOCUS_COLOUR


@pytest.fixture
def grid_window(qtbot, data_dir, store):
    small_grid(store)
    window = GridWindow(data_dir, store)
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    return window


def test_grid_arrows_move_to_the_session_above_or_below_in_the_same_space(qtbot, grid_window):
    editor = grid_window.editor
    first = editor.propose("Soil health", ["Ann"], space="Garden", slot="10:00")
    later = editor.propose("Seed swap", ["Bob"], space="Garden", slot="11:30")
    editor.propose("Elsewhere", ["Cai"], space="Main Hall", slot="11:30")
    grid_window.refresh()
    top = grid_window.cells[(first.space_id, first.slot_id)]
    top.setFocus()
    top.setCurrentRow(0)
    qtbot.keyClick(top, Qt.Key.Key_Down)  # past the coffee break, to 11:30 in the Garden
    below = grid_window.cells[(later.space_id, later.slot_id)]
    assert below.hasFocus() and below.currentItem().text().startswith("Seed swap")
    qtbot.keyClick(below, Qt.Key.Key_Down)  # nothing further down: it stays, still chosen
    assert below.hasFocus() and below.currentRow() == 0
    qtbot.keyClick(below, Qt.Key.Key_Up)
    assert top.hasFocus() and top.currentRow() == 0
    qtbot.keyClick(top, Qt.Key.Key_Down)
    qtbot.keyClick(grid_window.focusWidget(), Qt.Key.Key_Delete)  # Delete now parks the chosen session
    assert editor.session(later.id).placement is None


def test_a_clash_is_said_in_words_and_both_sessions_show(qtbot, grid_window, tmp_path):
    editor = grid_window.editor
    for hour in range(13, 19):  # a full day: each row is short, as in the review's marketplace
        editor.add_slot(f"{hour}:00", f"{hour}:45")
    editor.propose("Seed swap", ["Ann Example"], space="Garden", slot="11:30")
    editor.propose("Composting for small gardens and balconies", ["Bob Example"], space="Garden", slot="11:30")
    grid_window.refresh()
    assert grid_window.status.text().endswith("1 clash to resolve: two sessions in Garden at 11:30")
    assert "(es)" not in grid_window.status.text()
    space = grid_window.grid.spaces[1]
    cell = grid_window.cells[(space.id, grid_window.grid.slots[2].id)]
    qtbot.waitUntil(lambda: cell.clash_label is not None and cell.clash_label.isVisible(), timeout=2000)
    assert cell.clash_label.text() == "⚠ Clash: 2 sessions"
    qtbot.wait(50)
    for row in range(cell.count()):  # both whole in view: no scroll bar hiding the second
        rect = cell.visualItemRect(cell.item(row))
        assert cell.viewport().rect().contains(rect), row
    grid_window.grab().save(str(screenshot_dir(tmp_path) / "grid-clash.png"))


def test_the_mapping_step_finds_a_choice_by_typing_without_opening_its_list(qtbot, tmp_path):
    from kiosk.importer.preview import preview_file
    from kiosk.ui.import_mapping import MappingStep

    sheet = tmp_path / "delegates.csv"
    sheet.write_text("Ref,First name,Surname,Company\nR-1001,Nia,Evans,NHS Wales\nR-1002,Cai,Morgan,\n",
                     encoding="utf-8")
    step = MappingStep()
    qtbot.addWidget(step)
    step.show_preview(preview_file(sheet))
    step.show()
    # The Ref column holds what look like ticket codes: read as them, and said so.
    assert step.combo_for("Ref").currentText() == "Ticket code" and not step.generate_codes
    assert step.codes_note.isVisible()
    assert step.codes_note.text() == ("The Ref column looks like your ticket codes: it will be read as the "
                                      "ticket code. Change it if not.")
    company = step.combo_for("Company")
    company.setFocus()
    qtbot.keyClicks(company, "Booking r", delay=55)  # the space is part of the words typed
    assert company.currentText() == "Booking reference"
    assert not company.view().isVisible()  # the list stayed shut: the next Alt+key reaches the window
    qtbot.wait(QApplication.keyboardInputInterval() + 100)
    qtbot.keyClick(company, Qt.Key.Key_Space)  # a space on its own still opens the list
    qtbot.waitUntil(company.view().isVisible, timeout=2000)
    company.hidePopup()


def test_the_events_list_says_which_is_open_and_wraps_long_names(qtbot, data_dir):
    from kiosk.ui.events_dialog import EventsDialog

    data_dir.create("day", "Conference Day").close()
    data_dir.create("long", "The North Wales Regional Health and Social Care Partnership Annual Gathering",
                    "2026-11-29", "Venue Cymru Conference Centre, The Promenade, Llandudno").close()
    data_dir.use("day")
    dialog = EventsDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(50)
    texts = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert "Conference Day (open now)" in texts and not any("●" in t for t in texts)
    assert dialog.list.horizontalScrollBar().maximum() == 0  # no sideways scroll
    for row in range(dialog.list.count()):
        assert dialog.list.visualItemRect(dialog.list.item(row)).width() <= dialog.list.viewport().width()


def test_save_as_pdf_pressed_while_the_printer_is_being_tried_moves_that_badge_too(qtbot, window):
    from kiosk.print.printers import PrinterRegistry

    window.registry.add("thermal", f"escpos+tcp://127.0.0.1:{free_port()}")  # switched off
    window.registry.assign("badges", "thermal")
    window.print_badge("CODE-0002")
    qtbot.waitUntil(lambda: window.printer_banner.isVisible(), timeout=10000)
    queue = window.print_queue
    (job,) = [j for j in queue.jobs(("failed",)) if j.code == "CODE-0002"]
    # The print thread takes the badge for its next try, as it does every few seconds (its own
    # step, made here so the press lands inside it every time, not by luck).
    with window.store.write():
        queue._progress(job.id, "state = 'printing'")
    qtbot.mouseClick(window.printer_banner.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    folder = PrinterRegistry(window.data).default_pdf_folder()
    assert not list(folder.glob("*.pdf")) and queue.job(job.id).state == "printing"  # waited for
    with window.store.write():  # that try fails (the printer is still off)
        queue._progress(job.id, "state = 'failed', error = 'not answering', next_try_ms = ?",
                        queue.clock() + 600_000)
    qtbot.waitUntil(lambda: len(queue.previous_prints("CODE-0002")) == 1, timeout=10000)
    assert len(list(folder.glob("*.pdf"))) == 1 and queue.job(job.id).state == "cancelled"
    qtbot.waitUntil(lambda: window.print_notice.isVisible(), timeout=5000)
    assert "saved to" in window.print_notice.text()


def test_the_shortcuts_list_wraps_long_descriptions(qtbot, window):
    from PySide6.QtGui import QFontMetrics

    from kiosk.ui.actions import DESK_MENUS
    from kiosk.ui.desk_menus import ShortcutsDialog

    dialog = ShortcutsDialog(DESK_MENUS, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(50)
    table = dialog.table
    metrics = QFontMetrics(table.font())
    for row in range(table.rowCount()):
        text = table.item(row, 1).text()
        width = table.columnWidth(1) - 8
        needed = metrics.boundingRect(0, 0, width, 10_000, int(Qt.TextFlag.TextWordWrap), text).height()
        assert table.rowHeight(row) >= needed, text  # every line shown, no "…"


def test_the_grids_slip_saved_message_has_an_open_button(qtbot, window, store):
    from PySide6.QtCore import QObject, Slot
    from PySide6.QtGui import QDesktopServices

    from tests.e2e.test_grid_facilitator import add_with_keys, open_grid

    small_grid(store)
    grid = open_grid(qtbot, window)
    add_with_keys(qtbot, grid, "Wellbeing at work", "Sian Jones")
    qtbot.waitUntil(lambda: "saved to" in grid.status.text(), timeout=20000)
    button = grid.feedback.open_button
    assert button.isVisible() and button.visibleRegion() == button.rect()
    saved = grid.feedback.saved_slip
    assert saved is not None and saved.is_file() and str(saved) in grid.status.text()

    class Opener(QObject):  # what the desktop would be asked to open
        def __init__(self) -> None:
            super().__init__()
            self.urls: list = []

        @Slot("QUrl")
        def open(self, url) -> None:
            self.urls.append(url)

    opener = Opener()
    QDesktopServices.setUrlHandler("file", opener, "open")
    try:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # its Alt key
        qtbot.waitUntil(lambda: bool(opener.urls), timeout=3000)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert opener.urls[0].toLocalFile() == str(saved)
    add_with_keys(qtbot, grid, "Data for good", "Priya")  # the next action: its own slip's words
    assert not button.isVisible() or grid.feedback.saved_slip != saved
