"""The organisers' live view of one event: what `/events/SLUG/dashboard.json` answers.

Built from the hub's copy of the event's state through the same façade the laptops use
(kiosk/event.py), so `stats` is exactly what `kiosk stats --json` gives on a laptop that has
synced everything: whatever keys the desk's statistics gain (not arrived, attendance modes…)
appear here with no change. Beside it: arrivals per desk, open notices for staff, people per
dietary need (counts, no names) and the grid.

Only for a holder of an organiser token (app.py checks it): the notices name the people they
are about, and the grid names its conveners. The page that shows it (dashboard_page.py) holds
no data of its own.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from kiosk.core.model import iso_local

if TYPE_CHECKING:
    from kiosk.event import OpenEvent
    from kiosk.grid.model import Grid


def build_dashboard(event: OpenEvent, slug: str) -> dict:
    info = event.info()
    return {
        "event": {"slug": slug, "name": info.get("name", slug), "date": info.get("date", ""),
                  "venue": info.get("venue", "")},
        "generated_at": iso_local(int(time.time() * 1000)),
        "stats": event.stats().to_json(),
        "arrivals_by_desk": [{"desk": desk, "count": n} for desk, n in event.arrivals_by_desk().items()],
        "notices": _open_notices(event),
        "dietary": event.dietary_counts(),
        "grid": grid_view(event.grid.grid()),
    }


def _open_notices(event: OpenEvent) -> list[dict]:
    """Notices not yet acknowledged, as the desks list them. Without the ticket code: it admits
    its holder at any desk, and the organisers' phones have no use for it."""
    notices = getattr(event, "notices", None)  # the façade's, where this version has notices
    if notices is None:
        return []
    return [{k: v for k, v in n.to_json().items() if k != "code"} for n in notices()]


def grid_view(grid: Grid) -> dict:
    """The grid as the page lists it: each slot in time order with what is placed in each space."""
    slots = []
    for slot in grid.slots:
        cells = []
        if not slot.is_break:
            for space in grid.spaces:
                here = grid.cell(space.id, slot.id)
                if here:
                    cells.append({"space": space.name, "online": bool(getattr(space, "online_link", "")),
                                  "sessions": [{"title": s.title, "conveners": list(s.conveners)} for s in here]})
        slots.append({"start": slot.start, "end": slot.end, "label": slot.label, "is_break": slot.is_break,
                      "cells": cells})
    return {"spaces": [s.name for s in grid.spaces], "slots": slots,
            "parked": [s.title for s in grid.parked], "clashes": len(grid.clashes())}
