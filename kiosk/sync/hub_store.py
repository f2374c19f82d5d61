"""The hub's storage: paired devices and their tokens, and one event store per event.

Each event's operations live in an EventStore like a kiosk's own (the same schema and reducers),
so the hub validates and applies what it receives exactly as kiosks do, its ops.seq is the pull
cursor, and it can render the current grid for the public page. Tokens and pairing codes are
stored only as SHA-256 hashes.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.datadir import check_slug
from kiosk.errors import RefusedError, UsageError
from kiosk.store import EventStore

PAIRING_TTL_S = 15 * 60
HUB_DEVICE_ID = "hub"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS devices (
    event      TEXT NOT NULL,
    name       TEXT NOT NULL,
    token_hash TEXT,
    revoked    INTEGER NOT NULL DEFAULT 0,
    paired_at  REAL,
    last_seen  REAL,
    PRIMARY KEY (event, name)
);
CREATE UNIQUE INDEX IF NOT EXISTS devices_token ON devices (token_hash);
CREATE TABLE IF NOT EXISTS pairing_codes (
    code_hash  TEXT PRIMARY KEY,
    event      TEXT NOT NULL,
    name       TEXT NOT NULL,
    expires    REAL NOT NULL
);
"""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Device:
    event: str
    name: str
    revoked: bool


class HubStore:
    """Thread-safe: the ASGI server calls it from several threads."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(self.root / "hub.sqlite"), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = FULL")
        self._db.executescript(_SCHEMA)
        self._events: dict[str, EventStore] = {}

    def close(self) -> None:
        with self._lock:
            for store in self._events.values():
                store.close()
            self._db.close()

    # -- events ---------------------------------------------------------------------------------

    def event(self, slug: str) -> EventStore:
        check_slug(slug)
        with self._lock:
            if slug not in self._events:
                path = self.root / "events" / f"{slug}.sqlite"
                path.parent.mkdir(parents=True, exist_ok=True)
                self._events[slug] = EventStore(path, HUB_DEVICE_ID, "Hub")
            return self._events[slug]

    # -- pairing --------------------------------------------------------------------------------

    def new_pairing_code(self, event: str, device: str) -> str:
        """A one-time code for this device of this event, valid 15 minutes."""
        check_slug(event)
        device = device.strip()
        if not 1 <= len(device) <= 60:
            raise UsageError("a device name is 1–60 characters")
        code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
        with self._lock:
            self.event(event)
            self._db.execute("INSERT OR IGNORE INTO devices (event, name) VALUES (?, ?)", (event, device))
            self._db.execute("UPDATE devices SET revoked = 0 WHERE event = ? AND name = ?", (event, device))
            self._db.execute("INSERT INTO pairing_codes (code_hash, event, name, expires) VALUES (?, ?, ?, ?)",
                             (digest(code), event, device, time.time() + PAIRING_TTL_S))
        return code

    def pair(self, code: str) -> tuple[str, str, str]:
        """Exchange a pairing code for a device token: (token, event, device name)."""
        with self._lock:
            row = self._db.execute("SELECT event, name, expires FROM pairing_codes WHERE code_hash = ?",
                                   (digest(code.strip().upper()),)).fetchone()
            if row is None or row[2] < time.time():
                raise RefusedError("unknown or expired pairing code")
            event, name, _ = row
            token = secrets.token_urlsafe(32)
            self._db.execute("DELETE FROM pairing_codes WHERE code_hash = ?", (digest(code.strip().upper()),))
            self._db.execute("UPDATE devices SET token_hash = ?, paired_at = ?, revoked = 0 WHERE event = ? AND name = ?",
                             (digest(token), time.time(), event, name))
        return token, event, name

    def authenticate(self, token: str) -> Device | None:
        with self._lock:
            row = self._db.execute("SELECT event, name, revoked FROM devices WHERE token_hash = ?",
                                   (digest(token),)).fetchone()
            if row is None:
                return None
            self._db.execute("UPDATE devices SET last_seen = ? WHERE token_hash = ?", (time.time(), digest(token)))
        return Device(row[0], row[1], bool(row[2]))

    def revoke(self, event: str, device: str) -> None:
        with self._lock:
            changed = self._db.execute("UPDATE devices SET revoked = 1 WHERE event = ? AND name = ?",
                                       (event, device)).rowcount
        if not changed:
            raise RefusedError(f"no device {device!r} in event {event!r}")

    def devices(self, event: str) -> list[dict]:
        rows = self._db.execute("SELECT name, revoked, paired_at, last_seen FROM devices WHERE event = ? ORDER BY name",
                                (event,))
        return [{"name": r[0], "revoked": bool(r[1]), "paired": r[2] is not None, "last_seen": r[3]} for r in rows]
