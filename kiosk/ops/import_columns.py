"""The column form of an `attendee.import` chunk, and how a chunk of new attendees in it is written.

    {"columns": ["code", "first_name", "last_name", ...],   the fields each row gives, code first
     "extra": ["Order Date", "Quantity", ...],              the file's other columns (optional)
     "same": {"source": "import"},                          registers every row sets alike (optional)
     "rows": [["3141592", "Siân", "Evans", ..., "2026-10-01", "1"], ...]}

A row means exactly what the row form {"code": row[0], "set": {...}} means: each named field set
to its cell, the `same` registers, and (when the payload has "extra") the "extra" register set to
the file's other columns whose cell is not blank. `as_rows` gives that row form; the reducer in
kiosk/ops/attendee.py applies every row through it, except for a chunk of new attendees, which
`FreshInsert` writes directly.

Why a second form: an import's rows all set the same fields, so naming them once halves the log
(a 100k import: ~14 MB instead of ~32 MB, to store, sync and read back), and a chunk of attendees
nobody has yet is written column by column instead of merged row by row and field by field (the
per-row Python work was most of an import's time).
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, repeat

from kiosk.core.model import FIELDS, MAX_FIELD_LENGTH, REGISTERS
from kiosk.ops.base import MalformedOperation

# The stamp key prefix: which import operation last set a field (an import stamps "^field" beside
# "field", see attendee.py: how the next import tells a change in the file from one at the desk).
BASELINE = "^"
SETTABLE = frozenset(REGISTERS)
FIELD_SET = frozenset(FIELDS)
_encode_text = json.encoder.encode_basestring  # what extra_json writes a text as


def is_columnar(payload: dict) -> bool:
    return "columns" in payload


def validate_columnar(payload: dict) -> None:
    """Refuse a column-form payload that does not fit (MalformedOperation), in words."""
    columns, extra, same, rows = (payload.get("columns"), payload.get("extra", []), payload.get("same", {}),
                                  payload.get("rows"))
    if (type(columns) is not list or not columns or columns[0] != "code"
            or not all(type(c) is str for c in columns) or len(set(columns)) != len(columns)
            or "extra" in columns):
        raise MalformedOperation("attendee.import 'columns' must be distinct field names, 'code' first "
                                 "('extra' answers come in 'extra')")
    if type(extra) is not list or not all(type(h) is str for h in extra) or len(set(extra)) != len(extra):
        raise MalformedOperation("attendee.import 'extra' must be a list of distinct column names")
    if type(same) is not dict or "code" in same or "extra" in same or not same.keys().isdisjoint(columns):
        raise MalformedOperation("attendee.import 'same' must be an object of registers no column sets")
    if type(rows) is not list:
        raise MalformedOperation("attendee.import needs a 'rows' list")
    width = len(columns) + len(extra)
    if not all([type(r) in (list, tuple) and len(r) == width for r in rows]):
        raise MalformedOperation(f"attendee.import rows must be lists of {width} cells")
    if not all([type(r[0]) is str and r[0] for r in rows]):
        raise MalformedOperation("operation payload needs a non-empty 'code'")


def as_rows(payload: dict) -> Iterator[dict]:
    """Each row in the row form ({"code", "set"}), which says what it means."""
    names = payload["columns"][1:]
    extra: list[str] | None = payload.get("extra")
    same = payload.get("same") or {}
    width = len(names) + 1
    for row in payload["rows"]:
        values = dict(zip(names, row[1:width], strict=True))
        values.update(same)
        if extra is not None:
            values["extra"] = {h: x for h, x in zip(extra, row[width:], strict=True) if x not in ("", None)}
        yield {"code": row[0], "set": values}


def codes_of(payload: dict) -> list[str]:
    return [row[0] for row in payload["rows"]]


class FreshInsert:
    """A column-form chunk written as new attendees: what to INSERT, or why it cannot be.

    It can when every cell is text within the field limit, the fields are already NFC (as the row
    form would store them), every column is a register this app knows, and none of its codes is
    stored or written by another operation of the batch (the caller checks that). Otherwise the
    reducer merges its rows one by one, which gives the same state, slower.
    """

    def __init__(self, payload: dict, stamp: str, rev: int) -> None:
        self.payload, self.stamp, self.rev = payload, stamp, rev

    def possible(self) -> bool:
        payload = self.payload
        names = payload["columns"][1:]
        if not SETTABLE.issuperset(names):
            return False  # a newer app's field: the row form ignores it, with its rules
        same = payload.get("same") or {}
        if any(type(v) is not str or len(v) > MAX_FIELD_LENGTH or not _is_nfc(v) for v in same.values()):
            return False
        if not SETTABLE.issuperset(same):
            return False
        rows = payload["rows"]
        if not rows:
            return True
        try:  # join refuses anything but text: the type check of every cell, for free
            texts = list(map("\0".join, rows))  # NUL composes with nothing: one NFC check below
        except TypeError:
            return False
        if max(map(len, texts)) > MAX_FIELD_LENGTH and max(map(len, chain.from_iterable(rows))) > MAX_FIELD_LENGTH:
            return False  # (no row's text over the limit: no cell is)
        joined = "\0".join(texts)
        # The extra answers are kept as the file gave them, but a chunk whose answers are not
        # NFC either is rare enough to merge row by row.
        return joined.isascii() or unicodedata.is_normalized("NFC", joined)

    def statement(self) -> tuple[str, Iterator[Sequence[object]]]:
        """The INSERT and its rows (call only when `possible`)."""
        payload = self.payload
        names: list[str] = payload["columns"][1:]
        same: dict[str, str] = payload.get("same") or {}
        headers: list[str] | None = payload.get("extra")
        registers = [*names, *same, *(["extra"] if headers is not None else [])]
        keys = registers + [BASELINE + k for k in registers if k in FIELD_SET]
        stamps = json.dumps({self.stamp: " ".join(sorted(keys))}) if keys else "{}"
        rows = payload["rows"]
        width = len(names) + 1
        columns = list(zip(*rows, strict=True)) if rows else [()] * (width + len(headers or []))
        values: list[Iterable[object]] = [*columns[:width], *map(repeat, same.values())]
        if headers is not None:
            values.append(extra_texts(headers, columns[width:], len(rows)))
        values += [repeat(stamps), repeat(self.rev)]
        sql = (f"INSERT INTO attendees ({', '.join(['code', *registers, 'stamps', 'rev'])}) "  # noqa: S608 (register names)
               f"VALUES (?{', ?' * (len(registers) + 2)})")
        return sql, zip(*values, strict=False)  # repeat()s are endless


def extra_texts(headers: list[str], columns: Sequence[Sequence[str]], count: int) -> list[str]:
    """Each row's "extra" register as extra_json writes it ({header: cell} of its non-blank cells,
    keys sorted, ", " and ": " between): a text made from one template for the rows with no blank
    cell, one dict encoded for each other row."""
    if not headers:
        return ["{}"] * count
    order = sorted(range(len(headers)), key=headers.__getitem__)
    template = "{{" + ", ".join(_encode_text(headers[i]).replace("{", "{{").replace("}", "}}") + ": {}"
                                for i in order) + "}}"
    texts = list(map(template.format, *[map(_encode_text, columns[i]) for i in order]))
    blank: set[int] = set()
    for i in order:
        if "" in columns[i]:
            blank.update(n for n, cell in enumerate(columns[i]) if not cell)
    for n in blank:
        texts[n] = "{" + ", ".join(f"{_encode_text(headers[i])}: {_encode_text(columns[i][n])}"
                                   for i in order if columns[i][n]) + "}"
    return texts


def _is_nfc(text: str) -> bool:
    return text.isascii() or unicodedata.is_normalized("NFC", text)


_LOOKUP_CHUNK = 500  # codes bound a query (as values: json_each would cut a code at a NUL)


def existing_codes(conn: sqlite3.Connection, codes: list[str]) -> set[str]:
    """Which of these codes an attendee already has."""
    found: set[str] = set()
    for i in range(0, len(codes), _LOOKUP_CHUNK):
        chunk = codes[i:i + _LOOKUP_CHUNK]
        found.update(row[0] for row in conn.execute(
            f"SELECT code FROM attendees WHERE code IN ({', '.join('?' * len(chunk))})", chunk))  # noqa: S608
    return found
