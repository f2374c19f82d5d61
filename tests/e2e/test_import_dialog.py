"""The import window driven as an organiser would: from the desk, a file chosen in the file chooser,
the mapping step worked with keys, then a generated ticket scanned in at the desk."""

from __future__ import annotations

import subprocess

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QLineEdit

from kiosk.ui.import_dialog import ImportDialog

from tests.support.paths import screenshot_dir

pytestmark = pytest.mark.gui

FORMS = ("Timestamp,Full name,Email,Organisation,Do you have any dietary requirements?\n"
         "2026-11-01 09:12,Aled Jones,aled@example.org,HEIW,Vegetarian\n"
         "2026-11-01 09:40,Zoë Ní Bhriain,zoe@example.org,Mind Cymru,\n"
         "2026-11-02 14:03,Gethin ap Rhys Price,gethin@example.org,,No gluten (coeliac)\n")
REF_SHEET = ("Ref,First name,Surname,Company,Dietary\n"
             "R-1001,Nia,Evans,NHS Wales,Vegan\n"
             "R-1002,Cai,Morgan,,\n")
# A person's keys: a faster burst is a scanner's to the desk, even with a dialog open.
HUMAN_MS = 55


def press(qtbot, button) -> None:
    """Enter on a focused button presses it (Enter goes straight through the desk's scan detector,
    where a quick Space would be held back as the start of a scan)."""
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Return)


def scan(qtbot, widget, text: str) -> None:
    """A scanner: all keys at once, then Enter."""
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def modal(kind):
    found = QApplication.activeModalWidget()
    return found if isinstance(found, kind) else None


def when_file_chooser_opens(qtbot, path) -> QTimer:
    """Once the file chooser is up: type the file's path into it and press Enter, as a person would."""
    timer = QTimer()
    timer.setInterval(20)

    def look() -> None:
        chooser = modal(QFileDialog)
        if chooser is None:
            return
        timer.stop()
        name = next(e for e in chooser.findChildren(QLineEdit) if e.isVisible())
        name.setFocus()
        qtbot.keyClicks(name, str(path), delay=HUMAN_MS)
        qtbot.keyClick(name, Qt.Key.Key_Return)

    timer.timeout.connect(look)
    timer.start()
    return timer


def run_import_from_desk(qtbot, window, path, steps) -> None:
    """The desk's Import attendees, a file chosen from Choose file…, then `steps(dialog)`."""
    failures: list[BaseException] = []

    def drive() -> None:
        dialog = None
        try:
            qtbot.waitUntil(lambda: modal(ImportDialog) is not None, timeout=5000)
            dialog = modal(ImportDialog)
            watcher = when_file_chooser_opens(qtbot, path)
            press(qtbot, dialog.choose)  # the chooser opens and closes inside this
            watcher.stop()
            steps(dialog)
        except BaseException as exc:  # noqa: BLE001 (reported after the window closes)
            failures.append(exc)
            if dialog is not None:
                dialog.reject()

    QTimer.singleShot(0, drive)
    window.import_attendees()
    if failures:
        raise failures[0]


def focus_by_tab(qtbot, dialog, target) -> None:
    for _ in range(40):
        if dialog.focusWidget() is target:
            return
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Tab)
    raise AssertionError("Tab never reached the drop-down")


def planned(dialog) -> bool:
    assert "Cannot import" not in dialog.summary.text(), dialog.summary.text()
    return dialog.import_button.isEnabled() and not dialog._again.isActive()


