"""Operations and how each kind is applied to the state tables, in any order and any number of times.

Every change to an event is an operation in an append-only log. Applying a set of operations must
give the same state whatever the order of arrival and however often one is repeated, because sync
ships them between laptops that were offline. The rules that make that true:

- attendee fields are last-writer-wins registers, each stamped with the winning (clock, op id)
  (see attendee_merge);
- a check-in is a fact keyed by its op id (inserting it twice changes nothing);
- an undo is a tombstone naming the check-ins it cancels, so it works even before they arrive.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from itertools import groupby
from typing import Callable

from kiosk.model import FIELDS, MAX_FIELD_LENGTH


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
BatchReducer = Callable[[sqlite3.Connection, list[tuple[Operation, int]]], None]
REDUCERS: dict[str, Reducer] = {}
# Kinds that apply a run of operations faster together (imports, sync batches). A batch reducer
# must give the same state as applying the run one by one, in order.
BATCH_REDUCERS: dict[str, BatchReducer] = {}


def reducer(kind: str) -> Callable[[Reducer], Reducer]:
    def register(fn: Reducer) -> Reducer:
        REDUCERS[kind] = fn
        return fn
    return register


def apply(conn: sqlite3.Connection, op: Operation, rev: int) -> None:
    apply_many(conn, [(op, rev)])


def apply_many(conn: sqlite3.Connection, batch: list[tuple[Operation, int]]) -> None:
    """Apply operations in the given order, each run of one kind through its batch reducer."""
    for kind, run in groupby(batch, key=lambda pair: pair[0].kind):
        run_list = list(run)
        if kind in BATCH_REDUCERS:
            BATCH_REDUCERS[kind](conn, run_list)
            continue
        fn = REDUCERS.get(kind)
        if fn is None:
            raise MalformedOperation(f"unknown operation kind {kind!r}")
        for op, rev in run_list:
            fn(conn, op, rev)


def text_value(value: object) -> str:
    if value is None:
        return ""
    return str(value)[:MAX_FIELD_LENGTH]


def required_str(payload: dict, key: str) -> str:
    value = payload.get(key)
    if not isinstance(value, str) or not value:
        raise MalformedOperation(f"operation payload needs a non-empty {key!r}")
    return value


def required_int(payload: dict, key: str) -> int:
    value = payload.get(key)
    # JSON integers have no size limit; SQLite's (and PostgreSQL's bigint) are 64-bit signed.
    if not isinstance(value, int) or isinstance(value, bool) or not -2**63 <= value < 2**63:
        raise MalformedOperation(f"operation payload needs a 64-bit integer {key!r}")
    return value


@reducer("checkin")
def _apply_checkin(conn: sqlite3.Connection, op: Operation, rev: int) -> None:
    code = required_str(op.payload, "code")
    device = required_str(op.payload, "device")
    at_ms = required_int(op.payload, "at_ms")
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
            (str(key), text_value(value), op.stamp),
        )


@reducer("print.queued")
def _apply_print_queued(conn: sqlite3.Connection, op: Operation, rev: int) -> None:
    job = required_str(op.payload, "job")
    done = conn.execute("SELECT at_ms FROM badge_prints WHERE job_id = ?", (job,)).fetchone()
    conn.execute(
        "INSERT OR IGNORE INTO print_jobs (id, device, device_name, kind, code, printer, layout, "
        "queued_ms, state, done_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (job, op.device, text_value(op.payload.get("device_name")), required_str(op.payload, "kind"),
         text_value(op.payload.get("code")), required_str(op.payload, "printer"),
         text_value(op.payload.get("layout")), op.hlc >> 16, "done" if done else "queued",
         done[0] if done else None),
    )


@reducer("print.done")
def _apply_print_done(conn: sqlite3.Connection, op: Operation, rev: int) -> None:
    """A printed badge is a fact: staff see it on every desk before printing it again."""
    job = required_str(op.payload, "job")
    at_ms = required_int(op.payload, "at_ms")
    conn.execute(
        "INSERT OR IGNORE INTO badge_prints (job_id, code, at_ms, device, printer) VALUES (?, ?, ?, ?, ?)",
        (job, text_value(op.payload.get("code")), at_ms, required_str(op.payload, "device"),
         text_value(op.payload.get("printer"))),
    )
    conn.execute("UPDATE print_jobs SET state = 'done', done_ms = ?, error = '' WHERE id = ?", (at_ms, job))


__all__ = ["FIELDS", "Operation", "MalformedOperation", "REDUCERS", "BATCH_REDUCERS", "apply",
           "apply_many", "reducer"]
