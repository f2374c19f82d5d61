"""The kiosk's side of sync: push what this device recorded, pull what the others did.

HTTP/1.1 with httpx: one kept-alive connection per SyncClient, so the pull every few seconds does
not pay for a new TCP (and TLS) connection each time. Progress is kept in the event's meta table
(what was pushed, the hub's pull cursor), so a sync cut off half way resumes where it stopped;
the hub ignores operations it already has, and so does the kiosk.
"""

from __future__ import annotations

import functools
import json
import logging
import socket
import ssl
import threading
import time
import urllib.parse
import weakref
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx

from kiosk import __version__
from kiosk.core.errors import KioskError, RefusedError
from kiosk.core.hlc import wall_ms
from kiosk.ops.base import MalformedOperation, Operation
from kiosk.store.event_store import EventStore

log = logging.getLogger(__name__)

PUSH_BATCH = 1000
# Well under the hub's 4 MB request limit: an imported list is operations of ~0.3 MB each.
PUSH_MAX_BYTES = 2 * 1024 * 1024
TIMEOUT_S = 10  # each phase: connecting, every read, every write, waiting for the connection
# An answer is cut off past this: a hub's pull page is about 2 MB of payload plus at most one
# operation (under its 4 MB request limit), so only something that is not a hub sends more.
MAX_ANSWER_BYTES = 64 * 1024 * 1024
MAX_ERROR_BYTES = 64 * 1024  # of a refusal, only its reason is read
# An idle connection is let go before the hub would close it (uvicorn: 5 s), so a round rarely
# meets one closed under it; the desk pulls every 3 s, so it is still there for the next round.
KEEPALIVE_S = 4.0


class Offline(KioskError):
    """The hub cannot be reached now; everything stays queued here."""

    exit_code = 1
    retry_after_s: float | None = None  # the hub's Retry-After, when it said when to come back


class Revoked(RefusedError):
    """The hub revoked this device: its copy of the event must be wiped."""


class RequestRefused(KioskError):
    """The hub refused one request as malformed or too big (a 4xx); other requests may still work."""


class LogReplaced(KioskError):
    """The hub's log no longer holds what this laptop pulled last: it was restored from a backup
    or replaced. Both cursors must start again, or check-ins the hub lost would never be re-sent."""


# A laptop clock this far off the hub's is worth telling staff: check-in times shown and
# exported come from each laptop's own clock (ordering does not: that is the HLC's job).
SKEW_WARNING_S = 120


@dataclass(frozen=True)
class SyncResult:
    pushed: int
    pulled: int
    pending: int
    clock_skew_s: int = 0  # this laptop's clock minus the hub's, from the hub's Date header

    def to_json(self) -> dict:
        return {"pushed": self.pushed, "pulled": self.pulled, "pending": self.pending}


def tls_context(ca_pem: str = "") -> ssl.SSLContext | None:
    """The system's trusted certificates, plus the hub's own CA when it has one (a venue LAN hub
    usually does: there is no public name to get a certificate for)."""
    if not ca_pem:
        return None
    try:
        return ssl.create_default_context(cadata=ca_pem)
    except (ssl.SSLError, ValueError) as exc:
        raise KioskError(f"the hub's CA certificate is not usable: {exc}") from None


@functools.lru_cache(maxsize=4)
def _verify_context(ca_pem: str) -> ssl.SSLContext:
    """tls_context(), or the system's certificates alone: made once (loading the system's
    certificates takes tens of milliseconds) and shared, as contexts may be."""
    return tls_context(ca_pem) or ssl.create_default_context()


def _timeout() -> httpx.Timeout:
    # Read when each request starts, so a test (or a patch) can shorten it.
    return httpx.Timeout(connect=TIMEOUT_S, read=TIMEOUT_S, write=TIMEOUT_S, pool=TIMEOUT_S)


class _TooBig(Exception):
    pass


class _Stopped(Exception):
    pass