def test_a_signup_form_imports_with_made_codes_and_a_ticket_scans_in(qtbot, window, tmp_path):
    forms = tmp_path / "Sign-up form.csv"
    forms.write_text(FORMS, encoding="utf-8")
    seen: dict = {}

    def steps(dialog) -> None:
        qtbot.waitUntil(lambda: planned(dialog), timeout=10000)
        step = dialog.step
        seen["format"] = dialog.format.text()
        seen["labels"] = [step.combo_for(h).currentText() for h in ("Timestamp", "Full name", "Email")]
        seen["choices"] = [step.combos[0].itemText(i) for i in range(step.combos[0].count())]
        seen["note"] = step.codes_note.isVisible() and step.codes_note.text()
        seen["summary"] = dialog.summary.text()
        seen["dietary"] = step.combos[-1].currentText()
        dialog.resize(1120, 700)  # as it opens on a 1366×768 screen
        qtbot.wait(50)
        dialog.grab().save(str(screenshot_dir(tmp_path) / "import-mapping.png"))
        focus_by_tab(qtbot, dialog, step.codes_csv)  # reachable from the keyboard…
        # Space, held as a person holds a key: the desk's scan detector keeps a printable key
        # back until its end-of-scan pause (70 ms), so an instant tap would never tick it.
        qtbot.keyPress(step.codes_csv, Qt.Key.Key_Space)
        qtbot.wait(300)
        qtbot.keyRelease(step.codes_csv, Qt.Key.Key_Space)
        qtbot.waitUntil(step.codes_csv.isChecked, timeout=2000)
        press(qtbot, dialog.import_button)
        qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=15000)
        seen["done"] = dialog.done_panel.message.text()
        seen["made"] = dialog.done_panel.made
        assert dialog.done_panel.open_tickets.isVisible() and dialog.done_panel.open_codes.isVisible()
        press(qtbot, dialog.close_button)

    run_import_from_desk(qtbot, window, forms, steps)

    assert seen["format"].startswith("Looks like a spreadsheet or sign-up form (CSV).")
    assert seen["labels"] == ["Not imported", "Full name", "Email"]
    assert {"Ticket code", "First name", "Dietary needs", "Not imported"} <= set(seen["choices"])
    assert not any("_" in text for text in seen["choices"])  # plain names, never dietary_needs
    assert "make a code for each person" in seen["note"] and seen["dietary"] == "Dietary needs"
    assert "3 people in the file: 3 new" in seen["summary"]
    made = seen["made"]
    assert made.count == 3 and str(made.pdf) in seen["done"] and str(made.csv) in seen["done"]
    assert made.pdf.stat().st_mode & 0o777 == 0o600
    for text in (seen["format"], seen["note"], seen["summary"], seen["done"]):
        assert "--" not in text and "full_name" not in text

    # The tickets as printed: read a QR from a 150-dpi render and scan it in at the desk.
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(made.pdf), str(tmp_path / "page")], check=True)
    codes = [r.text for r in zxingcpp.read_barcodes(Image.open(next(tmp_path.glob("page*.png"))))]
    assert len(codes) == 3
    with qtbot.waitSignal(window.result_shown, timeout=3000) as blocker:
        scan(qtbot, window.search, codes[1])
    assert blocker.args == ["checked_in"]
    assert "Zoë Ní Bhriain" in window.result_panel.name.text()

    # The same list again: the mapping is offered as chosen, and nobody is imported twice.
    def again(dialog) -> None:
        qtbot.waitUntil(lambda: planned(dialog), timeout=10000)
        seen["again"] = dialog.format.text(), dialog.summary.text()
        dialog.reject()

    run_import_from_desk(qtbot, window, forms, again)
    assert "choices you made last time" in seen["again"][0]
    assert "3 unchanged" in seen["again"][1] and "0 new" in seen["again"][1]


def test_a_ref_column_mapped_to_ticket_code_with_keys_and_remembered(qtbot, window, tmp_path):
    sheet = tmp_path / "delegates.csv"
    sheet.write_text(REF_SHEET, encoding="utf-8")
    seen: dict = {}

    def steps(dialog) -> None:
        qtbot.waitUntil(lambda: planned(dialog), timeout=10000)
        ref = dialog.step.combo_for("Ref")
        seen["before"] = ref.currentText(), dialog.step.codes_note.isVisible()
        focus_by_tab(qtbot, dialog, ref)
        qtbot.keyClicks(ref, "Ticket c", delay=HUMAN_MS)  # a closed drop-down picks by the letters typed
        seen["after"] = ref.currentText(), dialog.step.codes_note.text()
        qtbot.waitUntil(lambda: planned(dialog), timeout=10000)
        seen["summary"] = dialog.summary.text()
        seen["dietary"] = dialog.step.combo_for("Dietary").currentText()
        press(qtbot, dialog.import_button)

    run_import_from_desk(qtbot, window, sheet, steps)
    # Its values look like codes (each different, no spaces): suggested as the codes, said so.
    assert seen["before"] == ("Ticket code", True)
    assert seen["after"][0] == "Ticket code"  # codes from the file: no codes made
    assert seen["after"][1].startswith("The Ref column looks like your ticket codes")
    assert seen["dietary"] == "Dietary needs"
    assert "2 people in the file: 2 new" in seen["summary"]
    with qtbot.waitSignal(window.result_shown, timeout=3000) as blocker:
        scan(qtbot, window.search, "R-1002")
    assert blocker.args == ["checked_in"] and "Cai Morgan" in window.result_panel.name.text()

    def again(dialog) -> None:
        qtbot.waitUntil(lambda: "2 unchanged" in dialog.summary.text(), timeout=10000)
        assert not dialog.import_button.isEnabled()  # nothing to change
        seen["again"] = dialog.step.combo_for("Ref").currentText(), dialog.format.text()
        dialog.reject()

    run_import_from_desk(qtbot, window, sheet, again)
    assert seen["again"][0] == "Ticket code" and "last time" in seen["again"][1]


def test_no_combo_offers_an_internal_name(qtbot, window, tmp_path):
    sheet = tmp_path / "eventbrite.csv"
    sheet.write_text("Order #,Attendee #,Ticket Type,Attendee Status,First Name,Last Name,Email,Barcode #\n"
                     "1,2,Member,Attending,Siân,Jones,s@example.org,8812\n", encoding="utf-8")
    dialog = ImportDialog(window.store, window, path=sheet)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: planned(dialog), timeout=10000)
    assert dialog.format.text().startswith("Looks like an Eventbrite export (CSV).")
    for combo in dialog.findChildren(QComboBox):
        for i in range(combo.count()):
            assert "_" not in combo.itemText(i)
    assert dialog.step.combo_for("Barcode #").currentText() == "Ticket code"
    dialog.reject()
