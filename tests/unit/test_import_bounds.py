"""Import bounds: a file too big, a workbook that unpacks too far (or lies about it), too many rows
or row errors, XML entities and NUL bytes are all answered in words, in seconds, in little memory."""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from kiosk.core.errors import UsageError
from kiosk.importer import plan_import

from tests.support.cli import ROOT, kiosk

_SHEET = "xl/worksheets/sheet1.xml"
_ROW = (b'<row><c t="inlineStr"><is><t>CODE-0000001</t></is></c>'
        b'<c t="inlineStr"><is><t>Someone</t></is></c></row>')


def _xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite(path: Path, parts: dict[str, bytes | None], sheet_megabytes: int = 0) -> Path:
    """A copy of a small workbook with some parts replaced, and its sheet `sheet_megabytes` long."""
    base = _xlsx([["Ticket Code", "First Name"], ["A1", "Ann"]])
    chunk = _ROW * (1_000_000 // len(_ROW) + 1)
    with zipfile.ZipFile(io.BytesIO(base)) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as out:
        for info in src.infolist():
            if info.filename == _SHEET and sheet_megabytes:
                with out.open(_SHEET, "w", force_zip64=sheet_megabytes > 1000) as fh:
                    fh.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                             b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                    for _ in range(sheet_megabytes):
                        fh.write(chunk)
                    fh.write(b"</sheetData></worksheet>")
            else:
                out.writestr(info, parts.get(info.filename) or src.read(info))
    return path


def _measured(*args: str, env: dict | None = None) -> tuple[subprocess.CompletedProcess, float, int]:
    """Run `kiosk` in a fresh parent that reports its only child's peak memory (bytes) and time."""
    probe = ("import resource, subprocess, sys, time\n"
             "t = time.monotonic()\n"
             "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "sys.stderr.write(p.stderr)\n"
             "sys.stdout.write(p.stdout)\n"
             "print(time.monotonic() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
             "sys.exit(p.returncode)\n")
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    proc = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "kiosk", *args],
                          capture_output=True, text=True, env=full_env, timeout=300)
    *out, last = proc.stdout.strip().splitlines()
    seconds, kilobytes = last.split()
    proc.stdout = "\n".join(out)
    return proc, float(seconds), int(kilobytes) * 1024


def _refused(proc: subprocess.CompletedProcess, words: str) -> None:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and words in proc.stderr, proc.stderr


@pytest.mark.slow
def test_a_zip_bomb_workbook_is_refused_in_seconds_and_little_memory(tmp_path):
    bomb = _rewrite(tmp_path / "tickets.xlsx", {}, sheet_megabytes=300)  # ~1 MB that unpacks to 300 MB
    assert bomb.stat().st_size < 3_000_000
    proc, seconds, peak = _measured("--data", str(tmp_path / "data"), "import", str(bomb), "--dry-run")
    _refused(proc, "unpacks to over 200 MB")
    assert seconds < 10 and peak < 500 * 1024 * 1024, (seconds, peak)


def test_a_workbook_that_lies_about_its_sizes_is_refused(tmp_path):
    path = _rewrite(tmp_path / "liar.xlsx", {}, sheet_megabytes=5)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        sheet = archive.getinfo(_SHEET)
    struct.pack_into("<I", data, sheet.header_offset + 22, 1000)  # the local header says 1000 bytes
    central = data.rfind(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + name_length] == _SHEET.encode():
            struct.pack_into("<I", data, central + 24, 1000)  # and so does the central directory
            break
        central = data.rfind(b"PK\x01\x02", 0, central)
    else:
        raise AssertionError("no central directory entry for the sheet")
    path.write_bytes(bytes(data))
    start = time.monotonic()
    proc = kiosk(tmp_path / "data", "import", str(path), "--dry-run")
    _refused(proc, "not a readable .xlsx")
    assert time.monotonic() - start < 10


ENTITIES = {
    "external": b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                b'<row><c t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>',
    "billion laughs": b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
                      + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&" + bytes([97 + i]) + b";") * 10)
                                 for i in range(8))
                      + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        b'<sheetData><row><c t="inlineStr"><is><t>&i;</t></is></c></row></sheetData></worksheet>',
}


@pytest.mark.parametrize("part", [_SHEET, "xl/workbook.xml"])
@pytest.mark.parametrize("kind", list(ENTITIES))
def test_xml_entities_are_not_a_valid_spreadsheet(tmp_path, kind, part):
    body = ENTITIES[kind]
    if part == "xl/workbook.xml":
        body = body.replace(b"<worksheet", b"<workbook").replace(b"</worksheet>", b"</workbook>")
    path = _rewrite(tmp_path / "entities.xlsx", {part: body})
    proc = kiosk(tmp_path / "data", "import", str(path), "--dry-run")
    _refused(proc, "not a valid spreadsheet")
    assert "root:" not in proc.stdout + proc.stderr


