"""The hub's storage: the authoritative log and devices in a backend, each event's state as a cache.

The backend (SQLite or PostgreSQL, see backend.py) holds what cannot be rebuilt: devices, pairing
codes and each event's operation log, whose seq is the pull cursor. The state an event's log
produces is kept in an EventStore per event, like a kiosk's own (same schema and reducers): the
hub validates a push by applying it there exactly as kiosks would, and renders the public grid and
the event's name from it. That cache records how far into the log it has applied (its own
cursor, in its meta table) and catches up before use, so it can be deleted at any time, and hub
processes sharing one PostgreSQL database each keep their own. Tokens and pairing codes are
stored only as SHA-256 hashes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.core.errors import RefusedError, UsageError
from kiosk.core.hlc import HybridClock, too_far_ahead, wall_ms
from kiosk.core.private import private_db
from kiosk.hub.backend import (
    PAIRING_TTL_S,
    Device,
    DeviceInfo,
    HubBackend,
    HubUnavailable,
    OrganiserLink,
    digest,
    dump_payload,
    is_dsn,
    redact,
)
from kiosk.hub.open_backend import open_backend
from kiosk.ops.base import MalformedOperation, Operation
from kiosk.store.datadir import DataDir, check_slug
from kiosk.store.event_store import EventStore

HUB_DEVICE_ID = "hub"
SHORT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # kiosk.sync.pairing reads codes of this alphabet
CATCH_UP_PAGE = 2000
PULL_MAX_BYTES = 2 * 1024 * 1024
CURSOR_KEY = "hub.log_seq"
CURSOR_OP_KEY = "hub.log_op"  # the id of the operation at the cursor: tells a restored log apart
LOG_ID_KEY = "hub.log_id"
# No kind nests deeper than a few levels. Far deeper JSON parses, then overflows Python's stack
# wherever it is next written out: here, or on every kiosk that pulls it.
MAX_PAYLOAD_DEPTH = 32
# Besides MalformedOperation, what applying a hostile operation can raise: a value of a size or
# type a reducer or SQLite cannot take. The pusher's fault (400), not the hub's. Not among them:
# sqlite3.OperationalError (locked, disk full, I/O), which is this machine's. The cache's
# connection is open when these run (its transaction began), so a ProgrammingError is about values.
_BAD_VALUE_ERRORS = (ArithmeticError, ValueError, TypeError, LookupError, RecursionError, sqlite3.IntegrityError,
                     sqlite3.InterfaceError, sqlite3.ProgrammingError, sqlite3.DataError)

__all__ = ["Device", "HubStore", "HubUnavailable", "PAIRING_TTL_S", "UnknownEvent", "default_cache_dir", "digest"]


class UnknownEvent(RefusedError):
    """No device was ever paired for this event and nothing was pushed to it."""


class _Diverged(Exception):
    """Another hub process logged some of these operations first: the cache takes the log's copy."""


def default_cache_dir(db: str | Path) -> Path:
    """Inside a SQLite hub's folder; for PostgreSQL, a per-server folder in the user cache."""
    if not is_dsn(db):
        return Path(db) / "cache"
    import platformdirs

    # Hashed without its password: changing the password keeps the cache, and the name reveals nothing.
    key = hashlib.sha256(redact(str(db)).encode()).hexdigest()[:12]
    return Path(platformdirs.user_cache_dir("kiosk")) / f"hub-{key}"


