"""Writes an import in short transactions, one `attendee.import` operation each, one import at a time.

A desk keeps checking people in while a big list imports: each chunk of up to 1,000 attendees is
its own transaction of a few milliseconds, and between chunks the import pauses so a check-in
waiting from another window or process takes its turn (see EventStore.write).

Only one import runs on an event at a time: `import_lock` keeps a row in the event's local meta
with the importing process (pid, host) and a heartbeat that each chunk moves. A second import
is refused in words. The lock of an import that crashed or was killed (its process is gone, or
its heartbeat is older than STALE_S) is taken over by the next one.

What an interrupted import leaves: the chunks written before it stopped (attendees appear chunk
by chunk, as they would from a hub). Running the same import again completes it: the rows
already in are unchanged and write nothing, the others are imported. The lock row says which
file stopped where, so the next import (and `interrupted_import`) can say so.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import operator
import os
import socket
import sqlite3
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.core.errors import RefusedError, StorageError
from kiosk.core.gcpause import gc_paused
from kiosk.importer.planned import IMPORT_CHUNK, IMPORT_CHUNK_BYTES, Plan, PlannedRows, entry_chunks
from kiosk.store.event_store import BUSY_WAIT_S, EventStore, is_busy

LOCK_KEY = "import.lock"
FILE_KEY = "import.file"  # the file the last import wrote whole, while nothing changed since
STALE_S = 120.0   # a heartbeat older than this is a dead import's, whatever its pid says
# Between chunks, sleep(0): another thread of this process may take the GIL, and the database. A
# write that waits says so and is let go first (yield_to_waiting_writes): no longer pause is needed.
PAUSE_S = 0.0

Progress = Callable[[int, int], bool]  # (done, total) → False to cancel


# A row's digest: CRC-32 and Adler-32 of its text side by side, 64 bits. Not a secret and not
# proof against a file made to collide (a row that did would only be left as it was), but any
# change a person or an export makes shows, and both run in C, a block of rows at a time without
# a Python step a row (SHA-1 took 1.2 us a row: 0.12 s of a 100k import).
_encode = operator.methodcaller("encode", "utf-8", "surrogatepass")
_SIGNED = 1 << 63  # into SQLite's signed 64 bits


class RowDigests:
    """Re-importing an unchanged file without planning it again.

    When an import writes a row, the digest of the file's row (its cells, keyed with the file's
    layout: headers, mapping, format) is noted for that attendee on this laptop (EventStore.
    note_imported_rows). Importing a file again, a row whose digest is still noted for an
    attendee nobody changed since says what the last import said: it is unchanged, without
    cleaning, comparing or decoding anything. A row that was refused or warned about is never
    noted, so its problem is reported again; anything else goes through the full planner.
    """

    VERSION = b"2"  # change it when the planner reads a row differently: every note lapses

    def __init__(self, store: EventStore | None, layout: object, path: Path | None = None) -> None:
        layout_key = hashlib.sha256(self.VERSION + repr(layout).encode("utf-8", "surrogatepass")).digest()
        self._key = int.from_bytes(layout_key[:8], "little", signed=True)
        self._store = store
        self._unchanged: dict[int, str] | None = None
        # The whole file, and the state it is planned against (see known_file_rows).
        self.file_key = ""
        if path is not None:
            try:
                with open(path, "rb") as fh:
                    self.file_key = hashlib.sha256(layout_key + hashlib.file_digest(fh, "sha256").digest()).hexdigest()
            except OSError:
                pass  # gone since it was read: planned row by row, which says so in words
        self.based_on_rev = store.attendee_rev() if store is not None else -1

    @property
    def unchanged(self) -> dict[int, str]:
        """digest → code of the rows an import on this laptop wrote that nobody changed since."""
        if self._unchanged is None:
            self._unchanged = self._store.unchanged_imported_rows() if self._store is not None else {}
        return self._unchanged

    def known_file_rows(self) -> int | None:
        """The number of rows of this very file (same bytes, same layout) when the last import on
        this laptop was of it, planned clean (no row refused or warned about, no code made) and
        written whole, and no attendee has changed since (the change counter is where that import
        left it): planning it again would find every row unchanged, so it is not planned again."""
        if self._store is None or not self.file_key:
            return None
        try:
            known = json.loads(self._store.get_meta(FILE_KEY, "") or "{}")
        except ValueError:
            return None
        if not isinstance(known, dict):
            return None
        if known.get("key") == self.file_key and known.get("rev") == self.based_on_rev:
            rows = known.get("rows")
            return rows if type(rows) is int else None
        return None

    def digest(self, joined: str) -> int:
        """The digest of one row's cells, joined as the planner joins them, and of the layout: 64
        bits as an int, a key that hashes fast (see _encode above)."""
        return self.digest_many([joined])[0]

    def digest_many(self, joined: Iterable[str]) -> list[int]:
        """digest() of each row's joined cells."""
        data = list(map(_encode, joined))
        return list(map(self._key.__xor__, map(operator.sub, map(operator.or_, map(
            operator.lshift, map(zlib.crc32, data), itertools.repeat(32)), map(zlib.adler32, data)),
            itertools.repeat(_SIGNED))))


