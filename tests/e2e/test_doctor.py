"""`kiosk doctor`: the morning check, run as a volunteer would, against real listeners and a real hub."""

from __future__ import annotations

import json
import os
import socket
import time

import pytest

from kiosk.doctor.report import FAIL, OK, WARN, Check, Report
from kiosk.store.datadir import DataDir

from tests.support.cli import kiosk, kiosk_json
from tests.support.event_data import add_attendee
from tests.support.hub import Hub, paired_kiosk
from tests.support.printer_fakes import ONLINE, PAPER_END, FakeZebra, TcpPrinter

pytestmark = pytest.mark.slow  # each test runs the command in a process of its own


@pytest.fixture(autouse=True)
def _only_shipped_fonts(monkeypatch):
    # A laptop with only the fonts the app ships: this machine has Noto Ethiopic installed.
    monkeypatch.setenv("KIOSK_FONT_DIRS", "")


@pytest.fixture
def folder(tmp_path):
    """A data folder whose event has two attendees with Latin names (a healthy set-up)."""
    root = tmp_path / "data"
    with DataDir(root).create("day", "Community Day") as store:
        add_attendee(store, "T-1", first_name="Siân", last_name="Jones", organisation="HEIW")
        add_attendee(store, "T-2", first_name="Seán", last_name="Ó Súilleabháin")
    return root


def _closed_port() -> int:
    with socket.socket() as s:  # bound and never listening: a connection is refused
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _checks(report: dict) -> dict[str, dict]:
    return {c["name"]: c for c in report["checks"]}


def test_healthy_laptop_exits_0_and_warnings_do_not_fail(folder):
    report = kiosk_json(folder, "doctor", expect=0)
    checks = _checks(report)
    assert report["ok"] is True
    assert set(report) == {"checks", "ok"}
    for check in report["checks"]:
        assert set(check) == {"name", "status", "detail", "advice"}
        assert check["status"] in ("ok", "warn") and check["detail"]
        if check["status"] == "warn":  # every warning says what to do
            assert check["advice"]
    for name in ("Data folder", "Disk speed", "Event", "Fonts", "Printer 'pdf'", "Hub", "Window system",
                 "Camera", "Sound"):
        assert name in checks, name
    assert checks["Fonts"]["status"] == OK
    assert checks["Printer 'pdf'"]["status"] == OK
    assert checks["Event"]["detail"] == "'Community Day' with 2 attendees."
    assert checks["Window system"]["status"] == OK  # offscreen, as the tests run Qt


def test_unreachable_printer_and_a_name_no_font_covers_fail_with_advice(folder):
    with DataDir(folder).open("day") as store:
        add_attendee(store, "T-3", first_name="አበበ", last_name="በቀለ")
    port = _closed_port()
    kiosk_json(folder, "printers", "add", "door", f"escpos+tcp://127.0.0.1:{port}")
    proc = kiosk(folder, "doctor", "--json")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    checks = _checks(report)
    assert report["ok"] is False
    printer = checks["Printer 'door'"]
    assert printer["status"] == FAIL
    assert printer["detail"] == f"Nothing answers at 127.0.0.1:{port}."
    assert "switched on" in printer["advice"]
    fonts = checks["Fonts"]
    assert fonts["status"] == FAIL
    assert "Ethiopic (1 attendee)" in fonts["detail"]
    assert "Noto Sans Ethiopic" in fonts["advice"]
    assert checks["Printer 'pdf'"]["status"] == OK  # the others are still checked
    # The text report says the same in words, and the name itself is not shown.
    text = kiosk(folder, "doctor")
    assert text.returncode == 1
    assert "[FAIL] Printer 'door': Nothing answers" in text.stdout
    assert "problems to fix before the doors open" in text.stdout
    assert "አበበ" not in text.stdout


def test_escpos_printer_ready_and_out_of_paper(folder):
    ready, empty = TcpPrinter(status=ONLINE), TcpPrinter(status=PAPER_END)
    try:
        kiosk_json(folder, "printers", "add", "ready", ready.uri)
        kiosk_json(folder, "printers", "add", "empty", empty.uri)
        report = kiosk_json(folder, "doctor", expect=1)
        deadline = time.monotonic() + 5
        while len(ready.jobs) < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        ready.close()
        empty.close()
    checks = _checks(report)
    assert checks["Printer 'ready'"]["status"] == OK
    assert checks["Printer 'ready'"]["detail"].endswith("and is ready.")
    empty_check = checks["Printer 'empty'"]
    assert empty_check["status"] == FAIL
    assert "is out of paper" in empty_check["detail"]
    assert empty_check["advice"] == "Load a new roll."
    assert ready.queries == [1, 2, 4]  # the backend's own status questions (DLE EOT 1, 2, 4)
    assert ready.jobs == [b""]  # and nothing printed


def test_paused_zebra_fails_and_a_silent_one_is_only_reachable(folder):
    paused, silent = FakeZebra(paused=True), FakeZebra(answer=False)
    try:
        kiosk_json(folder, "printers", "add", "labels", paused.uri)
        kiosk_json(folder, "printers", "add", "quiet", silent.uri)
        checks = _checks(kiosk_json(folder, "doctor", expect=1))
    finally:
        paused.close()
        silent.close()
    assert checks["Printer 'labels'"]["status"] == FAIL
    assert "is paused" in checks["Printer 'labels'"]["detail"]
    assert checks["Printer 'labels'"]["advice"] == "Press its pause button."
    assert checks["Printer 'quiet'"]["status"] == OK
    assert "ready" not in checks["Printer 'quiet'"]["detail"]  # it said nothing about paper or head


