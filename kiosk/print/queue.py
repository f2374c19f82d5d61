"""The print queue: jobs are on disk before anything prints, and none is ever dropped.

queued → printing → done, or failed (with attempts and the printer's error) and retried with
backoff until the printer is back. A job left 'printing' by a crash is queued again when the
queue starts. Each device prints only its own jobs; a printed badge is an operation, so every
desk can say "printed at 09:14 on Desk 2" before printing it again.
"""

from __future__ import annotations

import random
import shutil
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.attendees.checkin import Desk
from kiosk.core.errors import RefusedError
from kiosk.core.hlc import wall_ms
from kiosk.core.model import iso_local
from kiosk.core.private import private_dir, remember_written
from kiosk.print.backends import PrintError, make_backend
from kiosk.print.backends.base import Backend, Document
from kiosk.print.draw.badge_pdf import BadgeRenderer
from kiosk.print.draw.layout import load_layout
from kiosk.print.printers import PrinterConfig, PrinterRegistry
from kiosk.store.event_store import EventStore

DEFAULT_LAYOUT = "badge-4x3"
MAX_BACKOFF_MS = 60_000
RENDERING_FOLDER = "rendering"  # in the event's folder: a job's PDF lives there only while it prints
STALE_RENDERING_S = 600  # a job folder this old is a crash's leftover even if its job says 'printing'


@dataclass(frozen=True)
class Job:
    id: str
    kind: str
    code: str
    printer: str
    layout: str
    state: str
    attempts: int
    error: str
    queued_ms: int
    next_try_ms: int
    done_ms: int | None

    def to_json(self) -> dict:
        return {"id": self.id, "kind": self.kind, "code": self.code, "printer": self.printer,
                "layout": self.layout, "state": self.state, "attempts": self.attempts,
                "error": self.error, "queued": iso_local(self.queued_ms),
                "done": iso_local(self.done_ms) if self.done_ms else None}


@dataclass(frozen=True)
class PreviousPrint:
    at_ms: int
    device: str

    def to_json(self) -> dict:
        return {"at": iso_local(self.at_ms), "device": self.device}


class AlreadyPrinted(RefusedError):
    """Reprints are explicit: the desk is asked first."""

    def __init__(self, code: str, previous: list[PreviousPrint]) -> None:
        last = previous[-1]
        super().__init__(f"badge for {code} was printed at {iso_local(last.at_ms)[11:16]} on "
                         f"{last.device}; print again to confirm")
        self.previous = previous


def backoff_ms(attempts: int) -> int:
    """1, 2, 4 … 60 s, with jitter so several desks do not hammer a printer in step."""
    return int(min(MAX_BACKOFF_MS, 1000 * 2 ** max(0, attempts - 1)) * random.uniform(0.8, 1.2))


# How a kind of job other than a badge is drawn: (store, the job's code, the PDF to write).
Renderer = Callable[[EventStore, str, Path], Document]


