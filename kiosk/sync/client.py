"""The kiosk's side of sync: push what this device recorded, pull what the others did.

Plain HTTP with the standard library, so a kiosk needs nothing more installed. Progress is kept
in the event's meta table (what was pushed, the hub's pull cursor), so a sync cut off half way
resumes where it stopped; the hub ignores operations it already has, and so does the kiosk.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass

from kiosk.errors import KioskError, RefusedError
from kiosk.hlc import wall_ms
from kiosk.ops import Operation
from kiosk.store import EventStore

PUSH_BATCH = 1000
TIMEOUT_S = 10


class Offline(KioskError):
    """The hub cannot be reached now; everything stays queued here."""

    exit_code = 1


class Revoked(RefusedError):
    """The hub revoked this device: its copy of the event must be wiped."""


@dataclass(frozen=True)
class SyncResult:
    pushed: int
    pulled: int
    pending: int

    def to_json(self) -> dict:
        return {"pushed": self.pushed, "pulled": self.pulled, "pending": self.pending}


def _request(url: str, token: str | None = None, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method="POST" if body is not None else "GET")
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        try:
            detail = json.loads(exc.read()).get("error", "")
        except (ValueError, OSError):
            detail = ""
        if exc.code == 410:
            raise Revoked(detail or "this device was revoked") from None
        if exc.code in (401, 403):
            raise RefusedError(f"the hub refused this device: {detail or exc.reason}") from None
        if exc.code >= 500 or exc.code == 429:
            raise Offline(f"the hub is not ready ({exc.code} {detail or exc.reason})") from None
        raise KioskError(f"the hub refused the request: {exc.code} {detail or exc.reason}") from None
    except (urllib.error.URLError, socket.timeout, ConnectionError, OSError) as exc:
        raise Offline(f"cannot reach the hub: {getattr(exc, 'reason', exc)}") from None
    except ValueError:
        raise Offline("the hub answered with something that is not JSON") from None


def pair(hub_url: str, code: str) -> dict:
    """Exchange a pairing code for this device's token: {token, event, device, name}."""
    return _request(hub_url.rstrip("/") + "/api/v1/pair", body={"code": code})


class SyncClient:
    def __init__(self, store: EventStore) -> None:
        self.store = store

    @property
    def hub_url(self) -> str:
        return self.store.get_meta("sync.hub", "")

    @property
    def token(self) -> str:
        return self.store.get_meta("sync.token", "")

    def configure(self, hub_url: str, token: str) -> None:
        with self.store.write():
            self.store._set_meta("sync.hub", hub_url.rstrip("/"))
            self.store._set_meta("sync.token", token)

    def pending(self) -> int:
        pushed = int(self.store.get_meta("sync.pushed_seq", "0"))
        return self.store.conn.execute("SELECT COUNT(*) FROM ops WHERE local = 1 AND seq > ?",
                                       (pushed,)).fetchone()[0]

    def last_ok_ms(self) -> int:
        return int(self.store.get_meta("sync.last_ok", "0"))

    def sync_once(self) -> SyncResult:
        if not self.hub_url or not self.token:
            raise RefusedError("this event is not paired with a hub: kiosk sync pair HUB_URL CODE")
        pushed = self._push()
        pulled = self._pull()
        with self.store.write():
            self.store._set_meta("sync.last_ok", str(wall_ms()))
        return SyncResult(pushed, pulled, self.pending())

    def _push(self) -> int:
        total = 0
        while True:
            done = int(self.store.get_meta("sync.pushed_seq", "0"))
            rows = self.store.conn.execute(
                "SELECT seq, id, device, hlc, kind, payload FROM ops WHERE local = 1 AND seq > ? ORDER BY seq LIMIT ?",
                (done, PUSH_BATCH)).fetchall()
            if not rows:
                return total
            ops = [{"id": r[1], "device": r[2], "hlc": r[3], "kind": r[4], "payload": json.loads(r[5])} for r in rows]
            _request(self.hub_url + "/api/v1/push", self.token, {"ops": ops})
            with self.store.write():
                self.store._set_meta("sync.pushed_seq", str(rows[-1][0]))
            total += len(rows)

    def _pull(self) -> int:
        total = 0
        while True:
            cursor = int(self.store.get_meta("sync.pulled", "0"))
            answer = _request(f"{self.hub_url}/api/v1/pull?after={cursor}", self.token)
            ops = [Operation(o["id"], o["device"], o["hlc"], o["kind"], o["payload"]) for o in answer.get("ops", [])]
            with self.store.write():
                total += self.store.ingest(ops)
                self.store._set_meta("sync.pulled", str(int(answer.get("cursor", cursor))))
            if not answer.get("more"):
                return total
