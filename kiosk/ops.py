"""Operations and how each kind is applied to the state tables, in any order and any number of times.

Every change to an event is an operation in an append-only log. Applying a set of operations must
give the same state whatever the order of arrival and however often one is repeated, because sync
ships them between laptops that were offline. The rules that make that true:

- attendee fields are last-writer-wins registers, each stamped with the winning (clock, op id);
- a check-in is a fact keyed by its op id (inserting it twice changes nothing);
- an undo is a tombstone naming the check-ins it cancels, so it works even before they arrive.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Callable

from kiosk.model import FIELDS, MAX_FIELD_LENGTH, REGISTERS
from kiosk.textfold import fold, tokens


@dataclass(frozen=True)
class Operation:
    id: str
    device: str
    hlc: int
    kind: str
    payload: dict

    @property
    def stamp(self) -> str:
        # Fixed width so string order is clock order; the op id breaks ties deterministically.
        return f"{self.hlc:020d}/{self.id}"

    def to_json(self) -> dict:
        return {"id": self.id, "device": self.device, "hlc": self.hlc, "kind": self.kind,
                "payload": self.payload}


class MalformedOperation(ValueError):
    """An operation whose payload does not fit its kind; it is refused, never half-applied."""


Reducer = Callable[[sqlite3.Connection, Operation, int], None]
REDUCERS: dict[str, Reducer] = {}


def reducer(kind: str) -> Callable[[Reducer], Reducer]:
    def register(fn: Reducer) -> Reducer:
        REDUCERS[kind] = fn
        return fn
    return register


def apply(conn: sqlite3.Connection, op: Operation, rev: int) -> None:
    fn = REDUCERS.get(op.kind)
    if fn is None:
        raise MalformedOperation(f"unknown operation kind {op.kind!r}")
    fn(conn, op, rev)


def _text(value: object) -> str:
    if value is None:
        return ""
    return str(value)[:MAX_FIELD_LENGTH]


def _required_str(payload: dict, key: str) -> str:
    value = payload.get(key)
    if not isinstance(value, str) or not value:
        raise MalformedOperation(f"operation payload needs a non-empty {key!r}")
    return value


def search_columns(values: dict) -> tuple[str, str, str]:
    """sort_name, folded name words and folded other words for one attendee's field values."""
    first, last, full = values.get("first_name", ""), values.get("last_name", ""), values.get("full_name", "")
    names = dict.fromkeys(tokens(" ".join((first, last, full))))
    email = values.get("email", "")
    other = dict.fromkeys(
        tokens(" ".join((values.get("organisation", ""), email.replace("@", " "), values.get("booking_ref", ""))))
    )
    for word in names:
        other.pop(word, None)
    sort_name = fold(f"{last} {first}".strip() or full)
    return sort_name, " ".join(names), " ".join(other)


@reducer("attendee.upsert")
def _apply_attendee_upsert(conn: sqlite3.Connection, op: Operation, rev: int) -> None:
    code = _required_str(op.payload, "code")
    updates = op.payload.get("set")
    if not isinstance(updates, dict):
        raise MalformedOperation("attendee.upsert needs a 'set' object")
    incoming: dict[str, object] = {}
    for key, value in updates.items():
        if key not in REGISTERS:
            continue  # a newer app's field: ignored here, kept in the log for a later upgrade
        if key in ("extra", "imported"):
            incoming[key] = json.dumps(value if isinstance(value, dict) else {}, sort_keys=True,
                                       ensure_ascii=False)
        else:
            incoming[key] = _text(value)

    row = conn.execute(
        "SELECT " + ", ".join(REGISTERS) + ", stamps FROM attendees WHERE code = ?", (code,)
    ).fetchone()
    if row is None:
        current = {key: "" for key in REGISTERS}
        current.update(status="valid", extra="{}", imported="{}")
        stamps: dict[str, str] = {}
    else:
        current = {key: row[i] for i, key in enumerate(REGISTERS)}
        stamps = json.loads(row[len(REGISTERS)])
    changed = False
    for key, value in incoming.items():
        if op.stamp > stamps.get(key, ""):
            stamps[key] = op.stamp
            current[key] = value
            changed = True
    if row is not None and not changed:
        return
    sort_name, names, other = search_columns(current)
    columns = list(REGISTERS) + ["stamps", "sort_name", "search_names", "search_other", "rev"]
    values = [current[k] for k in REGISTERS] + [
        json.dumps(stamps, sort_keys=True), sort_name, names, other, rev,
    ]
    if row is None:
        conn.execute(
            f"INSERT INTO attendees (code, {', '.join(columns)}) VALUES (?{', ?' * len(columns)})",
            [code, *values],
        )
    else:
        conn.execute(
            f"UPDATE attendees SET {', '.join(c + ' = ?' for c in columns)} WHERE code = ?",
            [*values, code],
        )


@reducer("checkin")
def _apply_checkin(conn: sqlite3.Connection, op: Operation, rev: int) -> None:
    code = _required_str(op.payload, "code")
    device = _required_str(op.payload, "device")
    at_ms = op.payload.get("at_ms")
    if not isinstance(at_ms, int) or isinstance(at_ms, bool):
        raise MalformedOperation("checkin needs an integer 'at_ms'")
    conn.execute(
        "INSERT OR IGNORE INTO checkins (op_id, code, device, at_ms, hlc) VALUES (?, ?, ?, ?, ?)",
        (op.id, code, device[:200], at_ms, op.hlc),
    )


@reducer("checkin.undo")
def _apply_checkin_undo(conn: sqlite3.Connection, op: Operation, rev: int) -> None:
    cancelled = op.payload.get("checkins")
    if not isinstance(cancelled, list) or not all(isinstance(c, str) for c in cancelled):
        raise MalformedOperation("checkin.undo needs a 'checkins' list of operation ids")
    conn.executemany(
        "INSERT OR IGNORE INTO undone (checkin_op_id, undo_op_id) VALUES (?, ?)",
        [(c, op.id) for c in cancelled],
    )


@reducer("event.update")
def _apply_event_update(conn: sqlite3.Connection, op: Operation, rev: int) -> None:
    updates = op.payload.get("set")
    if not isinstance(updates, dict):
        raise MalformedOperation("event.update needs a 'set' object")
    for key, value in updates.items():
        conn.execute(
            "INSERT INTO event_info (key, value, stamp) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, stamp = excluded.stamp "
            "WHERE excluded.stamp > event_info.stamp",
            (str(key), _text(value), op.stamp),
        )


__all__ = ["FIELDS", "Operation", "MalformedOperation", "REDUCERS", "apply", "reducer", "search_columns"]
