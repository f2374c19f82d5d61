"""Notices for staff: something a desk person should act on (someone with access needs has just
checked themselves in at the kiosk), shown on every desk until someone acknowledges it.

`notice.raise` is a fact keyed by the notice's id. Two raises that share an id (only a device
replaying an id on purpose could make them) keep the one with the oldest stamp, so every replica
keeps the same one whatever the order.

`notice.ack` says who acknowledged a notice and when. The FIRST acknowledgement wins: the one with
the oldest stamp ("hlc/op-id") is kept, whatever order acknowledgements arrive in and however
often one repeats. Two desks that both press "Acknowledge" while offline therefore agree, after
sync, on the one who pressed it first; a later press changes nothing. Acknowledgements are kept
apart from the notices, so one that arrives before its notice (sync order) still counts.
"""

from __future__ import annotations

import sqlite3

from kiosk.ops.base import MalformedOperation, Operation, OpKind, one_by_one, required_int

# Bounds a hostile device cannot exceed: the hub refuses bigger payloads before storing them.
MAX_ID = 40
MAX_KIND = 40
MAX_CODE = 200
MAX_TEXT = 2000
MAX_DEVICE = 200
KINDS_OF_NOTICE = ("access_needs",)


def _bounded(payload: dict, key: str, limit: int, op: str) -> str:
    value = payload.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise MalformedOperation(f"{op} needs a {key!r} of 1 to {limit} characters")
    return value


def _validate_raise(payload: dict) -> None:
    _bounded(payload, "id", MAX_ID, "notice.raise")
    kind = _bounded(payload, "kind", MAX_KIND, "notice.raise")
    if kind not in KINDS_OF_NOTICE:
        raise MalformedOperation(f"notice.raise: unknown kind of notice {kind[:MAX_KIND]!r}")
    _bounded(payload, "code", MAX_CODE, "notice.raise")
    _bounded(payload, "text", MAX_TEXT, "notice.raise")
    _bounded(payload, "device", MAX_DEVICE, "notice.raise")
    required_int(payload, "at_ms")


def _apply_raise(conn: sqlite3.Connection, op: Operation, rev: int) -> None:
    p = op.payload
    conn.execute(
        "INSERT INTO notices (id, kind, code, text, device, at_ms, stamp) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, code = excluded.code, text = excluded.text, "
        "device = excluded.device, at_ms = excluded.at_ms, stamp = excluded.stamp "
        "WHERE excluded.stamp < notices.stamp",
        (p["id"], p["kind"], p["code"], p["text"], p["device"], p["at_ms"], op.stamp),
    )


def _validate_ack(payload: dict) -> None:
    _bounded(payload, "id", MAX_ID, "notice.ack")
    _bounded(payload, "by", MAX_DEVICE, "notice.ack")
    required_int(payload, "at_ms")


def _apply_ack(conn: sqlite3.Connection, op: Operation, rev: int) -> None:
    p = op.payload
    conn.execute(
        "INSERT INTO notice_acks (notice_id, acked_by, at_ms, stamp) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (notice_id) DO UPDATE SET acked_by = excluded.acked_by, at_ms = excluded.at_ms, "
        "stamp = excluded.stamp WHERE excluded.stamp < notice_acks.stamp",
        (p["id"], p["by"], p["at_ms"], op.stamp),
    )


KINDS = [
    OpKind("notice.raise", _validate_raise, one_by_one(_apply_raise),
           doc="{id, kind (access_needs), code, text, device (desk name), at_ms}: a notice for staff"),
    OpKind("notice.ack", _validate_ack, one_by_one(_apply_ack),
           doc="{id, by (desk name), at_ms}: the notice acknowledged; the first acknowledgement wins"),
]
