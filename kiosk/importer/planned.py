"""The rows a plan will write, kept in bounded memory, and cut into the chunks an import records.

Two kinds of planned row:
- the column form: the clean rows of a file that are new attendees (most of a first import), each
  a tuple of its cells in the plan's `Shape` (code, fields, extra answers) and its file row's
  digest; written as column-form `attendee.import` chunks (kiosk/ops/import_columns.py);
- the row form ({"code", "set"}): everything else (updates, rows that needed cleaning or raised a
  warning), kept as the text of its JSON.

Up to RUN_ROWS rows of each kind are kept as they came; each further RUN_ROWS are sorted by code
(what writing wants) and compressed a block of IMPORT_CHUNK rows at a time, so a file of a
million rows is planned and written in bounded memory.
"""

from __future__ import annotations

import heapq
import itertools
import json
import operator
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple, Protocol, overload

from kiosk.ops.attendee import compact_json
from kiosk.ops.import_columns import as_rows

IMPORT_CHUNK = 1000  # attendees per operation: big enough to be fast, small enough to sync
# An operation must stay far below the hub's 4 MB request limit whatever the file holds, or it
# could never be pushed: a chunk is also cut in halves until its JSON is at most this many
# characters (a row over MAX_ROW_CHARS is refused by the planner, so one row cannot come near).
IMPORT_CHUNK_BYTES = 512 * 1024
RUN_ROWS = 200_000  # row-form rows kept as plain text before a run is sorted and compressed
COLUMN_RUN_ROWS = 100_000  # column-form rows kept as tuples (~4x the memory of their text)
_CODE = operator.itemgetter(0)  # a column-form row's code (codes are unique: rows sort by it)
_CELLS, _DIGEST = operator.itemgetter(slice(0, -1)), operator.itemgetter(-1)  # and the rest of it
_NOTE = "\x1f"  # between a planned row's text and its digest
_UTF8 = ("utf-8", "surrogatepass")

# A chunk as recorded: its payload, the payload's text, (code, digest) of the rows that have one.
Chunk = tuple[dict, str, list[tuple[str, int]]]


class Plan(Protocol):
    """What writing needs of plan.ImportPlan (not imported: plan.py imports writing)."""

    file: str
    creates: PlannedRows
    updates: PlannedRows
    rows: int
    errors: list
    warnings: list
    generated: list
    file_key: str
    based_on_rev: int


class Shape(NamedTuple):
    """What each column-form row holds: its code, then the fields `columns` names, then the
    answers of the `extra` columns; every row also sets the registers of `same`."""

    columns: tuple[str, ...]  # "code" first
    extra: tuple[str, ...]
    same: tuple[tuple[str, str], ...]

    def payload(self, rows: list) -> dict:
        return {"columns": list(self.columns), "extra": list(self.extra), "same": dict(self.same), "rows": rows}