def test_too_many_rows_are_refused_in_csv_and_xlsx(tmp_path):
    rows = [["Ticket Code", "First Name"]] + [[f"C{n}", "Ann"] for n in range(60)]
    csv_path = tmp_path / "many.csv"
    csv_path.write_text("\n".join(",".join(r) for r in rows) + "\n")
    xlsx_path = tmp_path / "many.xlsx"
    xlsx_path.write_bytes(_xlsx(rows))
    for path in (csv_path, xlsx_path):
        proc, _, _ = _measured("--data", str(tmp_path / "data"), "import", str(path), "--dry-run",
                               env={"KIOSK_IMPORT_MAX_ROWS": "50"})
        _refused(proc, "over 50 rows")


def test_row_errors_list_the_first_hundred_and_count_the_rest(tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text("Ticket Code,First Name,Last Name\nA1,Ann,Lee\n" + ",Nobody,Here\n" * 250)
    proc = kiosk(tmp_path / "data", "import", str(path), "--dry-run", "--json")
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert len(answer["errors"]) == 100 and answer["errors_not_shown"] == 150
    assert answer["errors"][0] == {"row": 3, "error": "no ticket code"}
    assert answer["created"] == 1 and len(proc.stdout) < 20_000


def test_nul_bytes_are_spaces_wherever_they_are(tmp_path):
    filler = "".join(f"F{n:05d},Filler,Person\n" for n in range(4000))  # ~80 KB
    assert len(filler) > 65536
    text = "Ticket Code,First Name,Last Name\nA1,An\0n,Lee\n" + filler + "A2,Bo\0b,Ray\n"
    path = tmp_path / "nul.csv"
    path.write_bytes(text.encode())
    plan = plan_import(path, None)
    assert not plan.errors and plan.rows == 4002
    names = {row["code"]: row["set"]["first_name"] for row in plan.creates}
    assert names["A1"] == "An n" and names["A2"] == "Bo b"
    assert "2 NUL bytes read as spaces" in plan.source
    # A file made of NUL bytes is still not text, wherever they are.
    for binary in (b"\0" * 70000 + text.encode(), text.encode() + b"\0" * 70000):
        path.write_bytes(binary)
        with pytest.raises(UsageError, match="binary"):
            plan_import(path, None)


@pytest.mark.slow
def test_reading_a_fifty_megabyte_csv_stays_small(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Ticket Code,First Name,Last Name,Email,Ticket Type,Organisation,Notes\n")
        for n in range(450_000):
            fh.write(f"CODE-{n:08d},Siân{n % 97},Jones{n % 1013},person{n}@example.org,Standard,"
                     f"Org {n % 300},some notes about row {n} here padding\n")
    assert path.stat().st_size > 50_000_000
    # VmHWM is this process's own peak: ru_maxrss would carry the peak of the (large) test worker
    # it was forked from across exec, as it did on a busy CI run.
    walk = ("import sys\nfrom kiosk.importer.reader import read_rows\n"
            "rows, _ = read_rows(sys.argv[1])\nn = sum(1 for _ in rows)\n"
            "peak = next(l for l in open('/proc/self/status') if l.startswith('VmHWM:')).split()[1]\n"
            "print(n, peak)\n")
    proc = subprocess.run([sys.executable, "-c", walk, str(path)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    count, kilobytes = map(int, proc.stdout.split())
    assert count == 450_001 and kilobytes * 1024 < 300 * 1024 * 1024, (count, kilobytes)


@pytest.mark.slow
@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "import"])
def test_a_fifty_megabyte_csv_import_stays_under_300_mb(tmp_path, dry_run):
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Ticket Code,First Name,Last Name,Email,Organisation\n")
        for n in range(800_000):
            fh.write(f"CODE-{n:08d},Siân{n % 97},Jones{n % 1013},person{n}@example.org,Org {n % 300}\n")
    assert path.stat().st_size > 50_000_000
    proc, _, peak = _measured("--data", str(tmp_path / "data"), "import", str(path),
                              *(["--dry-run"] if dry_run else []))
    assert proc.returncode == 0, proc.stderr
    assert "800000 new" in proc.stdout, proc.stdout
    assert peak < 300 * 1024 * 1024, peak