def test_test_page_only_on_request(folder):
    prints = folder / "prints"
    kiosk_json(folder, "doctor")
    assert not prints.exists() or not list(prints.iterdir())
    checks = _checks(kiosk_json(folder, "doctor", "--test-page", "pdf"))
    assert checks["Test badge on 'pdf'"]["status"] == OK
    pdfs = list(prints.glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")
    unknown = _checks(kiosk_json(folder, "doctor", "--test-page", "nope", expect=1))["Test badge on 'nope'"]
    assert unknown["status"] == FAIL and "kiosk printers list" in unknown["advice"]


def test_data_folder_that_cannot_be_written_fails(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    proc = kiosk(blocker / "data", "doctor", "--json")
    assert proc.returncode == 1, proc.stderr
    checks = _checks(json.loads(proc.stdout))
    assert checks["Data folder"]["status"] == FAIL
    assert "--data" in checks["Data folder"]["advice"]


def test_missing_platform_plugin_fails_in_words(folder, monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "nosuchplatform")
    checks = _checks(kiosk_json(folder, "doctor", expect=1))
    window = checks["Window system"]
    assert window["status"] == FAIL
    assert "'nosuchplatform' plugin" in window["detail"]
    assert window["advice"].startswith("Download and unpack")


def test_paired_hub_answers_then_is_down_only_warns(tmp_path):
    hub = Hub(tmp_path / "hub-data")
    hub.start()
    try:
        desk = paired_kiosk(hub, tmp_path / "desk", "Front desk")
        checks = _checks(kiosk_json(desk, "doctor"))
        assert checks["Hub"]["status"] == OK
        assert checks["Hub"]["detail"] == f"The hub at {hub.url} answers; this laptop's clock agrees with it."
    finally:
        hub.kill()
    report = kiosk_json(desk, "doctor", expect=0)  # the hub being away is a warning: check-ins wait here
    hub_check = _checks(report)["Hub"]
    assert hub_check["status"] == WARN
    assert hub_check["detail"] == f"The hub at {hub.url} does not answer."
    assert report["ok"] is True


@pytest.mark.cups
@pytest.mark.skipif(not os.environ.get("KIOSK_CUPS_QUEUE"), reason="needs the CUPS test queue (KIOSK_CUPS_QUEUE)")
def test_cups_queue_ready_and_a_missing_one(folder):
    queue = os.environ["KIOSK_CUPS_QUEUE"]
    kiosk_json(folder, "printers", "add", "office", f"system:{queue}")
    kiosk_json(folder, "printers", "add", "gone", "system:no-such-queue")
    checks = _checks(kiosk_json(folder, "doctor", expect=1))
    assert checks["Printer 'office'"]["status"] == OK
    assert checks["Printer 'office'"]["detail"].startswith(f"The system printer '{queue}' is ready")
    assert checks["Printer 'gone'"]["status"] == FAIL
    assert "No printer called 'no-such-queue'" in checks["Printer 'gone'"]["detail"]


def test_report_ok_only_fails_on_fail():
    assert Report([Check("a", OK, "x"), Check("b", WARN, "y", "do z")]).ok
    assert not Report([Check("a", OK, "x"), Check("b", FAIL, "y", "do z")]).ok
    with pytest.raises(ValueError):
        Check("a", "fine", "x")


def test_camera_reader_without_qt_media_plugin_is_a_warning():
    # A bundle whose FFmpeg plugin went missing: Qt finds no plugin folder at all here.
    import subprocess
    import sys

    code = ("import json\nfrom PySide6.QtCore import QCoreApplication\n"
            "QCoreApplication.setLibraryPaths(['/nonexistent'])\n"
            "from kiosk.doctor.qt_checks import camera\nprint(json.dumps(camera().to_json()))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    camera = json.loads(proc.stdout.strip().splitlines()[-1])
    assert camera["status"] == WARN, camera
    assert "media plugin (FFmpeg) did not load" in camera["detail"]
    assert camera["advice"].startswith("Download and unpack")


def test_a_hub_whose_clock_is_an_hour_ahead_is_a_warning_about_this_laptops_clock(folder):
    from email.utils import formatdate

    from kiosk.sync.client import SyncClient

    from tests.support.raw_http import serve_by_path

    body = b'{"ok": true, "version": "0.1.0"}'
    answer = (f"HTTP/1.1 200 OK\r\nDate: {formatdate(time.time() + 3600, usegmt=True)}\r\n"
              f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
              ).encode() + body
    url = serve_by_path({"/api/v1/status": answer})
    with DataDir(folder).open("day") as store:
        SyncClient(store).configure(url, "a-token")
    report = kiosk_json(folder, "doctor")  # a warning: the hub corrects this laptop's stamps meanwhile
    hub = _checks(report)["Hub"]
    assert hub["status"] == WARN
    assert hub["detail"] in (f"The hub at {url} answers, but this laptop's clock is {m} minutes behind the hub's."
                             for m in (59, 60))
    assert "date and time" in hub["advice"]


def test_device_file_printer_there_and_unplugged(folder, tmp_path):
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    kiosk_json(folder, "printers", "add", "usb-lp", f"escpos+file://{device}")
    kiosk_json(folder, "printers", "add", "gone", f"escpos+file://{tmp_path / 'lp9'}")
    checks = _checks(kiosk_json(folder, "doctor", expect=1))
    assert checks["Printer 'usb-lp'"]["status"] == OK
    assert checks["Printer 'gone'"]["status"] == FAIL
    assert checks["Printer 'gone'"]["detail"] == f"{tmp_path / 'lp9'} is not there: the printer is not plugged in."
