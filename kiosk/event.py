"""One open event, as the desk, the kiosk, the grid window, the command line and the hub use it.

Screens and commands reach the engine through this façade: they run no SQL and see no sqlite3
error, only the engine's own errors with words for people (a StorageError when the disk or the
database fails). It owns the event's store and builds, once, what works on it: the check-in desk
(with the auto-print rule), search, statistics, printers and the print queue, the grid editor,
settings, and what happens when the organisers revoke this laptop.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from kiosk.attendees.checkin import CheckinResult, Desk, UndoResult
from kiosk.attendees.stats import Stats, checked_in_at, compute_stats
from kiosk.core.errors import KioskError, RefusedError, StorageError
from kiosk.core.model import Attendee
from kiosk.core.private import remember_written
from kiosk.selfservice.rules import ForgottenLookup, lookup_forgotten
from kiosk.store.datadir import DataDir
from kiosk.store.event_store import EventStore
from kiosk.store.settings import Settings

if TYPE_CHECKING:
    from kiosk.attendees.fields import Question
    from kiosk.attendees.needs_export import NeedsBriefing
    from kiosk.attendees.notices import Notice
    from kiosk.attendees.search import SearchIndex
    from kiosk.grid.editor import GridEditor
    from kiosk.print.printers import PrinterRegistry
    from kiosk.print.queue import Job, PrintQueue

P = ParamSpec("P")
R = TypeVar("R")


def in_words(fn: Callable[P, R]) -> Callable[P, R]:
    """A database failure becomes a StorageError that says what happened and what to do."""
    @functools.wraps(fn)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except sqlite3.Error as exc:
            raise StorageError(storage_words(exc)) from exc
    return guarded


def storage_words(exc: sqlite3.Error) -> str:
    text = str(exc).lower()
    if "full" in text:
        return "The laptop's disk is full, so nothing more can be saved. Free some space, then try again."
    if "locked" in text or "busy" in text:
        return "The event's data is busy (another window or an import is saving). Try again in a moment."
    return f"The event's data could not be read or saved ({exc}). Try again; if it keeps happening, restart the app."


@dataclass
class Arrival:
    """A check-in, and the badge it sent to the printer when the auto-print rule asked for one."""

    result: CheckinResult
    badge_job: Job | None = None
    print_problem: str = ""
    notice_id: str | None = None  # a notice raised for the desks (a self-service admission)


class OpenEvent:
    """An event's store with everything that works on it; close it when done (or use `with`)."""

    def __init__(self, data: DataDir, store: EventStore, printers: PrinterRegistry | None = None) -> None:
        self.data = data
        self.store = store
        self.desk = Desk(store)
        self._search: SearchIndex | None = None
        self._printers = printers  # a window that switches events keeps its one registry
        self._queue: PrintQueue | None = None
        self._grid: GridEditor | None = None

    @classmethod
    @in_words
    def open(cls, data: DataDir, slug: str, device_name: str | None = None) -> OpenEvent:
        return cls(data, data.open(slug, device_name))

    @classmethod
    @in_words
    def current(cls, data: DataDir, device_name: str | None = None) -> OpenEvent:
        return cls(data, data.open_current(device_name))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> OpenEvent:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what it is ------------------------------------------------------------------------------

    @property
    def slug(self) -> str:
        return self.data.slug_of(self.store.path)

    @property
    def device_name(self) -> str:
        return self.store.device_name

    @in_words
    def info(self) -> dict[str, str]:
        return self.store.event_info()

    @property
    def settings(self) -> Settings:
        return Settings.load(self.data)

    def save_settings(self, **changes: object) -> Settings:
        return self.settings.save(self.data, **changes)

    @in_words
    def log_size(self) -> int:
        """Grows with every operation recorded or received: screens redraw when it moves."""
        return self.store.log_size()


    # -- attendees -------------------------------------------------------------------------------

    @in_words
    def check_in(self, raw: str, auto_print: bool = True, in_person: bool = False) -> Arrival:
        """Admit a scan or a search hit; then print a badge if this desk's setting says so.
        `in_person` admits someone registered to join online (their attendance becomes both)."""
        result = self.desk.check_in(raw, in_person=True) if in_person else self.desk.check_in(raw)
        return self._arrive(result, auto_print)

    @in_words
    def walk_in(self, *, auto_print: bool = True, **fields: str) -> Arrival:
        """Register someone without a ticket and admit them; a badge as for any check-in."""
        return self._arrive(self.desk.walk_in(**fields), auto_print)

    def _arrive(self, result: CheckinResult, auto_print: bool) -> Arrival:
        # The auto-print rule, one place for desk and walk-ins: "first" prints only a badge that
        # no desk has printed yet; a repeat read of one scan never prints twice.
        arrival = Arrival(result)
        mode = self.settings.auto_print if auto_print else "never"
        if result.ok and not result.repeat and result.code and mode != "never":
            if mode == "always" or not self.print_queue.previous_prints(result.code):
                try:
                    arrival.badge_job = self.print_queue.enqueue_badge(result.code, again=True)
                except KioskError as exc:
                    arrival.print_problem = exc.message
        return arrival

    @in_words
    def undo(self, raw: str) -> UndoResult:
        return self.desk.undo(raw)

    @in_words
    def edit(self, code: str, **fields: str) -> Attendee:
        return self.desk.edit(code, **fields)

    @in_words
    def find(self, raw: str) -> Attendee:
        """The attendee a code or ticket URL names; RefusedError when there is none."""
        _, found = self.desk.lookup(raw)
        attendee = self.desk.attendee(found) if found else None
        if attendee is None:
            raise RefusedError(f"unknown ticket {raw!r}")
        return attendee

    @in_words
    def attendee(self, code: str) -> Attendee | None:
        return self.desk.attendee(code)

    @in_words
    def ticket_types(self) -> list[str]:
        return self.store.ticket_types()

    @in_words
    def attendee_count(self) -> int:
        return self.store.attendee_count()

    @property
    def search_index(self) -> SearchIndex:
        if self._search is None:
            from kiosk.attendees.search import SearchIndex

            self._search = SearchIndex(self.store)
        return self._search

    @in_words
    def stats(self) -> Stats:
        return compute_stats(self.store)

    @in_words
    def checked_in_here(self) -> int:
        """Admissions recorded under this desk's name (the kiosk's staff screen shows them)."""
        return checked_in_at(self.store, self.device_name)

    @in_words
    def unshared_checkins(self) -> int:
        """This laptop's check-ins not yet sent to a hub (an unpaired desk's sync status)."""
        from kiosk.sync.client import SyncClient

        return SyncClient(self.store).pending_checkins()

    @in_words
    def arrivals_by_desk(self) -> dict[str, int]:
        """Arrivals per desk name (each ticket at the desk that admitted it first): the organisers' view."""
        from kiosk.attendees.tallies import arrivals_by_desk

        return arrivals_by_desk(self.store)

    @in_words
    def dietary_counts(self) -> list[dict]:
        """People per dietary need, counted as the needs briefing counts them; no names."""
        from kiosk.attendees.tallies import dietary_counts

        return dietary_counts(self.store)

    @in_words
    def lookup_forgotten(self, surname: str, reference_or_email: str) -> ForgottenLookup:
        """The public kiosk's forgotten-ticket form: one booking, or no answer (never a list)."""
        return lookup_forgotten(self.store, surname, reference_or_email)

    # -- the kiosk's admissions and notices for staff (issue 16) -----------------------------------

    @in_words
    def self_service_check_in(self, raw: str) -> Arrival:
        """An admission at the self-service kiosk: recorded as at a desk (no badge: the kiosk's own
        rule prints it), and, for someone with access needs, a notice for every desk in the same
        transaction (kiosk.selfservice.rules.staff_notice_for)."""
        from kiosk.attendees.notices import raise_notice
        from kiosk.selfservice.rules import staff_notice_for

        with self.store.write():
            arrival = self.check_in(raw, auto_print=False)
            notice = staff_notice_for(arrival.result)
            if notice is not None and arrival.result.code:
                arrival.notice_id = raise_notice(self.store, notice[0], arrival.result.code, notice[1],
                                                 self.device_name)
        return arrival

    @in_words
    def notices(self, include_acknowledged: bool = False) -> list[Notice]:
        from kiosk.attendees.notices import list_notices

        return list_notices(self.store, include_acknowledged)

    @in_words
    def acknowledge_notice(self, notice_id: str) -> Notice:
        """This desk has seen to it; the first acknowledgement anywhere is the one kept."""
        from kiosk.attendees.notices import acknowledge

        return acknowledge(self.store, notice_id, self.device_name)

    @in_words
    def export_needs(self, out: Path) -> NeedsBriefing:
        """The access and dietary briefing for venue and catering staff, as .csv or .pdf (no email
        or phone); written owner-only."""
        from kiosk.attendees.export import remember_if_in_data_folder
        from kiosk.attendees.needs_export import needs_briefing, write_needs_csv

        briefing = needs_briefing(self.store, self.info())
        if Path(out).suffix.lower() == ".pdf":
            from kiosk.print.needs_pdf import write_needs_pdf

            write_needs_pdf(briefing, Path(out))
        else:
            write_needs_csv(briefing, Path(out))
        remember_if_in_data_folder(self.store, Path(out))
        return briefing

    # -- who has not arrived, drop-outs, the organiser's questions (issue 16) -------------------

    @in_words
    def not_arrived(self, ticket_type: str | None = None) -> list[Attendee]:
        """Valid tickets expected in person (in person or both) with no check-in, by name."""
        from kiosk.attendees.attendance import not_arrived

        return not_arrived(self.store, ticket_type)

    @in_words
    def cancel_on_the_day(self, code: str) -> Attendee:
        """They told us they are not coming: the ticket becomes cancelled (synced; undo_cancel)."""
        from kiosk.attendees.attendance import cancel_on_the_day

        return cancel_on_the_day(self.store, code)

    @in_words
    def undo_cancel(self, code: str) -> Attendee:
        from kiosk.attendees.attendance import undo_cancel

        return undo_cancel(self.store, code)

    @in_words
    def export_not_arrived(self, out: Path, with_email: bool = False) -> int:
        from kiosk.attendees.export import export_not_arrived

        return export_not_arrived(self.store, Path(out), with_email)

    @in_words
    def questions(self) -> list[Question]:
        """The import's other questions, with answer counts and whether the desk shows them."""
        from kiosk.attendees.fields import questions

        return questions(self.store)

    @in_words
    def shown_questions(self) -> list[str]:
        from kiosk.attendees.fields import shown_questions

        return shown_questions(self.store)

    @in_words
    def show_question(self, question: str, shown: bool = True) -> str:
        """Show (or hide) a question's answers on every desk's result; an event setting that syncs."""
        from kiosk.attendees.fields import set_shown

        return set_shown(self.store, question, shown)

    # -- printing --------------------------------------------------------------------------------

    @property
    def printers(self) -> PrinterRegistry:
        if self._printers is None:
            from kiosk.print.printers import PrinterRegistry

            self._printers = PrinterRegistry(self.data)
        return self._printers

    @property
    def print_queue(self) -> PrintQueue:
        if self._queue is None:
            from kiosk.grid.printouts import RENDERERS
            from kiosk.print.queue import PrintQueue

            self._queue = PrintQueue(self.store, self.printers, renderers=RENDERERS)
        return self._queue

    # -- the grid --------------------------------------------------------------------------------

    @property
    def grid(self) -> GridEditor:
        if self._grid is None:
            from kiosk.grid.editor import GridEditor

            self._grid = GridEditor(self.store)
        return self._grid

    # -- sync ------------------------------------------------------------------------------------

    def remember_written(self, path: Path) -> None:
        """A file written for this event into the data folder but outside the event's own (a grid
        PDF in prints/): people's names are in it, so erasing the event removes it too. Files
        saved elsewhere are the organisers' to keep."""
        if self.data.root.resolve() in Path(path).resolve().parents:
            remember_written(self.store.path.parent, "print", path)

    def erase(self) -> None:
        """The organisers revoked this laptop, or staff purged the event: close it and erase its data."""
        slug = self.slug
        self.close()
        self.data.purge(slug)
