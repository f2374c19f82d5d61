"""How much one device may push: operations and bytes per minute and per day.

The counts live in the hub's database (table device_quotas, one row per device), so every hub
process sharing a PostgreSQL database (`--workers`, or one process per venue) charges the same
counts. Windows are fixed: the current UTC minute and the current UTC day. A push that would go
over a limit is refused whole (429, with Retry-After: the end of that window) and charges nothing;
the row remembers when a device was last held back, for `kiosk hub devices`.

The defaults are far beyond a real desk: one that imports 100,000 attendees pushes about 100
operations of up to 512 KB (~50 MB), which the per-minute byte limit lets through in one go;
a whole day of check-ins and badges at a 5,000-person desk is some 20,000 operations.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import ClassVar

MB = 1024 * 1024
MINUTE_S, DAY_S = 60.0, 86400.0


@dataclass(frozen=True)
class Quota:
    minute_ops: int = 20_000
    minute_bytes: int = 64 * MB
    day_ops: int = 200_000
    day_bytes: int = 256 * MB

    def check(self, push_ops: int, push_bytes: int) -> str:
        """Why these limits could never let a push of the largest allowed size through ('' if they can)."""
        if self.minute_ops < push_ops or self.minute_bytes < push_bytes:
            return f"a minute's quota must allow one push ({push_ops} operations, {push_bytes // MB} MB)"
        if self.day_ops < self.minute_ops or self.day_bytes < self.minute_bytes:
            return "a day's quota must be at least a minute's"
        return ""


@dataclass
class Usage:
    """One device's counts, as stored (a row of device_quotas)."""

    minute_start: float = 0.0
    minute_ops: int = 0
    minute_bytes: int = 0
    day_start: float = 0.0
    day_ops: int = 0
    day_bytes: int = 0
    hit_at: float | None = None
    hit_until: float | None = None
    hit_reason: str | None = None

    COLUMNS: ClassVar[tuple[str, ...]] = ("minute_start", "minute_ops", "minute_bytes", "day_start", "day_ops",
                                          "day_bytes", "hit_at", "hit_until", "hit_reason")

    def row(self) -> tuple:
        return tuple(getattr(self, c) for c in self.COLUMNS)

    def current(self, now: float) -> Usage:
        """These counts with the windows that have ended since set back to zero."""
        minute, day = now - now % MINUTE_S, now - now % DAY_S
        fresh = Usage(*self.row())
        if fresh.minute_start != minute:
            fresh.minute_start, fresh.minute_ops, fresh.minute_bytes = minute, 0, 0
        if fresh.day_start != day:
            fresh.day_start, fresh.day_ops, fresh.day_bytes = day, 0, 0
        return fresh

    def to_json(self, now: float | None = None) -> dict:
        now = time.time() if now is None else now
        usage = self.current(now)
        return {"hit": self.hit_at is not None and self.hit_at >= usage.day_start,
                "held": self.hit_until is not None and self.hit_until > now,
                "until": self.hit_until, "reason": self.hit_reason,
                "ops_today": usage.day_ops, "bytes_today": usage.day_bytes,
                "ops_this_minute": usage.minute_ops}


def charge(usage: Usage, ops: int, size: int, now: float, quota: Quota) -> tuple[Usage, float, str]:
    """(the counts to store, seconds to wait (0: charged), why it must wait)."""
    usage = usage.current(now)
    over = [(usage.day_ops + ops > quota.day_ops, usage.day_start + DAY_S,
             f"this device pushed its {quota.day_ops:,} operations for today"),
            (usage.day_bytes + size > quota.day_bytes, usage.day_start + DAY_S,
             f"this device pushed its {quota.day_bytes // MB} MB for today"),
            (usage.minute_ops + ops > quota.minute_ops, usage.minute_start + MINUTE_S,
             f"this device pushed its {quota.minute_ops:,} operations for this minute"),
            (usage.minute_bytes + size > quota.minute_bytes, usage.minute_start + MINUTE_S,
             f"this device pushed its {quota.minute_bytes // MB} MB for this minute")]
    for hit, until, reason in over:
        if hit:
            usage.hit_at, usage.hit_until, usage.hit_reason = now, until, reason
            return usage, max(1.0, until - now), reason
    usage.minute_ops += ops
    usage.minute_bytes += size
    usage.day_ops += ops
    usage.day_bytes += size
    return usage, 0.0, ""
