"""The hub's HTTP/JSON API (Starlette): pair, push, pull; and the public grid page and feed.

Every API request but pairing carries a device token; a device sees only its own event, and
pushes only operations of its own device id (bound at its first push; see backend.py). A
malformed, oversized or too frequent request, or one over the device's quota (quota.py), gets a
4xx with a reason and changes nothing. A push is charged the bytes it announces and one
operation before its body is read, so a device its quota holds back gets its 429 without the
hub reading a byte; a pairing request (anyone may send one) is at most 1 KB. Client addresses
(for the pairing and public page budgets) come from X-Forwarded-For only when a trusted proxy
sent it (server.py).
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from kiosk import __version__
from kiosk.core.errors import KioskError, UsageError
from kiosk.hub.quota import Quota
from kiosk.hub.server import TrustedProxies
from kiosk.hub.store import Device, HubStore, HubUnavailable, UnknownEvent
from kiosk.ops.base import MalformedOperation, Operation
from kiosk.store.datadir import check_slug

MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_PAIR_BODY_BYTES = 1024  # {"code": "…"}: anyone may send one, so it is kept small
MAX_OPS_PER_PUSH = 5000
MAX_PULL = 2000
RATE_PER_SECOND = 20.0  # per device, with bursts of twice that
# Per client address, a budget for pairing attempts: each refused code spends one, and once it
# is spent even a right code waits, so guessing is slowed rather than answered differently. A
# successful pairing costs nothing: a venue pairing twenty kiosks from behind one NAT address is
# not held up. (A code has 72 bits and lives 15 minutes: at this rate, hopeless to guess.)
FAILURES_PER_MINUTE = 20.0
FAILURE_BURST = 30
# Per client address, the public grid page and feed: a room of phones may share one address.
PUBLIC_PER_SECOND = 10.0
PUBLIC_BURST = 100
MAX_RATE_KEYS = 50_000  # buckets kept before the oldest are forgotten (addresses are cheap to vary)


def _error(status: int, reason: str, **extra: object) -> JSONResponse:
    return JSONResponse({"error": reason, **extra}, status_code=status)


class _RateLimiter:
    """Token buckets by key (a device, a client address): `rate` a second, up to `burst` saved."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}  # key: (tokens, when counted)
        self._lock = threading.Lock()

    def wait(self, key: str, spend: bool = True) -> float:
        """Seconds until this key may be served (0: now, and a token is spent if `spend`)."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < 1:
                return (1 - tokens) / self.rate
            if spend:
                if len(self._buckets) >= MAX_RATE_KEYS and key not in self._buckets:
                    self._forget_oldest()
                self._buckets[key] = (tokens - 1, now)
            return 0.0

    def spend(self, key: str) -> None:
        self.wait(key)

    def _forget_oldest(self) -> None:
        # Half of them, least recently spent first: one sweep now and then, not one per request.
        for key, _ in sorted(self._buckets.items(), key=lambda item: item[1][1])[:len(self._buckets) // 2]:
            del self._buckets[key]


def _limit(limiter: _RateLimiter, key: str, spend: bool = True) -> None:
    wait = limiter.wait(key, spend)
    if wait:
        raise _Refused(429, "too many requests; slow down", retry_after=wait)


def create_app(hub: HubStore, owns_hub: bool = False, trusted: TrustedProxies | None = None,
               quota: Quota | None = None) -> Starlette:
    """The app serving this hub; with owns_hub, it closes the hub when the server stops.
    X-Forwarded-For is believed from the `trusted` proxies only; pushes are charged to `quota`.

    The handlers read the request body on the event loop and do everything else (JSON, the
    database, the cache, building the answer) in Starlette's thread pool: a big push being
    applied holds up no pull. HubStore and its backend are thread-safe."""
    devices = _RateLimiter(RATE_PER_SECOND, RATE_PER_SECOND * 2)
    failures = _RateLimiter(FAILURES_PER_MINUTE / 60, FAILURE_BURST)
    public = _RateLimiter(PUBLIC_PER_SECOND, PUBLIC_BURST)
    proxies = trusted or TrustedProxies()
    limits = quota or Quota()

    def _client_address(request: Request) -> str:
        peer = request.client.host if request.client else ""
        return proxies.client(peer, request.headers.getlist("x-forwarded-for"))

    def too_big(limit: int) -> _Refused:
        size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit} bytes"
        return _Refused(413, f"request over {size}")

    async def body_of(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
        length = _content_length(request)
        if length is not None and length > limit:
            raise too_big(limit)
        # Read piece by piece: a chunked body has no length to check first, and reading it whole
        # would hold all of it in memory however large it is.
        chunks, size = [], 0
        try:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise too_big(limit)
                chunks.append(chunk)
        except ClientDisconnect:  # gone, or closed for pausing too long: no one to answer
            raise _Refused(400, "the request body did not arrive") from None
        return b"".join(chunks)

    def device_of(request: Request) -> Device:
        header = request.headers.get("authorization", "")
        device = hub.authenticate(header[7:].strip()) if header.startswith("Bearer ") else None
        if device is None:
            # Always a plain 401, never the pairing budget's 429: a device token cannot be guessed
            # (256 bits), and laptops behind a venue's one NAT address retrying stale tokens (a
            # replaced hub) must neither lock that venue out of pairing again nor be told
            # "offline" and retry fast, when the answer is "pair this laptop again".
            raise _Refused(401, "unknown device token" if header.startswith("Bearer ") else "no device token")
        if device.revoked:
            raise _Refused(410, "this device was revoked for this event", wipe=True)
        _limit(devices, f"{device.event}/{device.name}")
        return device

    async def status(request: Request) -> Response:
        return JSONResponse({"ok": True, "version": __version__})

    async def pair(request: Request) -> Response:
        address = _client_address(request)
        _limit(failures, address, spend=False)
        try:
            body = await body_of(request, MAX_PAIR_BODY_BYTES)
        except _Refused:
            failures.spend(address)
            raise
        return await run_in_threadpool(pair_now, address, body)

    def pair_now(address: str, body: bytes) -> Response:
        try:
            data = _json_object(body)
            code = data.get("code")
            if not isinstance(code, str) or not code.strip():
                raise _Refused(400, "a pairing code is needed")
            token, event, name = hub.pair(code)
        except HubUnavailable:
            raise
        except KioskError as exc:
            failures.spend(address)
            return _error(403, exc.message)
        except _Refused:
            failures.spend(address)
            raise
        # "head": how long the event's log is, so a laptop with its own event of the same name,
        # never shared, can tell the hub's is another one and keep the two apart (sync/pairing.py).
        return JSONResponse({"token": token, "event": event, "device": name, "name": hub.event_name(event),
                             "head": hub.backend.head(event)})

    async def push(request: Request) -> Response:
        length = _content_length(request)
        if length is not None and length > MAX_BODY_BYTES:
            raise too_big(MAX_BODY_BYTES)
        device = await run_in_threadpool(device_of, request)
        # Charged before the body is read: the bytes it announces, and one operation, so that a
        # device with no room left gets its 429 at once instead of costing a read and a parse.
        await run_in_threadpool(charge, device, 1, length or 0)
        try:
            body = await body_of(request)
        except Exception:
            await run_in_threadpool(charge, device, -1, 0)  # the operation back; the bytes came
            raise
        return await run_in_threadpool(push_now, device, body, length or 0)

    def charge(device: Device, ops: int, size: int) -> None:
        wait, reason = hub.backend.charge(device, ops, size, time.time(), limits)
        if wait:
            raise _Refused(429, f"{reason}; the hub takes more in {math.ceil(wait)} s", retry_after=wait)

    def push_now(device: Device, body: bytes, charged_bytes: int) -> Response:
        """Applies a push whose bytes (`charged_bytes` of them) and one operation were charged."""
        charged = False
        try:
            raw_ops = _json_object(body).get("ops")
            if not isinstance(raw_ops, list):
                return _error(400, "'ops' must be a list")
            if len(raw_ops) > MAX_OPS_PER_PUSH:
                return _error(413, f"at most {MAX_OPS_PER_PUSH} operations per push")
            if raw_ops:
                charge(device, len(raw_ops) - 1, max(0, len(body) - charged_bytes))
                charged = True
        finally:
            if not charged:  # refused, or nothing to push: the operation charged ahead goes back
                charge(device, -1, 0)
        try:
            operations = [_operation(o) for o in raw_ops]
            _own_operations(device, operations)
            accepted, cursor = hub.push(device, operations)
        except MalformedOperation as exc:
            return _error(400, f"malformed operation: {exc}")
        except _NotItsOwn as exc:
            return _error(400, str(exc))
        return JSONResponse({"accepted": accepted, "received": len(operations), "cursor": cursor})

    def _own_operations(device: Device, operations: list[Operation]) -> None:
        """Refuse operations that name another device than the one this token is bound to (the
        first push after pairing binds it: trust on first use)."""
        if any(not isinstance(op.device, str) for op in operations):
            raise MalformedOperation("an operation's device is text")
        named = {op.device for op in operations}
        if not named:
            return
        bound = device.device_id
        if bound is None:
            if len(named) > 1:
                raise _NotItsOwn("a device's first push names one device id, its own")
            first = next(iter(named))
            bound = hub.backend.bind_device(device, first)
            if bound is None:
                raise _NotItsOwn(f"device id {first[:64]!r} belongs to another device of this event; "
                                 "revoke that device first if this laptop replaces it")
        for op in operations:
            if op.device != bound:
                raise _NotItsOwn(f"operation {str(op.id)[:64]!r} names device {str(op.device)[:64]!r}, "
                                 f"but this token belongs to {device.name!r} (device {bound!r}); "
                                 "a device pushes only its own operations")

    def pull(request: Request) -> Response:  # a plain def: Starlette runs it in its thread pool
        device = device_of(request)
        try:
            after = int(request.query_params.get("after", "0"))
            if not 0 <= after < 2**63:
                raise ValueError(after)
            limit = min(MAX_PULL, max(1, int(request.query_params.get("limit", str(MAX_PULL)))))
        except ValueError:
            return _error(400, "'after' and 'limit' are numbers")
        at = request.query_params.get("at")
        if at is not None and after and not hub.holds(device.event, after, at):
            # Restored from a backup, or a new database: the kiosk must resend and pull from the start.
            return _error(409, "the hub's log does not hold what this device pulled last; "
                               "sync again from the start", restart=True)
        ops, cursor, more = hub.pull(device.event, after, limit)
        return JSONResponse({"ops": [op.to_json() for op in ops], "cursor": cursor, "more": more,
                             "event": device.event})

    def public_grid(request: Request) -> Response:  # a plain def, as pull
        from kiosk.grid import exports

        _limit(public, _client_address(request))
        slug = request.path_params["slug"]
        try:
            grid, info = hub.grid(slug)
        except (UsageError, UnknownEvent):
            return _error(404, "no such event")
        if request.url.path.endswith(".ics"):
            return Response(exports.to_ics(grid, info, slug), media_type="text/calendar; charset=utf-8")
        return HTMLResponse(exports.to_html(grid, info))

    def organiser_page(request: Request) -> Response:  # a plain def, as pull
        from kiosk.hub.dashboard_page import HEADERS, PAGE

        _limit(public, _client_address(request))
        try:
            check_slug(request.path_params["slug"])
        except UsageError:
            return _error(404, "no such event")
        # The same page for every event and everyone: it holds no data until its script fetches
        # dashboard.json with the organiser token from the link's fragment.
        return HTMLResponse(PAGE, headers=HEADERS)

    def dashboard(request: Request) -> Response:  # a plain def, as pull
        _limit(public, _client_address(request))
        slug = request.path_params["slug"]
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.startswith("Bearer ") else ""
        if not token:
            return _private(_error(401, "no organiser token"))
        link = hub.organiser(token)  # organiser links only: a device token is never one
        if link is None:
            return _private(_error(401, "unknown or withdrawn organiser link"))
        if link.event != slug:
            return _private(_error(403, "this organiser link is for another event"))
        try:
            data = hub.dashboard(slug)
        except (UsageError, UnknownEvent):
            return _private(_error(404, "nothing has reached the hub for this event yet"))
        return _private(JSONResponse(data))

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, _Refused)
        answer = _error(exc.status, exc.reason, **exc.extra)
        if exc.retry_after:
            answer.headers["Retry-After"] = str(max(1, math.ceil(exc.retry_after)))
        return answer

    async def unavailable(request: Request, exc: Exception) -> Response:
        # Kiosks take a 5xx as "try again later" and keep everything queued.
        assert isinstance(exc, HubUnavailable)
        return _error(503, exc.message)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if owns_hub:
                await run_in_threadpool(hub.close)

    return Starlette(routes=[
        Route("/api/v1/status", status),
        Route("/api/v1/pair", pair, methods=["POST"]),
        Route("/api/v1/push", push, methods=["POST"]),
        Route("/api/v1/pull", pull),
        Route("/events/{slug}/grid", public_grid),
        Route("/events/{slug}/grid.ics", public_grid),
        Route("/events/{slug}/organiser", organiser_page),
        Route("/events/{slug}/dashboard.json", dashboard),
    ], exception_handlers={_Refused: refused, HubUnavailable: unavailable}, lifespan=lifespan)


def _private(answer: Response) -> Response:
    """An organiser's answer: never cached on the way, never sniffed as another type."""
    answer.headers["Cache-Control"] = "no-store"
    answer.headers["X-Content-Type-Options"] = "nosniff"
    if answer.status_code == 401:
        answer.headers["WWW-Authenticate"] = 'Bearer realm="organiser"'
    return answer


def _content_length(request: Request) -> int | None:
    """The body's announced length (the server refused a request whose header is not a number)."""
    length = request.headers.get("content-length")
    return int(length) if length and length.isdigit() else None


def _json_object(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise _Refused(400, "the body is not JSON") from None
    if not isinstance(data, dict):
        raise _Refused(400, "the body must be a JSON object")
    return data


class _NotItsOwn(Exception):
    """A push naming another device than its token's."""


class _Refused(Exception):
    def __init__(self, status: int, reason: str, retry_after: float = 0, **extra: object) -> None:
        super().__init__(reason)
        self.status, self.reason, self.extra, self.retry_after = status, reason, extra, retry_after


def _operation(raw: object) -> Operation:
    if not isinstance(raw, dict):
        raise MalformedOperation("each operation is an object")
    try:
        return Operation(raw["id"], raw["device"], raw["hlc"], raw["kind"], raw["payload"])
    except KeyError as exc:
        raise MalformedOperation(f"missing {exc.args[0]!r}") from None
