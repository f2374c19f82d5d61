"""One event's SQLite database: durable writes, the operation log and the state it produces."""

from __future__ import annotations

import json
import os
import sqlite3
import struct
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.core.errors import StorageError, damaged_event, storage_words
from kiosk.core.hlc import COUNTER_BITS, MAX_AHEAD_MS, HybridClock
from kiosk.ops import registry
from kiosk.ops.base import MalformedOperation, Operation
from kiosk.store.schema import migrate

DB_FILENAME = "event.sqlite"
STALE_KEY = "state_stale"  # meta: some operations took new stamps; the state is rebuilt from the log
BUSY_WAIT_S = 10.0  # how long a write waits for another connection's transaction to end
# While it waits, a write asks again this often: SQLite's own busy handler backs off to 100 ms
# between tries, so behind an import's run of short transactions a check-in could miss gap
# after gap. Asking every millisecond takes the first gap (measured in benchmarks/core.py).
_BUSY_POLL_S = 0.001
_BUSY_POLL_SLOW_S = 0.02  # after the first second: someone holds a long transaction
_WAITING_STALE_S = 15.0


def connect(path: Path) -> sqlite3.Connection:
    """Open an event database the way every part of the app must: WAL, fsync on commit."""
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=10.0, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL in WAL mode fsyncs the log on every commit: a check-in reported done survives a
        # power cut, not only a crash of the app.
        conn.execute("PRAGMA synchronous = FULL")
        if os.environ.get("KIOSK_UNSAFE_NO_FSYNC") == "1":
            # TEST SUITE ONLY, never at an event: tests/conftest.py sets it so the run's many
            # throwaway stores skip fsync. With it, a power cut can lose check-ins shown as done.
            conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA foreign_keys = ON")
        # Random UUID keys scatter index writes: a 64 MB page cache keeps 100k-row imports linear.
        conn.execute("PRAGMA cache_size = -65536")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        words = storage_words(exc, Path(path).parent)
        if words is None and ("not a database" in str(exc) or "malformed" in str(exc)):
            words = f"cannot open event database {path}: {damaged_event(Path(path).parent.name)}"
        raise StorageError(words or f"cannot open event database {path}: {exc}") from exc
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
        self._clock_epoch = ""

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
        self._begin()
        self._in_write = True
        try:
            # Another process may have written since we last looked: continue its counters.
            self._rev = self.conn.execute("SELECT COALESCE(MAX(rev), 0) FROM attendees").fetchone()[0]
            self._follow_clock_reset()
            self.clock.restore(int(self.get_meta("hlc", "0")))
            clock_at_start = self.clock.last
            yield
            if self.clock.last != clock_at_start:
                self._set_meta("hlc", str(self.clock.last))
            self.conn.execute("COMMIT")
        except BaseException as exc:
            # SQLite has already rolled back after some failures (a full disk, an I/O error): a
            # ROLLBACK then would fail and hide the error that says what happened.
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # the failure being raised says more than this one
            if isinstance(exc, sqlite3.Error) and (words := storage_words(exc, self.path.parent)):
                raise StorageError(words) from exc
            raise
        finally:
            self._in_write = False

    @contextmanager
    def deferred_sync(self) -> Iterator[None]:
        """Commits inside do not wait for the disk (synchronous = NORMAL in WAL mode: a power cut
        may lose the last of them, never damages the database); the first commit after it, at
        FULL again, makes them all durable at once (the log is written in order). For a long job
        that reports its end only after that commit and can be run again to complete it (an
        import: 100 chunks cost 100 fsyncs, ~0.3 s at 100k on this VM, for nothing)."""
        level = self.conn.execute("PRAGMA synchronous").fetchone()[0]
        if level > 1:
            self.conn.execute("PRAGMA synchronous = NORMAL")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA synchronous = {int(level)}")

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, asking again every millisecond while another connection writes.

        While it waits, a file next to the database says a write is waiting: an import looks
        for it between its chunks (`yield_to_waiting_writes`) and lets this one go first.
        """
        conn = self.conn
        conn.execute("PRAGMA busy_timeout = 0")
        waiting = False
        try:
            start = time.monotonic()
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    waited = time.monotonic() - start
                    if not is_busy(exc) or waited >= BUSY_WAIT_S:
                        raise
                    if not waiting:
                        waiting = self._mark_waiting(True)
                    time.sleep(_BUSY_POLL_S if waited < 1.0 else _BUSY_POLL_SLOW_S)
        finally:
            if waiting:
                self._mark_waiting(False)
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_WAIT_S * 1000)}")

    def _waiting_path(self) -> str:
        return f"{self.path}-waiting"

    def _mark_waiting(self, on: bool) -> bool:
        try:
            if on:
                os.close(os.open(self._waiting_path(), os.O_CREAT | os.O_WRONLY, 0o600))
                os.utime(self._waiting_path())
            else:
                os.unlink(self._waiting_path())
        except OSError:
            return False  # a read-only folder, or another waiter took it away: polling still works
        return True

    def yield_to_waiting_writes(self, limit_s: float = 0.25) -> None:
        """Between two transactions of a long job (an import): let a write that is waiting for
        the database (a check-in, from any process) go first, for up to `limit_s`."""
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            try:
                marked = os.stat(self._waiting_path()).st_mtime
            except OSError:
                return
            if time.time() - marked > _WAITING_STALE_S:
                return  # left by a process that crashed while it waited
            time.sleep(_BUSY_POLL_S)

    # -- operations -----------------------------------------------------------------------------

    def record(self, kind: str, payload: dict) -> Operation:
        """Log a new local operation and apply it. Call inside write()."""
        return self.record_many(kind, [payload])[0]

    def record_many(self, kind: str, payloads: Iterable[dict],
                    texts: list[str] | None = None) -> list[Operation]:
        """Log and apply operations of one kind. `texts`, when given, are the payloads already as
        dump_payload() writes them (an import serialises its chunks before the transaction, so
        the database is held only for the writing)."""
        if not self._in_write:
            raise RuntimeError("record() needs an open write() transaction")
        recorded = [Operation(str(uuid.uuid4()), self.device_id, self.clock.now(), kind, payload)
                    for payload in payloads]
        if texts is None:
            texts = [dump_payload(op.payload) for op in recorded]
        self._apply_many(recorded)
        self.conn.executemany(
            "INSERT INTO ops (id, device, hlc, kind, payload, local) VALUES (?, ?, ?, ?, ?, 1)",
            [(op.id, op.device, op.hlc, op.kind, text) for op, text in zip(recorded, texts, strict=True)],
        )
        return recorded

    def ingest(self, operations: Iterable[Operation], take_hub_stamps: bool = False) -> int:
        """Apply operations from elsewhere (sync, tests); ones already known change nothing.

        Returns how many were new. A malformed operation aborts the whole batch unchanged.
        With `take_hub_stamps` (what a laptop pulls from its hub), an operation this laptop already
        has but the hub logged with an earlier stamp — the hub re-stamps one stamped too far in
        the future — takes the hub's stamp, and the state is rebuilt, so this laptop ends where
        every other replica does.
        """
        fresh: list[Operation] = []
        restamped = False
        gap = MAX_AHEAD_MS << COUNTER_BITS
        with self.write():
            for op in operations:
                _check_operation(op)
                cursor = self.conn.execute(
                    "INSERT OR IGNORE INTO ops (id, device, hlc, kind, payload, local) "
                    "VALUES (?, ?, ?, ?, ?, 0)",
                    (op.id, op.device, op.hlc, op.kind, dump_payload(op.payload)),
                )
                if cursor.rowcount:
                    self.clock.observe(op.hlc)
                    fresh.append(op)
                elif take_hub_stamps:
                    # Only this laptop's own operation, and only the hub's re-stamp of one that was
                    # too far ahead: nothing else may move an operation in time.
                    restamped = self.conn.execute(
                        "UPDATE ops SET hlc = ? WHERE id = ? AND device = ? AND local = 1 AND hlc > ?",
                        (op.hlc, op.id, self.device_id, op.hlc + gap)).rowcount > 0 or restamped
            self._apply_many(fresh)
            if restamped:
                self._set_meta(STALE_KEY, "1")  # one rebuild when the pull is over, not one a page
        return len(fresh)

    def rebuild_if_stale(self) -> bool:
        """Rebuild the state from the log if some of this laptop's operations took new stamps
        (see `ingest` and `set_clock_offset`); whether it did. A sync round calls it at its end."""
        with self.write():
            if self.get_meta(STALE_KEY, "0") != "1":
                return False
            self._rebuild_state()
            self._reset_clock()
            self._set_meta(STALE_KEY, "0")
            return True

    def _rebuild_state(self) -> None:
        """Apply the whole log again from empty state tables (after the hub re-stamped some of
        this laptop's operations). The local print progress is kept: it is not derived state."""
        rev = self._rev
        for table in ("attendees", "checkins", "undone", "event_info", "badge_prints", "grid_items",
                      "print_jobs", "notices", "notice_acks"):
            self.conn.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed names)
        self._rev = rev  # search indexes see every row as changed, not as older
        after = 0
        while True:
            batch = self.conn.execute(
                "SELECT seq, id, device, hlc, kind, payload FROM ops WHERE seq > ? ORDER BY seq LIMIT 2000",
                (after,)).fetchall()
            if not batch:
                return
            after = batch[-1][0]
            self._apply_many([Operation(r[1], r[2], r[3], r[4], json.loads(r[5])) for r in batch])

    # -- this laptop's clock ----------------------------------------------------------------------

    def set_clock_offset(self, offset_ms: int, unpushed_after_seq: int | None = None) -> None:
        """Stamp this laptop's edits with its clock plus `offset_ms` (the hub's time minus ours,
        when a sync showed ours to be far off; 0 when it is right again).

        Its own operations after `unpushed_after_seq` (none of them has left this laptop) that are
        stamped too far ahead of the corrected time are stamped again, in the order they were
        made, so an edit made before the correction never beats one made after it.
        """
        with self.write():
            if offset_ms == int(self.get_meta("clock_offset_ms", "0")):
                return
            self._set_meta("clock_offset_ms", str(offset_ms))
            self.clock.offset_ms = offset_ms
            self._reset_clock()
            if unpushed_after_seq is None:
                return
            ceiling = (self.clock.wall() + MAX_AHEAD_MS) << COUNTER_BITS
            ahead = [r[0] for r in self.conn.execute(
                "SELECT seq FROM ops WHERE local = 1 AND device = ? AND seq > ? AND hlc > ? ORDER BY seq",
                (self.device_id, unpushed_after_seq, ceiling))]
            for seq in ahead:
                self.conn.execute("UPDATE ops SET hlc = ? WHERE seq = ?", (self.clock.now(), seq))
            if ahead:
                self._set_meta("hlc", str(self.clock.last))
                self._set_meta(STALE_KEY, "1")

    def _reset_clock(self) -> None:
        """Continue from the corrected time, or the latest stamp the log holds that is not too far
        ahead of it: a clock that had run into next year comes back (every process follows)."""
        now_ms = self.clock.wall()
        ceiling = (now_ms + MAX_AHEAD_MS) << COUNTER_BITS
        latest = self.conn.execute("SELECT COALESCE(MAX(hlc), 0) FROM ops WHERE hlc <= ?", (ceiling,)).fetchone()[0]
        self.clock.last = max(latest, now_ms << COUNTER_BITS)
        self._set_meta("hlc", str(self.clock.last))
        self._clock_epoch = str(uuid.uuid4())
        self._set_meta("clock_epoch", self._clock_epoch)

    def _follow_clock_reset(self) -> None:
        # Another connection (the sync worker) may have corrected the clock: take its word,
        # not the later stamp this connection still remembers.
        epoch = self.get_meta("clock_epoch", "")
        if epoch != self._clock_epoch:
            self._clock_epoch = epoch
            self.clock.offset_ms = int(self.get_meta("clock_offset_ms", "0"))
            self.clock.last = int(self.get_meta("hlc", "0"))

    def operations(self, after_seq: int = 0) -> list[Operation]:
        rows = self.conn.execute(
            "SELECT id, device, hlc, kind, payload FROM ops WHERE seq > ? ORDER BY seq", (after_seq,)
        )
        return [Operation(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    def _apply_many(self, operations: list[Operation]) -> None:
        first = self._rev + 1
        self._rev += len(operations)
        registry.apply_many(self.conn, [(op, first + i) for i, op in enumerate(operations)])

    # -- import digests (local: see schema migration 6) -----------------------------------------

    def note_imported_rows(self, rows: list[tuple[str, int]]) -> None:
        """Remember what the file said of each row (code, digest) the last operation recorded
        wrote. In write(), right after record(): the noted rev is that operation's; a row it did
        not change keeps an older rev, so its note never counts (what is kept is only a shortcut)."""
        if not self._in_write:
            raise RuntimeError("note_imported_rows() needs an open write() transaction")
        rev = self._rev
        if not rows or self.conn.execute("SELECT COALESCE(MAX(rev), 0) FROM attendees").fetchone()[0] < rev:
            return  # it wrote no row, so its rev may be given again: a note could then lie
        codes, digests = zip(*rows, strict=True)
        if "\n" in "".join(codes):  # never from the planner (no control character in a code)
            return
        self.conn.execute("INSERT OR REPLACE INTO import_digests (rev, codes, digests) VALUES (?, ?, ?)",
                          (rev, "\n".join(codes), struct.pack(f"<{len(digests)}q", *digests)))

    def forget_stale_import_digests(self) -> None:
        """Drop the notes of which no row counts any more (every attendee they name changed since).
        In write(); an import calls it when it ends, so notes do not pile up import after import."""
        self.conn.execute("DELETE FROM import_digests WHERE rev NOT IN (SELECT DISTINCT rev FROM attendees)")

    def attendee_rev(self) -> int:
        """The latest change counter of any attendee: it moves whenever any attendee changes."""
        return self.conn.execute("SELECT COALESCE(MAX(rev), 0) FROM attendees").fetchone()[0]

    def unchanged_imported_rows(self) -> dict[int, str]:
        """digest → code of the rows no one has changed since an import on this laptop wrote them
        (their rev is still the import's). Rebuilding the state gives every row a new rev."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        notes = cursor.execute("SELECT rev, codes, digests FROM import_digests").fetchall()
        if not notes:
            return {}
        rev_of = dict(cursor.execute("SELECT code, rev FROM attendees"))
        unchanged: dict[int, str] = {}
        for rev, codes, digests in notes:
            names = codes.split("\n")
            if len(digests) != 8 * len(names):
                continue  # damaged: only a shortcut, so planned in full
            for code, digest in zip(names, struct.unpack(f"<{len(names)}q", digests), strict=True):
                if rev_of.get(code) == rev:
                    unchanged[digest] = code
        return unchanged

    # -- metadata -------------------------------------------------------------------------------

    def get_meta(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str | None) -> None:
        """Set (or with None, delete) a local entry of meta, which is never synced. In write()."""
        if not self._in_write:
            raise RuntimeError("set_meta() needs an open write() transaction")
        if value is None:
            self.conn.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            self._set_meta(key, value)

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
            "notices": [tuple(r) for r in self.conn.execute(
                "SELECT n.*, a.acked_by, a.at_ms FROM notices n "
                "LEFT JOIN notice_acks a ON a.notice_id = n.id ORDER BY n.id")],
        }


def is_busy(exc: sqlite3.Error) -> bool:
    """The error says another connection holds the database (locked, busy)."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _check_operation(op: Operation) -> None:
    """An operation from elsewhere has the shape ours have, or the whole batch is refused."""
    if not (isinstance(op.id, str) and 0 < len(op.id) <= 64 and isinstance(op.device, str)
            and 0 < len(op.device) <= 64 and isinstance(op.kind, str) and isinstance(op.payload, dict)
            and isinstance(op.hlc, int) and not isinstance(op.hlc, bool) and 0 < op.hlc < 2**63):
        raise MalformedOperation(f"malformed operation {str(op.id)[:64]!r}")


def dump_payload(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
