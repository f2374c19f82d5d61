"""Statistics for the desk: expected, checked in, by ticket type, arrivals per 15 minutes."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.core.model import iso_local
from kiosk.store.event_store import EventStore

BUCKET_MS = 15 * 60 * 1000


@dataclass
class Stats:
    expected: int
    checked_in: int
    by_ticket_type: dict[str, dict[str, int]] = field(default_factory=dict)
    arrivals: list[tuple[int, int]] = field(default_factory=list)  # (bucket start ms, count)
    void: int = 0
    walk_ins: int = 0
    admitted_twice: int = 0

    def to_json(self) -> dict:
        return {
            "expected": self.expected, "checked_in": self.checked_in,
            "by_ticket_type": self.by_ticket_type,
            "arrivals": [{"start": iso_local(ms), "count": n} for ms, n in self.arrivals],
            "void": self.void, "walk_ins": self.walk_ins, "admitted_twice": self.admitted_twice,
        }


def compute_stats(store: EventStore) -> Stats:
    """One consistent read of the numbers: expected counts valid tickets (walk-ins included)."""
    conn = store.conn
    own_transaction = not conn.in_transaction
    if own_transaction:
        conn.execute("BEGIN")
    try:
        by_type: dict[str, dict[str, int]] = {}
        expected = checked = void = walk_ins = 0
        for ticket_type, status, source, n, n_in in conn.execute(
            "SELECT ticket_type, status, source, COUNT(*), "
            "SUM(EXISTS (SELECT 1 FROM active_checkins c WHERE c.code = a.code)) "
            "FROM attendees a GROUP BY ticket_type, status, source"
        ):
            if status != "valid":
                void += n
                continue
            entry = by_type.setdefault(ticket_type or "(none)", {"expected": 0, "checked_in": 0})
            entry["expected"] += n
            entry["checked_in"] += n_in
            expected += n
            checked += n_in
            if source == "walkin":
                walk_ins += n
        arrivals = conn.execute(
            "SELECT (first_at / ?) * ?, COUNT(*) FROM ("
            "  SELECT MIN(c.at_ms) AS first_at FROM active_checkins c"
            "  JOIN attendees a ON a.code = c.code AND a.status = 'valid' GROUP BY c.code"
            ") GROUP BY 1 ORDER BY 1", (BUCKET_MS, BUCKET_MS),
        ).fetchall()
        twice = conn.execute(
            "SELECT COUNT(*) FROM (SELECT code FROM active_checkins GROUP BY code HAVING COUNT(*) > 1)"
        ).fetchone()[0]
    finally:
        if own_transaction:
            conn.execute("COMMIT")
    return Stats(expected, checked, dict(sorted(by_type.items())), [tuple(a) for a in arrivals],
                 void, walk_ins, twice)


def checked_in_at(store: EventStore, device_name: str) -> int:
    """Admissions recorded under one desk name, undone ones left out."""
    return store.conn.execute("SELECT COUNT(*) FROM active_checkins WHERE device = ?",
                              (device_name,)).fetchone()[0]
