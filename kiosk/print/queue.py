"""The print queue: jobs are on disk before anything prints, and none is ever dropped.

queued → printing → done, or failed (with attempts and the printer's error) and retried with
backoff until the printer is back. "Done" means the printer took the job (see the backends).

A job that may have printed is never printed again blind: one a crash left 'printing', or one the
printer took but then reported a problem with (out of paper with the badge in its buffer, no
"printed" answer), is held: 'failed' with next_try_ms at HELD_MS, so no retry picks it up. It
counts as a possible print for the reprint guard (previous_prints, AlreadyPrinted), so the kiosk
sends the person to the desk and the desk asks staff; printing it again (enqueue_badge with
again=True, `kiosk print badge CODE --again`, or reprint()) or confirm_printed() settles it.
Each device prints only its own jobs; a printed badge is an operation, so every desk can say
"printed at 09:14 on Desk 2" before printing it again.
"""

from __future__ import annotations

import dataclasses
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
from kiosk.print.draw.mono import badge_marks
from kiosk.print.printers import PrinterConfig, PrinterRegistry
from kiosk.store.event_store import EventStore

DEFAULT_LAYOUT = "badge-4x3"
MAX_BACKOFF_MS = 60_000
RENDERING_FOLDER = "rendering"  # in the event's folder: a job's PDF lives there only while it prints
STALE_RENDERING_S = 600  # a job folder this old is a crash's leftover even if its job says 'printing'
HELD_MS = 1 << 62  # next_try_ms of a job that waits for staff to decide: no retry is ever due
# next_try_ms of a job refused for what it holds (a name no font covers): trying again by itself
# cannot help, so it waits for staff to retry it (after installing a font) or print it another way.
UNTIL_RETRIED_MS = HELD_MS - 1
INTERRUPTED = "Interrupted while printing: it may have printed. Print again?"


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

    @property
    def held(self) -> bool:
        """It may have printed: it waits for staff to print it again (or say it printed)."""
        return self.state == "failed" and self.next_try_ms >= HELD_MS

    @property
    def refused(self) -> bool:
        """Refused for what it holds (a name no font covers): never tried again by itself."""
        return self.state == "failed" and self.next_try_ms == UNTIL_RETRIED_MS

    def to_json(self) -> dict:
        return {"id": self.id, "kind": self.kind, "code": self.code, "printer": self.printer,
                "layout": self.layout, "state": self.state, "attempts": self.attempts,
                "error": self.error, "queued": iso_local(self.queued_ms),
                "done": iso_local(self.done_ms) if self.done_ms else None, "needs_decision": self.held}


@dataclass(frozen=True)
class PreviousPrint:
    at_ms: int
    device: str
    uncertain: bool = False  # a held job on this device: it may have printed

    def to_json(self) -> dict:
        return {"at": iso_local(self.at_ms), "device": self.device, "uncertain": self.uncertain}


class AlreadyPrinted(RefusedError):
    """Reprints are explicit: the desk is asked first."""

    def __init__(self, code: str, previous: list[PreviousPrint]) -> None:
        last = previous[-1]
        if last.uncertain:
            super().__init__(f"badge for {code} may have printed at {iso_local(last.at_ms)[11:16]} on "
                             f"{last.device} (it was interrupted or not confirmed); print again to confirm")
        else:
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
        """Badges printed for this code on any desk, and this device's held jobs that may have."""
        rows = self.store.conn.execute(
            "SELECT at_ms, device, 0 FROM printed_badges WHERE code = ? UNION ALL "
            "SELECT queued_ms, device_name, 1 FROM print_queue WHERE code = ? AND kind = 'badge' "
            "AND device = ? AND state = 'failed' AND next_try_ms >= ? ORDER BY 1",
            (code, code, self.store.device_id, HELD_MS))
        return [PreviousPrint(r[0], r[1], bool(r[2])) for r in rows]

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
            held = [r[0] for r in self.store.conn.execute(
                "SELECT id FROM print_queue WHERE device = ? AND code = ? AND kind = 'badge' AND state = 'failed' "
                "AND next_try_ms >= ? ORDER BY queued_ms DESC", (self.store.device_id, found, HELD_MS))]
            if held:  # staff chose to print again a badge that may have printed: that job goes, once
                for extra in held[1:]:
                    self._progress(extra, "state = 'cancelled'")
                self._progress(held[0], "state = 'queued', next_try_ms = 0, error = ''")
                return self.job(held[0])
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
        """Jobs a crash left 'printing' are held for staff: the printer may have printed them, so
        printing them again blind could give two badges. Call it once, when the app starts."""
        with self.store.write():
            count = self.store.conn.execute(
                "UPDATE print_attempts SET state = 'failed', error = ?, next_try_ms = ? WHERE state = 'printing' "
                "AND job_id IN (SELECT id FROM print_jobs WHERE device = ? AND done_ms IS NULL)",
                (INTERRUPTED, HELD_MS, self.store.device_id)).rowcount
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
            held = getattr(exc, "maybe_printed", False)  # the printer has it: a retry could print two
            if held:
                next_try = HELD_MS
            elif isinstance(exc, RefusedError):
                next_try = UNTIL_RETRIED_MS
            else:
                next_try = self.clock() + backoff_ms(job.attempts + 1)
            with self.store.write():
                self._progress(job.id, "state = 'failed', error = ?, next_try_ms = ?",
                               message.rstrip(".") + (". Print again?" if held else ""), next_try)
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
        """Try one job at once, ignoring its backoff (the CLI, a 'retry now' button); a held job
        stays held (reprint() is the staff's decision)."""
        with self.store.write():
            self._progress(job_id, "next_try_ms = 0", only_if=f"state = 'failed' AND next_try_ms < {HELD_MS}")
        result = self.run_once(job_id)
        return result or self.job(job_id)

    def reprint(self, job_id: str) -> Job:
        """Staff say a held job did not print: it goes back in the queue (the desk's "print again")."""
        with self.store.write():
            if not self.job(job_id).held:
                raise RefusedError(f"print job {job_id} is not waiting for a decision")
            self._progress(job_id, "state = 'queued', next_try_ms = 0, error = ''")
        return self.job(job_id)

    def confirm_printed(self, job_id: str) -> Job:
        """Staff say a held job did print: it is recorded as printed, like any printed badge."""
        with self.store.write():
            job = self.job(job_id)
            if not job.held:
                raise RefusedError(f"print job {job_id} is not waiting for a decision")
            self.store.record("print.done", {"job": job.id, "code": job.code, "at_ms": self.clock(),
                                             "device": self.store.device_name, "printer": job.printer,
                                             "note": "staff confirmed it printed"})
        return self.job(job_id)

    def cancel(self, job_id: str) -> None:
        """Drop a job that has not printed; a held one stays (it may be in the printer: the desk decides)."""
        with self.store.write():
            job = self.job(job_id)
            if job.state in ("queued", "failed") and not job.held:
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
        if layout.sheet and self.registry.get(job.printer).scheme not in ("system", "pdf"):
            layout = dataclasses.replace(layout, sheet=None)  # a label printer prints one badge a label
        out = self._job_dir(job) / "badge.pdf"
        event_name = self.store.event_info().get("name", "")
        BadgeRenderer(layout, event_name).write([attendee], out)
        # The Document's size is the PDF's own page: a sheet layout's A4, not one badge's size,
        # or a system printer would squash the whole sheet onto a badge-sized page.
        page_w, page_h = layout.page_size
        return Document(out, page_w, page_h, f"badge-{attendee.display_name}", layout.brother_label,
                        marks=badge_marks(layout, attendee, event_name))  # for 1-bit printers (mono.py)


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