def _read(response: httpx.Response, limit: int) -> bytes:
    """The body, streamed, cut off at `limit` bytes (decoded: a small gzip cannot get past it)."""
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise _TooBig
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise _TooBig
        chunks.append(chunk)
    return b"".join(chunks)


class _Connection:
    """The HTTP client of one SyncClient: its one kept-alive connection to the hub, which can be
    closed from any thread, cutting off a request in flight."""

    def __init__(self, ca_pem: str = "") -> None:
        # The system's certificates, as urllib used, not httpx's certifi bundle; and the hub's CA.
        verify = _verify_context(ca_pem)
        limits = httpx.Limits(max_connections=2, max_keepalive_connections=1, keepalive_expiry=KEEPALIVE_S)
        # TCP_NODELAY: a push's headers and body go out in two writes, and on a kept-alive
        # connection the body would otherwise wait for the hub's delayed ACK (40 ms on Linux).
        transport = httpx.HTTPTransport(verify=verify, limits=limits, http1=True, http2=False,
                                        socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
        # verify and limits again: for the transport of a proxy named in the environment.
        self.client = httpx.Client(transport=transport, verify=verify, limits=limits, follow_redirects=False,
                                   headers={"User-Agent": f"kiosk/{__version__}"})
        self._sockets: list[socket.socket] = []  # this client's, to shut down from another thread
        self._lock = threading.Lock()
        self.closed = False

    def request(self, url: str, token: str | None, data: bytes | None) -> tuple[int, str, httpx.Headers, bytes]:
        """(status, reason, headers, body) of one call. A kept-alive connection the hub closed just
        as it was reused is tried once more on a fresh one (push and pull are both idempotent); a
        fresh connection failing is the hub's answer, reported as it is."""
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        for attempt in (1, 2):
            fresh = False

            def trace(event: str, info: dict) -> None:
                nonlocal fresh
                if event == "connection.connect_tcp.started":
                    fresh = True
                elif event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
                    self._keep(info["return_value"].get_extra_info("socket"))

            try:
                with self.client.stream("POST" if data is not None else "GET", url, content=data,
                                        headers=headers, timeout=_timeout(),
                                        extensions={"trace": trace}) as response:
                    limit = MAX_ANSWER_BYTES if response.status_code < 300 else MAX_ERROR_BYTES
                    try:
                        body = _read(response, limit)
                    except _TooBig:
                        if response.status_code < 300:
                            raise
                        body = b""  # a refusal's reason too long to read: its status says enough
                    return response.status_code, response.reason_phrase, response.headers, body
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
                if self.closed:
                    raise _Stopped from None
                if fresh or attempt == 2:
                    raise
                log.info("sync: the kept-alive connection to the hub was closed; trying a fresh one")
            except RuntimeError:  # httpx: "the client has been closed", from another thread
                if self.closed:
                    raise _Stopped from None
                raise
        raise AssertionError("unreachable")

    def _keep(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sockets = [s for s in self._sockets if s.fileno() != -1] + [sock]
            if self.closed:  # closed while this one was connecting
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)  # wakes a read blocked in another thread; close() does not
        except OSError:
            pass

    def close(self) -> None:
        with self._lock:
            self.closed = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            self._shut(sock)
        self.client.close()


def _retry_after(value: str) -> float | None:
    """Seconds from a Retry-After header: a number of seconds, or an HTTP date."""
    value = value.strip()
    try:
        seconds = float(value) if value.replace(".", "", 1).isdigit() else (
            parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, seconds)


def _cause(exc: BaseException, kind: type) -> BaseException | None:
    """The exception of `kind` that `exc` was raised from (httpx wraps the socket's and ssl's)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _request(url: str, token: str | None = None, body: dict | None = None,
             connection: _Connection | None = None, headers: dict | None = None) -> dict:
    """One JSON call on `connection` (a one-off one when None); the response headers are copied
    into `headers` when given."""
    data = (json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            if body is not None else None)
    own = connection is None
    if connection is None:
        connection = _Connection()
    try:
        status, reason, answer_headers, raw = connection.request(url, token, data)
    except _Stopped:
        raise Offline("stopped before the round was over; the rest waits for the next one") from None
    except _TooBig:
        raise Offline(f"the hub sent an answer over {MAX_ANSWER_BYTES // (1024 * 1024)} MB; "
                      "that is not a hub's answer") from None
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
        unverified = _cause(exc, ssl.SSLCertVerificationError)
        if isinstance(unverified, ssl.SSLCertVerificationError):
            raise RefusedError(f"the hub's certificate is not trusted ({unverified.verify_message}); "
                               "pair with --cafile and the hub's CA certificate") from None
        # The socket's own words where there are some ("[Errno 111] Connection refused", "timed
        # out"); otherwise httpx's (a body cut short, or something that is not HTTP on the port).
        cause = _cause(exc, OSError)
        raise Offline(f"cannot reach the hub: {cause if cause is not None and str(cause) else exc}") from None
    finally:
        if own:
            connection.close()
    if headers is not None:
        headers.update(answer_headers.items())
    if status >= 300:
        _refusal(status, reason, answer_headers, raw)
    try:
        answer = json.loads(raw)
    except (ValueError, RecursionError):
        raise Offline("the hub answered with something that is not JSON") from None
    if not isinstance(answer, dict):
        raise KioskError("the hub sent an answer this version cannot read")
    return answer


def _refusal(status: int, reason: str, headers: httpx.Headers, raw: bytes) -> None:
    """The exception for a status that is not success, as the hub's JSON body explains it."""
    try:
        answer = json.loads(raw)
        detail, wipe = str(answer.get("error", "")), answer.get("wipe") is True
        restart = answer.get("restart") is True
    except (ValueError, AttributeError, RecursionError):
        detail, wipe, restart = "", False, False
    if status < 400:
        # Not followed: a token must not go wherever a captive portal points.
        where = headers.get("location", "")
        raise Offline(f"cannot reach the hub: it answered {status} {reason}"
                      + (f", sending to {where}" if where else "")) from None
    if status == 410 and wipe:  # only the hub's own word erases data, never a stray 410
        raise Revoked(detail or "this device was revoked")
    if status in (401, 403):
        raise RefusedError(f"the hub refused this device: {detail or reason}")
    if status >= 500 or status == 429:
        offline = Offline(f"the hub is not ready ({status} {detail or reason})")
        offline.retry_after_s = _retry_after(headers.get("retry-after", ""))
        raise offline
    if status == 409 and restart:
        raise LogReplaced(detail)
    raise RequestRefused(f"the hub refused the request: {status} {detail or reason}")


def pair(hub_url: str, code: str, ca_pem: str = "") -> dict:
    """Exchange a pairing code for this device's token: {token, event, device, name}."""
    connection = _Connection(ca_pem)
    try:
        return _request(hub_url.rstrip("/") + "/api/v1/pair", body={"code": code}, connection=connection)
    finally:
        connection.close()


SKEW_NOISE_S = 5  # far below the 2-minute point at which staff are warned


class SyncClient:
    """Syncs one event with its hub, over one kept-alive connection used from one thread.

    close() (or `with`) lets the connection go; it may be called from another thread, and then
    ends a request in flight at once. A client dropped without it closes its connection when it
    is garbage collected (the hub, too, closes one idle for a few seconds)."""

    def __init__(self, store: EventStore, stopping: threading.Event | None = None) -> None:
        self.store = store
        # Set from another thread to end a round between requests: a first download or a full
        # resend is many requests, and the app closing must not wait for all of them.
        self.stopping = stopping or threading.Event()
        self.clock = wall_ms
        self._skew_ms: float | None = None
        self._lock = threading.Lock()
        self._connection: _Connection | None = None
        self._closer: weakref.finalize | None = None
        self._ca_pem = ""  # the CA the connection was made to trust
        self._closed = False

    def close(self) -> None:
        """Close the connection to the hub, from any thread; a request in flight ends as Offline,
        and so does every call after this one."""
        with self._lock:
            self._closed = True
        self._drop_connection()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _drop_connection(self) -> None:
        with self._lock:
            closer, self._connection, self._closer = self._closer, None, None
        if closer is not None:
            closer()  # closes it now, once, and no more when this client is collected

    def _connection_for(self, hub_url: str) -> _Connection:
        # The CA as stored now: the desk's settings may pair again (another CA) while this
        # client's thread is between rounds.
        ca_pem = self.store.get_meta("sync.ca_pem", "") if hub_url.startswith("https:") else ""
        with self._lock:
            if self._closed:
                raise Offline("stopped before the round was over; the rest waits for the next one")
            if self._connection is not None and self._ca_pem == ca_pem:
                return self._connection
        self._drop_connection()
        with self._lock:
            if self._closed:
                raise Offline("stopped before the round was over; the rest waits for the next one")
            self._connection, self._ca_pem = _Connection(ca_pem), ca_pem
            # Not a method of self: the finaliser must not keep this client alive.
            self._closer = weakref.finalize(self, _Connection.close, self._connection)
            return self._connection

    def _call(self, path: str, body: dict | None = None) -> dict:
        if self.stopping.is_set():
            raise Offline("stopped before the round was over; the rest waits for the next one")
        hub_url = self.hub_url
        headers: dict = {}
        answer = _request(hub_url + path, self.token, body, self._connection_for(hub_url), headers)
        # Compared the moment the answer arrives, not at the end of a sync that may take seconds.
        received_ms = self.clock()
        try:
            hub_ms = parsedate_to_datetime(headers.get("date", "")).timestamp() * 1000
            self._skew_ms = received_ms - hub_ms
        except (TypeError, ValueError, IndexError):
            pass
        return answer

    def clock_skew_s(self) -> int:
        """How far this laptop's clock is from the hub's (whole seconds; 0 when unknown or too
        small to tell: the Date header has whole seconds, the hub's server refreshes it about
        once a second, and a loaded machine adds its latency)."""
        if self._skew_ms is None:
            return 0
        skew = round(self._skew_ms / 1000)
        return skew if abs(skew) >= SKEW_NOISE_S else 0

    @property
    def hub_url(self) -> str:
        return self.store.get_meta("sync.hub", "")

    @property
    def token(self) -> str:
        return self.store.get_meta("sync.token", "")

    def configure(self, hub_url: str, token: str, ca_pem: str | None = None) -> None:
        hub_url = hub_url.rstrip("/")
        with self.store.write():
            if token != self.token:
                # A new pairing (a new token) may be with a new or restored hub at the same
                # address: push everything again and pull from the start (both idempotent).
                # Only the address changing is the same hub moved (a token belongs to one hub),
                # and a pull tells if its log is not the one these cursors follow (LogReplaced).
                self._reset_cursors()
            self.store._set_meta("sync.hub", hub_url)
            self.store._set_meta("sync.token", token)
            if ca_pem is not None:
                self.store._set_meta("sync.ca_pem", ca_pem)
        self._drop_connection()  # the next call connects with this address and CA

    def unpair(self) -> None:
        """Forget the hub and the token; everything recorded here stays, and is pushed in full
        to whichever hub this event is paired with next (the hub ignores what it already has)."""
        with self.store.write():
            self.store._set_meta("sync.hub", "")
            self.store._set_meta("sync.token", "")
            self.store._set_meta("sync.ca_pem", "")
            self._reset_cursors()
        self._drop_connection()

    def _reset_cursors(self) -> None:
        # Cursors belong to one hub's log: another hub's sequence numbers mean nothing here.
        self.store._set_meta("sync.pushed_seq", "0")
        self.store._set_meta("sync.pulled", "0")
        self.store._set_meta("sync.pulled_id", "")
        self.store._set_meta("sync.pushed_head", "0")

    def pending(self) -> int:
        pushed = int(self.store.get_meta("sync.pushed_seq", "0"))
        return self.store.conn.execute("SELECT COUNT(*) FROM ops WHERE local = 1 AND seq > ?",
                                       (pushed,)).fetchone()[0]

    def last_ok_ms(self) -> int:
        return int(self.store.get_meta("sync.last_ok", "0"))

    def sync_once(self) -> SyncResult:
        if not self.hub_url or not self.token:
            raise RefusedError("this event is not paired with a hub: kiosk sync pair HUB_URL CODE")
        refused: RequestRefused | None = None
        try:
            pushed = self._push()
        except RequestRefused as exc:
            # What the other desks did must still arrive while this laptop's push is stuck.
            refused, pushed = exc, 0
        try:
            pulled = self._pull()
        except LogReplaced:
            with self.store.write():
                self._reset_cursors()
            log.warning("the hub's log was replaced or restored from a backup: sending everything again")
            if refused is None:
                pushed = self._push()
            pulled = self._pull()
        if refused is not None:
            raise refused
        with self.store.write():
            self.store._set_meta("sync.last_ok", str(wall_ms()))
        return SyncResult(pushed, pulled, self.pending(), self.clock_skew_s())

    def _push(self) -> int:
        total = 0
        while True:
            done = int(self.store.get_meta("sync.pushed_seq", "0"))
            rows = self.store.conn.execute(
                "SELECT seq, id, device, hlc, kind, payload FROM ops WHERE local = 1 AND seq > ? ORDER BY seq LIMIT ?",
                (done, PUSH_BATCH)).fetchall()
            if not rows:
                return total
            ops: list[dict[str, object]] = []
            size = 0
            for row in rows:
                size += len(row[5].encode("utf-8")) + 200
                if ops and size > PUSH_MAX_BYTES:
                    break
                ops.append({"id": row[1], "device": row[2], "hlc": row[3], "kind": row[4],
                            "payload": json.loads(row[5])})
            answer = self._call("/api/v1/push", {"ops": ops})
            with self.store.write():
                self.store._set_meta("sync.pushed_seq", str(rows[len(ops) - 1][0]))
                if isinstance(answer.get("cursor"), int):  # how long the hub's log was, with ours in it
                    self.store._set_meta("sync.pushed_head", str(answer["cursor"]))
            total += len(ops)

    def _pull(self) -> int:
        total = 0
        while True:
            cursor = int(self.store.get_meta("sync.pulled", "0"))
            # The id of the operation at the cursor lets the hub tell that its log still holds it.
            last_id = self.store.get_meta("sync.pulled_id", "")
            query = urllib.parse.urlencode({"after": cursor, **({"at": last_id} if last_id else {})})
            answer = self._call(f"/api/v1/pull?{query}")
            try:
                ops = [Operation(o["id"], o["device"], o["hlc"], o["kind"], o["payload"]) for o in answer["ops"]]
                next_cursor = int(answer["cursor"])
            except (KeyError, TypeError, ValueError):
                raise KioskError("the hub sent a pull answer this version cannot read") from None
            try:
                with self.store.write():
                    total += self.store.ingest(ops)
                    self.store._set_meta("sync.pulled", str(next_cursor))
                    if ops:
                        self.store._set_meta("sync.pulled_id", ops[-1].id)
            except MalformedOperation as exc:
                # Logged by a newer version (a kind this one does not know): nothing of the page
                # is applied, and the laptop says so instead of failing without a word.
                raise KioskError(f"the hub sent an operation this version cannot apply ({exc}); "
                                 "update the kiosk app on this laptop") from None
            if not answer.get("more"):
                # The whole log came down and it is shorter than when it took our last push: the
                # hub went back to a backup taken before it (the check at the cursor cannot see
                # that when our pull had not reached those operations yet).
                if next_cursor < int(self.store.get_meta("sync.pushed_head", "0")):
                    raise LogReplaced("the hub's log is shorter than when it took this laptop's last push")
                return total
