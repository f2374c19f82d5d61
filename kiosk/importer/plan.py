"""Turns a file into an import plan (creates, updates, row problems); run.py writes it.

A plan is computed without writing, so the desk can preview it and --dry-run can report it. Rows
with problems are reported by row number (the spreadsheet's row: the header is row 1) and skipped;
the good rows still import. Re-importing records operations only for what the file changed since
the last import, so a name fixed at the desk is not undone by re-importing the same export.
"""

from __future__ import annotations

import itertools
import json
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

import kiosk.importer.fast_lane as fast_lane
from kiosk.attendees.checkin import clean_text
from kiosk.core.codes import MAX_CODE_LENGTH, normalise_code
from kiosk.core.errors import UsageError
from kiosk.core.gcpause import gc_paused
from kiosk.core.model import FIELDS, MAX_FIELD_LENGTH, complete_names
from kiosk.importer.existing import EXTRA_AT, STAMPS_AT, Existing
from kiosk.importer.fast_lane import SEP, is_clean
from kiosk.importer.generated import describe_key, event_secret, made_code, new_secret, stable_key
from kiosk.importer.presets import (
    CODE,
    IMPORT_FIELDS,
    PRESETS,
    SKIP,
    Preset,
    detect,
    is_void_flag,
    map_columns,
    normalise_header,
    status_from_text,
    void_flag_columns,
)
from kiosk.importer.reader import read_rows
from kiosk.importer.run import (
    IMPORT_CHUNK,
    IMPORT_CHUNK_BYTES,
    PlannedRows,
    RowDigests,
    apply_import,
    import_chunks,
    record_import,
)
from kiosk.ops.attendee import compact_json, extra_json, nfc_fields
from kiosk.store.event_store import EventStore

_HEADER_SEARCH_ROWS = 10
_MULTILINE = {"notes", "access_needs", "dietary_needs"}
Progress = Callable[[int, int], bool]  # (done, total) → False to cancel
SHOWN_PROBLEMS = 100  # row errors (and warnings) an answer lists; the rest are counted


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
    creates: PlannedRows = field(default_factory=PlannedRows)   # {"code", "set"} rows to import
    updates: PlannedRows = field(default_factory=PlannedRows)
    unchanged: int = 0
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    file: str = ""                       # the file's name, as the import lock shows it
    generated: list[str] = field(default_factory=list)  # codes made for rows without one, file order
    code_secret: str | None = None       # what they were made with: generated.save_secret it first
    file_key: str = ""                   # the file's bytes and layout (run.RowDigests)
    based_on_rev: int = -1               # the attendees' change counter the plan was made against

    def to_json(self) -> dict:
        return {
            "format": self.format, "source": self.source, "rows": self.rows,
            "created": len(self.creates), "updated": len(self.updates), "unchanged": self.unchanged,
            # The first SHOWN_PROBLEMS of each and a count of the rest: a broken file of a
            # million rows must not answer with a million lines.
            "errors": [e.to_json() for e in self.errors[:SHOWN_PROBLEMS]],
            "errors_not_shown": max(0, len(self.errors) - SHOWN_PROBLEMS),
            "warnings": [w.to_json() for w in self.warnings[:SHOWN_PROBLEMS]],
            "warnings_not_shown": max(0, len(self.warnings) - SHOWN_PROBLEMS),
            "mapping": self.mapping, "generated_codes": len(self.generated),
        }


class NoCodeColumn(UsageError):
    """No column holds ticket codes and none are to be made: the caller says how to choose."""


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
                overrides: dict[str, str] | None = None, progress: Progress | None = None,
                choices: Sequence[str] | None = None, generate_codes: bool = False) -> ImportPlan:
    """choices: what each column is, in order (a field, presets.EXTRA or presets.SKIP), as the
    mapping step chose; it replaces detection and overrides. generate_codes: a row without a
    ticket code gets one made from who it is (kiosk/importer/generated.py)."""
    with gc_paused():
        return _plan_import(Path(path), store, fmt, overrides, progress, choices, generate_codes)


