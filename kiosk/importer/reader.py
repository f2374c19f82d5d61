"""Reads an attendee file (CSV in any common encoding and delimiter, or .xlsx) into rows of text.

A file is never held whole: `read_rows` checks it in one streaming pass (size, encoding, NUL
bytes; for an .xlsx what its parts unpack to) and returns a `RowTable` that reads the rows from
disk again each time it is walked, so a 50 MB export costs its rows one at a time, not its
bytes, its text and its cells at once. Bounds (bytes, unpacked bytes, rows) are refused in words
before the work they would cost; set them with KIOSK_IMPORT_MAX_MB and KIOSK_IMPORT_MAX_ROWS.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Callable, Generator, Iterator, Sequence
from datetime import date, datetime, time
from itertools import islice
from pathlib import Path
from typing import overload

from kiosk.core.errors import UsageError


def _env_int(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


# ~800k attendees of CSV: anything bigger is not a ticket export. For an .xlsx, what it unpacks to.
MAX_IMPORT_BYTES = _env_int("KIOSK_IMPORT_MAX_MB", 200) * 1_000_000
MAX_IMPORT_ROWS = _env_int("KIOSK_IMPORT_MAX_ROWS", 1_000_000)
_DELIMITERS = ",;\t|"
_XLSX_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_SAMPLE = 65536       # bytes (and characters) the encoding, delimiter and binary checks look at
_CHUNK = 1 << 20      # bytes read at a time
_HEAD_ROWS = 32       # rows kept in memory: where the header is looked for

RowSource = Callable[[], Generator[list[str], None, None]]


class RowTable(Sequence[list[str]]):
    """A file's rows, read again from the file each time they are walked (never all in memory).

    The first rows are kept (the header is looked for there); a slice from a row onwards is
    another table; len() reads the file once to count. Reading refuses a file over
    MAX_IMPORT_ROWS rows, and a row the file cannot give, with a UsageError in words.
    """

    def __init__(self, source: RowSource, start: int = 0, head: list[list[str]] | None = None) -> None:
        self._source = source
        self._start = start
        if head is None:
            rows = source()
            try:
                head = list(islice(rows, _HEAD_ROWS))
            finally:
                rows.close()
        self._head = head
        self._len: int | None = None

    def __iter__(self) -> Iterator[list[str]]:
        head = self._head
        if len(head) < _HEAD_ROWS:  # the whole file is in the head
            yield from head[self._start:]
            return
        rows = self._source()
        try:
            yield from islice(rows, self._start, None)
        finally:
            rows.close()

    def __len__(self) -> int:
        if self._len is None:
            self._len = sum(1 for _ in self)
        return self._len

    @overload
    def __getitem__(self, index: int) -> list[str]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[list[str]]: ...

    def __getitem__(self, index: int | slice) -> list[str] | Sequence[list[str]]:
        if isinstance(index, slice):
            start, stop, step = index.start or 0, index.stop, index.step or 1
            if start < 0 or step != 1 or (stop is not None and stop < 0):
                raise ValueError("a RowTable slices forwards only")
            if stop is None:
                return RowTable(self._source, self._start + start, self._head)
            return list(islice(iter(self), start, stop))
        if index < 0:
            raise IndexError("a RowTable is indexed from its start")
        if self._start + index < len(self._head):
            return self._head[self._start + index]
        for row in islice(iter(self), index, index + 1):
            return row
        raise IndexError(index)


def read_rows(path: Path) -> tuple[RowTable, str]:
    """The rows of the file's first table as strings, and a description of how it was read."""
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
            _check_xlsx_size(path)
            return RowTable(lambda: _xlsx_rows(path)), "xlsx"
        if head.startswith(_OLE2_MAGIC):
            raise UsageError(f"{path.name} is an old Excel .xls file: save it as .xlsx or CSV")
        found = _examine_text(path)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    delimiter = sniff_delimiter(found.sample)
    table = RowTable(lambda: _csv_rows(path, found, delimiter))
    how = f"csv ({found.encoding}, delimiter {delimiter!r}"
    if found.nuls:
        how += f"; {found.nuls:,} NUL byte{'' if found.nuls == 1 else 's'} read as spaces"
    return table, how + ")"


# -- text files -----------------------------------------------------------------------------------

class _Text:
    """What one pass over a text file found: how to decode it, a sample, its NUL characters."""

    def __init__(self, encoding: str, codec: str, errors: str, sample: str, nuls: int) -> None:
        self.encoding, self.codec, self.errors = encoding, codec, errors
        self.sample, self.nuls = sample, nuls


