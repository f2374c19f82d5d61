"""The command line as other tools drive it: real processes, real files, the exit-code contract."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import ROOT, assert_clean_failure, kiosk, kiosk_json
from tests.support.paths import DATA


def test_event_lifecycle(tmp_path):
    data = tmp_path / "d"
    created = kiosk_json(data, "event", "create", "cardiff-2026", "--name", "Cardiff Day",
                         "--date", "2026-11-23", "--venue", "Pierhead")
    assert created["slug"] == "cardiff-2026" and created["name"] == "Cardiff Day"
    kiosk_json(data, "event", "create", "cork-2026", "--name", "Cork Day")
    events = kiosk_json(data, "event", "list")["events"]
    assert [(e["slug"], e["current"]) for e in events] == [("cardiff-2026", False), ("cork-2026", True)]
    kiosk_json(data, "event", "use", "cardiff-2026")
    assert kiosk_json(data, "event", "list")["events"][0]["current"]
    assert_clean_failure(kiosk(data, "event", "use", "nowhere"), 1)
    assert_clean_failure(kiosk(data, "event", "create", "Bad Slug!", "--name", "x"), 2)
    assert_clean_failure(kiosk(data, "event", "create", "x", "--name", "x", "--date", "23/11/2026"), 2)


def test_data_dir_from_environment(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KIOSK_DATA": str(tmp_path / "env-data")}
    subprocess.run([sys.executable, "-m", "kiosk", "event", "create", "e1", "--name", "E"],
                   check=True, env=env, capture_output=True)
    assert (tmp_path / "env-data" / "events" / "e1" / "event.sqlite").is_file()


def test_import_into_empty_data_dir_then_checkin_flow(tmp_path):
    data = tmp_path / "d"
    report = kiosk_json(data, "import", str(DATA / "eventbrite-2024.csv"))
    assert {k: report[k] for k in ("format", "rows", "created", "updated", "unchanged", "errors")} == {
        "format": "eventbrite", "rows": 4, "created": 4, "updated": 0, "unchanged": 0, "errors": []}
    assert kiosk_json(data, "event", "list")["events"][0]["slug"] == "eventbrite-2024"
    again = kiosk_json(data, "import", str(DATA / "eventbrite-2024.csv"))
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 4)

    code = "881234500111000011001"
    done = kiosk_json(data, "checkin", code, "--device", "Desk 1")
    assert done["status"] == "checked_in" and done["attendee"]["first_name"] == "Siân"
    assert done["previous"] is None
    already = kiosk_json(data, "checkin", f"{code}\r\n", "--device", "Desk 2", expect=1)
    assert already["status"] == "already_checked_in" and already["previous"]["device"] == "Desk 1"
    assert kiosk_json(data, "checkin", "881234500311000031001", expect=1)["status"] == "void"
    unknown = kiosk_json(data, "checkin", "NOPE", expect=1)
    assert unknown == {"status": "unknown", "code": "NOPE", "repeat": False, "attendee": None, "previous": None,
                       "notice": None}
    assert kiosk_json(data, "checkin", "bad\x1bcode", expect=1)["status"] == "invalid"
    assert kiosk_json(data, "checkin", "x" * 600, expect=1)["status"] == "invalid"

    results = kiosk_json(data, "search", "o suilleabhain")["results"]
    assert [r["name"] for r in results] == ["Seán Ó Súilleabháin"]
    assert set(results[0]) == {"code", "name", "organisation", "ticket_type", "status", "checked_in"}
    assert kiosk_json(data, "search", "sian", "--limit", "1")["results"][0]["checked_in"] is True

    stats = kiosk_json(data, "stats")
    assert (stats["expected"], stats["checked_in"]) == (3, 1)
    assert stats["by_ticket_type"]["Member"] == {"expected": 2, "checked_in": 1}

    undone = kiosk_json(data, "undo", code)
    assert undone["status"] == "undone"
    assert kiosk_json(data, "undo", code, expect=1)["status"] == "not_checked_in"

    walkin = kiosk_json(data, "walkin", "--first", "Zoë", "--last", "O'Neill", "--org", "Mind",
                        "--email", "zoe@example.org", "--ticket-type", "Guest")
    assert walkin["status"] == "checked_in" and walkin["attendee"]["ticket_type"] == "Guest"
    assert_clean_failure(kiosk(data, "walkin", "--email", "zoe@example.org"), 2)

    edited = kiosk_json(data, "edit", walkin["code"], "--first", "Zoe")
    assert edited["attendee"]["full_name"] == "Zoe O'Neill"


def test_import_dry_run_and_row_errors(tmp_path):
    data = tmp_path / "d"
    kiosk_json(data, "event", "create", "e", "--name", "E")
    bad = tmp_path / "bad.csv"
    bad.write_text("Code,Name\nA1,Ann\n,Nobody\nA1,Again\n", encoding="utf-8")
    dry = kiosk_json(data, "import", str(bad), "--dry-run")
    assert dry["created"] == 1 and dry["dry_run"] and [e["row"] for e in dry["errors"]] == [3, 4]
    assert kiosk_json(data, "stats")["expected"] == 0
    real = kiosk_json(data, "import", str(bad), "--map", "Code=code", "--format", "generic")
    assert real["created"] == 1
    assert_clean_failure(kiosk(data, "import", str(bad), "--map", "Code=nonsense"), 2)
    assert_clean_failure(kiosk(data, "import", str(bad), "--format", "nonsense"), 2)


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02" * 1000, b"PK\x03\x04garbage", b"a,b\n1,2\n"])
def test_unreadable_imports_exit_2_without_traceback(tmp_path, content):
    data = tmp_path / "d"
    path = tmp_path / "input.csv"
    path.write_bytes(content)
    assert_clean_failure(kiosk(data, "import", str(path), "--json"), 2)
    assert_clean_failure(kiosk(data, "import", str(tmp_path / "missing.csv")), 2)
    assert not (data / "events").exists() or not list((data / "events").iterdir())


def test_commands_without_event_and_bad_usage(tmp_path):
    data = tmp_path / "d"
    assert_clean_failure(kiosk(data, "checkin", "X"), 1)
    assert_clean_failure(kiosk(data, "stats"), 1)
    assert_clean_failure(kiosk(data, "no-such-command"), 2)
    assert_clean_failure(kiosk(data, "checkin"), 2)
    assert_clean_failure(kiosk(data, "search", "x", "--limit", "zero"), 2)


def test_export_and_purge_leave_no_file_behind(tmp_path):
    data = tmp_path / "d"
    kiosk_json(data, "import", str(DATA / "tito-2025.csv"))
    kiosk_json(data, "checkin", "ti_p5kR8sQ2uVx")
    out = tmp_path / "checkins.csv"
    assert kiosk_json(data, "export", "checkins", "--out", str(out))["rows"] == 1
    assert "Aoife" in out.read_text(encoding="utf-8-sig")
    event_dir = data / "events" / "tito-2025"
    assert (event_dir / "event.sqlite-wal").exists() or (event_dir / "event.sqlite").exists()
    assert_clean_failure(kiosk(data, "purge"), 2)  # needs --yes
    assert event_dir.exists()
    assert kiosk_json(data, "purge", "--yes")["purged"] == "tito-2025"
    assert not event_dir.exists()
    assert list((data / "events").iterdir()) == []
    assert_clean_failure(kiosk(data, "stats"), 1)


def test_demo_creates_once_with_tickets_pdf(tmp_path):
    data = tmp_path / "d"
    first = kiosk_json(data, "demo", "--no-gui", "--attendees", "120")
    assert first["created"] and first["attendees"] == 120
    pdf = Path(first["tickets_pdf"])
    assert pdf.read_bytes().startswith(b"%PDF")
    second = kiosk_json(data, "demo", "--no-gui")
    assert not second["created"] and second["attendees"] == 120
    stats = kiosk_json(data, "stats")
    assert set(stats["by_ticket_type"]) == {"Member", "Guest", "Facilitator", "Speaker", "Staff"}
    assert stats["void"] > 0
    assert kiosk_json(data, "search", "Gwenllïan Llewellyn")["results"]


def test_main_py_is_the_same_command(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "--data", str(tmp_path), "event",
                           "list", "--json"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and json.loads(proc.stdout) == {"events": []}


def test_json_output_survives_a_narrow_stdout_encoding(tmp_path):
    data = tmp_path / "d"
    kiosk_json(data, "event", "create", "day", "--name", "Day")
    kiosk_json(data, "walkin", "--first", "Łucja", "--last", "Wiśniewska")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "cp1252"}
    proc = subprocess.run([sys.executable, "-m", "kiosk", "--data", str(data), "search", "lucja", "--json"],
                          capture_output=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["results"][0]["name"] == "Łucja Wiśniewska"
    text = subprocess.run([sys.executable, "-m", "kiosk", "--data", str(data), "search", "lucja"],
                          capture_output=True, env=env, timeout=60)
    assert text.returncode == 0 and b"\\u0141ucja" in text.stdout  # replaced, not a crash


SIGNUP_SHEET = ("Timestamp,Full name,Email,Organisation\n"
                "2026-11-01 09:12,Aled Jones,aled@example.org,HEIW\n"
                "2026-11-01 09:40,Zoë Ní Bhriain,,Mind Cymru\n"
                "2026-11-02 14:03,Gethin Price,GETHIN@example.org,\n"
                "2026-11-03 08:30,Aled Jones,Aled@Example.org,HEIW\n")


def test_import_a_signup_sheet_with_made_codes_then_scan_its_tickets(tmp_path):
    import zxingcpp
    from PIL import Image

    sheet = tmp_path / "signups.csv"
    sheet.write_text(SIGNUP_SHEET, encoding="utf-8")
    data = tmp_path / "d"
    refused = kiosk(data, "import", str(sheet))
    assert_clean_failure(refused, 2)
    assert "--generate-codes" in refused.stderr  # the command line says how

    pdf, codes_csv = tmp_path / "out" / "tickets.pdf", tmp_path / "out" / "codes.csv"
    report = kiosk_json(data, "import", str(sheet), "--generate-codes", "--tickets-pdf", str(pdf),
                        "--codes-csv", str(codes_csv))
    # Every person imported once: row 5 is Aled again (same email in other case), said in words.
    assert (report["rows"], report["created"], report["generated_codes"]) == (4, 3, 3)
    assert [e["row"] for e in report["errors"]] == [5] and "same email" in report["errors"][0]["error"]
    assert report["tickets_pdf"] == str(pdf) and report["codes_csv"] == str(codes_csv)
    if os.name == "posix":
        assert pdf.stat().st_mode & 0o777 == 0o600 and codes_csv.stat().st_mode & 0o777 == 0o600

    # The tickets as a phone or printer shows them: each QR read back from a 150-dpi render.
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    scanned = [r.text for page in sorted(tmp_path.glob("page*.png"))
               for r in zxingcpp.read_barcodes(Image.open(page))]
    assert len(scanned) == 3 and len(set(scanned)) == 3
    names = {}
    for code in scanned:
        done = kiosk_json(data, "checkin", code, "--device", "Desk 1")
        assert done["status"] == "checked_in"
        names[code] = done["attendee"]["full_name"]
    assert sorted(names.values()) == ["Aled Jones", "Gethin Price", "Zoë Ní Bhriain"]
    zoe = next(c for c, n in names.items() if n.startswith("Zoë"))
    assert kiosk_json(data, "show", zoe)["attendee"]["last_name"] == "Ní Bhriain"  # full name split

    rows = codes_csv.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "Ticket code,First name,Last name,Full name,Email"
    assert {r.split(",")[0] for r in rows[1:]} == set(scanned)

    # The same list again (one more person, one name corrected at the desk): no duplicates,
    # the same codes, and the new person gets a ticket too.
    kiosk_json(data, "edit", zoe, "--first", "Zoe")
    sheet.write_text(SIGNUP_SHEET + "2026-11-04 10:00,Nia Evans,nia@example.org,NHS\n", encoding="utf-8")
    again = kiosk_json(data, "import", str(sheet), "--generate-codes")
    assert (again["created"], again["unchanged"], again["generated_codes"]) == (1, 3, 4)
    assert kiosk_json(data, "stats")["expected"] == 4
    assert Path(again["tickets_pdf"]).parent == data / "events" / "signups"
    assert kiosk_json(data, "show", zoe)["attendee"]["first_name"] == "Zoe"  # the desk's fix kept
    # A made code cannot be worked out from someone's email: a guess is an unknown ticket.
    assert kiosk_json(data, "checkin", "aled@example.org", expect=1)["status"] == "unknown"
