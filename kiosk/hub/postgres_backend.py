"""The hub's storage in PostgreSQL (psycopg 3): one database that many hub processes share.

Several hub processes (one per venue, say) may append to the same event at once. A bigserial
would hand out numbers in call order but commit in any order, so a puller could pass seq 7 while
seq 6 is still to commit, and never see it. Instead appends to one event take turns on the event's
row in event_heads (SELECT … FOR UPDATE): each append numbers its operations after the last
committed one, and commits before the next append may number its own. Seq order is commit order.

Each request thread takes a connection of its own from a small pool: a pull reads while a push
is being logged, and each hub process (each --workers process) opens its own.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kiosk.core.errors import KioskError, UsageError
from kiosk.hub.backend import (
    PAIRING_TTL_S,
    Appended,
    Device,
    DeviceInfo,
    Entry,
    HubUnavailable,
    OrganiserLink,
    dump_payload,
    may_redeem,
    needs_seen,
    redact,
    unique_by_id,
)
from kiosk.hub.pool import Pool
from kiosk.hub.quota import Quota, Usage, charge
from kiosk.ops.base import Operation

try:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict
except ImportError:
    raise UsageError("a hub on PostgreSQL needs psycopg: pip install 'event-kiosk[postgres]'") from None

_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS hub_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS devices (
        event      TEXT NOT NULL,
        name       TEXT NOT NULL,
        token_hash TEXT,
        revoked    BOOLEAN NOT NULL DEFAULT FALSE,
        paired_at  DOUBLE PRECISION,
        last_seen  DOUBLE PRECISION,
        PRIMARY KEY (event, name))""",
    "CREATE UNIQUE INDEX IF NOT EXISTS devices_token ON devices (token_hash)",
    """CREATE TABLE IF NOT EXISTS pairing_codes (
        code_hash TEXT PRIMARY KEY,
        event     TEXT NOT NULL,
        name      TEXT NOT NULL,
        expires   DOUBLE PRECISION NOT NULL,
        used_at   DOUBLE PRECISION)""",
    # Older hubs deleted a code when it was redeemed, and made the table without this column.
    # (ALTER TABLE takes its exclusive lock even when the column exists: only when it is missing.)
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
                       AND table_name = 'pairing_codes' AND column_name = 'used_at') THEN
            ALTER TABLE pairing_codes ADD COLUMN used_at DOUBLE PRECISION;
        END IF;
    END $$""",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
                       AND table_name = 'devices' AND column_name = 'device_id') THEN
            ALTER TABLE devices ADD COLUMN device_id TEXT;
        END IF;
    END $$""",
    """CREATE TABLE IF NOT EXISTS device_quotas (
        event        TEXT NOT NULL,
        name         TEXT NOT NULL,
        minute_start DOUBLE PRECISION NOT NULL,
        minute_ops   BIGINT NOT NULL,
        minute_bytes BIGINT NOT NULL,
        day_start    DOUBLE PRECISION NOT NULL,
        day_ops      BIGINT NOT NULL,
        day_bytes    BIGINT NOT NULL,
        hit_at       DOUBLE PRECISION,
        hit_until    DOUBLE PRECISION,
        hit_reason   TEXT,
        PRIMARY KEY (event, name))""",
    "CREATE TABLE IF NOT EXISTS event_heads (event TEXT PRIMARY KEY, seq BIGINT NOT NULL)",
    # Organisers' links to an event's live view: never device tokens (they read the dashboard only).
    """CREATE TABLE IF NOT EXISTS organiser_links (
        id         TEXT PRIMARY KEY,
        event      TEXT NOT NULL,
        name       TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at DOUBLE PRECISION NOT NULL,
        revoked_at DOUBLE PRECISION)""",
    """CREATE TABLE IF NOT EXISTS log (
        event   TEXT NOT NULL,
        seq     BIGINT NOT NULL,
        id      TEXT NOT NULL,
        device  TEXT NOT NULL,
        hlc     BIGINT NOT NULL,
        kind    TEXT NOT NULL,
        payload TEXT NOT NULL,
        PRIMARY KEY (event, seq),
        UNIQUE (event, id))""",
]

