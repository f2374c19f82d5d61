"""Applies grid operations: every field of a space, slot or session is a last-writer-wins register.

A move sets a session's placement (space and slot together, one register), so two laptops that
move the same session offline end with one of the moves, never half of each; two sessions placed
in one cell offline both stay there, a clash for the facilitator. Nothing is ever deleted: a
removed space or slot is marked removed, and its sessions show as parked.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Callable

from kiosk.ops import register
from kiosk.ops.base import MalformedOperation, Operation, OpKind, one_by_one, required_str

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")  # what the editor's parse_time writes
MAX_TEXT = 20_000  # characters of one text field (a merged session's note grows with each merge)
MAX_LIST = 200     # conveners or tags of one session


def _text(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT


def _flag(value: object) -> bool:
    return isinstance(value, bool)


def _time(value: object) -> bool:
    return isinstance(value, str) and bool(_TIME.match(value))


def _texts(value: object) -> bool:
    return isinstance(value, list) and len(value) <= MAX_LIST and all(_text(v) for v in value)


def _count(value: object) -> bool:
    return value is None or (type(value) is int and 0 <= value <= 1_000_000)


def _number(value: object) -> bool:
    # bool is an int subclass, and True is not a number here.
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and abs(value) < 1e15


def _placement(value: object) -> bool:
    return value is None or (isinstance(value, dict) and set(value) == {"space", "slot"}
                             and all(_text(v) for v in value.values()))


def _report(value: object) -> bool:
    # An older laptop's free-text report: participants, key_points, actions (a few keys, never more).
    return isinstance(value, dict) and len(value) <= 10 and all(_text(k) and _text(v) for k, v in value.items())


def _ms(value: object) -> bool:
    return type(value) is int and 0 <= value < 2**63


# A space's online link is drawn on screens, the printed grid and the public page, and opened by
# anyone who reads it: only a plain web address, never `javascript:` or a local file.
MAX_URL = 500
# No "user@" part either: https://nhs.uk@elsewhere.example reads as one place and goes to another.
_URL = re.compile(r"^https?://[^\s/?#<>\"'`\\@]+(?:[/?#][^\s<>\"'`\\]*)?$", re.IGNORECASE)

# A session's report, written on the day: bounded so one report cannot bloat the hub or a page.
MAX_KEY_POINTS = 10_000
MAX_ACTIONS = 50
MAX_ACTION_TEXT = 500
MAX_OWNER = 100
MAX_INVOLVE = 50
MAX_INVOLVE_TEXT = 200
MAX_PARTICIPANTS = 100_000


def url_ok(value: object) -> bool:
    """An http(s) address without spaces, quotes or control characters, at most MAX_URL long."""
    return isinstance(value, str) and (value == "" or (len(value) <= MAX_URL and bool(_URL.match(value))
                                                       and value.isprintable()))


def _participants(value: object) -> bool:
    return value is None or (type(value) is int and 0 <= value <= MAX_PARTICIPANTS)


def _key_points(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_KEY_POINTS


def _actions(value: object) -> bool:
    return isinstance(value, list) and len(value) <= MAX_ACTIONS and all(
        isinstance(a, dict) and set(a) == {"text", "owner"}
        and isinstance(a["text"], str) and 0 < len(a["text"]) <= MAX_ACTION_TEXT
        and isinstance(a["owner"], str) and len(a["owner"]) <= MAX_OWNER for a in value)


def _involve(value: object) -> bool:
    return isinstance(value, list) and len(value) <= MAX_INVOLVE and all(
        isinstance(v, str) and 0 < len(v) <= MAX_INVOLVE_TEXT for v in value)


# Every field and what its value must be: a laptop draws the grid, the projector view, the PDFs
# and the public page from these values, so a wrong type from a bad or hostile push would break
# each of them. It is refused whole, at the hub and on every laptop alike.
FIELDS: dict[str, dict[str, Callable[[object], bool]]] = {
    "space": {"name": _text, "capacity": _count, "access": _text, "position": _number, "removed": _flag,
              "online_link": url_ok, "step_free": _flag, "hearing_loop": _flag, "quiet": _flag,
              "seating": _flag},
    "slot": {"start": _time, "end": _time, "label": _text, "is_break": _flag, "removed": _flag},
    "session": {"title": _text, "conveners": _texts, "description": _text, "tags": _texts,
                "placement": _placement, "pinned": _flag, "merged_into": _text, "note": _text,
                "report": _report, "created_ms": _ms,
                # the report captured on the day: each part its own register, so a count typed on
                # one laptop and actions typed on another both stay
                "participants": _participants, "key_points": _key_points, "actions": _actions,
                "involve": _involve, "reported_ms": _ms},
}


def _validate(payload: dict) -> None:
    kind = required_str(payload, "kind")
    required_str(payload, "id")
    updates = payload.get("set")
    if kind not in FIELDS or not isinstance(updates, dict):
        raise MalformedOperation("grid.set needs a kind (space, slot, session), an id and a 'set' object")
    for key, value in updates.items():
        valid = FIELDS[kind].get(key)
        if valid is not None and not valid(value):
            raise MalformedOperation(f"grid.set: {kind} field {key!r} cannot be {str(value)[:40]!r}")


def _apply(conn: sqlite3.Connection, op: Operation, rev: int) -> None:
    kind, item, updates = op.payload["kind"], op.payload["id"], op.payload["set"]
    row = conn.execute("SELECT fields, stamps FROM grid_items WHERE kind = ? AND id = ?", (kind, item)).fetchone()
    fields, stamps = (json.loads(row[0]), json.loads(row[1])) if row else ({}, {})
    known = {key: value for key, value in updates.items() if key in FIELDS[kind]}
    changed = register.merge(fields, stamps, known, op.stamp)
    if row is not None and not changed:
        return
    conn.execute(
        "INSERT INTO grid_items (kind, id, fields, stamps) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (kind, id) DO UPDATE SET fields = excluded.fields, stamps = excluded.stamps",
        (kind, item, json.dumps(fields, sort_keys=True, ensure_ascii=False), json.dumps(stamps, sort_keys=True)),
    )


KINDS = [OpKind("grid.set", _validate, one_by_one(_apply),
                doc="{kind: space|slot|session, id, set: {field: value}}: grid fields, see FIELDS")]