class HubStore:
    """Thread-safe: the ASGI server answers requests in a thread pool. Each event's cache is used
    by one thread at a time (its lock: a push to one event waits for another push to it, not for
    pushes to other events); pulls and authentication read the backend and wait for no cache."""

    def __init__(self, db: str | Path, cache_dir: Path | None = None) -> None:
        self.backend: HubBackend = open_backend(db)
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir(db)
        self._clock = HybridClock()  # re-stamps operations stamped too far in the future
        self._lock = threading.Lock()  # guards the two dicts below, held only to look up or add
        self._caches: dict[str, EventStore] = {}
        self._event_locks: dict[str, threading.RLock] = {}

    def describe(self) -> str:
        return self.backend.describe()

    def close(self) -> None:
        with self._lock:
            caches, self._caches = list(self._caches.items()), {}
        for slug, store in caches:
            with self._event_lock(slug):
                store.close()
        self.backend.close()

    def _event_lock(self, slug: str) -> threading.RLock:
        with self._lock:
            return self._event_locks.setdefault(slug, threading.RLock())

    # -- devices and pairing --------------------------------------------------------------------

    def new_pairing_code(self, event: str, device: str, short: bool = False) -> str:
        """A pairing code for this device of this event, valid 15 minutes and good for one device token.

        short: 12 characters of an alphabet with no look-alikes (60 bits, "K7QM-3XPD-HW9R"), read
        across a desk and typed by hand, rather than 18 hex digits (72 bits). Both are far beyond
        guessing in 15 minutes at the pairing failure budget (app.py)."""
        check_slug(event)
        device = device.strip()
        if not 1 <= len(device) <= 60:
            raise UsageError("a device name is 1–60 characters")
        if short:
            letters = "".join(secrets.choice(SHORT_ALPHABET) for _ in range(12))
            code = "-".join(letters[i:i + 4] for i in range(0, 12, 4))
        else:
            code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
        self.backend.add_pairing_code(event, device, digest(code), time.time() + PAIRING_TTL_S)
        return code

    def pair(self, code: str) -> tuple[str, str, str]:
        """Exchange a pairing code for a device token: (token, event, device name).

        The same code may be exchanged again, for a new token that replaces the last, until it
        expires or that token is first used (hub_backend.may_redeem): a kiosk whose answer was
        lost on the way back tries the same code again rather than sending staff for a new one."""
        token = secrets.token_urlsafe(32)
        redeemed = self.backend.redeem_code(digest(code.strip().upper()), digest(token), time.time())
        if redeemed is None:
            raise RefusedError("unknown or expired pairing code")
        return token, redeemed[0], redeemed[1]

    def authenticate(self, token: str) -> Device | None:
        return self.backend.authenticate(digest(token), time.time())

    def revoke(self, event: str, device: str) -> None:
        if not self.backend.revoke(event, device):
            raise RefusedError(f"no device {device!r} in event {event!r}")

    def devices(self, event: str) -> list[dict]:
        return [d.to_json() for d in self.device_list(event)]

    def device_list(self, event: str) -> list[DeviceInfo]:
        return self.backend.devices(event)

    # -- organisers' links to the live view ------------------------------------------------------

    def new_organiser_link(self, event: str, name: str = "") -> tuple[str, OrganiserLink]:
        """A fresh organiser token for the event's live view: (token, its link record). The token
        is shown once and kept only as a hash; it reads the dashboard and nothing else."""
        check_slug(event)
        name = " ".join(name.split())
        if len(name) > 60:
            raise UsageError("a link's name is at most 60 characters")
        token = secrets.token_urlsafe(32)
        link = OrganiserLink(secrets.token_hex(4), event, name, time.time())
        self.backend.add_organiser_link(link, digest(token))
        return token, link

    def organiser(self, token: str) -> OrganiserLink | None:
        """The link this organiser token belongs to, if it was never revoked (device tokens are
        kept apart and are never one)."""
        link = self.backend.organiser_link(digest(token)) if token else None
        return link if link is not None and link.revoked_at is None else None

    def organiser_links(self, event: str) -> list[OrganiserLink]:
        check_slug(event)
        return self.backend.organiser_links(event)

    def revoke_organiser_link(self, event: str, link_id: str) -> None:
        check_slug(event)
        if not self.backend.revoke_organiser_link(event, link_id.strip().lower(), time.time()):
            raise RefusedError(f"no organiser link {link_id!r} in event {event!r} "
                               f"(kiosk hub organiser-link --event {event} --list shows them)")

    def dashboard(self, slug: str) -> dict:
        """The organisers' live view of the event, from its state through the façade the laptops
        use, so its numbers are those of `kiosk stats --json` on a laptop that has synced all."""
        from kiosk.event import OpenEvent
        from kiosk.hub.dashboard import build_dashboard

        check_slug(slug)
        if not self.backend.known(slug):
            raise UnknownEvent(f"no event {slug!r} on this hub")
        with self._event_lock(slug):
            event = OpenEvent(DataDir(self.cache_dir), self.event(slug))  # not closed: the cache stays open
            return build_dashboard(event, slug)

    # -- the log --------------------------------------------------------------------------------

    def push(self, device: Device, ops: Iterable[Operation]) -> tuple[int, int]:
        """Log a device's operations: (how many were new, the event's cursor after them).

        They are validated by applying them to the event's cache in one transaction; a malformed
        one raises MalformedOperation and nothing is logged. The log commits before the cache, so a
        crash in between leaves the cache behind the log, which catch-up repairs.
        """
        ops = self._bounded(ops)
        for op in ops:
            _check_storable(op)
        if not ops:
            return 0, self.backend.head(device.event)
        with self._event_lock(device.event):
            store = self._cache(device.event)
            try:
                with store.write():
                    cursor = self._catch_up(device.event, store)
                    with _refused_if_unappliable():
                        fresh = store.ingest(ops)
                    appended = self.backend.append(device.event, ops)
                    if appended.accepted != fresh:
                        raise _Diverged
                    if appended.head_before == cursor and appended.accepted:
                        self._set_cursor(store, device.event, appended.head)
            except _Diverged:
                pass
        return appended.accepted, appended.head

    def _bounded(self, ops: Iterable[Operation]) -> list[Operation]:
        """Each operation as it will be logged: one stamped more than MAX_AHEAD_MS ahead of this
        hub's clock (a laptop set to next year, or a hostile device) takes the hub's time instead,
        so it cannot win the later edits of the fields it sets. It keeps its id: its laptop takes
        the new stamp when it pulls it back, and every replica ends the same."""
        now_ms = wall_ms()
        bounded = []
        with self._lock:
            for op in ops:
                # A stamp that is no 64-bit number at all stays as it is, to be refused as malformed.
                if type(op.hlc) is not int or not 0 < op.hlc < 2**63:
                    bounded.append(op)
                elif too_far_ahead(op.hlc, now_ms):
                    bounded.append(dataclasses.replace(op, hlc=self._clock.now()))
                else:
                    # Kept as it is, up to five minutes ahead: a later re-stamp must still sort
                    # after it, or an edit from a laptop crossing the line would lose to its own
                    # earlier one.
                    self._clock.observe(op.hlc)
                    bounded.append(op)
        return bounded

    def pull(self, event: str, after: int, limit: int,
             max_bytes: int = PULL_MAX_BYTES) -> tuple[list[Operation], int, bool]:
        """Up to limit operations of the event after the cursor: (ops, new cursor, more to come).

        A page also stops at about max_bytes of payload (at least one operation): an imported
        attendee list is operations of 1,000 rows each, and 2,000 of them in one answer would
        be hundreds of MB for the hub to build and the kiosk to apply in one transaction."""
        entries = self.backend.read(event, after, limit + 1)
        more = len(entries) > limit
        entries = entries[:limit]
        size = 0
        for count, entry in enumerate(entries):
            size += len(dump_payload(entry.op.payload))
            if size > max_bytes and count:
                entries, more = entries[:count], True
                break
        return [e.op for e in entries], (entries[-1].seq if entries else after), more

    def holds(self, event: str, seq: int, op_id: str) -> bool:
        """Whether the event's log has this operation at this place (a kiosk's pull cursor)."""
        entries = self.backend.read(event, seq - 1, 1)
        return bool(entries) and entries[0].seq == seq and entries[0].op.id == op_id

    # -- state derived from the log -------------------------------------------------------------

    def event(self, slug: str) -> EventStore:
        """The event's state, caught up with the log. Read it only: the log is the truth."""
        check_slug(slug)
        with self._event_lock(slug):
            store = self._cache(slug)
            cursor = int(store.get_meta(CURSOR_KEY, "0"))
            if self.backend.read(slug, cursor, 1):
                with store.write():
                    self._catch_up(slug, store)
            return store

    def event_name(self, slug: str) -> str:
        with self._event_lock(slug):
            return self.event(slug).event_info().get("name", slug)

    def grid(self, slug: str):
        """The event's grid and event info, for the public page and calendar feed: read through
        the same façade the laptops use (the cache folder stands in for a data folder)."""
        from kiosk.event import OpenEvent

        check_slug(slug)
        if not self.backend.known(slug):
            raise UnknownEvent(f"no event {slug!r} on this hub")
        with self._event_lock(slug):
            event = OpenEvent(DataDir(self.cache_dir), self.event(slug))  # not closed: the cache stays open
            return event.grid.grid(), event.info()

    def _cache(self, slug: str) -> EventStore:
        """The event's cache, opened if need be; call holding the event's lock."""
        with self._lock:
            store = self._caches.get(slug)
        if store is None:
            path = self.cache_dir / f"{slug}.sqlite"
            private_db(path)  # the cache holds the event's attendees: owner-only
            store = EventStore(path, HUB_DEVICE_ID, "Hub")
            if (store.get_meta(LOG_ID_KEY, self.backend.log_id) != self.backend.log_id
                    or not self._cache_matches_log(slug, store)):
                # Built from another log (the database was replaced, or restored from a backup
                # that ends before the cache's cursor): start again from this one.
                store.close()
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
                store = EventStore(path, HUB_DEVICE_ID, "Hub")
            with store.write():
                store._set_meta(LOG_ID_KEY, self.backend.log_id)
            with self._lock:
                self._caches[slug] = store
        return store

    def _set_cursor(self, store: EventStore, slug: str, seq: int) -> None:
        store._set_meta(CURSOR_KEY, str(seq))
        store._set_meta(CURSOR_OP_KEY, self.backend.read(slug, seq - 1, 1)[0].op.id)

    def _cache_matches_log(self, slug: str, store: EventStore) -> bool:
        cursor = int(store.get_meta(CURSOR_KEY, "0"))
        return cursor == 0 or self.holds(slug, cursor, store.get_meta(CURSOR_OP_KEY, ""))

    def _catch_up(self, slug: str, store: EventStore) -> int:
        """Apply the log after the cache's cursor; call inside store.write(). Returns the cursor."""
        cursor = int(store.get_meta(CURSOR_KEY, "0"))
        while True:
            entries = self.backend.read(slug, cursor, CATCH_UP_PAGE)
            if not entries:
                return cursor
            try:
                store.ingest([e.op for e in entries])
            except MalformedOperation as exc:
                # Logged by a newer hub with kinds this version cannot apply: not the pusher's fault.
                raise HubUnavailable(f"the log of {slug!r} holds an operation this hub cannot apply "
                                     f"({exc}); update the hub") from None
            cursor = entries[-1].seq
            store._set_meta(CURSOR_KEY, str(cursor))
            store._set_meta(CURSOR_OP_KEY, entries[-1].op.id)
            if len(entries) < CATCH_UP_PAGE:
                return cursor


