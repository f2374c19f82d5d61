"""Notices for staff: raised on one laptop, shown on every desk until someone acknowledges them.

A notice is raised when the self-service kiosk admits someone whose record has access needs
(kiosk/selfservice/rules.py decides that); the desks show it in a strip of its own until a desk
person acknowledges it. Both are operations (kiosk/ops/notices.py), so they sync like a check-in;
the first acknowledgement wins and later ones change nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from kiosk.core.errors import RefusedError
from kiosk.core.hlc import wall_ms
from kiosk.core.model import iso_local, joined_name
from kiosk.ops.notices import MAX_DEVICE, MAX_TEXT
from kiosk.store.event_store import EventStore

_ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed at a desk
ID_PREFIX = "N-"


@dataclass(frozen=True)
class Notice:
    id: str
    kind: str
    code: str
    name: str              # the attendee's name now (the notice keeps only the code)
    text: str
    device: str            # the desk name that raised it
    at_ms: int
    acknowledged_by: str = ""
    acknowledged_ms: int | None = None

    @property
    def open(self) -> bool:
        return self.acknowledged_ms is None

    def to_json(self) -> dict:
        return {"id": self.id, "kind": self.kind, "code": self.code, "name": self.name, "text": self.text,
                "device": self.device, "at": iso_local(self.at_ms),
                "acknowledged_by": self.acknowledged_by or None,
                "acknowledged_at": iso_local(self.acknowledged_ms) if self.acknowledged_ms is not None else None}


def new_id(store: EventStore) -> str:
    while True:
        nid = ID_PREFIX + "".join(secrets.choice(_ID_ALPHABET) for _ in range(6))
        if store.conn.execute("SELECT 1 FROM notices WHERE id = ?", (nid,)).fetchone() is None:
            return nid


def raise_notice(store: EventStore, kind: str, code: str, text: str, device: str,
                 at_ms: int | None = None) -> str:
    """Record a notice; returns its id. Joins the caller's write transaction when there is one."""
    with store.write():
        nid = new_id(store)
        store.record("notice.raise", {"id": nid, "kind": kind, "code": code, "text": text[:MAX_TEXT],
                                      "device": device[:MAX_DEVICE] or "?",
                                      "at_ms": wall_ms() if at_ms is None else at_ms})
    return nid


_SELECT = (
    "SELECT n.id, n.kind, n.code, n.text, n.device, n.at_ms, a.acked_by, a.at_ms AS acked_ms, "
    "t.first_name, t.last_name, t.full_name "
    "FROM notices n LEFT JOIN notice_acks a ON a.notice_id = n.id "
    "LEFT JOIN attendees t ON t.code = n.code "
)


def _notice(row) -> Notice:
    name = row["full_name"] or joined_name(row["first_name"] or "", row["last_name"] or "")
    return Notice(row["id"], row["kind"], row["code"], name or "", row["text"], row["device"], row["at_ms"],
                  row["acked_by"] or "", row["acked_ms"])


def list_notices(store: EventStore, include_acknowledged: bool = False) -> list[Notice]:
    """Open notices, oldest first (the one waiting longest leads); all of them with the flag."""
    where = "" if include_acknowledged else "WHERE a.notice_id IS NULL "
    rows = store.conn.execute(_SELECT + where + "ORDER BY n.at_ms, n.id").fetchall()
    return [_notice(r) for r in rows]


def find_notice(store: EventStore, notice_id: str) -> Notice:
    """The notice with this id (case and a missing "N-" forgiven); RefusedError in words if none."""
    wanted = notice_id.strip().upper()
    if wanted and not wanted.startswith(ID_PREFIX):
        wanted = ID_PREFIX + wanted
    row = store.conn.execute(_SELECT + "WHERE n.id = ?", (wanted,)).fetchone()
    if row is None:
        raise RefusedError(f"There is no notice {notice_id.strip()[:40]!r}. "
                           "`kiosk notices --all` lists every notice with its id.")
    return _notice(row)


def acknowledge(store: EventStore, notice_id: str, by: str, at_ms: int | None = None) -> Notice:
    """Say this desk has seen to the notice. A notice already acknowledged stays as it was (the
    first acknowledgement wins, here and after sync), and nothing new is recorded."""
    with store.write():
        notice = find_notice(store, notice_id)
        if notice.open:
            store.record("notice.ack", {"id": notice.id, "by": by[:MAX_DEVICE] or "?",
                                        "at_ms": wall_ms() if at_ms is None else at_ms})
            notice = find_notice(store, notice.id)
    return notice