class PlannedRows(Sequence[dict]):
    """Attendee rows to write, read back in the row form ({"code", "set"}) whatever their kind."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self._runs: list[list[bytes]] = []  # each sorted by code: blocks of "\n"-joined texts
        self._count = 0                     # rows in _runs
        # A text may end with _NOTE and the digest of the file's row that gave it (digest_last).
        self._tail: list[str] = list(texts)
        self.appended = 0  # rows appended one by one: the planner tells its row wrote one
        self.origin: Plan | None = None  # the plan these rows are of, when a planner made them
        self.shape: Shape | None = None  # of the column-form rows
        self._column_runs: list[list[bytes]] = []  # each sorted by code: JSON blocks of rows
        self._column_count = 0
        self._column_tail: list[tuple] = []  # (code, cells..., digest)

    @classmethod
    def of(cls, rows: Iterable[dict]) -> PlannedRows:
        return rows if isinstance(rows, PlannedRows) else cls(map(compact_json, rows))

    def append(self, row: dict) -> None:
        self.append_text(compact_json(row))

    def append_text(self, text: str) -> None:
        """A row as compact_json writes it; its text starts {"code":…, so texts sort by code."""
        tail = self._tail
        if len(tail) >= RUN_ROWS:  # before, not after: the row appended last stays in the tail
            tail.sort()
            self._runs.append([zlib.compress("\n".join(tail[i:i + IMPORT_CHUNK]).encode(*_UTF8), 1)
                               for i in range(0, len(tail), IMPORT_CHUNK)])
            self._count += len(tail)
            tail = self._tail = []
        tail.append(text)
        self.appended += 1

    def digest_last(self, digest: int) -> None:
        """The file's row that gave the row appended last had this digest (see RowDigests): kept
        at the end of its text (a JSON text has no raw control character), ~20 bytes a row."""
        self._tail[-1] += f"{_NOTE}{digest}"

    def add_columns(self, shape: Shape, rows: list[tuple]) -> None:
        """Column-form rows, each (code, cells in `shape`'s order..., digest of its file row)."""
        if self.shape is None:
            self.shape = shape
        elif shape != self.shape:
            raise ValueError("one plan's column-form rows share one shape")
        self._column_tail += rows
        if len(self._column_tail) > COLUMN_RUN_ROWS:
            tail, self._column_tail = sorted(self._column_tail, key=_CODE), []
            self._column_runs.append([zlib.compress(compact_json(tail[i:i + IMPORT_CHUNK]).encode(*_UTF8), 1)
                                      for i in range(0, len(tail), IMPORT_CHUNK)])
            self._column_count += len(tail)

    def __len__(self) -> int:
        return self._count + len(self._tail) + self._column_count + len(self._column_tail)

    @overload
    def __getitem__(self, index: int) -> dict: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict]: ...
    def __getitem__(self, index: int | slice) -> dict | list[dict]:
        if isinstance(index, slice):
            return list(self)[index]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("planned row index out of range")
        return next(itertools.islice(iter(self), index, None))

    def __iter__(self) -> Iterator[dict]:
        yield from map(json.loads, self.texts())
        if self.shape is not None:
            runs: list[Iterable[Sequence[Sequence]]] = [*map(_column_blocks, self._column_runs), [self._column_tail]]
            for run in runs:
                for rows in run:
                    yield from as_rows(self.shape.payload([row[:-1] for row in rows]))

    def texts(self) -> Iterator[str]:
        """The row-form rows' texts as kept (file order, then runs sorted by code)."""
        for run in self._runs:
            yield from map(_text_of, _run_texts(run))
        yield from map(_text_of, self._tail)

    def sorted_entries(self) -> Iterator[str]:
        """The row-form rows' texts in code order, each with its file row's digest if it has one."""
        return heapq.merge(*map(_run_texts, self._runs), sorted(self._tail))

    def column_chunks(self) -> Iterator[Chunk]:
        """The column-form rows as chunks to record, in code order."""
        if self.shape is None:
            return
        tail = sorted(self._column_tail, key=_CODE)
        rows: Iterator[Sequence] = iter(tail) if not self._column_runs else heapq.merge(
            *[itertools.chain.from_iterable(_column_blocks(run)) for run in self._column_runs], tail, key=_CODE)
        while chunk := list(itertools.islice(rows, IMPORT_CHUNK)):
            yield from _cut_columns(self.shape, chunk)

    def text_chunks(self) -> Iterator[Chunk]:
        """The row-form rows as chunks to record, in code order."""
        return entry_chunks(self.sorted_entries())

    def __add__(self, other: Iterable[dict]) -> PlannedRows:
        both = PlannedRows.of(other)
        if self.shape is not None and both.shape is not None and self.shape != both.shape:
            raise ValueError("one plan's column-form rows share one shape")
        joined = PlannedRows()
        joined._runs = [*self._runs, *both._runs]
        joined._count = self._count + both._count
        joined._tail = [*self._tail, *both._tail]
        joined.origin = self.origin or both.origin
        joined.shape = self.shape or both.shape
        joined._column_runs = [*self._column_runs, *both._column_runs]
        joined._column_count = self._column_count + both._column_count
        joined._column_tail = [*self._column_tail, *both._column_tail]
        return joined

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PlannedRows({len(self)} rows)"


def _text_of(entry: str) -> str:
    return entry.partition(_NOTE)[0] if _NOTE in entry else entry


def _run_texts(run: list[bytes]) -> Iterator[str]:
    for block in run:
        yield from zlib.decompress(block).decode(*_UTF8).split("\n")


def _column_blocks(run: list[bytes]) -> Iterator[list[list]]:
    for block in run:
        yield json.loads(zlib.decompress(block).decode(*_UTF8))


def _cut_columns(shape: Shape, rows: list) -> list[Chunk]:
    payload = shape.payload(list(map(_CELLS, rows)))  # each row without its digest
    text = payload_text(payload)
    if len(text) <= IMPORT_CHUNK_BYTES or len(rows) == 1:
        return [(payload, text, list(zip(map(_CODE, rows), map(_DIGEST, rows), strict=True)))]
    half = len(rows) // 2
    return [*_cut_columns(shape, rows[:half]), *_cut_columns(shape, rows[half:])]


def payload_text(payload: dict) -> str:
    """compact_json(payload) of a column-form payload, faster: each row's text is its cells joined
    between quotes, which is what JSON writes when no cell has a character it escapes. Whether one
    has is told from the whole text at once: a quote in a cell makes one too many quotes, and a
    backslash or a control character shows as itself (compact_json writes the rest as it is)."""
    rows = payload["rows"]
    text = '["' + '"],["'.join(map('","'.join, rows)) + '"]' if rows else ""
    if text.count('"') != 2 * sum(map(len, rows)) or "\\" in text or not text.isprintable():
        return compact_json(payload)  # (not printable: a control character, or a rare one like U+2028)
    head = compact_json({**payload, "rows": []})
    return head[:-3] + "[" + text + "]}"


def entry_chunks(entries: Iterator[str]) -> Iterator[Chunk]:
    """Row-form chunks from texts (each may end with _NOTE and its row's digest), in their order."""
    while chunk := list(itertools.islice(entries, IMPORT_CHUNK)):
        texts, digests = [], []
        for entry in chunk:
            text, _, digest = entry.partition(_NOTE)
            texts.append(text)
            digests.append(digest)
        yield from _cut(texts, digests)


def _cut(texts: list[str], digests: list[str]) -> Iterable[Chunk]:
    # What dump_payload({"rows": rows}) gives, from the rows' own texts: serialised once.
    text = '{"rows":[' + ",".join(texts) + "]}"
    if len(text) <= IMPORT_CHUNK_BYTES or len(texts) == 1:
        payload = json.loads(text)
        rows = payload["rows"]
        return [(payload, text, [(row["code"], int(d)) for row, d in zip(rows, digests, strict=True) if d])]
    half = len(texts) // 2
    return [*_cut(texts[:half], digests[:half]), *_cut(texts[half:], digests[half:])]