def _plan_import(path: Path, store: EventStore | None, fmt: str, overrides: dict[str, str] | None,
                 progress: Progress | None, choices: Sequence[str] | None = None,
                 generate_codes: bool = False) -> ImportPlan:
    if fmt != "auto" and fmt not in PRESETS:
        raise UsageError(f"unknown format {fmt!r}; choose auto, {', '.join(PRESETS)}")
    table, source = read_rows(path)
    header_index = _find_header_row(table)
    if header_index is None:
        raise UsageError(f"{Path(path).name} has no header row")
    headers = [h.strip() for h in table[header_index]]
    preset = PRESETS[fmt] if fmt != "auto" else detect(headers)
    skip: set[int] = set()
    if choices is not None:
        columns, skip = chosen_columns(headers, choices)
    else:
        try:
            columns = map_columns(headers, preset, overrides)
        except KeyError as exc:
            raise UsageError(f"--map: no column {exc.args[0]!r} in the file") from None
    if CODE not in columns and not generate_codes:
        raise NoCodeColumn(f"{Path(path).name}: no ticket code column found")
    plan = ImportPlan(preset.name, source, headers, {f: headers[i] for f, i in columns.items()},
                      file=path.name)
    plan.creates.origin = plan  # what writing them notes of the file (run.ImportRun.remember_file)
    if generate_codes:
        plan.code_secret = event_secret(store) or new_secret()
    existing = Existing(store)
    layout = _Layout(headers, preset, columns, skip, plan.code_secret)
    first_seen: dict[str, int] = {}
    # What this file's layout is, for the digests of rows an import on this laptop wrote.
    digests = RowDigests(store, (plan.format, headers, sorted(columns.items()), layout.fields, layout.extra,
                                 layout.flags, getattr(layout, "secret", None)), path)
    plan.file_key, plan.based_on_rev = digests.file_key, digests.based_on_rev
    known_rows = digests.known_file_rows()
    if known_rows is not None:  # this file, imported whole, and nothing changed since
        plan.rows = plan.unchanged = known_rows
        return plan
    unchanged = digests.unchanged
    data_rows = table[header_index + 1:]
    rows = iter(data_rows)
    offset = 0
    while block := list(itertools.islice(rows, fast_lane.BLOCK_ROWS)):
        if progress and progress(offset, len(data_rows)) is False:
            raise UsageError("import cancelled")
        first_row = header_index + offset + 2
        offset += len(block)
        if not fast_lane.plan_block(plan, layout, existing, first_seen, digests, unchanged, block, first_row):
            _plan_one_by_one(plan, layout, existing, first_seen, digests, unchanged, block, first_row)
    return plan


def _plan_one_by_one(plan: ImportPlan, layout: _Layout, existing: Existing, first_seen: dict[str, int],
                     digests: RowDigests, unchanged: dict[int, str], block: list[list[str]],
                     first_row: int) -> None:
    digest_of, errors, warnings = digests.digest, plan.errors, plan.warnings
    creates, updates = plan.creates, plan.updates
    code_at = layout.code if layout.code is not None else 0  # any cell: the blank-row shortcut
    for row_number, cells in enumerate(block, first_row):
        # A row with a code is not blank, without joining its cells to see.
        if not ((cells[code_at] if len(cells) > code_at else "").strip() or "".join(cells).strip()):
            continue
        plan.rows += 1
        digest = digest_of(SEP.join(cells))
        code = unchanged.pop(digest, None)
        if code is not None and code not in first_seen:
            first_seen[code] = row_number  # the row the last import wrote, unchanged since
            plan.unchanged += 1
            if layout.secret is not None and not (cells[code_at].strip() if layout.code is not None else ""):
                plan.generated.append(code)  # a made code: its ticket is written again too
            continue
        problems, created, updated = len(errors) + len(warnings), creates.appended, updates.appended
        _plan_row(plan, layout, cells, row_number, existing, first_seen)
        if len(errors) + len(warnings) == problems:  # a row with a problem is planned each time
            if creates.appended > created:
                creates.digest_last(digest)
            elif updates.appended > updated:
                updates.digest_last(digest)


MAX_ROW_CHARS = 256 * 1024  # a row of a ticket export is a few hundred characters


def _find_header_row(table: Sequence[list[str]]) -> int | None:
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


