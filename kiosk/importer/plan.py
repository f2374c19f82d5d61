"""Turns a file into an import plan (creates, updates, row problems) and applies it in one transaction.

A plan is computed without writing, so the desk can preview it and --dry-run can report it. Rows
with problems are reported by row number (the spreadsheet's row: the header is row 1) and skipped;
the good rows still import. Re-importing records operations only for what the file changed since
the last import, so a name fixed at the desk is not undone by re-importing the same export.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.attendees.checkin import clean_text
from kiosk.core.codes import normalise_code
from kiosk.core.errors import UsageError
from kiosk.core.gcpause import gc_paused
from kiosk.core.model import FIELDS, MAX_FIELD_LENGTH, complete_names
from kiosk.importer.presets import (
    CODE,
    IMPORT_FIELDS,
    PRESETS,
    Preset,
    detect,
    is_void_flag,
    map_columns,
    normalise_header,
    status_from_text,
    void_flag_columns,
)
from kiosk.importer.reader import read_rows
from kiosk.ops.attendee import BASELINE, decode_stamps, op_id_of
from kiosk.store.event_store import EventStore

_HEADER_SEARCH_ROWS = 10
_MULTILINE = {"notes", "access_needs", "dietary_needs"}
Progress = Callable[[int, int], bool]  # (done, total) → False to cancel


@dataclass(frozen=True)
class RowProblem:
    row: int
    error: str

    def to_json(self) -> dict:
        return {"row": self.row, "error": self.error}


@dataclass
class ImportPlan:
    format: str
    source: str
    headers: list[str]
    mapping: dict[str, str]              # field → header it was read from
    rows: int = 0                        # data rows read (blank rows not counted)
    creates: list[dict] = field(default_factory=list)   # {"code", "set"} rows to import
    updates: list[dict] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "format": self.format, "source": self.source, "rows": self.rows,
            "created": len(self.creates), "updated": len(self.updates), "unchanged": self.unchanged,
            "errors": [e.to_json() for e in self.errors],
            "warnings": [w.to_json() for w in self.warnings],
            "mapping": self.mapping,
        }


def parse_mapping_overrides(pairs: list[str]) -> dict[str, str]:
    """--map HEADER=field arguments as a dict, refusing unknown fields."""
    overrides: dict[str, str] = {}
    for pair in pairs:
        header, sep, field_name = pair.rpartition("=")
        field_name = field_name.strip()
        if not sep or not header.strip():
            raise UsageError(f"--map needs HEADER=field, got {pair!r}")
        if field_name not in IMPORT_FIELDS:
            raise UsageError(f"--map: unknown field {field_name!r}; fields: {', '.join(IMPORT_FIELDS)}")
        overrides[header.strip()] = field_name
    return overrides


def plan_import(path: Path, store: EventStore | None, fmt: str = "auto",
                overrides: dict[str, str] | None = None, progress: Progress | None = None
                ) -> ImportPlan:
    with gc_paused():
        return _plan_import(Path(path), store, fmt, overrides, progress)


def _plan_import(path: Path, store: EventStore | None, fmt: str, overrides: dict[str, str] | None,
                 progress: Progress | None) -> ImportPlan:
    if fmt != "auto" and fmt not in PRESETS:
        raise UsageError(f"unknown format {fmt!r}; choose auto, {', '.join(PRESETS)}")
    table, source = read_rows(path)
    header_index = _find_header_row(table)
    if header_index is None:
        raise UsageError(f"{Path(path).name} has no header row")
    headers = [h.strip() for h in table[header_index]]
    preset = PRESETS[fmt] if fmt != "auto" else detect(headers)
    try:
        columns = map_columns(headers, preset, overrides)
    except KeyError as exc:
        raise UsageError(f"--map: no column {exc.args[0]!r} in the file") from None
    if CODE not in columns:
        raise UsageError(
            f"{Path(path).name}: no ticket code column found (read as {preset.label}); "
            "name it with --map 'HEADER=code'"
        )
    plan = ImportPlan(preset.name, source, headers, {f: headers[i] for f, i in columns.items()})
    existing = _Existing(store)
    flags = void_flag_columns(headers, preset)
    used = set(columns.values()) | set(flags)
    extra_columns = [(i, h) for i, h in enumerate(headers) if i not in used and h]
    first_seen: dict[str, int] = {}
    data_rows = table[header_index + 1:]
    for offset, cells in enumerate(data_rows):
        row_number = header_index + offset + 2
        if progress and offset % 2000 == 0 and progress(offset, len(data_rows)) is False:
            raise UsageError("import cancelled")
        if not any(c.strip() for c in cells):
            continue
        plan.rows += 1
        _plan_row(plan, preset, columns, flags, extra_columns, cells, row_number, existing, first_seen)
    return plan


IMPORT_CHUNK = 1000  # attendees per operation: big enough to be fast, small enough to sync
# An operation must stay far below the hub's 4 MB request limit whatever the file holds, or it
# could never be pushed: a chunk also ends at about this many characters of JSON, and a row
# over MAX_ROW_CHARS is refused (so one row cannot come near the limit). Characters, not
# bytes: counting is 3x cheaper than encoding, and even at 4 bytes each the hub takes it.
IMPORT_CHUNK_BYTES = 512 * 1024
MAX_ROW_CHARS = 256 * 1024  # a row of a ticket export is a few hundred characters


def apply_import(store: EventStore, plan: ImportPlan) -> None:
    """Record the plan's operations in one durable transaction: all of them, or none."""
    with gc_paused():
        record_import(store, plan.creates + plan.updates)


