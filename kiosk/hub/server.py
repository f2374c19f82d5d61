"""How the hub's HTTP server meets hostile connections: timeouts, connection caps, proxies, logs.

uvicorn holds a connection that sent part of a request head for as long as the client likes, and
accepts connections until the process runs out of file descriptors; asyncio then logs "Too many
open files" in a tight loop. Here:

- GuardedH11Protocol, uvicorn's h11 protocol with deadlines: a request head must be complete
  within HEADER_TIMEOUT_S of the connection (or of the last answer, on a kept-alive connection);
  a body must not pause for more than BODY_IDLE_TIMEOUT_S, must arrive whole within
  BODY_DEADLINE_S, and from BODY_GRACE_S on must have come at BODY_MIN_RATE bytes a second on
  average; otherwise the connection is closed. (A body the app has not read yet, or one the hub
  answered without reading and now discards, counts the same: it is the client holding a
  connection.) 4 MB, the largest push, needs 35 KB/s to make the deadline: slow venue Wi-Fi does.
- ConnectionGuard: at most PER_ADDRESS connections from one client address (a trusted proxy is
  exempt) and at most a total that leaves file descriptors to spare. At the total, a new
  connection takes the place of the oldest one sending its body below BODY_FAIR_RATE, else of
  the oldest one still sending its request head, else of the oldest sending a body; when every
  request is in, the new one is closed at once. Counted per process (with --workers, per worker).
- TrustedProxies: X-Forwarded-For is believed only from the addresses given with --trusted-proxy.
- install_logging: every log line goes through a filter that lets one line of each kind through
  per LOG_EVERY_S, and says how many it held back.

Tests only: the environment variable KIOSK_HUB_TEST_TIMEOUTS (e.g. "header=1,body_deadline=3"),
read by configure() when the server starts, shortens these deadlines so a test takes seconds.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import os
import resource
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.utils import get_remote_addr

from kiosk.hub.quota import Quota

HEADER_TIMEOUT_S = 10.0
BODY_IDLE_TIMEOUT_S = 30.0
BODY_DEADLINE_S = 120.0
BODY_GRACE_S = 10.0
BODY_MIN_RATE = 1024.0       # bytes a second, on average from the start of the body
BODY_FAIR_RATE = 16 * 1024.0  # a body coming at least this fast is the last to give way when full
EVICT_SCAN = 64               # body senders looked at, oldest first, for a slow one to close
TIMEOUTS_ENV = "KIOSK_HUB_TEST_TIMEOUTS"
PER_ADDRESS = 100   # a venue's desks and phones behind one NAT address stay far below
FD_RESERVE = 200    # descriptors kept for databases, caches and logs
MAX_TOTAL = 10_000
LOG_EVERY_S = 30.0
SETTINGS_ENV = "KIOSK_HUB_SERVER"

log = logging.getLogger("kiosk.hub.server")


class TrustedProxies:
    """The addresses (or networks) whose X-Forwarded-For the hub believes."""

    def __init__(self, addresses: Iterable[str] = ()) -> None:
        self.given = [str(a) for a in addresses]
        self._networks = [ipaddress.ip_network(a.strip(), strict=False) for a in self.given]

    def __bool__(self) -> bool:
        return bool(self._networks)

    def trusts(self, host: str) -> bool:
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self._networks)

    def client(self, peer: str, forwarded_for: list[str]) -> str:
        """The client's address: the peer's, unless the peer is a trusted proxy; then the nearest
        address in X-Forwarded-For that is not one of ours (a client can forge the far end)."""
        if not forwarded_for or not self.trusts(peer):
            return peer
        hops = [h.strip() for value in forwarded_for for h in value.split(",") if h.strip()]
        for hop in reversed(hops):
            if not self.trusts(hop):
                try:
                    return str(ipaddress.ip_address(hop))
                except ValueError:  # not an address: the proxy passed on garbage, so it is the client
                    return peer
        return hops[0] if hops else peer


def check_proxy(text: str) -> str:
    try:
        ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        raise ValueError(f"not an address or network: {text!r}") from None
    return text.strip()


@dataclass
class ServerSettings:
    """What `kiosk hub` was told, for the app and the server (and, through the environment, workers)."""

    trusted_proxies: list[str] = field(default_factory=list)
    quota: Quota = field(default_factory=Quota)

    def to_env(self) -> str:
        return json.dumps({"trusted_proxies": self.trusted_proxies, "quota": asdict(self.quota)})

    @classmethod
    def from_env(cls, text: str | None) -> ServerSettings:
        if not text:
            return cls()
        data = json.loads(text)
        return cls(list(data.get("trusted_proxies", [])), Quota(**data.get("quota", {})))


@dataclass(frozen=True)
class Deadlines:
    """How long a request may take to arrive (see the module's doc)."""

    header: float = HEADER_TIMEOUT_S
    body_idle: float = BODY_IDLE_TIMEOUT_S
    body_deadline: float = BODY_DEADLINE_S
    body_grace: float = BODY_GRACE_S
    body_min_rate: float = BODY_MIN_RATE
    body_fair_rate: float = BODY_FAIR_RATE

    @classmethod
    def from_env(cls, text: str | None) -> Deadlines:
        """The defaults, or for tests only some of them changed by TIMEOUTS_ENV ("header=1,...")."""
        if not text:
            return cls()
        given = dict(part.split("=", 1) for part in text.split(",") if "=" in part)
        return cls(**{k.strip(): float(v) for k, v in given.items()})


def total_connections() -> int:
    """As many connections as the descriptor limit allows, less a reserve (1,024 gives 824)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MAX_TOTAL
    return max(16, min(MAX_TOTAL, soft - FD_RESERVE))


class ConnectionGuard:
    """Counts this process's connections, by client address and in all; see the module's doc."""

    def __init__(self, per_address: int = PER_ADDRESS, total: int | None = None,
                 exempt: TrustedProxies | None = None, deadlines: Deadlines | None = None) -> None:
        self.per_address = per_address
        self.total = total if total is not None else total_connections()
        self.exempt = exempt or TrustedProxies()
        self.deadlines = deadlines or Deadlines()
        self.by_address: dict[str, int] = {}
        self.count = 0
        self.waiting: dict[GuardedH11Protocol, None] = {}  # awaiting a request head, oldest first
        self.sending: dict[GuardedH11Protocol, None] = {}  # sending a body, oldest first

    def admit(self, conn: GuardedH11Protocol, host: str) -> bool:
        if self.by_address.get(host, 0) >= self.per_address and not self.exempt.trusts(host):
            _say("a client address opened over %d connections: closing its new ones", self.per_address)
            return False
        if self.count >= self.total:
            victim = self.victim(time.monotonic())
            if victim is None:
                _say("%d connections open: closing new ones", self.total)
                return False
            _say("%d connections open: closing the oldest still sending its request", self.total)
            victim.evict()
        self.count += 1
        self.by_address[host] = self.by_address.get(host, 0) + 1
        return True

    def victim(self, now: float) -> GuardedH11Protocol | None:
        """The connection to close for a new one: the oldest sending its body slowly, else the
        oldest still sending its head, else the oldest sending a body; None when every request
        is in. Bodies go first: a desk's head takes a moment to arrive, and in that moment the
        desk's connection must not be the one to go when trickling bodies fill the hub."""
        for n, conn in enumerate(self.sending):
            if n >= EVICT_SCAN:
                break
            if conn.body_rate(now) < self.deadlines.body_fair_rate:
                return conn
        head = next(iter(self.waiting), None)
        return head if head is not None else next(iter(self.sending), None)

    def release(self, host: str) -> None:
        self.count -= 1
        left = self.by_address.get(host, 1) - 1
        if left > 0:
            self.by_address[host] = left
        else:
            self.by_address.pop(host, None)


_guard = ConnectionGuard(total=0)  # replaced by configure() before the server starts


def configure(settings: ServerSettings) -> None:
    """Set this process's connection guard (the server's main process, or each worker)."""
    global _guard
    _guard = ConnectionGuard(exempt=TrustedProxies(settings.trusted_proxies),
                             deadlines=Deadlines.from_env(os.environ.get(TIMEOUTS_ENV)))


def guard() -> ConnectionGuard:
    return _guard


def _say(message: str, *args: object) -> None:
    log.warning(message, *args)  # the log filter keeps it to one line per LOG_EVERY_S


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with deadlines for the request head and for the body."""

    _host = ""
    _counted = False
    _timer: asyncio.TimerHandle | None = None
    phase_at = 0.0      # when it began waiting for a head, or sending a body (monotonic)
    _body_bytes = 0
    _last_data = 0.0
    _checked = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        peer = get_remote_addr(transport)
        self._host = peer[0] if peer else ""
        if not _guard.admit(self, self._host):
            transport.abort()  # the descriptor is freed now, not after a goodbye
            return
        self._counted = True
        super().connection_made(transport)
        self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_timer()
        self._uncount()
        if self.transport is not None:  # admitted: uvicorn's own bookkeeping
            super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.transport.is_closing():
            return
        state = self.conn.their_state
        if state is h11.SEND_BODY:
            now = time.monotonic()
            self._last_data = now
            if self in _guard.sending:  # its timer looks at the counts when it is due
                self._body_bytes += len(data)
            else:  # the head is in and a body follows (this piece holds the head: not counted)
                _guard.waiting.pop(self, None)
                _guard.sending[self] = None
                self.phase_at = self._checked = now
                self._body_bytes = 0
                self._start_timer(self._body_due() - now, self._check_body)
        elif state is h11.IDLE:
            if self in _guard.sending:  # a body answered before it was read is over: a new request
                self._await_head()
            # else part of a head; its deadline runs on from the connection or the last answer.
        else:  # the request is in: the app takes its time
            _guard.waiting.pop(self, None)
            _guard.sending.pop(self, None)
            self._stop_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._await_head()

    def body_rate(self, now: float) -> float:
        """Bytes a second its body has come at, on average (from at least a second)."""
        return self._body_bytes / max(1.0, now - self.phase_at)

    def evict(self) -> None:
        self._uncount()
        self._stop_timer()
        if self.transport is not None:
            self.transport.abort()

    def _await_head(self) -> None:
        _guard.sending.pop(self, None)
        _guard.waiting.pop(self, None)
        _guard.waiting[self] = None  # to the end: the newest waiting
        self.phase_at = time.monotonic()
        self._start_timer(_guard.deadlines.header, self._head_late)

    def _body_due(self) -> float:
        """When the body is late: paused too long, not all in by the deadline, or too slow."""
        d = _guard.deadlines
        return min(self._last_data + d.body_idle, self.phase_at + d.body_deadline,
                   self.phase_at + max(d.body_grace, self._body_bytes / d.body_min_rate))

    def _check_body(self) -> None:
        self._timer = None
        if self.transport.is_closing() or self not in _guard.sending:
            return
        now = time.monotonic()
        if self.flow.read_paused:
            # The app is not reading yet: not the client's fault; its clock starts again.
            self.phase_at += now - self._checked
            self._last_data = self._checked = now
            self._start_timer(1.0, self._check_body)
            return
        self._checked = now
        due = self._body_due()
        if due > now:  # more came since: look again when it would be late
            self._start_timer(due - now, self._check_body)
            return
        _say("closed connections whose request body was too slow or late (first: %s)", self._host)
        self.transport.close()

    def _head_late(self) -> None:
        self._timer = None
        if self.transport.is_closing():
            return
        _say("closed connections that sent no complete request in time (first: %s)", self._host)
        self.transport.close()

    def _start_timer(self, delay: float, callback: Callable[[], None]) -> None:
        self._stop_timer()
        self._timer = self.loop.call_later(max(0.0, delay), callback)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _uncount(self) -> None:
        _guard.waiting.pop(self, None)
        _guard.sending.pop(self, None)
        if self._counted:
            self._counted = False
            _guard.release(self._host)


class OnePerInterval(logging.Filter):
    """Lets through one record of each kind (logger and message) per `every` seconds."""

    def __init__(self, every: float = LOG_EVERY_S, max_kinds: int = 1000) -> None:
        super().__init__()
        self.every, self.max_kinds = every, max_kinds
        self._seen: dict[tuple[str, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg)[:200])
        now = time.monotonic()
        last, held = self._seen.get(key, (None, 0))
        if last is not None and now - last < self.every:
            self._seen[key] = (last, held + 1)
            return False
        if len(self._seen) >= self.max_kinds:
            self._seen.clear()
        self._seen[key] = (now, 0)
        if held:
            record.msg = f"{record.msg} [{held} more like this in the last {now - last:.0f} s not shown]"  # type: ignore[operator]
        return True


def install_logging(level: int = logging.WARNING) -> None:
    """One handler on stderr for everything (uvicorn, asyncio, the hub), through OnePerInterval."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(OnePerInterval())
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_kiosk_hub", False):
            root.removeHandler(old)
    handler._kiosk_hub = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)


def uvicorn_options() -> dict[str, Any]:
    """What uvicorn.run needs besides the app, the address and TLS."""
    # proxy_headers off: uvicorn would believe X-Forwarded-For from loopback, or from anyone with
    # FORWARDED_ALLOW_IPS=*; the app reads it itself, from trusted proxies only.
    return {"http": GuardedH11Protocol, "proxy_headers": False, "log_config": None, "log_level": "warning"}
