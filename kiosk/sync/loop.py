"""When a kiosk syncs: soon after a change, every few seconds while online, backing off while offline.

Plain Python, so the desk's background worker, the CLI loop and the tests share one policy. The
loop never raises for a network problem: it reports a SyncStatus and decides when to try again.
Offline retries back off with jitter, so kiosks that lost the Wi-Fi together do not come back in
lockstep, but stay short (at most MAX_BACKOFF_S): a returning connection is noticed within seconds.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.core.errors import KioskError, RefusedError
from kiosk.core.hlc import wall_ms
from kiosk.store.event_store import EventStore
from kiosk.sync.client import SKEW_WARNING_S, SyncClient
from kiosk.sync.transport import Offline, RequestRefused, Revoked

INTERVAL_S = 3.0        # while online: pick up the other desks' work this often
CHANGE_DELAY_S = 0.2    # after a local change: gathers a burst of scans into one push
MIN_BACKOFF_S = 1.0
MAX_BACKOFF_S = 5.0
REFUSED_RETRY_S = 30.0  # a refused token or a 4xx does not heal by hammering the hub


@dataclass(frozen=True)
class SyncStatus:
    """What the window shows: one of unpaired, online, offline, refused, revoked."""

    state: str
    pending: int = 0
    last_ok_ms: int = 0
    detail: str = ""
    pushed: int = 0
    pulled: int = 0
    clock_skew_s: int = 0

    @property
    def online(self) -> bool:
        return self.state == "online"

    def to_json(self) -> dict:
        return {"state": self.state, "pending": self.pending, "last_ok_ms": self.last_ok_ms,
                "detail": self.detail, "pushed": self.pushed, "pulled": self.pulled,
                "clock_skew_s": self.clock_skew_s}


class SyncLoop:
    def __init__(self, store: EventStore, *, interval_s: float = INTERVAL_S,
                 max_backoff_s: float = MAX_BACKOFF_S, rng: random.Random | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 stopping: threading.Event | None = None) -> None:
        self.client = SyncClient(store, stopping)
        self.interval_s, self.max_backoff_s = interval_s, max_backoff_s
        self.failures = 0
        self._rng = rng or random.Random()
        self._clock = clock
        self.next_at = clock()
        self.status = SyncStatus("unpaired")
        self.status = SyncStatus("unpaired" if not self.client.token else "offline",
                                 self._pending(), self.client.last_ok_ms())

    def close(self) -> None:
        """Let the connection to the hub go (from any thread: a request in flight ends at once)."""
        self.client.close()

    def __enter__(self) -> SyncLoop:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def due(self) -> bool:
        return self._clock() >= self.next_at

    def seconds_to_next(self) -> float:
        return max(0.0, self.next_at - self._clock())

    def changed(self) -> None:
        """Something was recorded here: push it soon, unless we are backing off from an outage."""
        if self.failures == 0:
            self.next_at = min(self.next_at, self._clock() + CHANGE_DELAY_S)

    def sync_now(self) -> SyncStatus:
        """One round of push and pull; never raises for the network, the hub or the token."""
        client = self.client
        if not client.token or not client.hub_url:
            return self._settle("unpaired", REFUSED_RETRY_S, "not paired with a hub")
        try:
            result = client.sync_once()
        except Revoked as exc:
            self.next_at = float("inf")
            return self._report("revoked", exc.message)
        except Offline as exc:
            self.failures += 1
            # A hub that said when to come back (a 429, or a 503 behind a proxy) is taken at its
            # word, up to the wait after a refusal: more is a proxy's mistake, not the hub's plan.
            delay = max(self._backoff(), min(exc.retry_after_s or 0.0, REFUSED_RETRY_S))
            return self._settle("offline", delay, exc.message)
        except (RefusedError, RequestRefused) as exc:
            self.failures += 1
            return self._settle("refused", REFUSED_RETRY_S, exc.message)
        except (KioskError, sqlite3.Error) as exc:
            self.failures += 1
            return self._settle("refused", self._backoff(), str(exc))
        self.failures = 0
        self.next_at = self._clock() + self.interval_s
        return self._report("online", "", result.pushed, result.pulled, result.clock_skew_s)

    def _backoff(self) -> float:
        """Exponential from MIN to MAX, with 'equal jitter': half fixed, half random."""
        ceiling = min(self.max_backoff_s, MIN_BACKOFF_S * 2 ** (self.failures - 1))
        return ceiling / 2 + self._rng.uniform(0, ceiling / 2)

    def _settle(self, state: str, delay: float, detail: str) -> SyncStatus:
        self.next_at = self._clock() + delay
        return self._report(state, detail)

    def _report(self, state: str, detail: str, pushed: int = 0, pulled: int = 0, skew_s: int = 0) -> SyncStatus:
        self.status = SyncStatus(state, self._pending(), self.client.last_ok_ms(), detail, pushed, pulled, skew_s)
        return self.status

    def _pending(self) -> int:
        try:
            return self.client.pending()
        except sqlite3.Error:  # a busy database must not stop the sync reporting
            return self.status.pending


def describe(status: SyncStatus, now_ms: int | None = None) -> str:
    """The status in words, for the desk's status bar and the CLI: never by colour alone."""
    now_ms = wall_ms() if now_ms is None else now_ms
    waiting = f"{status.pending} waiting" if status.pending else "nothing waiting"
    if status.last_ok_ms:
        ago_s = max(0, (now_ms - status.last_ok_ms) // 1000)
        when = ("just now" if ago_s < 10 else f"{ago_s} s ago" if ago_s < 60
                else f"{ago_s // 60} min ago" if ago_s < 3600 else f"{ago_s // 3600} h ago")
        last = f"last sync {when}"
    else:
        last = "never synced"
    label = {"online": "Online", "offline": "Offline", "unpaired": "Not paired",
             "refused": "Sync refused", "revoked": "Revoked"}.get(status.state, status.state)
    if status.state == "unpaired":
        # Nothing is wrong with a desk that was never paired: it works alone, and says so. Its
        # queue counts every change (the event's own creation too): no use to anyone yet.
        return "Working on this laptop only"
    text = f"{label} · {waiting} · {last}"
    if abs(status.clock_skew_s) >= SKEW_WARNING_S:
        minutes = round(abs(status.clock_skew_s) / 60)
        side = "ahead of" if status.clock_skew_s > 0 else "behind"
        text += f" · this laptop's clock is {minutes} min {side} the hub's"
    return text