def chosen_columns(headers: list[str], choices: Sequence[str]) -> tuple[dict[str, int], set[int]]:
    """field → column index, and the columns left out, from one choice per column."""
    columns: dict[str, int] = {}
    skip: set[int] = set()
    for index, choice in enumerate(list(choices)[:len(headers)]):
        if choice == SKIP:
            skip.add(index)
        elif choice in IMPORT_FIELDS:
            if choice in columns:
                raise UsageError(f"two columns are both read as the same field ({headers[columns[choice]]!r} "
                                 f"and {headers[index]!r}): choose one")
            columns[choice] = index
    return columns, skip


_POSITION = {name: n + 1 for n, name in enumerate(FIELDS)}  # in an Existing row
# For a row's fields (in the order the file gives them): its values, and the stored ones, as tuples.
_GETTERS: dict[tuple[str, ...], tuple[itemgetter, itemgetter]] = {}


class _Layout:
    """Where a file's fields are, and what its status words mean (each distinct word read once)."""

    def __init__(self, headers: list[str], preset: Preset, columns: dict[str, int],
                 skip: set[int] | None = None, secret: str | None = None) -> None:
        self.columns = columns
        self.code = columns.get(CODE)
        self.secret = secret  # set: a row without a code gets one made
        self.status = columns.get("status")
        self.fields = [(f, i) for f, i in columns.items() if f not in (CODE, "status")]
        self.flags = void_flag_columns(headers, preset)
        used = set(columns.values()) | set(self.flags) | (skip or set())
        self.extra = [(i, h) for i, h in enumerate(headers) if i not in used and h]
        self.width = max([*columns.values(), *self.flags, len(headers) - 1]) + 1
        self._statuses: dict[str, str | None] = {}
        self._void: dict[str, bool] = {}

    def status_of(self, text: str) -> str | None:
        if text not in self._statuses:
            self._statuses[text] = status_from_text(text)
        return self._statuses[text]

    def void(self, text: str) -> bool:
        if text not in self._void:
            self._void[text] = is_void_flag(text)
        return self._void[text]


def _plan_row(plan: ImportPlan, layout: _Layout, cells: list[str], row_number: int,
              existing: Existing, first_seen: dict[str, int]) -> None:
    if len(cells) < layout.width:
        cells = cells + [""] * (layout.width - len(cells))
    joined = SEP.join(cells)
    clean = len(joined) <= MAX_FIELD_LENGTH and is_clean(joined)
    if not clean and "\ufffd" in joined:
        plan.errors.append(RowProblem(row_number, "characters that cannot be read (the file is damaged or "
                                                  "not in one encoding); row skipped"))
        return
    raw_code = cells[layout.code] if layout.code is not None else ""
    code: str | None
    if clean and raw_code and len(raw_code) <= MAX_CODE_LENGTH and "://" not in raw_code:
        code = raw_code  # what normalise_code gives a cell with no space or control to trim, no URL
    else:
        raw_code = raw_code.strip()
        if not raw_code and layout.secret is None:
            plan.errors.append(RowProblem(row_number, "no ticket code"))
            return
        code = normalise_code(raw_code) if raw_code else None  # None and no code: one is made below
        if code is None and raw_code:
            plan.errors.append(RowProblem(
                row_number, "malformed ticket code (control characters, or over 512 characters)"))
            return
    if code is not None:
        if code in first_seen:
            plan.errors.append(RowProblem(
                row_number, f"duplicate ticket code {code!r} (first on row {first_seen[code]}); row skipped"))
            return
        first_seen[code] = row_number

    if clean:  # what clean_text would give, without calling it for each cell
        values = {name: cells[i] for name, i in layout.fields}
        extra = {header: cells[i] for i, header in layout.extra if cells[i]}
    else:
        values = {name: clean_text(cells[i], multiline=name in _MULTILINE) for name, i in layout.fields}
        extra = {header: clean_text(cells[i], multiline=True) for i, header in layout.extra if cells[i].strip()}
    if not joined.isascii() and not (clean and unicodedata.is_normalized("NFC", joined)):
        nfc_fields(values)  # as the attendee kinds store them: a re-import compares like with like
    if code is None:
        code = _made_code(plan, layout, values, row_number, first_seen)
        if code is None:
            return
    get = values.get
    first, last, full = get("first_name", ""), get("last_name", ""), get("full_name", "")
    if (first or last) and not full:  # complete_names, inlined for the common case
        values["full_name"] = f"{first} {last}" if first and last else first or last
    elif full:
        complete_names(values)
    else:
        plan.warnings.append(RowProblem(row_number, "no name: imported, but the badge will be blank"))

    status = None
    if layout.status is not None:
        raw_status = cells[layout.status]
        status = layout.status_of(raw_status)
        if status is None:
            plan.warnings.append(
                RowProblem(row_number, f"unrecognised status {raw_status.strip()!r}: imported as valid"))
            status = "valid"
    if layout.flags:
        # The file says for every row whether the ticket is void, so a cleared flag un-voids it.
        flagged = any(layout.void(cells[i]) for i in layout.flags)
        status = "void" if flagged else (status or "valid")
    if status is not None:
        values["status"] = status
    email = get("email", "")
    if email and "@" not in email:
        plan.warnings.append(RowProblem(row_number, f"email {email!r} does not look like an address"))
    if not clean and not _fits(plan, cells, row_number):
        return

    current = existing.rows.get(code)
    if current is None:
        plan.creates.append_text(compact_json({"code": code, "set": {**values, "extra": extra,
                                                                      "source": "import"}}))
        return
    # A field counts as changed when the file now says something else than the last import did;
    # compare with the live value only when no import ever set it (walk-ins, new columns).
    live = existing.live_fields(current[STAMPS_AT])
    keys = tuple(values)
    if keys and keys not in _GETTERS:
        _GETTERS[keys] = (itemgetter(*keys), itemgetter(*[_POSITION[k] for k in keys]))
    changed = {}
    if keys and not (live.issuperset(keys) and _GETTERS[keys][0](values) == _GETTERS[keys][1](current)):
        for key, value in values.items():
            said = current[_POSITION[key]] if key in live else existing.baseline(code, key)
            if value != said:
                changed[key] = value
    # The stored text is extra_json's: the same text is the same object, without decoding it.
    stored_extra = current[EXTRA_AT] or "{}"
    extra_changed = extra_json(extra) != stored_extra and extra != json.loads(stored_extra)
    if not changed and not extra_changed:
        plan.unchanged += 1
        return
    updates: dict[str, object] = dict(changed)
    if extra_changed:
        updates["extra"] = extra
    plan.updates.append_text(compact_json({"code": code, "set": updates}))


