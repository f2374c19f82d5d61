"""A desk killed mid-morning loses no check-in it had shown as done (a real process, SIGKILL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from kiosk.importer.plan import record_import
from kiosk.store.datadir import DataDir

ROOT = Path(__file__).resolve().parents[2]

DESK_SCRIPT = textwrap.dedent("""
    import sys, time
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from kiosk.store.datadir import DataDir
    from kiosk.ui.desk_window import DeskWindow
    data = DataDir(sys.argv[1])
    window = DeskWindow(data, data.open_current("Desk K"))
    window.show()
    for code in open(sys.argv[2]).read().split():
        QTest.keyClicks(window.search, code)
        QTest.keyClick(window.search, Qt.Key.Key_Return)
        print("SHOWN", window.result_panel.state, code, flush=True)
    time.sleep(60)
""")


def test_kill_mid_morning_keeps_every_shown_checkin(tmp_path):
    data = DataDir(tmp_path / "data")
    store = data.create("day", "Day")
    codes = [f"K{i:05d}" for i in range(400)]
    record_import(store, [{"code": c, "set": {"first_name": f"P{c}", "status": "valid"}} for c in codes])
    store.close()
    code_file = tmp_path / "codes.txt"
    code_file.write_text("\n".join(codes))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-c", DESK_SCRIPT, str(data.root), str(code_file)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    shown: list[str] = []
    deadline = time.monotonic() + 60
    try:
        while len(shown) < 60 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            parts = line.split()
            if parts[:2] == ["SHOWN", "checked_in"]:
                shown.append(parts[2])
        assert len(shown) >= 60, "the desk did not start scanning"
        proc.send_signal(signal.SIGKILL)  # mid-stream: it is still scanning
    finally:
        proc.kill()
        proc.wait(10)
    store = data.open("day")
    try:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        admitted = {r[0] for r in store.conn.execute("SELECT code FROM active_checkins")}
        assert set(shown) <= admitted
        assert len(admitted) < len(codes)  # it really was killed before the end
    finally:
        store.close()
