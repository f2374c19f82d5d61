"""The hybrid logical clock: monotonic on one laptop, ordered after what it has seen from others."""

from __future__ import annotations

from kiosk.core.hlc import COUNTER_BITS, MAX_AHEAD_MS, HybridClock, physical_ms

MINUTE = 60_000


class Wall:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def test_stamps_increase_even_when_the_wall_clock_steps_back():
    wall = Wall(1_000_000)
    clock = HybridClock(clock=wall)
    first = clock.now()
    wall.ms -= 10 * MINUTE
    assert clock.now() > first


def test_a_laptop_two_minutes_behind_orders_its_next_edit_after_what_it_saw():
    ahead, behind = HybridClock(clock=Wall(1_000_000 + 2 * MINUTE)), HybridClock(clock=Wall(1_000_000 - 2 * MINUTE))
    seen = ahead.now()
    behind.observe(seen)
    assert behind.now() > seen


def test_a_laptop_far_off_the_hub_stamps_with_the_hubs_time_once_told():
    """Further apart than MAX_AHEAD_MS no stamp is followed; the sync client then gives the
    clock the hub's offset, and its edits order with everyone else's again."""
    hub_ms = 1_700_000_000_000
    behind = HybridClock(clock=Wall(hub_ms - 15 * MINUTE))
    seen = hub_ms << COUNTER_BITS
    behind.observe(seen)
    assert behind.now() < seen  # not followed: 15 minutes is beyond the bound
    behind.offset_ms = 15 * MINUTE + 1  # the hub, a millisecond on
    assert behind.now() > seen and physical_ms(behind.now()) - hub_ms < MINUTE


def test_a_clock_set_to_next_year_does_not_drag_the_others_along():
    wall = Wall(1_700_000_000_000)
    clock = HybridClock(clock=wall)
    clock.observe((wall.ms + 365 * 24 * 60 * MINUTE) << COUNTER_BITS)
    assert physical_ms(clock.now()) <= wall.ms + MAX_AHEAD_MS
    # Our own saved stamps are trusted whatever the wall clock says now.
    own = (wall.ms + 2 * MAX_AHEAD_MS) << COUNTER_BITS
    clock.restore(own)
    assert clock.now() > own
