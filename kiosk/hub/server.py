"""How the hub's HTTP server meets hostile connections: timeouts, connection caps, proxies, logs.

uvicorn holds a connection that sent part of a request head for as long as the client likes, and
accepts connections until the process runs out of file descriptors; asyncio then logs "Too many
open files" in a tight loop. Here:

- GuardedH11Protocol, uvicorn's h11 protocol with deadlines: a request head must be complete
  within HEADER_TIMEOUT_S of the connection (or of the last answer, on a kept-alive connection),
  and a body must not pause for more than BODY_IDLE_TIMEOUT_S; otherwise the connection is closed.
- ConnectionGuard: at most PER_ADDRESS connections from one client address (a trusted proxy is
  exempt) and at most a total that leaves file descriptors to spare. At the total, a new
  connection takes the place of the oldest one still waiting for its request head; when none is
  waiting, the new one is closed at once. Counted per process (with --workers, per worker).
- TrustedProxies: X-Forwarded-For is believed only from the addresses given with --trusted-proxy.
- install_logging: every log line goes through a filter that lets one line of each kind through
  per LOG_EVERY_S, and says how many it held back.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import resource
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.utils import get_remote_addr

from kiosk.hub.quota import Quota

HEADER_TIMEOUT_S = 10.0
BODY_IDLE_TIMEOUT_S = 30.0
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


def total_connections() -> int:
    """As many connections as the descriptor limit allows, less a reserve (1,024 gives 824)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MAX_TOTAL
    return max(16, min(MAX_TOTAL, soft - FD_RESERVE))


class ConnectionGuard:
    """Counts this process's connections, by client address and in all; see the module's doc."""

    def __init__(self, per_address: int = PER_ADDRESS, total: int | None = None,
                 exempt: TrustedProxies | None = None) -> None:
        self.per_address = per_address
        self.total = total if total is not None else total_connections()
        self.exempt = exempt or TrustedProxies()
        self.by_address: dict[str, int] = {}
        self.count = 0
        self.waiting: dict[GuardedH11Protocol, None] = {}  # awaiting a request head, oldest first

    def admit(self, conn: GuardedH11Protocol, host: str) -> bool:
        if self.by_address.get(host, 0) >= self.per_address and not self.exempt.trusts(host):
            _say("a client address opened over %d connections: closing its new ones", self.per_address)
            return False
        if self.count >= self.total:
            if not self.waiting:
                _say("%d connections open: closing new ones", self.total)
                return False
            oldest = next(iter(self.waiting))
            _say("%d connections open: closing the oldest still sending its request", self.total)
            oldest.evict()
        self.count += 1
        self.by_address[host] = self.by_address.get(host, 0) + 1
        return True

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
    _guard = ConnectionGuard(exempt=TrustedProxies(settings.trusted_proxies))


def guard() -> ConnectionGuard:
    return _guard


def _say(message: str, *args: object) -> None:
    log.warning(message, *args)  # the log filter keeps it to one line per LOG_EVERY_S


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for the request head and for a pausing body."""

    _host = ""
    _counted = False
    _timer: asyncio.TimerHandle | None = None

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
            _guard.waiting.pop(self, None)
            self._start_timer(BODY_IDLE_TIMEOUT_S)  # again at each piece: a body may be slow, not stop
        elif state is not h11.IDLE:  # the request is in: the app takes its time
            _guard.waiting.pop(self, None)
            self._stop_timer()
        # IDLE: part of a head; its deadline runs on from the connection or the last answer.

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._await_head()

    def evict(self) -> None:
        self._uncount()
        self._stop_timer()
        if self.transport is not None:
            self.transport.abort()

    def _await_head(self) -> None:
        _guard.waiting.pop(self, None)
        _guard.waiting[self] = None  # to the end: the newest waiting
        self._start_timer(HEADER_TIMEOUT_S)

    def _start_timer(self, delay: float) -> None:
        self._stop_timer()
        self._timer = self.loop.call_later(delay, self._timed_out)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _timed_out(self) -> None:
        self._timer = None
        if self.transport.is_closing():
            return
        if self.conn.their_state is h11.SEND_BODY and self.flow.read_paused:
            self._start_timer(BODY_IDLE_TIMEOUT_S)  # the app is not reading yet: not the client's fault
            return
        _say("closed connections that sent no complete request in time (first: %s)", self._host)
        self.transport.close()

    def _uncount(self) -> None:
        _guard.waiting.pop(self, None)
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
