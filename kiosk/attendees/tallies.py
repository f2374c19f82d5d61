"""Counts for the organisers' live view beside the desk's statistics (stats.py): arrivals per desk
and people per dietary need. Counts only: no name is read.
"""

from __future__ import annotations

from kiosk.store.event_store import EventStore


def arrivals_by_desk(store: EventStore) -> dict[str, int]:
    """Arrivals per desk name, most first: each valid ticket counted once, at the desk that admitted
    it first (the admissions stats.py counts as arrivals, so these add up to its `checked_in`)."""
    rows = store.conn.execute(
        # SQLite gives a bare column beside MIN() from the row holding the minimum: the first desk.
        "SELECT device, COUNT(*) FROM ("
        "  SELECT c.device AS device, MIN(c.at_ms) FROM active_checkins c"
        "  JOIN attendees a ON a.code = c.code AND a.status = 'valid' GROUP BY c.code"
        ") GROUP BY device ORDER BY 2 DESC, 1").fetchall()
    return {device: n for device, n in rows}


def dietary_counts(store: EventStore) -> list[dict]:
    """People with a valid ticket per dietary need, most first, counted exactly as the needs
    briefing (`kiosk export needs`) counts them, so the two never disagree."""
    from kiosk.attendees.needs_export import NeedsRow, count_diets, need_text

    rows = store.conn.execute(
        "SELECT a.dietary_needs, EXISTS (SELECT 1 FROM active_checkins c WHERE c.code = a.code) "
        "FROM attendees a WHERE a.status = 'valid' AND a.dietary_needs != ''").fetchall()
    people = [NeedsRow("", "", need_text(diet), bool(here)) for diet, here in rows]
    return [{"need": d.need, "people": d.people, "checked_in": d.checked_in} for d in count_diets(people)]
