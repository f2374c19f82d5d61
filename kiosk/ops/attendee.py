"""Applies attendee operations: each field a last-writer-wins register, merged in any order.

Two kinds write attendees: `attendee.upsert` (one attendee: an edit, a walk-in) and
`attendee.import` (a chunk of rows from a ticketing export). Each register keeps the stamp
(clock, op id) of the operation that last won it, so the newest write wins whatever the order of
arrival. An import also stamps a "^field" register per field it set: that is how the next import
finds what the file said last time (the value in that operation), and tells a change in the
file from a correction made at the desk.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from kiosk.core.model import MAX_FIELD_LENGTH, REGISTERS
from kiosk.ops import import_columns, register
from kiosk.ops.base import Batch, MalformedOperation, Operation, OpKind, required_str, text_value
from kiosk.ops.import_columns import BASELINE, FIELD_SET, SETTABLE, FreshInsert, is_columnar

_COLUMNS = list(REGISTERS) + ["stamps", "rev"]
_INSERT_SQL = f"INSERT INTO attendees (code, {', '.join(_COLUMNS)}) VALUES (?{', ?' * len(_COLUMNS)})"
_UPDATE_SQL = f"UPDATE attendees SET {', '.join(c + ' = ?' for c in _COLUMNS)} WHERE code = ?"
_LOOKUP_CHUNK = 500
_NEW_ROW = {**{key: "" for key in REGISTERS}, "status": "valid", "extra": "{}"}

# (operation, rev, code, register values, came from an import)
_Write = tuple[Operation, int, str, dict[str, str], bool]


_STR = {str}
_EXTRA_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def _one_encoder(encoder: json.JSONEncoder) -> Callable[[object], str]:
    """`encoder.encode`, with the C encoder made once instead of once a call (3x faster on a row:
    an import encodes one or two small objects a row). For JSON data: no check for cycles."""
    join = "".join
    try:
        chunks = json.encoder.c_make_encoder(  # type: ignore[attr-defined]
            None, encoder.default, json.encoder.encode_basestring if not encoder.ensure_ascii
            else json.encoder.encode_basestring_ascii, None, encoder.key_separator,
            encoder.item_separator, encoder.sort_keys, encoder.skipkeys, encoder.allow_nan)
        sample = {"b": ["é\n", 1, 2.5, None, True], "a": {}}
        if join(chunks(sample, 0)) == encoder.encode(sample):
            return lambda value: join(chunks(value, 0))
    except (AttributeError, TypeError):  # another Python's private C encoder
        pass
    return encoder.encode


extra_json = _one_encoder(_EXTRA_JSON)  # how a stored "extra" register is written
# The log's payload text, as dump_payload writes it.
compact_json = _one_encoder(json.JSONEncoder(ensure_ascii=False, separators=(",", ":")))


def decode_stamps(text: str) -> dict[str, str]:
    # Stored inverted, {stamp: "reg reg …"}: an imported row has one stamp for all its registers,
    # so the rows of one import share the same text and decode once (a copy each: merge edits it).
    return dict(_decoded_stamps(text))


@lru_cache(maxsize=4096)
def _decoded_stamps(text: str) -> dict[str, str]:
    return {key: stamp for stamp, keys in json.loads(text).items() for key in keys.split()}


def encode_stamps(stamps: dict[str, str]) -> str:
    inverted: dict[str, list[str]] = {}
    for key, stamp in stamps.items():
        inverted.setdefault(stamp, []).append(key)
    return json.dumps({s: " ".join(sorted(keys)) for s, keys in sorted(inverted.items())})


def op_id_of(stamp: str) -> str:
    return stamp.partition("/")[2]


def nfc_fields(values: dict[str, str]) -> None:
    """Compose the text fields (names above all) to NFC in place: a name typed or exported
    decomposed ("S" + a combining acute) prints with its marks stacked wrong and searches apart
    from the same name composed. The extra register is left byte for byte as the file gave it."""
    for key, value in values.items():
        if (key in FIELD_SET and type(value) is str and not value.isascii()
                and not unicodedata.is_normalized("NFC", value)):
            values[key] = unicodedata.normalize("NFC", value)[:MAX_FIELD_LENGTH]


def _registers(code_and_set: dict) -> tuple[str, dict[str, str]]:
    code = code_and_set.get("code")
    if type(code) is not str or not code:
        code = required_str(code_and_set, "code")
    updates = code_and_set.get("set")
    if type(updates) is not dict and not isinstance(updates, dict):
        raise MalformedOperation("an attendee write needs a 'set' object")
    if updates.keys() <= SETTABLE:  # the common case, checked without a loop in Python
        values = dict(updates)
        extra = values.get("extra")
        if extra is not None or "extra" in values:
            values["extra"] = extra_json(extra) if isinstance(extra, dict) else "{}"
        texts = values.values()
        if set(map(type, texts)) <= _STR and max(map(len, texts), default=0) <= MAX_FIELD_LENGTH:
            # ASCII is NFC already; else one check of all the texts at once (NUL, a character
            # nothing composes with, keeps each text's composition its own), each field only
            # when that finds something to compose.
            joined = "\0".join(texts)
            if not joined.isascii() and not unicodedata.is_normalized("NFC", joined):
                nfc_fields(values)
            return code, values
    values = {}
    for key, value in updates.items():
        if key not in SETTABLE:
            continue  # a newer app's field: ignored here, kept in the log for a later upgrade
        if key == "extra":
            values[key] = extra_json(value) if isinstance(value, dict) else "{}"
        elif type(value) is str and len(value) <= MAX_FIELD_LENGTH:
            values[key] = value  # the common case, as text_value would give it
        else:
            values[key] = text_value(value)
    nfc_fields(values)
    return code, values


def import_rows(payload: dict) -> list[dict]:
    """An attendee.import payload's rows in the row form ({"code", "set"}), whichever its form."""
    if is_columnar(payload):
        return list(import_columns.as_rows(payload))
    rows = payload.get("rows")
    if not isinstance(rows, list):
        raise MalformedOperation("attendee.import needs a 'rows' list")
    return rows