def record_import(store: EventStore, rows: list[dict]) -> None:
    """Write attendee rows ({"code", "set"}) as attendee.import operations."""
    with store.write():
        store.record_many("attendee.import", [{"rows": chunk} for chunk in import_chunks(rows)])


def import_chunks(rows: list[dict]) -> list[list[dict]]:
    """Rows cut into operations of at most IMPORT_CHUNK rows and about IMPORT_CHUNK_BYTES each."""
    chunks: list[list[dict]] = []
    chunk: list[dict] = []
    size = 0
    for row in rows:
        row_size = _row_chars(row)
        if chunk and (len(chunk) >= IMPORT_CHUNK or size + row_size > IMPORT_CHUNK_BYTES):
            chunks.append(chunk)
            chunk, size = [], 0
        chunk.append(row)
        size += row_size
    if chunk:
        chunks.append(chunk)
    return chunks


def _row_chars(row: dict) -> int:
    """About the length of the row as JSON: its text, keys and punctuation (the values are text,
    except 'extra', a mapping of text)."""
    size = 16 + len(row["code"])
    for key, value in row["set"].items():
        size += len(key) + 6
        if isinstance(value, dict):
            size += sum(len(k) + len(str(v)) + 6 for k, v in value.items())
        else:
            size += len(str(value))
    return size


def _find_header_row(table: list[list[str]]) -> int | None:
    """The header is the first row that looks most like one (some exports put a title above it)."""
    best, best_score = None, -1
    for index, row in enumerate(table[:_HEADER_SEARCH_ROWS]):
        cells = [c for c in row if c.strip()]
        if len(cells) < 1:
            continue
        mapping = map_columns([c for c in row], PRESETS["generic"])
        score = len(mapping) * 10 + len(cells)
        if score > best_score:
            best, best_score = index, score
        if CODE in mapping and len(mapping) >= 3:
            return index
    return best


