"""Check-ins and their undo.

A check-in is a fact keyed by its op id, so inserting it twice changes nothing. An undo is a
tombstone naming the check-ins it cancels, so it works even when it arrives before them.
"""

from __future__ import annotations

import sqlite3

from kiosk.ops.base import MalformedOperation, Operation, OpKind, one_by_one, required_int, required_str


def _validate_checkin(payload: dict) -> None:
    required_str(payload, "code")
    required_str(payload, "device")
    required_int(payload, "at_ms")


def _apply_checkin(conn: sqlite3.Connection, op: Operation, rev: int) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO checkins (op_id, code, device, at_ms, hlc) VALUES (?, ?, ?, ?, ?)",
        (op.id, op.payload["code"], op.payload["device"][:200], op.payload["at_ms"], op.hlc),
    )


def _validate_undo(payload: dict) -> None:
    cancelled = payload.get("checkins")
    if not isinstance(cancelled, list) or not all(isinstance(c, str) for c in cancelled):
        raise MalformedOperation("checkin.undo needs a 'checkins' list of operation ids")


def _apply_undo(conn: sqlite3.Connection, op: Operation, rev: int) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO undone (checkin_op_id, undo_op_id) VALUES (?, ?)",
        [(c, op.id) for c in op.payload["checkins"]],
    )


KINDS = [
    OpKind("checkin", _validate_checkin, one_by_one(_apply_checkin),
           doc="{code, device (desk name), at_ms}: a ticket admitted"),
    OpKind("checkin.undo", _validate_undo, one_by_one(_apply_undo),
           doc="{code, checkins: [op ids]}: those admissions cancelled"),
]
