"""The kiosk's side of sync: push what this device recorded, pull what the others did.

Plain HTTP with the standard library, so a kiosk needs nothing more installed. Progress is kept
in the event's meta table (what was pushed, the hub's pull cursor), so a sync cut off half way
resumes where it stopped; the hub ignores operations it already has, and so does the kiosk.
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
import ssl
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from kiosk.core.errors import KioskError, RefusedError
from kiosk.core.hlc import wall_ms
from kiosk.ops.base import MalformedOperation, Operation
from kiosk.store.event_store import EventStore

log = logging.getLogger(__name__)

PUSH_BATCH = 1000
# Well under the hub's 4 MB request limit: an imported list is operations of ~0.3 MB each.
PUSH_MAX_BYTES = 2 * 1024 * 1024
TIMEOUT_S = 10


class Offline(KioskError):
    """The hub cannot be reached now; everything stays queued here."""

    exit_code = 1


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


def _request(url: str, token: str | None = None, body: dict | None = None,
             context: ssl.SSLContext | None = None, headers: dict | None = None) -> dict:
    """One JSON call; the response headers are copied into `headers` when given."""
    data = (json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            if body is not None else None)
    request = urllib.request.Request(url, data=data, method="POST" if body is not None else "GET")
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S, context=context) as response:
            if headers is not None:
                headers.update(response.headers.items())
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        try:
            answer = json.loads(exc.read())
            detail, wipe = str(answer.get("error", "")), answer.get("wipe") is True
            restart = answer.get("restart") is True
        except (ValueError, OSError, AttributeError, http.client.HTTPException):
            detail, wipe, restart = "", False, False
        if exc.code == 410 and wipe:  # only the hub's own word erases data, never a stray 410
            raise Revoked(detail or "this device was revoked") from None
        if exc.code in (401, 403):
            raise RefusedError(f"the hub refused this device: {detail or exc.reason}") from None
        if exc.code >= 500 or exc.code == 429:
            raise Offline(f"the hub is not ready ({exc.code} {detail or exc.reason})") from None
        if exc.code == 409 and restart:
            raise LogReplaced(detail) from None
        raise RequestRefused(f"the hub refused the request: {exc.code} {detail or exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, ssl.SSLCertVerificationError):
            raise RefusedError(f"the hub's certificate is not trusted ({exc.reason.verify_message}); "
                               "pair with --cafile and the hub's CA certificate") from None
        raise Offline(f"cannot reach the hub: {exc.reason}") from None
    except (socket.timeout, ConnectionError, OSError, http.client.HTTPException) as exc:
        # HTTPException: a body cut short, or something that is not HTTP on the hub's port.
        raise Offline(f"cannot reach the hub: {getattr(exc, 'reason', exc)}") from None
    except ValueError:
        raise Offline("the hub answered with something that is not JSON") from None


def pair(hub_url: str, code: str, ca_pem: str = "") -> dict:
    """Exchange a pairing code for this device's token: {token, event, device, name}."""
    return _request(hub_url.rstrip("/") + "/api/v1/pair", body={"code": code}, context=tls_context(ca_pem))


SKEW_NOISE_S = 5  # far below the 2-minute point at which staff are warned


class SyncClient:
    def __init__(self, store: EventStore, stopping: threading.Event | None = None) -> None:
        self.store = store
        # Set from another thread to end a round between requests: a first download or a full
        # resend is many requests, and the app closing must not wait for all of them.
        self.stopping = stopping or threading.Event()
        self._context: ssl.SSLContext | None = None
        self.clock = wall_ms
        self._skew_ms: float | None = None

    def _call(self, path: str, body: dict | None = None) -> dict:
        if self.stopping.is_set():
            raise Offline("stopped before the round was over; the rest waits for the next one")
        if self._context is None and self.hub_url.startswith("https:"):
            self._context = tls_context(self.store.get_meta("sync.ca_pem", ""))
        headers: dict = {}
        answer = _request(self.hub_url + path, self.token, body, self._context, headers)
        # Compared the moment the answer arrives, not at the end of a sync that may take seconds.
        received_ms = self.clock()
        try:
            hub_ms = parsedate_to_datetime(headers.get("date", headers.get("Date", ""))).timestamp() * 1000
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
        self._context = None

    def unpair(self) -> None:
        """Forget the hub and the token; everything recorded here stays, and is pushed in full
        to whichever hub this event is paired with next (the hub ignores what it already has)."""
        with self.store.write():
            self.store._set_meta("sync.hub", "")
            self.store._set_meta("sync.token", "")
            self.store._set_meta("sync.ca_pem", "")
            self._reset_cursors()

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
            ops, size = [], 0
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
