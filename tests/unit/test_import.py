"""Attendee import: each preset on a realistic export, encodings, delimiters, re-import, bad files."""

import os
import shutil

import pytest

from kiosk.attendees.checkin import Desk, Status
from kiosk.core.errors import UsageError
from kiosk.importer import apply_import, plan_import

from tests.support.paths import DATA


def run_import(store, path, **kw):
    plan = plan_import(path, store, **kw)
    apply_import(store, plan)
    return plan


def attendee(store, code):
    return Desk(store).attendee(code)


def test_eventbrite_preset(store):
    plan = run_import(store, DATA / "eventbrite-2024.csv")
    assert plan.format == "eventbrite" and plan.rows == 4 and len(plan.creates) == 4 and not plan.errors
    sian = attendee(store, "881234500111000011001")  # the Barcode # column is the QR content
    assert (sian.first_name, sian.last_name, sian.organisation, sian.pronouns, sian.dietary_needs) == (
        "Siân", "Jones", "Betsi Cadwaladr UHB", "she/her", "Vegan")
    assert sian.booking_ref == "8812345001" and sian.job_title == "Staff Nurse"
    assert sian.extra["Order Type"] == "Free Order"
    sean = attendee(store, "881234500211000021001")
    assert sean.access_needs == "Wheelchair user,\nstep-free route please"  # quoted newline kept
    assert attendee(store, "881234500311000031001").status == "cancelled"  # Refunded
    assert attendee(store, "881234500411000041001").status == "valid"      # Checked In


def test_tito_preset_reads_code_from_unique_ticket_url(store):
    plan = run_import(store, DATA / "tito-2025.csv")
    assert plan.format == "tito" and len(plan.creates) == 3
    aoife = attendee(store, "ti_p5kR8sQ2uVx")
    assert (aoife.full_name, aoife.organisation, aoife.ticket_type, aoife.booking_ref, aoife.pronouns) == (
        "Aoife Murphy", "University College Cork", "Community Ticket", "ABCD", "she/her")
    assert attendee(store, "ti_zz9Q1wErT0y").status == "void"
    assert Desk(store).check_in("https://ti.to/tickets/ti_aa1B2cC3dD4").status is Status.CHECKED_IN


def test_pretix_preset(store):
    plan = run_import(store, DATA / "pretix-orders.csv")
    assert plan.format == "pretix" and len(plan.creates) == 3
    ciaran = attendee(store, "x7kq2mwp8ngd4rzv5bct3hfy6sj9aeu2")
    assert (ciaran.first_name, ciaran.last_name, ciaran.email, ciaran.ticket_type, ciaran.booking_ref) == (
        "Ciarán", "Ó Dónaill", "ciaran@example.ie", "Member ticket", "A1B2C")
    assert ciaran.dietary_needs == "Vegetarian"
    assert attendee(store, "q2w3e4r5t6y7u8p9a2s3d4f5g6h7j8k9").status == "cancelled"


def test_ticket_tailor_preset(store):
    plan = run_import(store, DATA / "tickettailor.csv")
    assert plan.format == "tickettailor" and len(plan.creates) == 3
    niamh = attendee(store, "TT-8H2K-9QXZ")
    assert (niamh.full_name, niamh.ticket_type, niamh.booking_ref, niamh.access_needs) == (
        "Niamh Kelly", "Delegate", "or_9001", "Hearing loop")
    assert attendee(store, "TT-3M4N-5PQR").status == "void"


def test_generic_semicolon_with_quoted_newline(store):
    plan = run_import(store, DATA / "generic-semicolon.csv")
    assert plan.format == "generic" and len(plan.creates) == 2
    ffion = attendee(store, "G-0001")
    assert (ffion.first_name, ffion.last_name) == ("Ffion", "Morgan")  # split from Name
    assert ffion.notes == "Bringing a carer;\nneeds a second lanyard"


