"""The event's own details (name, date, venue): each key a last-writer-wins register."""

from __future__ import annotations

import sqlite3

from kiosk.ops import register
from kiosk.ops.base import MalformedOperation, Operation, OpKind, one_by_one, required_dict, text_value

MAX_KEYS, MAX_KEY_LENGTH = 200, 300  # name, date, venue, a secret, one per question shown (issue 16)


def _validate(payload: dict) -> None:
    updates = required_dict(payload, "set", "event.update")
    # Keys are free text now (shown_field:<question>): bounded, so a hostile push cannot bloat
    # every replica's event details.
    if len(updates) > MAX_KEYS or any(len(str(k)) > MAX_KEY_LENGTH for k in updates):
        raise MalformedOperation(f"event.update sets at most {MAX_KEYS} details, each named in "
                                 f"{MAX_KEY_LENGTH} characters or fewer")


def _apply(conn: sqlite3.Connection, op: Operation, rev: int) -> None:
    updates = {str(k): text_value(v) for k, v in op.payload["set"].items()}
    if not updates:
        return
    marks = ", ".join("?" * len(updates))
    rows = conn.execute(f"SELECT key, value, stamp FROM event_info WHERE key IN ({marks})", list(updates))
    values, stamps = {}, {}
    for key, value, stamp in rows:
        values[key], stamps[key] = value, stamp
    before = dict(stamps)
    register.merge(values, stamps, updates, op.stamp)
    conn.executemany(
        "INSERT INTO event_info (key, value, stamp) VALUES (?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value, stamp = excluded.stamp",
        [(key, values[key], stamps[key]) for key in updates if stamps[key] != before.get(key)],
    )


KINDS = [OpKind("event.update", _validate, one_by_one(_apply),
                doc="{set: {name, date, venue, …}}: the event's details")]