# The newest thing _SCHEMA makes, at each of its steps: all there means nothing to do.
# Looked up in current_schema(), where _SCHEMA creates them, not anywhere on the search_path.
_SCHEMA_IS_CURRENT = """SELECT
    (SELECT bool_and(to_regclass(format('%I.%I', current_schema(), name)) IS NOT NULL)
     FROM unnest(ARRAY['hub_meta', 'devices', 'devices_token', 'pairing_codes', 'event_heads', 'log',
                       'device_quotas', 'organiser_links']) AS name)
    AND EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
                AND table_name = 'pairing_codes' AND column_name = 'used_at')
    AND EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
                AND table_name = 'devices' AND column_name = 'device_id')"""


class PostgresBackend:
    """Thread-safe: up to CONNECTIONS connections, one per request thread at a time, opened again
    when the server dropped them."""

    CONNECTIONS = 8

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        try:
            self._password = str(conninfo_to_dict(dsn).get("password") or "")
        except psycopg.ProgrammingError:
            raise UsageError(f"not a PostgreSQL address: {redact(dsn)}") from None
        self._pool: Pool[psycopg.Connection] = Pool(
            self._open, psycopg.Connection.close, self.CONNECTIONS, lambda conn: not (conn.closed or conn.broken))
        with self._connection() as conn, conn.transaction():
            # Every `kiosk hub pair` opens the database while the hub serves: DDL on tables in use
            # waits for their writers and can deadlock with them, so it runs only when needed.
            if not _value(conn.execute(_SCHEMA_IS_CURRENT)):
                # Two hub processes starting at once would both try to create the tables.
                conn.execute("SELECT pg_advisory_xact_lock(hashtext('event-kiosk hub schema'))")
                for statement in _SCHEMA:
                    conn.execute(statement)
            conn.execute("INSERT INTO hub_meta (key, value) VALUES ('log_id', %s) ON CONFLICT (key) DO NOTHING",
                         (str(uuid.uuid4()),))
            self.log_id = _value(conn.execute("SELECT value FROM hub_meta WHERE key = 'log_id'"))

    def describe(self) -> str:
        return redact(self.dsn)

    def close(self) -> None:
        self._pool.close()

    def _open(self) -> psycopg.Connection:
        conn = psycopg.connect(self.dsn, autocommit=True, connect_timeout=10)
        # Notices ("relation already exists, skipping") are not for the person at the desk.
        conn.add_notice_handler(lambda diagnostic: None)
        return conn

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection]:
        try:
            with self._pool.connection() as conn:
                yield conn
        except psycopg.OperationalError as exc:
            # This connection is given up (broken); the idle ones most likely went with it (a
            # restarted server): drop them too rather than fail one request for each.
            self._pool.clear()
            raise HubUnavailable(f"the hub database {self.describe()} is unavailable: {self._scrub(exc)}") from None
        except psycopg.Error as exc:
            raise KioskError(f"the hub database {self.describe()} refused: {self._scrub(exc)}") from None

    def _scrub(self, exc: Exception) -> str:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return text.replace(self._password, "***") if self._password else text

    # -- devices and pairing --------------------------------------------------------------------

    def add_pairing_code(self, event: str, name: str, code_hash: str, expires: float) -> None:
        with self._connection() as conn, conn.transaction():
            conn.execute("DELETE FROM pairing_codes WHERE expires < %s", (expires - PAIRING_TTL_S,))  # expired
            conn.execute("INSERT INTO devices (event, name) VALUES (%s, %s) ON CONFLICT DO NOTHING", (event, name))
            conn.execute("INSERT INTO pairing_codes (code_hash, event, name, expires) VALUES (%s, %s, %s, %s)",
                         (code_hash, event, name, expires))

    def redeem_code(self, code_hash: str, token_hash: str, now: float) -> tuple[str, str] | None:
        with self._connection() as conn, conn.transaction():
            # The device's row is locked first, by every redeem of any of its codes: they take turns
            # (never deadlock over each other's code rows), and an authentication with its token
            # waits for us. The next statement, run after the lock is ours, sees their commits.
            conn.execute("SELECT 1 FROM devices WHERE (event, name) IN "
                         "(SELECT event, name FROM pairing_codes WHERE code_hash = %s) FOR UPDATE", (code_hash,))
            row = conn.execute("SELECT c.event, c.name, c.expires, c.used_at, d.revoked, d.last_seen "
                               "FROM pairing_codes c JOIN devices d USING (event, name) WHERE c.code_hash = %s",
                               (code_hash,)).fetchone()
            if row is None or not may_redeem(row[2], row[3], row[4], row[5], now):
                return None
            event, name = row[0], row[1]
            conn.execute("UPDATE devices SET token_hash = %s, paired_at = %s, revoked = FALSE, device_id = NULL "
                         "WHERE event = %s AND name = %s", (token_hash, now, event, name))
            conn.execute("UPDATE pairing_codes SET used_at = %s WHERE code_hash = %s", (now, code_hash))
            # Their tokens are replaced: only the code that gave the current one may give it again.
            conn.execute("DELETE FROM pairing_codes WHERE event = %s AND name = %s AND used_at IS NOT NULL "
                         "AND code_hash <> %s", (event, name, code_hash))
            return event, name

    def authenticate(self, token_hash: str, now: float) -> Device | None:
        with self._connection() as conn:
            row = conn.execute("SELECT event, name, revoked, device_id, paired_at, last_seen FROM devices "
                               "WHERE token_hash = %s", (token_hash,)).fetchone()
            if row is not None and needs_seen(row[4], row[5], now):
                row = conn.execute("UPDATE devices SET last_seen = %s WHERE token_hash = %s "
                                   "RETURNING event, name, revoked, device_id", (now, token_hash)).fetchone()
        return Device(row[0], row[1], bool(row[2]), row[3], token_hash) if row else None

    def bind_device(self, device: Device, device_id: str) -> str | None:
        with self._connection() as conn, conn.transaction():
            # Binds of one event take turns, so two fresh tokens cannot both take one id.
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('event-kiosk device ids'), hashtext(%s))",
                         (device.event,))
            conn.execute("UPDATE devices SET device_id = %s WHERE event = %s AND name = %s AND token_hash = %s "
                         "AND device_id IS NULL AND NOT EXISTS (SELECT 1 FROM devices d WHERE d.event = %s "
                         "AND d.device_id = %s AND d.name <> %s AND NOT d.revoked)",
                         (device_id, device.event, device.name, device.token_hash, device.event, device_id,
                          device.name))
            row = conn.execute("SELECT device_id FROM devices WHERE event = %s AND name = %s AND token_hash = %s",
                               (device.event, device.name, device.token_hash)).fetchone()
        return row[0] if row else None

    def charge(self, device: Device, ops: int, size: int, now: float, quota: Quota) -> tuple[float, str]:
        columns = ", ".join(Usage.COLUMNS)
        with self._connection() as conn, conn.transaction():
            conn.execute("INSERT INTO device_quotas (event, name, minute_start, minute_ops, minute_bytes, day_start, "
                         "day_ops, day_bytes) VALUES (%s, %s, 0, 0, 0, 0, 0, 0) ON CONFLICT DO NOTHING",
                         (device.event, device.name))
            # Locked until COMMIT: hub processes charging this device at once take turns.
            row = conn.execute(f"SELECT {columns} FROM device_quotas WHERE event = %s AND name = %s FOR UPDATE",
                               (device.event, device.name)).fetchone()
            usage, wait, reason = charge(Usage(*row) if row else Usage(), ops, size, now, quota)
            conn.execute(f"UPDATE device_quotas SET {', '.join(c + ' = %s' for c in Usage.COLUMNS)} "
                         "WHERE event = %s AND name = %s", (*usage.row(), device.event, device.name))
        return wait, reason

    def revoke(self, event: str, name: str) -> bool:
        with self._connection() as conn, conn.transaction():
            # Codes made before the revocation die with it: re-pairing takes a new code.
            conn.execute("DELETE FROM pairing_codes WHERE event = %s AND name = %s", (event, name))
            return conn.execute("UPDATE devices SET revoked = TRUE WHERE event = %s AND name = %s",
                                (event, name)).rowcount > 0

    def devices(self, event: str) -> list[DeviceInfo]:
        with self._connection() as conn:
            rows = conn.execute(f"SELECT d.name, d.paired_at, d.revoked, d.last_seen, d.device_id, q.minute_start, "
                                f"{', '.join('q.' + c for c in Usage.COLUMNS[1:])} FROM devices d LEFT JOIN "
                                "device_quotas q USING (event, name) WHERE d.event = %s ORDER BY d.name",
                                (event,)).fetchall()
        return [DeviceInfo(r[0], r[1] is not None, bool(r[2]), r[3], r[4], Usage(*r[5:]) if r[5] is not None else None)
                for r in rows]

    # -- organisers' links ------------------------------------------------------------------------

    def add_organiser_link(self, link: OrganiserLink, token_hash: str) -> None:
        with self._connection() as conn, conn.transaction():
            conn.execute("INSERT INTO organiser_links (id, event, name, token_hash, created_at) "
                         "VALUES (%s, %s, %s, %s, %s)", (link.id, link.event, link.name, token_hash, link.created_at))

    def organiser_link(self, token_hash: str) -> OrganiserLink | None:
        with self._connection() as conn:
            row = conn.execute("SELECT id, event, name, created_at, revoked_at FROM organiser_links "
                               "WHERE token_hash = %s", (token_hash,)).fetchone()
        return OrganiserLink(*row) if row else None

    def organiser_links(self, event: str) -> list[OrganiserLink]:
        with self._connection() as conn:
            rows = conn.execute("SELECT id, event, name, created_at, revoked_at FROM organiser_links "
                                "WHERE event = %s ORDER BY created_at, id", (event,)).fetchall()
        return [OrganiserLink(*r) for r in rows]

    def revoke_organiser_link(self, event: str, link_id: str, now: float) -> bool:
        with self._connection() as conn, conn.transaction():
            return conn.execute("UPDATE organiser_links SET revoked_at = COALESCE(revoked_at, %s) "
                                "WHERE event = %s AND id = %s", (now, event, link_id)).rowcount > 0

    def known(self, event: str) -> bool:
        with self._connection() as conn:
            return bool(_value(conn.execute("SELECT EXISTS (SELECT 1 FROM devices WHERE event = %s) "
                                            "OR EXISTS (SELECT 1 FROM event_heads WHERE event = %s)",
                                            (event, event))))

    # -- the log --------------------------------------------------------------------------------

    def append(self, event: str, ops: list[Operation]) -> Appended:
        unique = unique_by_id(ops)
        if not unique:
            head = self.head(event)
            return Appended(0, head, head)
        with self._connection() as conn, conn.transaction():
            conn.execute("INSERT INTO event_heads (event, seq) VALUES (%s, 0) ON CONFLICT (event) DO NOTHING",
                         (event,))
            # Held until COMMIT: the next append to this event numbers its operations after ours.
            head_before = _value(conn.execute("SELECT seq FROM event_heads WHERE event = %s FOR UPDATE", (event,)))
            known = {r[0] for r in conn.execute("SELECT id FROM log WHERE event = %s AND id = ANY(%s)",
                                                (event, [op.id for op in unique]))}
            fresh = [op for op in unique if op.id not in known]
            if fresh:
                with conn.cursor() as cursor:
                    # Under the lock no other append can add these ids; the constraint backs that up.
                    cursor.executemany(
                        "INSERT INTO log (event, seq, id, device, hlc, kind, payload) "
                        "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (event, id) DO NOTHING",
                        [(event, head_before + i, op.id, op.device, op.hlc, op.kind, dump_payload(op.payload))
                         for i, op in enumerate(fresh, start=1)])
                conn.execute("UPDATE event_heads SET seq = %s WHERE event = %s", (head_before + len(fresh), event))
        return Appended(len(fresh), head_before, head_before + len(fresh))

    def read(self, event: str, after: int, limit: int) -> list[Entry]:
        with self._connection() as conn:
            rows = conn.execute("SELECT seq, id, device, hlc, kind, payload FROM log "
                                "WHERE event = %s AND seq > %s ORDER BY seq LIMIT %s",
                                (event, after, limit)).fetchall()
        return [Entry(r[0], Operation(r[1], r[2], r[3], r[4], json.loads(r[5]))) for r in rows]

    def head(self, event: str) -> int:
        with self._connection() as conn:
            row = conn.execute("SELECT seq FROM event_heads WHERE event = %s", (event,)).fetchone()
        return row[0] if row else 0


def _value(cursor: psycopg.Cursor) -> Any:
    """The one value of a query that always gives one row (EXISTS, a row made just before)."""
    row = cursor.fetchone()
    assert row is not None
    return row[0]
