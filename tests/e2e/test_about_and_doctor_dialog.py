"""Help → About and Help → Check this laptop…, as a desk volunteer opens them."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from kiosk import __version__
from kiosk.print.printers import PrinterRegistry
from kiosk.ui.about import AboutDialog
from kiosk.ui.doctor_dialog import DoctorDialog

from tests.support.event_data import add_attendee
from tests.support.paths import ROOT


def test_version_on_the_command_line_matches_the_package():
    proc = subprocess.run([sys.executable, "-m", "kiosk", "--version"], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"kiosk {__version__}"
    import tomllib

    with open(ROOT / "pyproject.toml", "rb") as f:
        assert tomllib.load(f)["project"]["version"] == __version__  # one version, said the same everywhere


def test_about_shows_version_data_folder_and_licences(qtbot, data_dir):
    dialog = AboutDialog(data_dir.root)
    qtbot.addWidget(dialog)
    dialog.show()
    text = dialog.text.toPlainText()
    assert f"Event Kiosk {__version__}" in text
    assert str(data_dir.root) in text
    assert "SIL Open Font License 1.1" in text and "Noto-OFL.txt" in text and "DejaVu-LICENSE.txt" in text
    for line in ("Qt 6 and PySide6", "LGPL-3.0", "ReportLab", "python-escpos", "MIT", "brother-ql-next", "GPL-3.0"):
        assert line in text, line
    # The licence files it names are there.
    from kiosk.core.resources import assets_dir

    assert (assets_dir() / "fonts" / "Noto-OFL.txt").is_file()
    assert (assets_dir() / "fonts" / "DejaVu-LICENSE.txt").is_file()
    dialog.grab().save(str(data_dir.root.parent / "about.png"))


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_check_this_laptop_lists_each_check_with_what_to_do(qtbot, data_dir, store, monkeypatch):
    monkeypatch.setenv("KIOSK_FONT_DIRS", "")
    add_attendee(store, "T-1", first_name="Siân", last_name="Jones")
    add_attendee(store, "T-2", first_name="አበበ", last_name="በቀለ")
    port = _closed_port()
    PrinterRegistry(data_dir).add("door", f"escpos+tcp://127.0.0.1:{port}")
    dialog = DoctorDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.running and dialog.again.isEnabled(), timeout=30000)
    rows = {dialog.table.item(r, 1).text(): (dialog.table.item(r, 0).text(), dialog.table.item(r, 2).text())
            for r in range(dialog.table.rowCount())}
    assert rows["Printer 'door'"][0] == "Fix this"
    assert f"Nothing answers at 127.0.0.1:{port}." in rows["Printer 'door'"][1]
    assert "→ Check the printer is switched on" in rows["Printer 'door'"][1]
    assert rows["Fonts"][0] == "Fix this" and "Ethiopic" in rows["Fonts"][1]
    assert rows["Printer 'pdf'"][0] == "OK"
    for qt_check in ("Window system", "Camera", "Sound"):
        assert rows[qt_check][0] in ("OK", "Look at this")
    assert dialog.summary.text().startswith("2 problems to fix before the doors open")
    dialog.grab().save(str(data_dir.root.parent / "doctor.png"))
    # Check again runs the same list afresh.
    dialog.again.click()
    assert dialog.running
    qtbot.waitUntil(lambda: not dialog.running and dialog.again.isEnabled(), timeout=30000)
    assert dialog.table.rowCount() == len(rows)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close).click()
    assert not dialog.isVisible()


@pytest.mark.slow
def test_desk_help_menu_opens_about_and_check_this_laptop(qtbot, window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    items = [a for a in help_menu.actions() if not a.isSeparator()]
    assert [a.objectName() for a in items] == ["action_shortcuts", "action_doctor", "action_about"]
    assert [a.text() for a in items][1:] == ["Check this &laptop…", "&About Event Kiosk"]
    seen: list[str] = []

    def close_when_done() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or getattr(dialog, "running", False):
            QTimer.singleShot(100, close_when_done)
            return
        seen.append(f"{type(dialog).__name__}: {dialog.windowTitle()}")
        if isinstance(dialog, DoctorDialog):
            seen.append(dialog.summary.text())
        dialog.reject()

    QTimer.singleShot(100, close_when_done)
    items[2].trigger()
    QTimer.singleShot(100, close_when_done)
    items[1].trigger()
    assert seen[:2] == ["AboutDialog: About Event Kiosk", "DoctorDialog: Check this laptop"]
    assert "doors open" in seen[2] or "ready" in seen[2].lower()
