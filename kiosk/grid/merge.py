"""Applies grid operations: every field of a space, slot or session is a last-writer-wins register.

A move sets a session's placement (space and slot together, one register), so two laptops that
move the same session offline end with one of the moves, never half of each; two sessions placed
in one cell offline both stay there, a clash for the facilitator. Nothing is ever deleted: a
removed space or slot is marked removed, and its sessions show as parked.
"""

from __future__ import annotations

import json
import sqlite3

from kiosk.ops import MalformedOperation, Operation, reducer, required_str

FIELDS = {
    "space": frozenset({"name", "capacity", "access", "position", "removed"}),
    "slot": frozenset({"start", "end", "label", "is_break", "removed"}),
    "session": frozenset({"title", "conveners", "description", "tags", "placement", "pinned",
                          "merged_into", "note", "report", "created_ms"}),
}


@reducer("grid.set")
def _apply_grid_set(conn: sqlite3.Connection, op: Operation, rev: int) -> None:
    kind = required_str(op.payload, "kind")
    item = required_str(op.payload, "id")
    updates = op.payload.get("set")
    if kind not in FIELDS or not isinstance(updates, dict):
        raise MalformedOperation("grid.set needs a kind (space, slot, session), an id and a 'set' object")
    row = conn.execute("SELECT fields, stamps FROM grid_items WHERE kind = ? AND id = ?", (kind, item)).fetchone()
    fields, stamps = (json.loads(row[0]), json.loads(row[1])) if row else ({}, {})
    stamp = op.stamp
    changed = False
    for key, value in updates.items():
        if key in FIELDS[kind] and stamp > stamps.get(key, ""):
            fields[key], stamps[key] = value, stamp
            changed = True
    if row is not None and not changed:
        return
    conn.execute(
        "INSERT INTO grid_items (kind, id, fields, stamps) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (kind, id) DO UPDATE SET fields = excluded.fields, stamps = excluded.stamps",
        (kind, item, json.dumps(fields, sort_keys=True, ensure_ascii=False), json.dumps(stamps, sort_keys=True)),
    )
