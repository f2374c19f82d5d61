"""The hub's storage in one SQLite file (hub.sqlite in the hub folder): one venue laptop as the hub.

SQLite lets one writer at a time in (BEGIN IMMEDIATE), so a log's seq order is its commit order
even when `kiosk hub pair` runs beside the hub process. Writes go through one connection, one at a
time; reads through a few others (WAL), so a pull is not held up by a push being logged.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.core.errors import KioskError
from kiosk.core.private import private_db
from kiosk.hub.backend import (
    PAIRING_TTL_S,
    Appended,
    Device,
    DeviceInfo,
    Entry,
    OrganiserLink,
    dump_payload,
    may_redeem,
    needs_seen,
    unique_by_id,
)
from kiosk.hub.pool import Pool
from kiosk.hub.quota import Quota, Usage, charge
from kiosk.ops.base import Operation

READERS = 8

_SCHEMA = """
CREATE TABLE IF NOT EXISTS hub_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
    event      TEXT NOT NULL,
    name       TEXT NOT NULL,
    token_hash TEXT,
    revoked    INTEGER NOT NULL DEFAULT 0,
    paired_at  REAL,
    last_seen  REAL,
    device_id  TEXT,
    PRIMARY KEY (event, name)
);
CREATE UNIQUE INDEX IF NOT EXISTS devices_token ON devices (token_hash);
CREATE TABLE IF NOT EXISTS device_quotas (
    event        TEXT NOT NULL,
    name         TEXT NOT NULL,
    minute_start REAL NOT NULL,
    minute_ops   INTEGER NOT NULL,
    minute_bytes INTEGER NOT NULL,
    day_start    REAL NOT NULL,
    day_ops      INTEGER NOT NULL,
    day_bytes    INTEGER NOT NULL,
    hit_at       REAL,
    hit_until    REAL,
    hit_reason   TEXT,
    PRIMARY KEY (event, name)
);
CREATE TABLE IF NOT EXISTS pairing_codes (
    code_hash  TEXT PRIMARY KEY,
    event      TEXT NOT NULL,
    name       TEXT NOT NULL,
    expires    REAL NOT NULL,
    used_at    REAL
);
-- Organisers' links to an event's live view: never device tokens (they read the dashboard only).
CREATE TABLE IF NOT EXISTS organiser_links (
    id         TEXT PRIMARY KEY,
    event      TEXT NOT NULL,
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at REAL NOT NULL,
    revoked_at REAL
);
CREATE TABLE IF NOT EXISTS log (
    event   TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    id      TEXT NOT NULL,
    device  TEXT NOT NULL,
    hlc     INTEGER NOT NULL,
    kind    TEXT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (event, seq),
    UNIQUE (event, id)
);
"""


class SqliteBackend:
    """Thread-safe: one connection for writes, used under a lock, and a pool of them for reads."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.path = self.root / "hub.sqlite"
        self._lock = threading.Lock()
        try:
            private_db(self.path)  # folder 0700, database (and so its -wal, -shm) 0600
            self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None, timeout=10.0)
            self._db.execute("PRAGMA journal_mode = WAL")
            # A push is acknowledged only once its operations would survive a power cut.
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.executescript(_SCHEMA)
            with self._write():
                self._migrate()
                self._db.execute("INSERT OR IGNORE INTO hub_meta (key, value) VALUES ('log_id', ?)",
                                 (str(uuid.uuid4()),))
            self.log_id = self._db.execute("SELECT value FROM hub_meta WHERE key = 'log_id'").fetchone()[0]
            self._readers: Pool[sqlite3.Connection] = Pool(self._open_reader, sqlite3.Connection.close, READERS)
        except (OSError, sqlite3.DatabaseError) as exc:
            raise KioskError(f"cannot open the hub database {self.path}: {exc}") from exc

    def describe(self) -> str:
        return str(self.path)

    def close(self) -> None:
        self._readers.close()
        with self._lock:
            self._db.close()

    def _open_reader(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None, timeout=10.0)
            conn.execute("PRAGMA query_only = ON")
        except sqlite3.DatabaseError as exc:
            raise KioskError(f"cannot open the hub database {self.path}: {exc}") from exc
        return conn

    def _migrate(self) -> None:
        """Bring a hub.sqlite made by an older version up to this schema; call inside _write()."""
        columns = {r[1] for r in self._db.execute("PRAGMA table_info(pairing_codes)")}
        if "used_at" not in columns:  # older hubs deleted a code when it was redeemed
            self._db.execute("ALTER TABLE pairing_codes ADD COLUMN used_at REAL")
        if "device_id" not in {r[1] for r in self._db.execute("PRAGMA table_info(devices)")}:
            self._db.execute("ALTER TABLE devices ADD COLUMN device_id TEXT")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    # -- devices and pairing --------------------------------------------------------------------

    def add_pairing_code(self, event: str, name: str, code_hash: str, expires: float) -> None:
        with self._lock, self._write() as db:
            db.execute("DELETE FROM pairing_codes WHERE expires < ?", (expires - PAIRING_TTL_S,))  # expired
            db.execute("INSERT OR IGNORE INTO devices (event, name) VALUES (?, ?)", (event, name))
            db.execute("INSERT INTO pairing_codes (code_hash, event, name, expires) VALUES (?, ?, ?, ?)",
                       (code_hash, event, name, expires))

    def redeem_code(self, code_hash: str, token_hash: str, now: float) -> tuple[str, str] | None:
        with self._lock, self._write() as db:
            row = db.execute("SELECT c.event, c.name, c.expires, c.used_at, d.revoked, d.last_seen "
                             "FROM pairing_codes c JOIN devices d USING (event, name) WHERE c.code_hash = ?",
                             (code_hash,)).fetchone()
            if row is None or not may_redeem(row[2], row[3], bool(row[4]), row[5], now):
                return None
            event, name = row[0], row[1]
            db.execute("UPDATE devices SET token_hash = ?, paired_at = ?, revoked = 0, device_id = NULL "
                       "WHERE event = ? AND name = ?", (token_hash, now, event, name))
            db.execute("UPDATE pairing_codes SET used_at = ? WHERE code_hash = ?", (now, code_hash))
            # Their tokens are replaced: only the code that gave the current one may give it again.
            db.execute("DELETE FROM pairing_codes WHERE event = ? AND name = ? AND used_at IS NOT NULL "
                       "AND code_hash <> ?", (event, name, code_hash))
            return event, name

    def authenticate(self, token_hash: str, now: float) -> Device | None:
        with self._readers.connection() as db:
            row = db.execute("SELECT event, name, revoked, device_id, paired_at, last_seen FROM devices "
                             "WHERE token_hash = ?", (token_hash,)).fetchone()
        if row is not None and needs_seen(row[4], row[5], now):
            with self._lock, self._write() as db:
                row = db.execute("UPDATE devices SET last_seen = ? WHERE token_hash = ? "
                                 "RETURNING event, name, revoked, device_id", (now, token_hash)).fetchone()
        return Device(row[0], row[1], bool(row[2]), row[3], token_hash) if row else None

    def bind_device(self, device: Device, device_id: str) -> str | None:
        with self._lock, self._write() as db:
            db.execute("UPDATE devices SET device_id = ? WHERE event = ? AND name = ? AND token_hash = ? "
                       "AND device_id IS NULL AND NOT EXISTS (SELECT 1 FROM devices WHERE event = ? "
                       "AND device_id = ? AND name <> ? AND revoked = 0)",
                       (device_id, device.event, device.name, device.token_hash, device.event, device_id,
                        device.name))
            row = db.execute("SELECT device_id FROM devices WHERE event = ? AND name = ? AND token_hash = ?",
                             (device.event, device.name, device.token_hash)).fetchone()
        return row[0] if row else None

    def charge(self, device: Device, ops: int, size: int, now: float, quota: Quota) -> tuple[float, str]:
        columns = ", ".join(Usage.COLUMNS)
        with self._lock, self._write() as db:
            row = db.execute(f"SELECT {columns} FROM device_quotas WHERE event = ? AND name = ?",
                             (device.event, device.name)).fetchone()
            usage, wait, reason = charge(Usage(*row) if row else Usage(), ops, size, now, quota)
            db.execute(f"INSERT OR REPLACE INTO device_quotas (event, name, {columns}) "
                       f"VALUES (?, ?, {', '.join('?' * len(Usage.COLUMNS))})",
                       (device.event, device.name, *usage.row()))
        return wait, reason

    def revoke(self, event: str, name: str) -> bool:
        with self._lock, self._write() as db:
            # Codes made before the revocation die with it: re-pairing takes a new code.
            db.execute("DELETE FROM pairing_codes WHERE event = ? AND name = ?", (event, name))
            return db.execute("UPDATE devices SET revoked = 1 WHERE event = ? AND name = ?",
                              (event, name)).rowcount > 0

    def devices(self, event: str) -> list[DeviceInfo]:
        with self._readers.connection() as db:
            rows = db.execute(f"SELECT d.name, d.paired_at, d.revoked, d.last_seen, d.device_id, q.minute_start, "
                              f"{', '.join('q.' + c for c in Usage.COLUMNS[1:])} FROM devices d LEFT JOIN "
                              "device_quotas q USING (event, name) WHERE d.event = ? ORDER BY d.name",
                              (event,)).fetchall()
        return [DeviceInfo(r[0], r[1] is not None, bool(r[2]), r[3], r[4], Usage(*r[5:]) if r[5] is not None else None)
                for r in rows]

    # -- organisers' links ------------------------------------------------------------------------

    def add_organiser_link(self, link: OrganiserLink, token_hash: str) -> None:
        with self._lock, self._write() as db:
            db.execute("INSERT INTO organiser_links (id, event, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                       (link.id, link.event, link.name, token_hash, link.created_at))

    def organiser_link(self, token_hash: str) -> OrganiserLink | None:
        with self._readers.connection() as db:
            row = db.execute("SELECT id, event, name, created_at, revoked_at FROM organiser_links "
                             "WHERE token_hash = ?", (token_hash,)).fetchone()
        return OrganiserLink(*row) if row else None

    def organiser_links(self, event: str) -> list[OrganiserLink]:
        with self._readers.connection() as db:
            rows = db.execute("SELECT id, event, name, created_at, revoked_at FROM organiser_links "
                              "WHERE event = ? ORDER BY created_at, id", (event,)).fetchall()
        return [OrganiserLink(*r) for r in rows]

    def revoke_organiser_link(self, event: str, link_id: str, now: float) -> bool:
        with self._lock, self._write() as db:
            return db.execute("UPDATE organiser_links SET revoked_at = COALESCE(revoked_at, ?) "
                              "WHERE event = ? AND id = ?", (now, event, link_id)).rowcount > 0

    def known(self, event: str) -> bool:
        with self._readers.connection() as db:
            return db.execute("SELECT EXISTS (SELECT 1 FROM devices WHERE event = ?) "
                                    "OR EXISTS (SELECT 1 FROM log WHERE event = ?)", (event, event)).fetchone()[0] == 1

    # -- the log --------------------------------------------------------------------------------

    def append(self, event: str, ops: list[Operation]) -> Appended:
        with self._lock, self._write() as db:
            head_before = self._head(db, event)
            seq = head_before
            for op in unique_by_id(ops):
                inserted = db.execute(
                    "INSERT INTO log (event, seq, id, device, hlc, kind, payload) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (event, id) DO NOTHING",
                    (event, seq + 1, op.id, op.device, op.hlc, op.kind, dump_payload(op.payload))).rowcount
                seq += inserted
        return Appended(seq - head_before, head_before, seq)

    def read(self, event: str, after: int, limit: int) -> list[Entry]:
        with self._readers.connection() as db:
            rows = db.execute("SELECT seq, id, device, hlc, kind, payload FROM log "
                                    "WHERE event = ? AND seq > ? ORDER BY seq LIMIT ?",
                                    (event, after, limit)).fetchall()
        return [Entry(r[0], Operation(r[1], r[2], r[3], r[4], json.loads(r[5]))) for r in rows]

    def head(self, event: str) -> int:
        with self._readers.connection() as db:
            return self._head(db, event)

    @staticmethod
    def _head(db: sqlite3.Connection, event: str) -> int:
        return db.execute("SELECT COALESCE(MAX(seq), 0) FROM log WHERE event = ?", (event,)).fetchone()[0]