def _writes(batch: list[tuple[Operation, int]]) -> list[_Write]:
    writes: list[_Write] = []
    for op, rev in batch:
        if op.kind == "attendee.import":
            rows = import_rows(op.payload)
            for row in rows:
                if type(row) is not dict and not isinstance(row, dict):
                    raise MalformedOperation("attendee.import rows must be objects")
                code, values = _registers(row)
                writes.append((op, rev, code, values, True))
        else:
            writes.append((op, rev, *_registers(op.payload), False))
    return writes


def _stamp_keys(values: dict[str, str], imported: bool) -> list[str]:
    keys = list(values)
    if imported:
        keys += [BASELINE + k for k in values if k in FIELD_SET]
    return keys


def _read_rows(conn: sqlite3.Connection, codes: list[str]) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    known = {}
    for i in range(0, len(codes), _LOOKUP_CHUNK):
        chunk = codes[i:i + _LOOKUP_CHUNK]
        for row in conn.execute(
            f"SELECT code, {', '.join(REGISTERS)}, stamps FROM attendees "
            f"WHERE code IN ({', '.join('?' * len(chunk))})", chunk,
        ):
            known[row[0]] = ({k: row[n + 1] for n, k in enumerate(REGISTERS)}, decode_stamps(row[-1]))
    return known


def _fresh_chunks(conn: sqlite3.Connection, batch: Batch) -> tuple[list[FreshInsert], Batch]:
    """The column-form import chunks of the batch that are new attendees only (written directly,
    see import_columns.FreshInsert), and the rest of the batch, merged row by row."""
    columnar = [i for i, (op, _) in enumerate(batch) if op.kind == "attendee.import" and is_columnar(op.payload)]
    if not columnar:
        return [], batch
    counts: Counter[str] = Counter()  # a batch is of one kind (registry.apply_many): all imports
    for op, _ in batch:
        counts.update(import_columns.codes_of(op.payload) if is_columnar(op.payload)
                      else [str(row.get("code")) for row in import_rows(op.payload)])
    fresh, rest = [], list(batch)
    for i in columnar:
        op, rev = batch[i]
        codes = import_columns.codes_of(op.payload)
        chunk = FreshInsert(op.payload, op.stamp, rev)
        if (not codes or max(map(counts.__getitem__, codes)) == 1) and chunk.possible() \
                and not import_columns.existing_codes(conn, codes):
            fresh.append(chunk)
            rest[i] = None  # type: ignore[call-overload]
    return fresh, [pair for pair in rest if pair is not None]