@dataclass
class ImportLock:
    """Who is importing what, and how far it got (the meta row's content)."""

    pid: int
    host: str
    file: str
    started_ms: int
    heartbeat_ms: int
    rows: int = 0
    done: int = 0

    @classmethod
    def parse(cls, text: str) -> ImportLock | None:
        try:
            fields = json.loads(text)
            return cls(**{k: fields[k] for k in ("pid", "host", "file", "started_ms", "heartbeat_ms",
                                                 "rows", "done")})
        except (ValueError, TypeError, KeyError):
            return None  # damaged: treated as no lock

    def text(self) -> str:
        return json.dumps(asdict(self))

    def alive(self, now_ms: int) -> bool:
        if now_ms - self.heartbeat_ms > STALE_S * 1000:
            return False
        if self.host != socket.gethostname() or self.pid == os.getpid():
            return True
        return _pid_alive(self.pid)

    def describe(self) -> str:
        started = time.strftime("%H:%M", time.localtime(self.started_ms / 1000))
        return f"{self.file} (started {started}, process {self.pid})"


def _pid_alive(pid: int) -> bool:
    if sys.platform == "win32":
        return True  # os.kill would end the process there: rely on the heartbeat
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _now_ms() -> int:
    return int(time.time() * 1000)


def interrupted_import(store: EventStore) -> ImportLock | None:
    """The import that stopped part-way and was not run again to the end, if any."""
    lock = ImportLock.parse(store.get_meta(LOCK_KEY, ""))
    return lock if lock is not None and not lock.alive(_now_ms()) else None


class ImportRun:
    """An event's import lock, held: write the rows with `write`."""

    def __init__(self, store: EventStore, lock: ImportLock, interrupted: ImportLock | None) -> None:
        self.store = store
        self.lock = lock
        self.interrupted = interrupted  # the earlier import this one takes over from, if any
        # The attendees' change counter as this import left it (as its plan saw it, at first);
        # `foreign` once anyone else changed an attendee in between.
        self.expected_rev = -1
        self.foreign = False

    def write(self, rows: Iterable[dict], progress: Progress | None = None) -> None:
        """Write attendee rows ({"code", "set"}) as attendee.import operations, a transaction each."""
        store, lock = self.store, self.lock
        planned = PlannedRows.of(rows)
        origin = planned.origin
        if origin is not None:
            self.expected_rev = origin.based_on_rev
        lock.rows, lock.done = len(planned), 0
        # Durable when the import ends: its last transaction (remember_file, or releasing the
        # lock) commits at FULL before the import is reported done.
        with gc_paused(), store.deferred_sync():
            # In code order, each chunk adds to a few neighbouring pages of the code indexes; in
            # file order (random codes) every chunk rewrote most of them, and 100 commits wrote
            # each page 100 times: 2x slower than one transaction, now about the same. A row's
            # text starts with its code ({"code":"…), so sorting the texts sorts by code.
            for payload, text, notes in itertools.chain(planned.column_chunks(), planned.text_chunks()):
                if progress is not None and progress(lock.done, lock.rows) is False:
                    raise RefusedError(f"import cancelled after {lock.done:,} of {lock.rows:,} attendees; "
                                       "import the file again to complete it")
                lock.done += len(payload["rows"])
                lock.heartbeat_ms = _now_ms()
                store.yield_to_waiting_writes()  # a check-in waiting for the database goes first
                with store.write():
                    if store.attendee_rev() != self.expected_rev:
                        self.foreign = True
                    store.record_many("attendee.import", [payload], texts=[text])
                    if notes:
                        store.note_imported_rows(notes)
                    store.set_meta(LOCK_KEY, lock.text())
                    self.expected_rev = store.attendee_rev()
                time.sleep(PAUSE_S)
        if progress is not None:
            progress(lock.done, lock.rows)
        if origin is not None:
            self.remember_file(origin)

    def remember_file(self, plan: Plan) -> None:
        """After writing a plan whole: note the file for RowDigests.known_file_rows, when
        planning it again against what is now stored would find every row unchanged."""
        if (not plan.file_key or self.foreign or plan.errors or plan.warnings or plan.generated
                or self.lock.done < self.lock.rows):
            return
        with self.store.write():
            if self.store.attendee_rev() == self.expected_rev:
                self.store.set_meta(FILE_KEY, json.dumps({"key": plan.file_key, "rows": plan.rows,
                                                          "rev": self.expected_rev}))


