"""The kiosk's side of sync: push what this device recorded, pull what the others did.

Each SyncClient keeps one connection to its hub (kiosk/sync/transport.py). Progress is kept in the event's meta table
(what was pushed, the hub's pull cursor), so a sync cut off half way resumes where it stopped;
the hub ignores operations it already has, and so does the kiosk.
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.parse
import weakref
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from kiosk.core.errors import KioskError, RefusedError
from kiosk.core.hlc import wall_ms
from kiosk.ops.base import MalformedOperation, Operation
from kiosk.ops.import_columns import as_rows, is_columnar
from kiosk.store.event_store import EventStore
from kiosk.sync.transport import Connection, LogReplaced, Offline, RequestRefused, request

log = logging.getLogger(__name__)

PUSH_BATCH = 1000
# Well under the hub's 4 MB request limit: an imported list is operations of ~0.3 MB each.
PUSH_MAX_BYTES = 2 * 1024 * 1024
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


SKEW_NOISE_S = 5  # far below the 2-minute point at which staff are warned
CLOCK_FIX_MS = 60_000  # a clock this far off the hub's stamps with the hub's time
CLOCK_FIX_NOISE_MS = 5_000  # the Date header has whole seconds: smaller changes are noise


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
        self._hub_offset_ms: float | None = None
        self._lock = threading.Lock()
        self._connection: Connection | None = None
        self._closer: weakref.finalize | None = None
        self._ca_pem = ""  # the CA the connection was made to trust
        self._closed = False
        self._row_form_only = False  # the hub refused the column form of an import (an older hub)

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

    def _connection_for(self, hub_url: str) -> Connection:
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
            self._connection, self._ca_pem = Connection(ca_pem), ca_pem
            # Not a method of self: the finaliser must not keep this client alive.
            self._closer = weakref.finalize(self, Connection.close, self._connection)
            return self._connection

    def _call(self, path: str, body: dict | None = None) -> dict:
        if self.stopping.is_set():
            raise Offline("stopped before the round was over; the rest waits for the next one")
        hub_url = self.hub_url
        headers: dict = {}
        answer = request(hub_url + path, self.token, body, self._connection_for(hub_url), headers)
        # Compared the moment the answer arrives, not at the end of a sync that may take seconds.
        received_ms = self.clock()
        try:
            hub_ms = parsedate_to_datetime(headers.get("date", "")).timestamp() * 1000
            self._skew_ms = received_ms - hub_ms
            self._hub_offset_ms = hub_ms - self.store.clock.machine_ms()
        except (TypeError, ValueError, IndexError):
            pass
        return answer

    def _correct_clock(self) -> None:
        """A laptop clock far off the hub's (set to the wrong day or year) stamps this laptop's
        edits with the hub's time instead, so they order with everyone else's; the staff warning
        still asks for the clock to be set. Back to the machine's clock once it is right."""
        if self._hub_offset_ms is None:
            return
        wanted = round(self._hub_offset_ms) if abs(self._hub_offset_ms) >= CLOCK_FIX_MS else 0
        if abs(wanted - self.store.clock.offset_ms) > CLOCK_FIX_NOISE_MS or (wanted == 0) != (
                self.store.clock.offset_ms == 0):
            self.store.set_clock_offset(wanted, int(self.store.get_meta("sync.pushed_seq", "0")))

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

    def pending_checkins(self) -> int:
        """This laptop's own check-ins not yet sent to a hub, told apart by its device id (a desk
        renamed, or another desk's name in a check-in, does not change whose they are)."""
        pushed = int(self.store.get_meta("sync.pushed_seq", "0"))
        return self.store.conn.execute(
            "SELECT COUNT(*) FROM ops WHERE local = 1 AND seq > ? AND kind = 'checkin' AND device = ?",
            (pushed, self.store.device_id)).fetchone()[0]

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
        # A clock far off is corrected even when the push was refused (say, over a quota), and the
        # state is rebuilt once if the hub re-stamped any of this laptop's operations.
        self._correct_clock()
        self.store.rebuild_if_stale()
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
            columnar = False
            for row in rows:
                payload, text = json.loads(row[5]), row[5]
                in_columns = row[4] == "attendee.import" and is_columnar(payload)
                if in_columns and self._row_form_only:
                    payload = {"rows": list(as_rows(payload))}
                    text = json.dumps(payload, ensure_ascii=False)
                size += len(text.encode("utf-8")) + 200
                if ops and size > PUSH_MAX_BYTES:
                    break
                columnar = columnar or in_columns
                ops.append({"id": row[1], "device": row[2], "hlc": row[3], "kind": row[4], "payload": payload})
            try:
                answer = self._call("/api/v1/push", {"ops": ops})
            except RequestRefused:
                if not columnar or self._row_form_only:
                    raise
                # A hub on an app from before the column form (2026-11-29) refuses it as
                # malformed: the same operations, meaning the same, go in the row form it reads.
                self._row_form_only = True
                continue
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
                    total += self.store.ingest(ops, take_hub_stamps=True)
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
