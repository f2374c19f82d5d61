"""Every kind of operation the app writes, in one list: the only place a kind is registered.

To add a kind: write its module under kiosk/ops/ with a KINDS list of OpKind, and add the module
to _MODULES below. The store applies operations through `apply_many`; the hub checks pushed ones
with `validate` before storing them.
"""

from __future__ import annotations

import sqlite3
from itertools import groupby

from kiosk.ops import attendee, checkin, event, grid, printing
from kiosk.ops import notices as staff_notices
from kiosk.ops.base import Batch, MalformedOperation, Operation, OpKind

_MODULES = (checkin, attendee, event, printing, grid, staff_notices)

KINDS: dict[str, OpKind] = {kind.name: kind for module in _MODULES for kind in module.KINDS}


def kind_of(op: Operation) -> OpKind:
    found = KINDS.get(op.kind)
    if found is None:
        raise MalformedOperation(f"unknown operation kind {str(op.kind)[:40]!r}")
    return found


def validate(op: Operation) -> None:
    """Refuse an operation whose payload does not fit its kind (MalformedOperation)."""
    kind_of(op).validate(op.payload)


def apply_many(conn: sqlite3.Connection, batch: Batch) -> None:
    """Apply operations in the given order, each run of one kind through its reducer."""
    for _kind, run in groupby(batch, key=lambda pair: pair[0].kind):
        run_list = list(run)
        kind = kind_of(run_list[0][0])
        for op, _ in run_list:
            kind.validate(op.payload)
        kind.apply(conn, run_list)