@contextmanager
def import_lock(store: EventStore, file_name: str) -> Iterator[ImportRun]:
    """Hold the event's import lock, or refuse in words when another import holds it.

    Inside, a database failure comes out as a StorageError that says what to do.
    """
    with storage_in_words(file_name):
        now = _now_ms()
        lock = ImportLock(os.getpid(), socket.gethostname(), file_name, now, now)
        with store.write():
            held = ImportLock.parse(store.get_meta(LOCK_KEY, ""))
            if held is not None and held.alive(now):
                raise RefusedError(
                    f"another import is running on this event: {held.describe()}, "
                    f"{held.done:,} of {held.rows:,} attendees written. Wait for it to finish, "
                    "then import again.")
            store.set_meta(LOCK_KEY, lock.text())
        run = ImportRun(store, lock, held)
        try:
            yield run
        finally:
            _release(store, lock)


def _release(store: EventStore, lock: ImportLock) -> None:
    try:
        with store.write():
            store.forget_stale_import_digests()
            held = ImportLock.parse(store.get_meta(LOCK_KEY, ""))
            if held is not None and (held.pid, held.started_ms) == (lock.pid, lock.started_ms):
                # Left in place when the import failed part-way: the next one says it completes it.
                if lock.done >= lock.rows:
                    store.set_meta(LOCK_KEY, None)
                else:
                    lock.heartbeat_ms = 0
                    store.set_meta(LOCK_KEY, lock.text())
    except sqlite3.Error:
        pass  # a lock left behind is taken over once its process is gone


@contextmanager
def storage_in_words(file_name: str) -> Iterator[None]:
    """A database failure during an import becomes a StorageError with what to do next."""
    try:
        yield
    except sqlite3.Error as exc:
        if is_busy(exc):
            raise StorageError(
                f"the event's data stayed busy for over {BUSY_WAIT_S:.0f} s (another program is "
                f"writing to it), so importing {file_name} stopped. What was written is kept; "
                "import the file again to complete it.") from exc
        raise StorageError(f"importing {file_name} stopped: the event's data could not be saved "
                           f"({exc}). What was written is kept; import the file again to complete "
                           "it.") from exc


def apply_import(store: EventStore, plan: Plan, progress: Progress | None = None) -> ImportRun:
    """Write a plan under the event's import lock (refused while another import runs)."""
    with import_lock(store, plan.file or "the file") as run:
        run.write(plan.creates + plan.updates, progress)
    return run


def record_import(store: EventStore, rows: Iterable[dict]) -> None:
    """Write attendee rows ({"code", "set"}) in one transaction (the demo event, tests)."""
    chunks = import_chunks(rows)
    with store.write():
        store.record_many("attendee.import", [{"rows": c} for c, _ in chunks], [t for _, t in chunks])


def import_chunks(rows: Iterable[dict]) -> list[tuple[list[dict], str]]:
    """Rows cut into operations of at most IMPORT_CHUNK rows and IMPORT_CHUNK_BYTES characters,
    each with its payload as stored."""
    return [(payload["rows"], text) for payload, text, _ in entry_chunks(PlannedRows.of(rows).texts())]


__all__ = ["IMPORT_CHUNK", "IMPORT_CHUNK_BYTES", "ImportRun", "PlannedRows", "RowDigests", "apply_import",
           "import_chunks", "import_lock", "record_import"]
