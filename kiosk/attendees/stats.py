"""Statistics for the desk: expected, checked in, by ticket type, arrivals per 15 minutes."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.attendees.attendance import mode_of
from kiosk.core.attendance import MODES, ONLINE
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
    # Drop-outs and attendance modes (issue 16). not_arrived: valid tickets expected in person (in
    # person or both) with no check-in; no_show_rate: not_arrived / expected_in_person at the moment
    # it is read (after the doors close, the day's no-show rate), None when nobody is expected.
    not_arrived: int = 0
    cancelled: int = 0
    by_attendance: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def expected_in_person(self) -> int:
        return sum(v["expected"] for k, v in self.by_attendance.items() if k != ONLINE)

    @property
    def no_show_rate(self) -> float | None:
        expected = self.expected_in_person
        return round(self.not_arrived / expected, 4) if expected else None

    def to_json(self) -> dict:
        return {
            "not_arrived": self.not_arrived, "cancelled": self.cancelled,
            "no_show_rate": self.no_show_rate, "expected_in_person": self.expected_in_person,
            "by_attendance": self.by_attendance,
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
        expected = checked = void = walk_ins = cancelled = 0
        # Online-only people are expected online, not at the door: they have no checked_in count.
        by_mode = {m: {"expected": 0} if m == ONLINE else {"expected": 0, "checked_in": 0} for m in MODES}
        # Grouped by the attendance answer too, and the mode read once a group (an event has a
        # handful of answers), not once a row.
        for ticket_type, status, source, answer, n, n_in in conn.execute(
            "SELECT ticket_type, status, source, attendance, COUNT(*), "
            "SUM(EXISTS (SELECT 1 FROM active_checkins c WHERE c.code = a.code)) "
            "FROM attendees a GROUP BY ticket_type, status, source, attendance"
        ):
            if status != "valid":
                void += n
                cancelled += n if status == "cancelled" else 0
                continue
            mode = mode_of(answer, ticket_type)
            by_mode[mode]["expected"] += n
            if mode != ONLINE:
                by_mode[mode]["checked_in"] += n_in
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
    not_arrived = sum(v["expected"] - v["checked_in"] for k, v in by_mode.items() if k != ONLINE)
    return Stats(expected, checked, dict(sorted(by_type.items())), [tuple(a) for a in arrivals],
                 void, walk_ins, twice, not_arrived, cancelled, by_mode)


def checked_in_at(store: EventStore, device_name: str) -> int:
    """Admissions recorded under one desk name, undone ones left out."""
    return store.conn.execute("SELECT COUNT(*) FROM active_checkins WHERE device = ?",
                              (device_name,)).fetchone()[0]
