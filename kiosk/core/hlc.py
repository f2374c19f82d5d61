"""Hybrid logical clock: timestamps that order operations across laptops whose clocks disagree.

A timestamp is one integer: wall-clock milliseconds shifted left 16 bits, plus a logical counter
in the low bits. Integers sort, compare and store in SQLite cheaply, and stay monotonic on one
device even when its wall clock steps backwards.
"""

from __future__ import annotations

import time
from collections.abc import Callable

COUNTER_BITS = 16
# How far ahead of the clock that judges it a stamp may be. Laptops minutes apart are normal and
# followed exactly. The hub re-stamps an operation stamped further ahead of its clock with its own
# time (kiosk/hub/store.py), so a laptop set to next year — or a hostile device — cannot win every
# later edit of a field; and no device follows a remote stamp further than this, so one bad stamp
# cannot drag every clock (and the order of all later edits) with it for good.
MAX_AHEAD_MS = 5 * 60 * 1000


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


def physical_ms(stamp: int) -> int:
    """The wall-clock part of a timestamp, in milliseconds since the Unix epoch."""
    return stamp >> COUNTER_BITS


class HybridClock:
    """Issues strictly increasing timestamps that never fall behind any timestamp seen."""

    def __init__(self, last: int = 0, clock: Callable[[], int] = wall_ms) -> None:
        self.last = last
        self._clock = clock
        # Milliseconds to add to this machine's clock: the hub's time minus ours, once a sync has
        # shown ours to be far off (a laptop set to the wrong day stamps edits with the hub's time).
        self.offset_ms = 0

    def machine_ms(self) -> int:
        """This machine's own clock, uncorrected."""
        return self._clock()

    def wall(self) -> int:
        return self._clock() + self.offset_ms

    def now(self) -> int:
        self.last = max(self.last + 1, self.wall() << COUNTER_BITS)
        return self.last

    def observe(self, remote: int) -> None:
        """Move past a timestamp received from another device, so our next one sorts after it
        (up to MAX_AHEAD_MS past our own wall clock)."""
        ceiling = (self.wall() + MAX_AHEAD_MS) << COUNTER_BITS
        self.last = max(self.last, min(remote, ceiling))

    def restore(self, own: int) -> None:
        """Continue from a timestamp this device issued itself (saved, or by another process):
        never capped, so our own edits stay in order even after the wall clock was set back."""
        self.last = max(self.last, own)


def too_far_ahead(stamp: int, now_ms: int) -> bool:
    """Whether a stamp lies more than MAX_AHEAD_MS ahead of `now_ms` (the judging clock)."""
    return stamp > (now_ms + MAX_AHEAD_MS) << COUNTER_BITS
