"""Who has not arrived, drop-outs on the day and online-only tickets, on the demo event: the numbers
`kiosk stats` gives, the list `kiosk export not-arrived` writes, and the desk's "Not yet arrived"
list driven with keys, all agreeing (issue 16)."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.demo.event import ONLINE_ANSWER, demo_attendees
from kiosk.store.datadir import DataDir
from kiosk.ui.desk_window import DeskWindow
from kiosk.ui.not_arrived import NotArrivedDialog
from kiosk.ui.scanner import ScanTiming

from tests.support.cli import kiosk, kiosk_json
from tests.support.paths import screenshot_dir

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
DEMO_PEOPLE = 160


def press(widget: QWidget, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key as the system delivers it: to the window, which hands it to its focus widget."""
    QTest.keyClick(widget.window().windowHandle(), key, modifiers)


def exported(data: Path, out: Path, *extra: str) -> list[dict]:
    proc = kiosk(data, "export", "not-arrived", "--out", str(out), *extra)
    assert proc.returncode == 0, proc.stderr
    with out.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def online_codes() -> set[str]:
    return {p["code"] for p in demo_attendees(DEMO_PEOPLE)
            if p["set"]["attendance"] == ONLINE_ANSWER and p["set"]["status"] == "valid"}


def demo(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    kiosk_json(data, "demo", "--no-gui", "--attendees", str(DEMO_PEOPLE))
    return data


def desk(qtbot, data: Path) -> DeskWindow:
    folder = DataDir(data)
    store = folder.open_current("Desk 1")
    win = DeskWindow(folder, store, ScanTiming(max_gap_ms=40, min_length=4, end_pause_ms=70))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitUntil(lambda: win.index is not None, timeout=10000)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)
    return win


def the_list() -> NotArrivedDialog:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, NotArrivedDialog) and w.isVisible()]
    assert found, "the Not yet arrived list did not open"
    return found[0]