@contextmanager
def _refused_if_unappliable() -> Iterator[None]:
    try:
        yield
    except MalformedOperation:
        raise
    except _BAD_VALUE_ERRORS as exc:
        raise MalformedOperation(f"an operation cannot be applied ({type(exc).__name__}: {exc})") from exc


def _too_deep(payload: object) -> bool:
    stack: list[tuple[object, int]] = [(payload, 1)]
    while stack:  # not recursive: the point is not to overflow the stack
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_PAYLOAD_DEPTH:
                return True
            stack.extend((item, depth + 1) for item in (value.values() if isinstance(value, dict) else value))
    return False


def _check_storable(op: Operation) -> None:
    """What SQLite takes but PostgreSQL's text type refuses (NUL, lone surrogates) is refused on both,
    and so is a payload nested too deep to write out safely."""
    if _too_deep(op.payload):
        raise MalformedOperation(f"operation {str(op.id)[:64]!r} nests deeper than {MAX_PAYLOAD_DEPTH} levels")
    texts = [t for t in (op.id, op.device, op.kind) if isinstance(t, str)]  # the store checks the types
    if any("\x00" in t for t in texts):
        raise MalformedOperation(f"operation {str(op.id)[:64]!r} holds a NUL character")
    try:
        ("".join(texts) + dump_payload(op.payload)).encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise MalformedOperation(f"operation {str(op.id)[:64]!r} cannot be stored: {exc}") from None
