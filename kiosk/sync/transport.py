"""How the laptop talks to the hub: one kept-alive HTTPS/HTTP connection, timeouts per phase,
answers read with a size limit, and the hub's refusals turned into errors with words.

httpx keeps the connection between rounds, so the pull every few seconds does not pay for a new
TCP (and TLS) connection each time. kiosk/sync/client.py decides what to push and pull; this
module only carries requests.
"""

from __future__ import annotations

import base64
import errno
import functools
import hashlib
import json
import logging
import socket
import ssl
import threading
import time
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from kiosk import __version__
from kiosk.core.errors import KioskError, RefusedError

log = logging.getLogger(__name__)

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
    # Why it could not be reached, when nothing answered at all (see unreachable_words):
    # "refused", "timeout", "no-route", "no-name" or "other"; "" when the hub did answer.
    why: str = ""


def where(url: str) -> str:
    """The hub's address as a person typed it: "192.168.1.20:8787", not the whole URL."""
    try:
        return urlsplit(url).netloc or url
    except ValueError:
        return url


def unreachable_words(exc: BaseException, url: str) -> tuple[str, str]:
    """(kind, plain words) for a connection that failed: the one place that turns the socket's
    errors ("[Errno 111] Connection refused") into words a volunteer can act on."""
    address = where(url)
    if _cause(exc, socket.gaierror) is not None:
        return "no-name", f"no computer called {address} can be found on this network"
    if isinstance(exc, httpx.TimeoutException) or _cause(exc, TimeoutError) is not None:
        return "timeout", f"the hub at {address} did not answer in time"
    cause = _cause(exc, OSError)
    number = getattr(cause, "errno", None)
    if isinstance(cause, ConnectionRefusedError) or number == errno.ECONNREFUSED:
        return "refused", f"nothing is answering at {address}"
    if number in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ENETDOWN, errno.EADDRNOTAVAIL):
        return "no-route", f"this laptop has no way to {address}: check it is on the same network"
    if isinstance(cause, ConnectionResetError) or isinstance(exc, httpx.RemoteProtocolError):
        return "other", f"the connection to {address} was cut off"
    return "other", f"the connection to {address} failed"


class Untrusted(RefusedError):
    """The hub's certificate is not one this laptop trusts: nothing was sent to it."""


class Revoked(RefusedError):
    """The hub revoked this device: its copy of the event must be wiped."""


class RequestRefused(KioskError):
    """The hub refused one request as malformed or too big (a 4xx); other requests may still work."""


class LogReplaced(KioskError):
    """The hub's log no longer holds what this laptop pulled last: it was restored from a backup
    or replaced. Both cursors must start again, or check-ins the hub lost would never be re-sent."""


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


class Connection:
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


def request(url: str, token: str | None = None, body: dict | None = None,
             connection: Connection | None = None, headers: dict | None = None) -> dict:
    """One JSON call on `connection` (a one-off one when None); the response headers are copied
    into `headers` when given."""
    data = (json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            if body is not None else None)
    own = connection is None
    if connection is None:
        connection = Connection()
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
            raise Untrusted(f"the hub's certificate is not trusted ({unverified.verify_message}); "
                               "pair with --cafile and the hub's CA certificate") from None
        why, words = unreachable_words(exc, url)
        offline = Offline(f"cannot reach the hub: {words}")
        offline.why = why
        raise offline from None
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


CERTIFICATE_TIMEOUT_S = 5  # a hub on the same network answers a handshake in milliseconds


def certificate_fingerprint(der: bytes) -> str:
    """SHA-256 of a certificate (DER) in base32 capitals without padding: 52 characters, compact
    in a QR code and unchanged by a scanner with caps lock on, unlike base64."""
    return base64.b32encode(hashlib.sha256(der).digest()).decode("ascii").rstrip("=")


def fetch_certificate(hub_url: str, timeout_s: float = CERTIFICATE_TIMEOUT_S) -> bytes | None:
    """The certificate (DER) an https hub shows, taken without checking it: the caller compares
    it with a fingerprint it got some other way (a QR code on the hub laptop's screen). Nothing
    but a TLS handshake is sent. None when something answers there but not with TLS; Offline in
    words when nothing can be reached."""
    parts = urlsplit(hub_url)
    host = parts.hostname or ""
    try:
        port = parts.port or 443
    except ValueError:
        port = 443
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # only read here; trusted after the fingerprint matches
    try:
        with socket.create_connection((host, port), timeout=timeout_s) as raw, \
                context.wrap_socket(raw, server_hostname=host or None) as tls:
            return tls.getpeercert(binary_form=True)
    except ssl.SSLError:
        return None
    except OSError as exc:
        why, words = unreachable_words(exc, hub_url)
        offline = Offline(f"cannot reach the hub: {words}")
        offline.why = why
        raise offline from None


class CodeRefused(RefusedError):
    """The hub refused a pairing code: unknown, already used, or expired."""


def pair(hub_url: str, code: str, ca_pem: str = "") -> dict:
    """Exchange a pairing code for this device's token: {token, event, device, name}."""
    connection = Connection(ca_pem)
    try:
        return request(hub_url.rstrip("/") + "/api/v1/pair", body={"code": code}, connection=connection)
    except RefusedError as exc:
        if type(exc) is RefusedError:  # the hub's 401 to the code (not an untrusted certificate)
            raise CodeRefused(exc.message) from None
        raise
    finally:
        connection.close()
