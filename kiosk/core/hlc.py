"""Hybrid logical clock: timestamps that order operations across laptops whose clocks disagree.

A timestamp is one integer: wall-clock milliseconds shifted left 16 bits, plus a logical counter
in the low bits. Integers sort, compare and store in SQLite cheaply, and stay monotonic on one
device even when its wall clock steps backwards.
"""

from __future__ import annotations

import time
from collections.abc import Callable

COUNTER_BITS = 16
# How far ahead of our own wall clock a remote stamp is followed. Laptops minutes apart are
# normal and followed exactly; one set to next year would otherwise drag every device's clock
# (and the order of all later edits) with it for good.
MAX_AHEAD_MS = 24 * 3600 * 1000


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

    def now(self) -> int:
        self.last = max(self.last + 1, self._clock() << COUNTER_BITS)
        return self.last

    def observe(self, remote: int) -> None:
        """Move past a timestamp received from another device, so our next one sorts after it
        (up to MAX_AHEAD_MS past our own wall clock)."""
        ceiling = (self._clock() + MAX_AHEAD_MS) << COUNTER_BITS
        self.last = max(self.last, min(remote, ceiling))

    def restore(self, own: int) -> None:
        """Continue from a timestamp this device issued itself (saved, or by another process):
        never capped, so our own edits stay in order even after the wall clock was set back."""
        self.last = max(self.last, own)
