"""One event's SQLite database: durable writes, the operation log and the state it produces."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.core.errors import KioskError
from kiosk.core.hlc import HybridClock
from kiosk.ops import registry
from kiosk.ops.base import MalformedOperation, Operation
from kiosk.store.schema import migrate

DB_FILENAME = "event.sqlite"


def connect(path: Path) -> sqlite3.Connection:
    """Open an event database the way every part of the app must: WAL, fsync on commit."""
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=10.0, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL in WAL mode fsyncs the log on every commit: a check-in reported done survives a
        # power cut, not only a crash of the app.
        conn.execute("PRAGMA synchronous = FULL")
        import os

        if os.environ.get("KIOSK_UNSAFE_NO_FSYNC") == "1":
            # TEST SUITE ONLY, never at an event: tests/conftest.py sets it so the run's many
            # throwaway stores skip fsync. With it, a power cut can lose check-ins shown as done.
            conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA foreign_keys = ON")
        # Random UUID keys scatter index writes: a 64 MB page cache keeps 100k-row imports linear.
        conn.execute("PRAGMA cache_size = -65536")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise KioskError(f"cannot open event database {path}: {exc}") from exc
    return conn


class EventStore:
    """Records operations and applies them to the state tables in the same transaction."""

    def __init__(self, path: Path, device_id: str, device_name: str) -> None:
        self.path = Path(path)
        self.device_id = device_id
        self.device_name = device_name
        self.conn = connect(self.path)
        self.clock = HybridClock(int(self.get_meta("hlc", "0")))
        self._rev = 0
        self._in_write = False

    def close(self) -> None:
        self.conn.close()

    def reopen(self) -> EventStore:
        """Another connection to this event as this device: for a worker thread of its own."""
        return EventStore(self.path, self.device_id, self.device_name)

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ---------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[None]:
        """A write transaction; nested use joins the outer one. COMMIT is durable on return."""
        if self._in_write:
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._in_write = True
        try:
            # Another process may have written since we last looked: continue its counters.
            self._rev = self.conn.execute("SELECT COALESCE(MAX(rev), 0) FROM attendees").fetchone()[0]
            self.clock.restore(int(self.get_meta("hlc", "0")))
            clock_at_start = self.clock.last
            yield
            if self.clock.last != clock_at_start:
                self._set_meta("hlc", str(self.clock.last))
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        finally:
            self._in_write = False

    # -- operations -----------------------------------------------------------------------------

    def record(self, kind: str, payload: dict) -> Operation:
        """Log a new local operation and apply it. Call inside write()."""
        return self.record_many(kind, [payload])[0]

    def record_many(self, kind: str, payloads: Iterable[dict]) -> list[Operation]:
        if not self._in_write:
            raise RuntimeError("record() needs an open write() transaction")
        recorded = [Operation(str(uuid.uuid4()), self.device_id, self.clock.now(), kind, payload)
                    for payload in payloads]
        self._apply_many(recorded)
        self.conn.executemany(
            "INSERT INTO ops (id, device, hlc, kind, payload, local) VALUES (?, ?, ?, ?, ?, 1)",
            [(op.id, op.device, op.hlc, op.kind, _dump(op.payload)) for op in recorded],
        )
        return recorded

    def ingest(self, operations: Iterable[Operation]) -> int:
        """Apply operations from elsewhere (sync, tests); ones already known change nothing.

        Returns how many were new. A malformed operation aborts the whole batch unchanged.
        """
        fresh: list[Operation] = []
        with self.write():
            for op in operations:
                _check_operation(op)
                cursor = self.conn.execute(
                    "INSERT OR IGNORE INTO ops (id, device, hlc, kind, payload, local) "
                    "VALUES (?, ?, ?, ?, ?, 0)",
                    (op.id, op.device, op.hlc, op.kind, _dump(op.payload)),
                )
                if cursor.rowcount:
                    self.clock.observe(op.hlc)
                    fresh.append(op)
            self._apply_many(fresh)
        return len(fresh)

    def operations(self, after_seq: int = 0) -> list[Operation]:
        rows = self.conn.execute(
            "SELECT id, device, hlc, kind, payload FROM ops WHERE seq > ? ORDER BY seq", (after_seq,)
        )
        return [Operation(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    def _apply_many(self, operations: list[Operation]) -> None:
        first = self._rev + 1
        self._rev += len(operations)
        registry.apply_many(self.conn, [(op, first + i) for i, op in enumerate(operations)])

    # -- metadata -------------------------------------------------------------------------------

    def get_meta(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value)
        )

    def log_size(self) -> int:
        """The number of operations in the log: it grows with every change, local or synced."""
        return self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM ops").fetchone()[0]

    def data_version(self) -> int | None:
        """Moves when another connection to this database commits; None when it cannot be read
        (a busy or closing database: ask again later)."""
        try:
            return self.conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            return None

    def ticket_types(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT ticket_type FROM attendees WHERE ticket_type != '' ORDER BY 1")]

    def attendee_count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM attendees").fetchone()[0]

    def event_info(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT key, value FROM event_info")}

    def update_event_info(self, **values: str) -> None:
        with self.write():
            self.record("event.update", {"set": {k: v for k, v in values.items() if v is not None}})

    # -- state ----------------------------------------------------------------------------------

    def snapshot(self) -> dict:
        """The replicated state, independent of arrival order: what two replicas must agree on."""
        attendees = [
            dict(r) for r in self.conn.execute(
                "SELECT * FROM attendees ORDER BY code"
            )
        ]
        for a in attendees:
            a.pop("rev")
        return {
            "attendees": attendees,
            "checkins": [tuple(r) for r in self.conn.execute("SELECT * FROM checkins ORDER BY op_id")],
            "undone": [tuple(r) for r in self.conn.execute("SELECT * FROM undone ORDER BY 1, 2")],
            "event_info": [tuple(r) for r in self.conn.execute("SELECT * FROM event_info ORDER BY key")],
            "badge_prints": [tuple(r) for r in self.conn.execute("SELECT * FROM badge_prints ORDER BY job_id")],
            "grid": [tuple(r) for r in self.conn.execute("SELECT * FROM grid_items ORDER BY kind, id")],
        }


def _check_operation(op: Operation) -> None:
    """An operation from elsewhere has the shape ours have, or the whole batch is refused."""
    if not (isinstance(op.id, str) and 0 < len(op.id) <= 64 and isinstance(op.device, str)
            and 0 < len(op.device) <= 64 and isinstance(op.kind, str) and isinstance(op.payload, dict)
            and isinstance(op.hlc, int) and not isinstance(op.hlc, bool) and 0 < op.hlc < 2**63):
        raise MalformedOperation(f"malformed operation {str(op.id)[:64]!r}")


def _dump(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