ROWS = [["Ticket Code", "First Name", "Last Name", "Company"],
        ["C1", "Siân", "Wiśniewska", "Ødegård & Co"],
        ["C2", "Seán", "Ó Súilleabháin", "Café Ltd"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_encodings_and_delimiters(store, tmp_path, encoding, delimiter):
    rows = ROWS if encoding != "cp1252" else [
        [c.replace("ś", "s") for c in r] for r in ROWS]  # ś is not in cp1252
    text = "\r\n".join(delimiter.join(r) for r in rows) + "\r\n"
    path = tmp_path / "people.csv"
    path.write_bytes(text.encode(encoding))
    plan = run_import(store, path)
    assert len(plan.creates) == 2 and not plan.errors, plan.to_json()
    assert attendee(store, "C2").last_name == "Ó Súilleabháin"
    assert attendee(store, "C1").organisation == "Ødegård & Co"


def test_xlsx_import(store, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Attendee list: Community Day"])  # a title row above the header
    ws.append(["Barcode", "First name", "Last name", "Organisation", "Ticket type", "Order number"])
    ws.append([881234500111, "Siân", "Jones", "HEIW", "Member", 1001])
    ws.append(["ABC", "Llŷr", "Evans", None, "Guest", 1002])
    path = tmp_path / "export.xlsx"
    wb.save(path)
    plan = run_import(store, path)
    assert plan.source == "xlsx" and len(plan.creates) == 2, plan.to_json()
    assert attendee(store, "881234500111").booking_ref == "1001"
    assert attendee(store, "ABC").first_name == "Llŷr"


def test_reimport_is_idempotent_and_keeps_checkins(store, tmp_path):
    first = run_import(store, DATA / "eventbrite-2024.csv")
    ops_before = len(store.operations())
    Desk(store).check_in("881234500111000011001")
    again = run_import(store, DATA / "eventbrite-2024.csv")
    assert (len(again.creates), len(again.updates), again.unchanged) == (0, 0, first.rows)
    assert len(store.operations()) == ops_before + 1  # only the check-in was added
    assert attendee(store, "881234500111000011001").checked_in


def test_reimport_of_updated_file_updates_only_what_changed(store, tmp_path):
    run_import(store, DATA / "eventbrite-2024.csv")
    Desk(store).check_in("881234500111000011001")
    Desk(store).edit("881234500211000021001", first_name="Seán Óg")  # fixed at the desk
    text = (DATA / "eventbrite-2024.csv").read_text(encoding="utf-8")
    text = text.replace("Betsi Cadwaladr UHB", "Betsi Cadwaladr University Health Board")
    path = tmp_path / "eventbrite-later.csv"
    path.write_text(text, encoding="utf-8")
    plan = run_import(store, path)
    assert (len(plan.creates), len(plan.updates), plan.unchanged) == (0, 1, 3)
    sian = attendee(store, "881234500111000011001")
    assert sian.organisation == "Betsi Cadwaladr University Health Board" and sian.checked_in
    # The file still says "Seán", as it did last time: the desk's correction stands.
    assert attendee(store, "881234500211000021001").first_name == "Seán Óg"


def test_row_problems_are_reported_and_good_rows_import(store, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(
        "Ticket Code,Name,Status\n"
        "OK1,Ann One,valid\n"
        ",No Code,valid\n"
        "OK1,Second Ann,valid\n"
        "BAD\x1bCODE,Control,valid\n"
        "OK2,Bob Two,maybe\n"
        ",,\n"
        "OK3,,valid\n", encoding="utf-8")
    plan = run_import(store, path)
    assert [(e.row, e.error.split(" (")[0]) for e in plan.errors] == [
        (3, "no ticket code"), (4, "duplicate ticket code 'OK1'"), (5, "malformed ticket code")]
    assert {w.row for w in plan.warnings} == {6, 8}  # unknown status, no name
    assert len(plan.creates) == 3 and plan.rows == 6
    assert attendee(store, "OK1").full_name == "Ann One"  # the first of the duplicates


def test_explicit_mapping_overrides_detection(store, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Ref,Who,Where\nR1,Ann Example,Cardiff\n", encoding="utf-8")
    with pytest.raises(UsageError, match="no ticket code column"):
        plan_import(path, store)
    plan = run_import(store, path, overrides={"Ref": "code", "Who": "full_name", "where": "organisation"})
    assert attendee(store, "R1").organisation == "Cardiff" and plan.mapping["code"] == "Ref"
    with pytest.raises(UsageError, match="no column"):
        plan_import(path, store, overrides={"Missing": "code"})


def test_dry_run_plan_writes_nothing(store):
    plan = plan_import(DATA / "tito-2025.csv", store)
    assert len(plan.creates) == 3
    assert store.conn.execute("SELECT COUNT(*) FROM attendees").fetchone()[0] == 0


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, data, message", [
    ("empty.csv", b"", "is empty"),
    ("blank.csv", b"\n\n  \n", "no header row|no ticket code"),
    ("header-only.csv", b"Ticket Code,Name\n", None),
    ("binary.csv", bytes(range(256)) * 64, "binary"),
    ("image.png", b"\x89PNG\r\n\x1a\n" + os.urandom(4000), "binary"),
    ("legacy.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old Excel"),
    ("broken.xlsx", b"PK\x03\x04" + os.urandom(2000), "not a readable .xlsx"),
    ("words.csv", b"just some words\nwithout any columns\n", "no ticket code"),
])
def test_bad_files_give_clear_errors_and_change_nothing(store, tmp_path, name, data, message):
    path = _write(tmp_path / name, data)
    ops_before = len(store.operations())
    if message is None:
        plan = run_import(store, path)
        assert plan.rows == 0
    else:
        with pytest.raises(UsageError, match=message):
            run_import(store, path)
    assert len(store.operations()) == ops_before


def test_fifty_megabyte_files(store, tmp_path):
    noise = tmp_path / "noise.csv"
    with noise.open("wb") as fh:
        for _ in range(50):
            fh.write(os.urandom(1024 * 1024))
    with pytest.raises(UsageError, match="binary"):
        plan_import(noise, store)
    # 50 MB of text in a single enormous field: the CSV reader's field limit answers, clearly.
    line = tmp_path / "line.csv"
    with line.open("wb") as fh:
        fh.write(b"Ticket Code,Name\nX1,\"")
        for _ in range(50):
            fh.write(b"a" * (1024 * 1024))
    with pytest.raises(UsageError, match="not a readable CSV"):
        plan_import(line, store)
    assert store.conn.execute("SELECT COUNT(*) FROM attendees").fetchone()[0] == 0


def test_oversized_file_is_refused_before_reading(store, tmp_path, monkeypatch):
    import kiosk.importer.reader as reader

    monkeypatch.setattr(reader, "MAX_IMPORT_BYTES", 1000)
    path = tmp_path / "big.csv"
    shutil.copy(DATA / "eventbrite-2024.csv", path)
    with pytest.raises(UsageError, match="refused"):
        plan_import(path, store)


def test_missing_file_and_folder(store, tmp_path):
    with pytest.raises(UsageError, match="cannot read"):
        plan_import(tmp_path / "nope.csv", store)
    with pytest.raises(UsageError, match="not a file"):
        plan_import(tmp_path, store)


def test_a_stray_byte_does_not_turn_every_name_into_mojibake(store, tmp_path):
    good = "Ticket Code,First Name,Last Name\nA1,Siân,Jones\nA2,Zoë,Brown\n".encode()
    path = tmp_path / "export.csv"
    path.write_bytes(good)
    run_import(store, path)
    path.write_bytes(good + b"A3,Ren\xe9e,Smith\n")  # one cp1252 byte in an otherwise UTF-8 file
    plan = run_import(store, path)
    assert [e.row for e in plan.errors] == [4] and "cannot be read" in plan.errors[0].error
    assert (len(plan.updates), plan.unchanged) == (0, 2)
    assert attendee(store, "A2").first_name == "Zoë"


def test_a_cleared_void_flag_unvoids_the_ticket(store, tmp_path):
    text = (DATA / "tito-2025.csv").read_text(encoding="utf-8")
    run_import(store, DATA / "tito-2025.csv")
    assert attendee(store, "ti_zz9Q1wErT0y").status == "void"
    path = tmp_path / "tito-later.csv"
    path.write_text(text.replace(",void,", ",,"), encoding="utf-8")
    plan = run_import(store, path)
    assert len(plan.updates) == 1
    assert Desk(store).check_in("ti_zz9Q1wErT0y").status is Status.CHECKED_IN


def test_huge_cells_are_cut_and_big_rows_make_smaller_operations(store, tmp_path):
    """Every import operation must stay far below the hub's 4 MB request limit, or it could never sync."""
    import json

    from kiosk.core.model import MAX_FIELD_LENGTH
    from kiosk.importer.plan import IMPORT_CHUNK_BYTES

    notes = "Ф" * 30_000  # a whole document pasted into one cell (2 bytes a character in UTF-8)
    wide = ",".join(["Ж" * 1900] * 20)  # 20 full custom columns: ~76 KB a row
    lines = ["Ticket code,First name,Last name,Essay," + ",".join(f"Q{i}" for i in range(20))]
    lines += [f"T{i:05},Amy,Ng,{notes},{wide}" for i in range(300)]
    lines += [f"S{i:05},Bo,Li,short" for i in range(2500)]
    path = tmp_path / "big-cells.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = run_import(store, path)
    assert not plan.errors and len(plan.creates) == 2800
    assert sum("30,000 characters was cut to 2,000" in w.error for w in plan.warnings) == 300
    assert attendee(store, "T00007").extra["Essay"] == "Ф" * MAX_FIELD_LENGTH
    sizes, rows = [], 0
    for payload, in store.conn.execute("SELECT payload FROM ops WHERE kind = 'attendee.import'"):
        sizes.append(len(payload))
        rows += len(json.loads(payload)["rows"])
        assert len(payload.encode("utf-8")) < 2 * 1024 * 1024  # what the kiosk sends in one push
    assert rows == 2800 and max(sizes) <= IMPORT_CHUNK_BYTES + 64 * 1024
    assert len(sizes) > 3  # the 300 big rows alone are ~24 MB: cut by size, not only by count


def test_a_row_too_big_to_sync_is_skipped_with_a_reason(store, tmp_path):
    """Hundreds of full custom columns make one attendee bigger than the hub takes in a request:
    imported, it would block this laptop's sync for good. It is refused, the others import."""
    headers = "Ticket code,First name,Last name," + ",".join(f"Q{i}" for i in range(200))
    wide = ",".join(["x" * 1900] * 200)
    path = tmp_path / "wide.csv"
    path.write_text(f"{headers}\nW1,Ann,Wide,{wide}\nOK1,Bo,Fine,{','.join([''] * 200)}\n", encoding="utf-8")
    plan = run_import(store, path)
    assert [p.row for p in plan.errors] == [2] and "row skipped" in plan.errors[0].error
    assert attendee(store, "W1") is None and attendee(store, "OK1").first_name == "Bo"
