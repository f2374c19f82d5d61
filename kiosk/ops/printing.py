"""Print jobs and printed badges.

`print.queued` belongs to the device that recorded it: only that device's queue prints it, and
its local progress (tries, errors, cancelling) lives in the print_attempts table, which sync
never touches. `print.done` is a fact every desk shares, so staff see a badge was printed before
printing it again; for a job queued on a device it counts only when that device said it.
"""

from __future__ import annotations

import sqlite3

from kiosk.ops.base import Operation, OpKind, one_by_one, required_int, required_str, text_value


def _validate_queued(payload: dict) -> None:
    for key in ("job", "kind", "printer"):
        required_str(payload, key)


def _apply_queued(conn: sqlite3.Connection, op: Operation, rev: int) -> None:
    job = op.payload["job"]
    done = conn.execute("SELECT at_ms FROM badge_prints WHERE job_id = ? AND by_device IN ('', ?)",
                        (job, op.device)).fetchone()
    conn.execute(
        "INSERT OR IGNORE INTO print_jobs (id, device, device_name, kind, code, printer, layout, "
        "queued_ms, done_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (job, op.device, text_value(op.payload.get("device_name")), op.payload["kind"],
         text_value(op.payload.get("code")), op.payload["printer"],
         text_value(op.payload.get("layout")), op.wall_ms, done[0] if done else None),
    )


def _validate_done(payload: dict) -> None:
    required_str(payload, "job")
    required_int(payload, "at_ms")
    required_str(payload, "device")


def _apply_done(conn: sqlite3.Connection, op: Operation, rev: int) -> None:
    job, at_ms = op.payload["job"], op.payload["at_ms"]
    conn.execute(
        "INSERT OR IGNORE INTO badge_prints (job_id, code, at_ms, device, printer, by_device) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (job, text_value(op.payload.get("code")), at_ms, op.payload["device"],
         text_value(op.payload.get("printer")), op.device),
    )
    # Only the device the job was queued on can say it printed (the view printed_badges leaves
    # out what another device claimed).
    conn.execute("UPDATE print_jobs SET done_ms = ? WHERE id = ? AND device = ?", (at_ms, job, op.device))


KINDS = [
    OpKind("print.queued", _validate_queued, one_by_one(_apply_queued), scope="device",
           doc="{job, kind (badge, slip, gridlist), code, printer, layout, device_name}"),
    OpKind("print.done", _validate_done, one_by_one(_apply_done),
           doc="{job, code, at_ms, device (desk name), printer, note}: a job that printed"),
]
