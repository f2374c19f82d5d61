"""Reads an attendee file (CSV in any common encoding and delimiter, or .xlsx) into rows of text."""

from __future__ import annotations

import codecs
import csv
import io
import re
from datetime import date, datetime, time
from pathlib import Path

from kiosk.core.errors import UsageError

MAX_IMPORT_BYTES = 100 * 1024 * 1024  # ~400k attendees of CSV; anything bigger is not a ticket export
_DELIMITERS = ",;\t|"
_XLSX_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def read_rows(path: Path) -> tuple[list[list[str]], str]:
    """All rows of the file's first table as strings, and a description of how it was read."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UsageError(f"{path} is not a file")
        if size == 0:
            raise UsageError(f"{path.name} is empty")
        if size > MAX_IMPORT_BYTES:
            raise UsageError(
                f"{path.name} is {size / 1e6:.0f} MB; attendee files over "
                f"{MAX_IMPORT_BYTES // 1_000_000} MB are refused"
            )
        with path.open("rb") as fh:
            head = fh.read(8)
            if head.startswith(_XLSX_MAGIC):
                return _read_xlsx(path), "xlsx"
            if head.startswith(_OLE2_MAGIC):
                raise UsageError(f"{path.name} is an old Excel .xls file: save it as .xlsx or CSV")
            data = head + fh.read()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    text, encoding = decode(data, path.name)
    rows, delimiter = parse_csv(text, path.name)
    return rows, f"csv ({encoding}, delimiter {delimiter!r})"


def decode(data: bytes, name: str = "file") -> tuple[str, str]:
    """Decode bytes the way spreadsheet programs write them: UTF-8 (BOM or not), UTF-16, cp1252."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif _looks_like_utf16(data):
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
    elif b"\x00" in data[:65536]:
        raise UsageError(f"{name} looks like a binary file, not a CSV or .xlsx attendee list")
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        if encoding.startswith("utf-16"):
            raise UsageError(f"{name} is not valid UTF-16 text") from None
        replaced = data.decode("utf-8", errors="replace")
        valid_sequences = len(_UTF8_MULTIBYTE.findall(data))
        if valid_sequences > replaced.count("\ufffd"):
            # UTF-8 with a few damaged bytes: keep it UTF-8; the rows with damage are refused
            # (plan.py), rather than every accented name in the file turned into mojibake.
            encoding, text = "utf-8 (with unreadable bytes)", replaced
        else:
            # Excel on Windows saves "CSV" in the machine's code page; cp1252 covers Western Europe.
            encoding = "cp1252"
            text = data.decode(encoding, errors="replace")
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n") + sample.count("\ufffd")
    if controls > max(8, len(sample) // 100):
        raise UsageError(f"{name} looks like a binary file, not a CSV or .xlsx attendee list")
    return text, encoding


def _looks_like_utf16(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even_nuls, odd_nuls) > half * 0.4 and min(even_nuls, odd_nuls) < half * 0.05


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most consistent number of columns."""
    lines = [line for line in text[:65536].splitlines() if line.strip()][:20]
    if not lines:
        return ","
    best, best_score = ",", (0, 0)
    for delim in _DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=delim)]
        except csv.Error:
            continue
        header = counts[0] if counts else 0
        if header < 2:
            continue
        consistent = sum(1 for c in counts if c == header)
        score = (consistent, header)
        if score > best_score:
            best, best_score = delim, score
    return best


def parse_csv(text: str, name: str = "file") -> tuple[list[list[str]], str]:
    delimiter = sniff_delimiter(text)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = [row for row in reader]
    except csv.Error as exc:
        raise UsageError(f"{name} is not a readable CSV file: {exc}") from exc
    return rows, delimiter


def _read_xlsx(path: Path) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise UsageError(f"{path.name} is not a readable .xlsx workbook: {exc}") from exc
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    except Exception as exc:  # openpyxl raises many types on damaged sheets
        raise UsageError(f"{path.name}: cannot read the first sheet: {exc}") from exc
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # numeric barcodes typed into Excel become floats
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)
