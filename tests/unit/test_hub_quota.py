"""The per-device push quota: windows, limits, and what a real desk needs."""

from __future__ import annotations

from kiosk.hub.app import MAX_BODY_BYTES, MAX_OPS_PER_PUSH
from kiosk.hub.quota import MB, Quota, Usage, charge

NOON = 1_790_000_000.0 - 1_790_000_000.0 % 86400 + 12 * 3600


def test_the_defaults_let_a_100k_attendee_import_through_in_one_minute():
    usage, quota = Usage(), Quota()
    assert quota.check(MAX_OPS_PER_PUSH, MAX_BODY_BYTES) == ""
    # ~100 operations of up to 512 KB, pushed 4 to a request (the laptop's 2 MB batches).
    for n in range(25):
        usage, wait, _ = charge(usage, 4, 2 * MB + 4096, NOON + n, quota)
        assert wait == 0
    assert usage.day_bytes > 50 * MB


def test_a_push_over_a_limit_waits_for_its_window_and_is_not_charged():
    quota = Quota(minute_ops=5000, minute_bytes=64 * MB, day_ops=8000, day_bytes=256 * MB)
    usage, wait, _ = charge(Usage(), 5000, MB, NOON, quota)
    assert wait == 0
    usage, wait, reason = charge(usage, 1, 10, NOON + 10, quota)
    assert wait == 50 and "this minute" in reason and usage.minute_ops == 5000
    usage, wait, _ = charge(usage, 2000, 10, NOON + 60, quota)  # a new minute
    assert wait == 0 and usage.day_ops == 7000
    usage, wait, reason = charge(usage, 2000, 10, NOON + 120, quota)
    assert wait == 12 * 3600 - 120 and "for today" in reason
    report = usage.to_json(NOON + 130)
    assert report["hit"] and report["held"] and report["ops_today"] == 7000
    usage, wait, _ = charge(usage, 2000, 10, NOON + 86400, quota)  # tomorrow
    assert wait == 0 and usage.day_ops == 2000
    assert not usage.to_json(NOON + 86400)["hit"]  # yesterday's hit is yesterday's


def test_limits_that_could_never_pass_a_push_are_refused():
    assert Quota(minute_ops=100).check(MAX_OPS_PER_PUSH, MAX_BODY_BYTES)
    assert Quota(day_bytes=MB).check(MAX_OPS_PER_PUSH, MAX_BODY_BYTES)