def _examine_text(path: Path) -> _Text:
    """Decode the whole file once, a chunk at a time, the way spreadsheet programs write text:
    UTF-8 (BOM or not), UTF-16, or cp1252 when it is not UTF-8."""
    name = path.name
    with path.open("rb") as fh:
        first = fh.read(_SAMPLE)
        if first.startswith(codecs.BOM_UTF8):
            encoding = codec = "utf-8-sig"
        elif first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = codec = "utf-16"
        elif _looks_like_utf16(first):
            encoding = codec = "utf-16-le" if first[1:2] == b"\x00" else "utf-16-be"
        else:
            encoding, codec = "utf-8", "utf-8"
        utf16 = codec.startswith("utf-16")
        decoder = codecs.getincrementaldecoder(codec)(errors="strict" if utf16 else "replace")
        chars = nuls = replaced = 0
        chunk = first
        while chunk:
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError:
                raise UsageError(f"{name} is not valid UTF-16 text") from None
            chars += len(text)
            nuls += text.count("\x00")
            replaced += text.count("\ufffd")
            chunk = fh.read(_CHUNK)
    errors = "strict"
    if replaced and not utf16:
        errors = "replace"
        if _utf8_sequences(path) > replaced:  # a second pass, for a file that is not clean UTF-8 only
            # UTF-8 with a few damaged bytes: keep it UTF-8; the rows with damage are refused
            # (plan.py), rather than every accented name in the file turned into mojibake.
            encoding = "utf-8 (with unreadable bytes)"
        else:
            # Excel on Windows saves "CSV" in the machine's code page; cp1252 covers Western Europe.
            encoding = codec = "cp1252"
    sample = codecs.getincrementaldecoder(codec)(errors="replace").decode(first)
    # NUL bytes are read as spaces wherever they are; a file made of them is not text.
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\x00") + sample.count("\ufffd")
    if controls > max(8, len(sample) // 100) or nuls > max(8, chars // 100):
        raise UsageError(f"{name} looks like a binary file, not a CSV or .xlsx attendee list")
    return _Text(encoding, codec, errors, sample.replace("\x00", " "), nuls)


def _utf8_sequences(path: Path) -> int:
    """How many well-formed UTF-8 sequences of two or more bytes the file holds."""
    count = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):  # a sequence cut at a chunk's end is missed: a few in a file
            count += len(_UTF8_MULTIBYTE.findall(chunk))
    return count


def _csv_rows(path: Path, found: _Text, delimiter: str) -> Generator[list[str], None, None]:
    limit = MAX_IMPORT_ROWS
    try:
        with path.open(encoding=found.codec, errors=found.errors, newline="") as fh:
            lines: Iterator[str] = fh
            if found.nuls:
                lines = (line.replace("\x00", " ") for line in fh)
            reader = csv.reader(lines, delimiter=delimiter)
            for count, row in enumerate(reader, 1):
                if count > limit:
                    raise UsageError(_too_many_rows(path.name))
                yield row
    except csv.Error as exc:
        raise UsageError(f"{path.name} is not a readable CSV file: {exc}") from exc
    except UnicodeDecodeError:
        raise UsageError(f"{path.name} changed while it was read, or is not valid {found.encoding} text") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _too_many_rows(name: str) -> str:
    return (f"{name} has over {MAX_IMPORT_ROWS:,} rows; attendee files with more are refused "
            "(split it into smaller files)")


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
    lines = [line for line in text[:_SAMPLE].splitlines() if line.strip()][:20]
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


# -- .xlsx ----------------------------------------------------------------------------------------

def _not_xlsx(name: str, why: object) -> UsageError:
    return UsageError(f"{name} is not a readable .xlsx workbook (not a valid spreadsheet): {why}")


def _check_xlsx_size(path: Path) -> None:
    """Refuse a workbook whose parts unpack beyond MAX_IMPORT_BYTES, by what the zip declares and
    by what unpacking gives (counted as it streams, stopping at the limit: sizes can lie)."""
    import zipfile

    limit, name = MAX_IMPORT_BYTES, path.name
    refused = (f"{name} unpacks to over {limit // 1_000_000} MB; attendee workbooks bigger than "
               "that are refused")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if sum(p.file_size for p in parts) > limit:
                raise UsageError(refused)
            unpacked = 0
            for part in parts:
                with archive.open(part) as stream:
                    while chunk := stream.read(_CHUNK):
                        unpacked += len(chunk)
                        if unpacked > limit:
                            raise UsageError(refused)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, ValueError,
            EOFError) as exc:
        raise _not_xlsx(name, exc) from exc


def _xlsx_rows(path: Path) -> Generator[list[str], None, None]:
    from openpyxl import load_workbook

    name = path.name
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except Exception as exc:  # openpyxl raises many types (and XML ParseError) on damaged files
        raise _not_xlsx(name, _why(exc)) from exc
    try:
        if not workbook.worksheets:
            raise _not_xlsx(name, "it has no sheet")
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        count = 0
        while True:
            try:
                row = next(rows, None)
            except Exception as exc:  # openpyxl raises many types on damaged sheets
                raise UsageError(f"{name}: cannot read the first sheet: {_why(exc)}") from exc
            if row is None:
                return
            count += 1
            if count > MAX_IMPORT_ROWS:
                raise UsageError(_too_many_rows(name))
            yield [_cell_text(v) for v in row]
    finally:
        workbook.close()


def _why(exc: BaseException) -> str:
    text = str(exc).strip()
    if "entit" in text.lower() or type(exc).__name__ == "ParseError":
        return f"its XML cannot be read ({text or type(exc).__name__})"
    return text or type(exc).__name__


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
