"""What an operation is, what a kind of operation declares, and the checks payloads share.

Every change to an event is an operation in an append-only log. Applying a set of operations must
give the same state whatever the order of arrival and however often one is repeated, because sync
ships them between laptops that were offline. Each kind says how it keeps that promise in its own
module under kiosk/ops/; kiosk/ops/registry.py lists them all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from kiosk.core.hlc import physical_ms
from kiosk.core.model import MAX_FIELD_LENGTH


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

    @property
    def wall_ms(self) -> int:
        return physical_ms(self.hlc)

    def to_json(self) -> dict:
        return {"id": self.id, "device": self.device, "hlc": self.hlc, "kind": self.kind,
                "payload": self.payload}


class MalformedOperation(ValueError):
    """An operation whose payload does not fit its kind; it is refused, never half-applied."""


# (operation, the local change counter it gets): a run of one kind, in log order.
Batch = list[tuple[Operation, int]]
Reducer = Callable[[sqlite3.Connection, Batch], None]


@dataclass(frozen=True)
class OpKind:
    """One kind of operation, declared once: its name, how its payload is checked, how it is applied.

    `validate` refuses a payload that does not fit (the hub runs it before storing anything);
    `apply` merges a run of such operations into the state tables and must give the same state in
    any order. `scope` is "event" for what every replica shares, "device" for what only concerns
    the device that recorded it (a print job prints only on the desk that queued it).
    """

    name: str
    validate: Callable[[dict], None]
    apply: Reducer
    scope: Literal["event", "device"] = "event"
    doc: str = ""


def one_by_one(fn: Callable[[sqlite3.Connection, Operation, int], None]) -> Reducer:
    """A reducer for kinds that gain nothing from being applied in batches."""
    def apply(conn: sqlite3.Connection, batch: Batch) -> None:
        for op, rev in batch:
            fn(conn, op, rev)
    return apply


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


def required_dict(payload: dict, key: str, kind: str) -> dict:
    value = payload.get(key)
    if not isinstance(value, dict):
        raise MalformedOperation(f"{kind} needs a {key!r} object")
    return value
