"""The sync policy: when to try, how to back off, what the window is told; and pairing payloads."""

from __future__ import annotations

import random
import socket

import pytest

from kiosk.core.errors import UsageError
from kiosk.sync.client import SyncClient
from kiosk.sync.loop import MAX_BACKOFF_S, SyncLoop, SyncStatus, describe
from kiosk.sync.pairing import check_hub_url, parse_pairing_payload

from tests.support.event_data import add_attendee


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def closed_port() -> int:
    """A port nothing listens on: connecting is refused at once, like a hub that is down."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unpaired_event_works_alone_and_says_so(store):
    loop = SyncLoop(store)
    status = loop.sync_now()
    assert status.state == "unpaired" and not status.online
    assert describe(status) == "Working on this laptop only"


def test_offline_backs_off_exponentially_with_jitter_up_to_the_cap(store):
    SyncClient(store).configure(f"http://127.0.0.1:{closed_port()}", "token")
    clock = FakeClock()
    loop = SyncLoop(store, rng=random.Random(7), clock=clock)
    delays = []
    for _ in range(8):
        status = loop.sync_now()
        assert status.state == "offline" and "cannot reach the hub" in status.detail
        delays.append(loop.next_at - clock.now)
    for failures, delay in enumerate(delays, start=1):
        ceiling = min(MAX_BACKOFF_S, 2 ** (failures - 1))
        assert ceiling / 2 <= delay <= ceiling
    assert max(delays) <= MAX_BACKOFF_S  # a returning connection is noticed within seconds
    # Jitter: two kiosks that lost the Wi-Fi together do not retry in lockstep.
    other = SyncLoop(store, rng=random.Random(8), clock=clock)
    other_delays = []
    for _ in range(8):
        other.sync_now()
        other_delays.append(other.next_at - clock.now)
    assert other_delays != delays


def test_a_change_is_pushed_soon_when_online_but_does_not_break_the_backoff(store):
    clock = FakeClock()
    loop = SyncLoop(store, clock=clock)
    loop.next_at = clock.now + 3
    loop.changed()
    assert loop.seconds_to_next() == pytest.approx(0.2)
    loop.failures, loop.next_at = 3, clock.now + 4
    loop.changed()
    assert loop.seconds_to_next() == 4


def test_pending_counts_what_was_recorded_here_and_not_yet_pushed(store, desk):
    add_attendee(store, "A-1")
    desk.check_in("A-1")
    SyncClient(store).configure(f"http://127.0.0.1:{closed_port()}", "token")
    status = SyncLoop(store).sync_now()
    assert status.pending == 3  # the event details, the attendee and the check-in
    assert "3 waiting" in describe(status) and "never synced" in describe(status)


def test_describe_says_when_it_last_synced_in_words():
    now = 10_000_000
    assert describe(SyncStatus("online", 0, now - 2000), now) == "Online · nothing waiting · last sync just now"
    assert describe(SyncStatus("offline", 4, now - 125_000), now) == "Offline · 4 waiting · last sync 2 min ago"


def test_unpair_forgets_the_hub_and_will_push_everything_again(store, desk):
    add_attendee(store, "A-1")
    client = SyncClient(store)
    client.configure("http://hub.example:8787", "token")
    everything = client.pending()
    with store.write():  # as if all of it had reached the hub
        store._set_meta("sync.pushed_seq", str(store.conn.execute("SELECT MAX(seq) FROM ops").fetchone()[0]))
    assert client.pending() == 0
    client.unpair()
    assert client.token == "" and client.hub_url == "" and client.pending() == everything == 2


@pytest.mark.parametrize("text, expected", [
    ("http://192.168.1.20:8787#pair=abc123-DEF456-789ABC", ("http://192.168.1.20:8787", "ABC123-DEF456-789ABC", "")),
    ("https://hub.example.org/#pair=ABC123-DEF456-789ABC\n", ("https://hub.example.org", "ABC123-DEF456-789ABC", "")),
    ("881234500111000011001", None),
    ("http://hub#pair=", None),
    ("javascript:alert(1)#pair=ABCDEF", None),
    ("http://a b#pair=ABCDEF", None),
])
def test_pairing_payload_is_recognised_only_in_its_exact_form(text, expected):
    assert parse_pairing_payload(text) == expected


def test_hub_address_must_be_http_with_a_host():
    assert check_hub_url(" http://10.0.0.2:8787/ ") == "http://10.0.0.2:8787"
    for bad in ("10.0.0.2:8787", "ftp://x", "http://", ""):
        with pytest.raises(UsageError):
            check_hub_url(bad)


def test_a_request_the_hub_refuses_is_retried_slowly_not_every_few_seconds(store):
    """A push refused as too big or malformed does not heal by sending its 2 MB every 5 s."""
    from kiosk.sync.loop import REFUSED_RETRY_S

    from tests.support.raw_http import http, serve_once

    add_attendee(store, "T-1")
    clock = FakeClock()
    loop = SyncLoop(store, clock=clock)
    loop.client.configure(serve_once(http("413 Payload Too Large", b'{"error": "request over 4 MB"}')), "token")
    status = loop.sync_now()
    assert status.state == "refused" and "over 4 MB" in status.detail and status.pending > 0
    assert loop.seconds_to_next() == REFUSED_RETRY_S