class _Existing:
    """The event's attendees as the planner compares them, and what each last import said."""

    def __init__(self, store: EventStore | None) -> None:
        self.store = store
        self.rows: dict[str, dict] = {}
        if store is not None:
            for r in store.conn.execute(f"SELECT code, {', '.join(FIELDS)}, extra, stamps FROM attendees"):
                self.rows[r[0]] = dict(r)
        self._import_ops: dict[str, dict[str, dict]] = {}

    def baseline(self, code: str, field_name: str) -> str | None:
        """What the last import said of this field, or None when no import ever set it."""
        row = self.rows[code]
        stamps = row.setdefault("_stamps", decode_stamps(row["stamps"]))
        imported_by = stamps.get(BASELINE + field_name)
        if imported_by is None:
            return None
        if stamps.get(field_name) == imported_by:
            return row[field_name]  # nobody changed it since that import
        rows = self._import_rows(op_id_of(imported_by))
        return str(rows.get(code, {}).get(field_name, ""))

    def _import_rows(self, op_id: str) -> dict[str, dict]:
        if self.store is None:  # no event, so no import ever set a field (rows is empty too)
            return {}
        if op_id not in self._import_ops:
            found = self.store.conn.execute("SELECT payload FROM ops WHERE id = ?", (op_id,)).fetchone()
            payload = json.loads(found[0]) if found else {}
            self._import_ops[op_id] = {r.get("code"): r.get("set", {}) for r in payload.get("rows", [])}
        return self._import_ops[op_id]


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def _plan_row(plan: ImportPlan, preset: Preset, columns: dict[str, int], flags: list[int],
              extra_columns: list[tuple[int, str]], cells: list[str], row_number: int,
              existing: _Existing, first_seen: dict[str, int]) -> None:
    if any("\ufffd" in cell for cell in cells):
        plan.errors.append(RowProblem(row_number, "characters that cannot be read (the file is damaged or "
                                                  "not in one encoding); row skipped"))
        return
    raw_code = _cell(cells, columns[CODE]).strip()
    if not raw_code:
        plan.errors.append(RowProblem(row_number, "no ticket code"))
        return
    code = normalise_code(raw_code)
    if code is None:
        plan.errors.append(RowProblem(
            row_number, "malformed ticket code (control characters, or over 512 characters)"))
        return
    if code in first_seen:
        plan.errors.append(RowProblem(
            row_number, f"duplicate ticket code {code!r} (first on row {first_seen[code]}); row skipped"))
        return
    first_seen[code] = row_number

    values: dict[str, str] = {}
    for field_name, index in columns.items():
        if field_name in (CODE, "status"):
            continue
        values[field_name] = clean_text(_cell(cells, index), multiline=field_name in _MULTILINE)
    complete_names(values)
    if not (values.get("first_name") or values.get("last_name") or values.get("full_name")):
        plan.warnings.append(RowProblem(row_number, "no name: imported, but the badge will be blank"))

    status = None
    if "status" in columns:
        raw_status = _cell(cells, columns["status"])
        status = status_from_text(raw_status)
        if status is None:
            plan.warnings.append(
                RowProblem(row_number, f"unrecognised status {raw_status.strip()!r}: imported as valid"))
            status = "valid"
    if flags:
        # The file says for every row whether the ticket is void, so a cleared flag un-voids it.
        flagged = any(is_void_flag(_cell(cells, i)) for i in flags)
        status = "void" if flagged else (status or "valid")
    if status is not None:
        values["status"] = status
    email = values.get("email", "")
    if email and "@" not in email:
        plan.warnings.append(RowProblem(row_number, f"email {email!r} does not look like an address"))
    extra = {header: clean_text(_cell(cells, i), multiline=True)
             for i, header in extra_columns if _cell(cells, i).strip()}
    kept = sum(min(len(cell), MAX_FIELD_LENGTH) for cell in cells)  # what is left once cells are cut
    if kept > MAX_ROW_CHARS:  # hundreds of full columns: one row too big to sync
        plan.errors.append(RowProblem(row_number, f"{kept:,} characters in one row, over {MAX_ROW_CHARS:,}; "
                                                  "row skipped"))
        return
    longest = max(map(len, cells), default=0)
    if longest > MAX_FIELD_LENGTH:  # clean_text cut it: a document pasted into a cell, say so
        plan.warnings.append(RowProblem(row_number, f"a cell of {longest:,} characters was cut to "
                                                    f"{MAX_FIELD_LENGTH:,}"))

    current = existing.rows.get(code)
    if current is None:
        plan.creates.append({"code": code, "set": {**values, "extra": extra, "source": "import"}})
        return
    # A field counts as changed when the file now says something else than the last import did;
    # compare with the live value only when no import ever set it (walk-ins, new columns).
    changed = {}
    for key, value in values.items():
        said = existing.baseline(code, key)
        if value != (current[key] if said is None else said):
            changed[key] = value
    extra_changed = extra != json.loads(current["extra"] or "{}")
    if not changed and not extra_changed:
        plan.unchanged += 1
        return
    updates: dict[str, object] = dict(changed)
    if extra_changed:
        updates["extra"] = extra
    plan.updates.append({"code": code, "set": updates})


__all__ = ["ImportPlan", "RowProblem", "apply_import", "parse_mapping_overrides", "plan_import",
           "record_import", "normalise_header"]