def test_not_arrived_agrees_with_the_export_and_a_cancellation_at_the_desk_takes_one_off(qtbot, tmp_path):
    data = demo(tmp_path)
    stats = kiosk_json(data, "stats")
    rows = exported(data, tmp_path / "before.csv")
    assert stats["not_arrived"] == len(rows) > 0
    assert list(rows[0]) == ["code", "name", "organisation", "ticket_type", "booking_ref"]  # no email
    assert "@" not in (tmp_path / "before.csv").read_text(encoding="utf-8-sig")
    online = online_codes()
    assert online, "the demo has online-only people"
    assert not online & {r["code"] for r in rows}  # online-only people are not expected at the door
    assert stats["by_attendance"]["online"]["expected"] == len(online)
    in_person = stats["by_attendance"]["in_person"]["expected"] + stats["by_attendance"]["both"]["expected"]
    assert stats["expected_in_person"] == in_person
    assert stats["expected"] == in_person + len(online)
    assert stats["no_show_rate"] == round(stats["not_arrived"] / in_person, 4)
    assert stats["cancelled"] >= 1  # the demo's morning phone calls

    win = desk(qtbot, data)
    press(win, Qt.Key.Key_N, CTRL | SHIFT)
    dialog = the_list()
    qtbot.waitUntil(lambda: dialog.table.hasFocus(), timeout=3000)
    assert dialog.table.rowCount() == len(rows)
    assert dialog.count.text().startswith(f"{len(rows)} people have not arrived")
    joining = {dialog.table.item(r, 4).text() for r in range(dialog.table.rowCount())}
    assert joining == {"In person", "In person and online"}  # the demo has both; never online only
    # Filtered by ticket type with the keyboard: Alt+T, then the type's name.
    speakers = [r for r in rows if r["ticket_type"] == "Speaker"]
    press(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert dialog.filter.hasFocus()
    press(dialog, Qt.Key.Key_Delete)  # Delete in the filter cancels nobody
    assert dialog.table.rowCount() == len(rows) and not dialog.cancelled
    dialog.filter.setCurrentText("Speaker")  # a combo box chosen by its text, as typing it does
    assert dialog.table.rowCount() == len(speakers) > 0
    dialog.filter.setCurrentIndex(0)
    dialog.table.setFocus()
    assert dialog.table.rowCount() == len(rows)

    first = dialog.selected_code()
    name = dialog.table.item(dialog.table.currentRow(), 0).text()
    press(dialog, Qt.Key.Key_Delete)  # Cancelled on the day
    assert dialog.message.text().startswith(f"{name}: cancelled on the day")
    assert dialog.table.rowCount() == len(rows) - 1
    assert f"Not arrived yet: {len(rows) - 1}" in win.stats_panel.dropouts.text()  # the desk's numbers follow
    assert win.stats_panel.headline.text().endswith(f"of {in_person - 1} checked in")  # online ones not expected
    after = kiosk_json(data, "stats")
    after_rows = exported(data, tmp_path / "after.csv")
    assert after["not_arrived"] == len(after_rows) == stats["not_arrived"] - 1
    assert after["cancelled"] == stats["cancelled"] + 1
    assert first not in {r["code"] for r in after_rows}
    assert kiosk_json(data, "show", first)["attendee"]["status"] == "cancelled"

    press(dialog, Qt.Key.Key_Z, CTRL)  # undo: expected again, everywhere
    assert dialog.table.rowCount() == len(rows)
    assert dialog.selected_code() == first
    assert kiosk_json(data, "stats")["not_arrived"] == stats["not_arrived"]
    assert len(exported(data, tmp_path / "undone.csv")) == len(rows)
    press(dialog, Qt.Key.Key_Delete)
    dialog.setFocus()
    win.close()

    # The same from the command line: cancel, and its undo.
    code = exported(data, tmp_path / "x.csv")[0]["code"]
    left = kiosk_json(data, "stats")["not_arrived"]
    kiosk_json(data, "cancel", code)
    assert kiosk_json(data, "stats")["not_arrived"] == len(exported(data, tmp_path / "y.csv")) == left - 1
    kiosk_json(data, "cancel", code, "--undo")
    assert kiosk_json(data, "stats")["not_arrived"] == left
    proc = kiosk(data, "cancel", "nobody-has-this-code")
    assert proc.returncode != 0 and "Traceback" not in proc.stderr and "unknown ticket" in proc.stderr


def test_export_not_arrived_with_email_and_spreadsheet_safe(tmp_path):
    data = tmp_path / "data"
    csv_in = tmp_path / "list.csv"
    csv_in.write_text("Ticket code,First name,Last name,Email,Company,Ticket type\n"
                      "A1,=cmd,Jones,a1@example.org,+Org,Member\n"
                      "A2,Siân,Evans,a2@example.org,HEIW,Online ticket\n", encoding="utf-8")
    kiosk_json(data, "import", str(csv_in))
    rows = exported(data, tmp_path / "na.csv", "--with-email")
    assert [r["code"] for r in rows] == ["A1"]  # A2 is online only
    assert rows[0]["email"] == "a1@example.org"
    assert rows[0]["name"] == "'=cmd Jones" and rows[0]["organisation"] == "'+Org"


def test_online_only_ticket_at_the_desk_asks_and_admits_in_person(qtbot, tmp_path):
    data = demo(tmp_path)
    code = sorted(online_codes())[0]
    proc = kiosk(data, "checkin", code, "--json")
    assert proc.returncode == 1
    assert '"status": "online_only"' in proc.stdout
    before = kiosk_json(data, "stats")

    win = desk(qtbot, data)
    win.check_in(code)
    panel = win.result_panel
    assert panel.state == "online_only"
    assert panel.headline.text() == "Registered to join online — admit in person?"
    assert "not expected at the venue" in panel.details.text()
    assert panel.admit.isVisible()
    qtbot.wait(50)
    shot = win.grab()
    assert not shot.isNull()
    shot.save(str(screenshot_dir(tmp_path) / "desk-online-only.png"))
    press(win, Qt.Key.Key_Return, CTRL | SHIFT)  # Admit in person
    qtbot.waitUntil(lambda: panel.state == "checked_in", timeout=3000)
    assert not panel.admit.isVisible()
    shown = kiosk_json(data, "show", code)["attendee"]
    assert shown["attendance"] == "both" and shown["checked_in"]
    after = kiosk_json(data, "stats")
    assert after["by_attendance"]["online"]["expected"] == before["by_attendance"]["online"]["expected"] - 1
    assert after["by_attendance"]["both"]["checked_in"] == before["by_attendance"]["both"]["checked_in"] + 1
    win.close()

    # From the command line: --in-person admits the next one and records the change.
    other = sorted(online_codes())[1]
    result = kiosk_json(data, "checkin", other, "--in-person")
    assert result["status"] == "checked_in" and result["attendee"]["attendance"] == "both"


def test_screenshot_of_the_not_arrived_list(qtbot, tmp_path):
    data = demo(tmp_path)
    win = desk(qtbot, data)
    press(win, Qt.Key.Key_N, CTRL | SHIFT)
    dialog = the_list()
    press(dialog, Qt.Key.Key_Delete)
    qtbot.wait(50)
    shot = dialog.grab()
    shot.save(str(screenshot_dir(tmp_path) / "desk-not-arrived.png"))
    assert shot.width() > 600
    dialog.close()
    win.close()
