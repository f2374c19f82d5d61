"""The printing commands as other tools drive them: real processes, real files, a loopback printer."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.core.errors import UsageError
from kiosk.print.batch import batch_codes, write_batch
from kiosk.print.draw.layout import load_layout

from tests.support.cli import assert_clean_failure, kiosk, kiosk_json
from tests.support.event_data import add_attendee
from tests.support.paths import DATA
from tests.support.printer_fakes import TcpPrinter


def test_print_badge_to_the_default_pdf_folder_then_reprint_rules(tmp_path):
    data = tmp_path / "d"
    kiosk_json(data, "import", str(DATA / "tito-2025.csv"))
    done = kiosk_json(data, "print", "badge", "ti_p5kR8sQ2uVx")
    assert done["status"] == "done" and done["job"]["printer"] == "pdf"
    files = list((data / "prints").glob("*.pdf"))
    assert len(files) == 1 and "Aoife" in PdfReader(files[0]).pages[0].extract_text()
    again = kiosk_json(data, "print", "badge", "ti_p5kR8sQ2uVx", expect=1)
    assert again["status"] == "already_printed" and again["previous"][0]["device"]
    assert kiosk_json(data, "print", "badge", "ti_p5kR8sQ2uVx", "--again")["status"] == "done"
    jobs = kiosk_json(data, "print", "queue")["jobs"]
    assert [j["state"] for j in jobs] == ["done", "done"]
    assert_clean_failure(kiosk(data, "print", "badge", "NOPE"), 1)


def test_network_printer_down_then_up(tmp_path):
    data = tmp_path / "d"
    kiosk_json(data, "import", str(DATA / "tito-2025.csv"))
    printer = TcpPrinter()
    port = printer.port
    printer.close()
    kiosk_json(data, "printers", "add", "thermal", f"escpos+tcp://127.0.0.1:{port}", "--profile", "TM-T20II")
    kiosk_json(data, "printers", "use", "badges", "thermal")
    failed = kiosk_json(data, "print", "badge", "ti_p5kR8sQ2uVx", expect=1)
    assert failed["status"] == "failed"
    assert f"is not answering at 127.0.0.1:{port}: check it is on and connected" in failed["job"]["error"]
    assert kiosk_json(data, "print", "queue")["jobs"][0]["state"] == "failed"
    printers = kiosk_json(data, "printers")
    assert printers["purposes"]["badges"] == "thermal"
    assert_clean_failure(kiosk(data, "printers", "add", "bad", "lpt1:"), 2)
    assert_clean_failure(kiosk(data, "printers", "add", "bad", "escpos+tcp://h:1", "--profile", "Nope-9"), 2)


def test_json_stays_json_for_a_thermal_printer_added_without_a_model(tmp_path):
    """python-escpos prints "The media.width.pixel field of the printer profile is not set…" on
    stdout for its default profile: `--json` must still be one JSON object, badge and slip alike."""
    data = tmp_path / "d"
    kiosk_json(data, "import", str(DATA / "tito-2025.csv"))
    printer = TcpPrinter()
    try:
        kiosk_json(data, "printers", "add", "enp", printer.uri)  # no --profile
        kiosk_json(data, "print", "badge", "ti_p5kR8sQ2uVx", "--printer", "enp")
        again = kiosk_json(data, "print", "badge", "ti_p5kR8sQ2uVx", "--printer", "enp", "--again")
        job = printer.wait_for_job()
    finally:
        printer.close()
    assert again["status"] == "done", again
    assert job.startswith(b"\x1b@")  # ESC @: the job starts from the printer's defaults


def test_pre_print_sheet_of_badges_not_printed(tmp_path):
    data = tmp_path / "d"
    kiosk_json(data, "import", str(DATA / "eventbrite-2024.csv"))
    out = tmp_path / "sheet.pdf"
    first = kiosk_json(data, "badge", "--not-printed", "--out", str(out), "--layout", "a4-sheet-6x-4x3",
                       "--mark-printed")
    assert first["badges"] == 3  # one of the four is cancelled
    page = PdfReader(out).pages[0]
    assert abs(float(page.mediabox.width) - 595.3) < 1  # A4
    assert kiosk_json(data, "badge", "--not-printed", "--out", str(out))["badges"] == 0
    assert kiosk_json(data, "badge", "--all", "--out", str(out))["badges"] == 3
    one = kiosk_json(data, "badge", "881234500111000011001", "--out", str(out), "--layout", "cr80", "--qr", "contact")
    assert one["badges"] == 1
    assert_clean_failure(kiosk(data, "badge", "--out", str(out)), 2)
    assert_clean_failure(kiosk(data, "badge", "--all", "--out", str(out), "--layout", "nope"), 2)
    assert {layout["name"] for layout in kiosk_json(data, "layouts")["layouts"]} >= {"badge-4x3", "cr80"}


def test_cancelled_pre_print_leaves_no_file(store, tmp_path):
    for i in range(30):
        add_attendee(store, f"P{i:03d}", last_name=f"Person{i:03d}")
    out = tmp_path / "cancelled.pdf"
    with pytest.raises(UsageError, match="cancelled"):
        write_batch(store, batch_codes(store, False), load_layout("badge-4x3"), out,
                    progress=lambda done, total: done < 10)
    assert not out.exists() and not list(Path(tmp_path).glob(".badges-*"))