def _made_code(plan: ImportPlan, layout: _Layout, values: dict[str, str], row_number: int,
               first_seen: dict[str, int]) -> str | None:
    """The code made for a row without one (None, with the reason, when it cannot have one)."""
    assert layout.secret is not None
    key = stable_key(values)
    if key is None:
        plan.errors.append(RowProblem(row_number, "no ticket code, and no email or name to make one from; "
                                                  "row skipped"))
        return None
    code = made_code(layout.secret, key)
    if code in first_seen:
        plan.errors.append(RowProblem(row_number, f"{describe_key(key)} as row {first_seen[code]}: "
                                                  "the same person twice; row skipped"))
        return None
    first_seen[code] = row_number
    plan.generated.append(code)
    return code


def _fits(plan: ImportPlan, cells: list[str], row_number: int) -> bool:
    """False (with the reason) for a row too big to sync; a warning for a cell that was cut."""
    if sum(map(len, cells)) > MAX_ROW_CHARS:
        kept = sum(min(len(cell), MAX_FIELD_LENGTH) for cell in cells)  # what is left once cut
        if kept > MAX_ROW_CHARS:  # hundreds of full columns: one row too big to sync
            plan.errors.append(RowProblem(row_number, f"{kept:,} characters in one row, over "
                                                      f"{MAX_ROW_CHARS:,}; row skipped"))
            return False
    longest = max(map(len, cells), default=0)
    if longest > MAX_FIELD_LENGTH:  # clean_text cut it: a document pasted into a cell, say so
        plan.warnings.append(RowProblem(row_number, f"a cell of {longest:,} characters was cut to "
                                                    f"{MAX_FIELD_LENGTH:,}"))
    return True


__all__ = ["IMPORT_CHUNK", "IMPORT_CHUNK_BYTES", "ImportPlan", "NoCodeColumn", "PlannedRows", "RowProblem",
           "apply_import", "import_chunks", "normalise_header", "parse_mapping_overrides", "plan_import",
           "record_import"]