class PrintQueue:
    def __init__(self, store: EventStore, registry: PrinterRegistry,
                 backend_for: Callable[[PrinterConfig], Backend] = make_backend,
                 renderers: Mapping[str, Renderer] | None = None,
                 clock: Callable[[], int] = wall_ms) -> None:
        self.store = store
        self.registry = registry
        self.backend_for = backend_for
        self.renderers = dict(renderers or {})  # job kinds other than badges: slips, grid lists
        self.clock = clock
        # Inside the event's own folder (owner-only, erased with the event), never the system's
        # temp folder: each job's PDF is deleted once it printed or failed (a retry draws it again).
        self._work_dir = self.store.path.parent / RENDERING_FOLDER
        self._clean_work_dir(keep_printing=True)

    # -- asking for prints ----------------------------------------------------------------------

    def previous_prints(self, code: str) -> list[PreviousPrint]:
        rows = self.store.conn.execute(
            "SELECT at_ms, device FROM badge_prints WHERE code = ? ORDER BY at_ms", (code,))
        return [PreviousPrint(r[0], r[1]) for r in rows]

    def enqueue_badge(self, code: str, printer: str | None = None, again: bool = False) -> Job:
        desk = Desk(self.store)
        _, found = desk.lookup(code)
        if found is None:
            raise RefusedError(f"unknown ticket {code!r}")
        config = self.registry.get(printer) if printer else self.registry.for_purpose("badges")
        with self.store.write():
            previous = self.previous_prints(found)
            pending = self.store.conn.execute(
                "SELECT 1 FROM print_queue WHERE code = ? AND kind = 'badge' AND state IN "
                "('queued', 'printing', 'failed')", (found,)).fetchone()
            if previous and not again:
                raise AlreadyPrinted(found, previous)
            if pending and not again:
                raise RefusedError(f"a badge for {found} is already waiting to print")
            job = str(uuid.uuid4())
            self.store.record("print.queued", {
                "job": job, "kind": "badge", "code": found, "printer": config.name,
                "layout": config.layout or DEFAULT_LAYOUT, "device_name": self.store.device_name,
            })
        return self.job(job)

    def enqueue_slip(self, session_id: str, printer: str | None = None) -> Job:
        """A session slip for the wall or the convener (slips may be printed as often as asked).

        The caller names a session of this event's grid; one that is gone fails at printing."""
        config = self.registry.get(printer) if printer else self.registry.for_purpose("slips")
        job = str(uuid.uuid4())
        with self.store.write():
            self.store.record("print.queued", {
                "job": job, "kind": "slip", "code": session_id, "printer": config.name, "layout": "",
                "device_name": self.store.device_name,
            })
        return self.job(job)

    def enqueue_grid_list(self, printer: str | None = None) -> Job:
        """The day's grid as a list, slot by slot, for a thermal printer (or a PDF elsewhere)."""
        config = self.registry.get(printer) if printer else self.registry.for_purpose("slips")
        job = str(uuid.uuid4())
        with self.store.write():
            self.store.record("print.queued", {
                "job": job, "kind": "gridlist", "code": "", "printer": config.name, "layout": "",
                "device_name": self.store.device_name,
            })
        return self.job(job)

    # -- the queue ------------------------------------------------------------------------------

    def job(self, job_id: str) -> Job:
        row = self.store.conn.execute(f"SELECT {_JOB_COLUMNS} FROM print_queue WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            raise RefusedError(f"no print job {job_id}")
        return Job(*row)

    def jobs(self, states: tuple[str, ...] | None = None, limit: int = 200) -> list[Job]:
        sql = f"SELECT {_JOB_COLUMNS} FROM print_queue WHERE device = ?"
        params: list = [self.store.device_id]
        if states:
            sql += f" AND state IN ({', '.join('?' * len(states))})"
            params += list(states)
        rows = self.store.conn.execute(sql + " ORDER BY queued_ms DESC LIMIT ?", [*params, limit])
        return [Job(*r) for r in rows]

    def recover(self) -> int:
        """Jobs a crash left 'printing' go back in the queue (a badge may come out twice; none is lost)."""
        with self.store.write():
            count = self.store.conn.execute(
                "UPDATE print_attempts SET state = 'queued', next_try_ms = 0 WHERE state = 'printing' "
                "AND job_id IN (SELECT id FROM print_jobs WHERE device = ? AND done_ms IS NULL)",
                (self.store.device_id,)).rowcount
        self._clean_work_dir(keep_printing=False)
        return count

    def waiting(self) -> int:
        return self.store.conn.execute(
            "SELECT COUNT(*) FROM print_queue WHERE device = ? AND state IN ('queued', 'failed')",
            (self.store.device_id,)).fetchone()[0]

    def run_once(self, job_id: str | None = None) -> Job | None:
        """Print the next due job (or the named one); returns it with its new state."""
        now = self.clock()
        with self.store.write():
            sql = (f"SELECT {_JOB_COLUMNS} FROM print_queue WHERE device = ? AND state IN ('queued', 'failed') "
                   "AND next_try_ms <= ?")
            params: list = [self.store.device_id, now]
            if job_id:
                sql, params = sql + " AND id = ?", [*params, job_id]
            row = self.store.conn.execute(sql + " ORDER BY queued_ms LIMIT 1", params).fetchone()
            if row is None:
                return None
            job = Job(*row)
            self._progress(job.id, "state = 'printing', attempts = attempts + 1")
        try:
            config = self.registry.get(job.printer)
            note = self.backend_for(config).print_document(self._render(job))
        except (PrintError, RefusedError) as exc:
            message = " ".join(getattr(exc, "message", str(exc)).split())[:500]
            with self.store.write():
                self._progress(job.id, "state = 'failed', error = ?, next_try_ms = ?",
                               message, self.clock() + backoff_ms(job.attempts + 1))
            return self.job(job.id)
        finally:
            self._discard(job.id)
        if config.scheme == "pdf":  # the PDF folder's file is this event's: erasing it removes it
            remember_written(self.store.path.parent, "print", Path(note))
        with self.store.write():
            self.store.record("print.done", {"job": job.id, "code": job.code, "at_ms": self.clock(),
                                             "device": self.store.device_name, "printer": job.printer,
                                             "note": note[:200]})
        return self.job(job.id)

    def print_now(self, job_id: str) -> Job:
        """Try one job at once, ignoring its backoff (the CLI, a 'retry now' button)."""
        with self.store.write():
            self._progress(job_id, "next_try_ms = 0", only_if="state = 'failed'")
        result = self.run_once(job_id)
        return result or self.job(job_id)

    def cancel(self, job_id: str) -> None:
        with self.store.write():
            if self.job(job_id).state in ("queued", "failed"):
                self._progress(job_id, "state = 'cancelled'")

    def _progress(self, job_id: str, changes: str, *values: object, only_if: str = "1") -> None:
        """Change this device's local progress on a job (never synced); call inside write()."""
        self.store.conn.execute("INSERT OR IGNORE INTO print_attempts (job_id) VALUES (?)", (job_id,))
        self.store.conn.execute(f"UPDATE print_attempts SET {changes} WHERE job_id = ? AND {only_if}",
                                (*values, job_id))

    def _clean_work_dir(self, keep_printing: bool) -> None:
        """Delete what a crash left in the rendering folder; with keep_printing, not the job
        another queue on this device (the desk's print thread) is printing right now."""
        try:
            entries = list(self._work_dir.iterdir())
        except OSError:
            return
        live: set[str] = set()
        if keep_printing:
            live = {r[0] for r in self.store.conn.execute(
                "SELECT id FROM print_queue WHERE device = ? AND state = 'printing'", (self.store.device_id,))}
        now = time.time()
        for entry in entries:
            try:
                fresh = now - entry.lstat().st_mtime < STALE_RENDERING_S
            except OSError:
                continue
            if not (entry.name in live and fresh):
                _remove(entry)

    def _job_dir(self, job: Job) -> Path:
        try:
            return private_dir(self._work_dir / job.id)
        except OSError as exc:
            raise PrintError(f"cannot draw the page in {self._work_dir}: {exc.strerror or exc}") from exc

    def _discard(self, job_id: str) -> None:
        _remove(self._work_dir / job_id)

    def _render(self, job: Job) -> Document:
        if job.kind != "badge":
            render = self.renderers.get(job.kind)
            if render is None:
                raise PrintError(f"this desk cannot print a {job.kind} (the app that opened the event gave "
                                 "no way to draw one)")
            return render(self.store, job.code, self._job_dir(job) / f"{job.kind}.pdf")
        attendee = Desk(self.store).attendee(job.code)
        if attendee is None:
            raise PrintError(f"ticket {job.code} is not in this event")
        layout = load_layout(job.layout or DEFAULT_LAYOUT, self.registry.data.root)
        out = self._job_dir(job) / "badge.pdf"
        BadgeRenderer(layout, self.store.event_info().get("name", "")).write([attendee], out)
        return Document(out, layout.width, layout.height, f"badge-{attendee.display_name}",
                        layout.brother_label)


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass


_JOB_COLUMNS = ("id, kind, code, printer, layout, state, attempts, error, queued_ms, next_try_ms, done_ms")


def wait_for(queue: PrintQueue, job_id: str, timeout_s: float = 60) -> Job:
    """Print a job now and report done or failed (the CLI's default, so it prints with no window)."""
    deadline = time.monotonic() + timeout_s
    job = queue.print_now(job_id)
    while job.state in ("queued", "printing") and time.monotonic() < deadline:
        time.sleep(0.2)
        job = queue.job(job_id)
    return job