def apply_attendee_writes(conn: sqlite3.Connection, batch: Batch) -> None:
    """Merge a run of attendee operations: read the rows they touch once, write each row once."""
    fresh_chunks, batch = _fresh_chunks(conn, batch)
    for chunk in fresh_chunks:
        conn.executemany(*chunk.statement())
    writes = _writes(batch)
    counts = Counter(w[2] for w in writes)
    known = _read_rows(conn, list(counts))
    existing = set(known)
    dirty: dict[str, int] = {}
    inserts: list[list[object]] = []
    # New attendees written once, by the registers they set: the rows of one operation mostly set
    # the same ones, and share one stamps text and one INSERT naming only those columns (the
    # others take the table's defaults, what _NEW_ROW holds), so no row is merged or padded.
    fresh: dict[tuple, tuple[str, list[tuple]]] = {}
    last_op, stamp = None, ""
    for op, rev, code, values, imported in writes:
        if counts[code] == 1 and code not in existing:
            # The common case of an import. Same result as the merge below, without it.
            if op is not last_op:
                last_op, stamp = op, op.stamp
            shape = (stamp, imported, *values)
            group = fresh.get(shape)
            if group is None:
                keys = sorted(_stamp_keys(values, imported))
                group = fresh[shape] = (json.dumps({stamp: " ".join(keys)} if keys else {}), [])
            group[1].append((code, *values.values(), group[0], rev))
            continue
        if code not in known:
            known[code] = (dict(_NEW_ROW), {})
            dirty[code] = rev  # a new attendee exists even when its registers are empty
        current, stamps = known[code]
        baseline = [BASELINE + k for k in values if k in FIELD_SET] if imported else []
        if register.merge(current, stamps, values, op.stamp, also=baseline):
            dirty[code] = rev
    updates: list[list[object]] = []
    for code, rev in dirty.items():
        current, stamps = known[code]
        row = [*[current[k] for k in REGISTERS], encode_stamps(stamps), rev]
        if code in existing:
            updates.append([*row, code])
        else:
            inserts.append([code, *row])
    for (_, _, *keys), (_, rows) in fresh.items():
        columns = ", ".join(["code", *keys, "stamps", "rev"])  # register names: checked, not input
        conn.executemany(f"INSERT INTO attendees ({columns}) VALUES (?{', ?' * (len(keys) + 2)})", rows)
    if inserts:
        conn.executemany(_INSERT_SQL, inserts)
    if updates:
        conn.executemany(_UPDATE_SQL, updates)


def _validate_one(row: object) -> None:
    if not isinstance(row, dict):
        raise MalformedOperation("attendee.import rows must be objects")
    required_str(row, "code")
    if not isinstance(row.get("set"), dict):
        raise MalformedOperation("an attendee write needs a 'set' object")


def _validate_import(payload: dict) -> None:
    if is_columnar(payload):
        import_columns.validate_columnar(payload)
        return
    rows = payload.get("rows")
    if not isinstance(rows, list):
        raise MalformedOperation("attendee.import needs a 'rows' list")
    try:  # the common case in one pass; any doubt, and each row is checked with its reason
        if all([type(row["code"]) is str and row["code"] and type(row["set"]) is dict for row in rows]):
            return
    except (TypeError, KeyError, IndexError):
        pass
    for row in rows:
        _validate_one(row)


KINDS = [
    OpKind("attendee.upsert", _validate_one, apply_attendee_writes,
           doc="{code, set: {field: value}}: one attendee written (an edit, a walk-in)"),
    OpKind("attendee.import", _validate_import, apply_attendee_writes,
           doc="{rows: [{code, set}]}, or the column form {columns, extra, same, rows: [[code, ...]]} "
               "(kiosk/ops/import_columns.py): up to 1,000 rows of an imported file"),
]
