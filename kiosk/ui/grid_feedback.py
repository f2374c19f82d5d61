"""What the grid window says after a facilitator's action, and how long it says it.

At the marketplace a facilitator adds a session, looks up to hand over the slip, looks back: the
confirmation must still be there. So the words of the last action ("Added “…” in Main Hall,
10:00–11:00. Slip printed on Thermal.") and the highlight on that session stay until the next
action — a redraw because another desk edited the grid or a slip printed keeps them — and the
slip's part is brought up to date when the printer has done it: where it was printed, the PDF it
was saved to, or that no slip printer is set up.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, cast

from PySide6.QtCore import QObject, QUrl, SignalInstance
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QPushButton, QTableWidget

from kiosk.grid.model import Grid, Session
from kiosk.print.printers import DEFAULT_PRINTER
from kiosk.print.queue import Job
from kiosk.ui.grid_widgets import SessionList


class StatusLabel(QLabel):
    """The grid window's status line. Words written by anything but the confirmation (a refusal,
    "Select the session to move first") drop the confirmation's green look, so a problem is never
    shown in the colour of success."""

    def __init__(self) -> None:
        super().__init__()
        self._confirming = False

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        super().setText(text)
        if not self._confirming and self.styleSheet():
            self.setStyleSheet("")

    def confirm(self, text: str, style: str) -> None:
        self._confirming = True
        try:
            self.setText(text)
            self.setStyleSheet(style)
        finally:
            self._confirming = False


class GridWindowLike(Protocol):
    """What this module reads of the grid window (kiosk/ui/grid_window.py, which imports this)."""

    status: QLabel
    table: QTableWidget
    parking: SessionList
    cells: dict[tuple[str, str], SessionList]
    grid: Grid
    editor: Any
    data: Any
    changed: SignalInstance

    def parent(self) -> Any: ...

# The confirmation's own look: a green edge, like the desk's "Badge printed" notice (13.9:1 text).
CONFIRMED_STYLE = ("QLabel { background: #e8f5e9; color: #0b2e13; border-left: 6px solid #2e7d32;"
                   " padding: 6px; }")
PROBLEM_STYLE = ("QLabel { background: #fce4ec; color: #3b0a1e; border-left: 6px solid #ad1457;"
                 " padding: 6px; }")


class GridFeedback(QObject):
    """The grid window's confirmation and highlight; see the module's words."""

    def __init__(self, window: GridWindowLike) -> None:
        super().__init__(cast(QObject, window))  # the window is a QMainWindow
        self.window = window
        self.session_id: str | None = None  # the session highlighted
        self.word = ""                      # "New" or "Moved"
        self.action = ""                    # "Added “…” in Main Hall, 10:00–11:00."
        self.slip = ""                      # what became of its slip
        self.slip_job: str | None = None    # the slip being printed, to follow
        self.problem = False
        self._counts = ""                   # the counts the window's last redraw wrote
        self._keeping = False
        self._worker: Any = None  # the desk's print worker we listen to (the desk may start a new one)
        # "Slip saved to …" comes with Open, as the desk's print notice does (the window places it).
        self.saved_slip: Path | None = None
        self.open_button = QPushButton(self.tr("Open the s&lip"))
        self.open_button.setAccessibleName(self.tr("Open the saved slip"))
        self.open_button.clicked.connect(self._open_slip)
        self.open_button.hide()
        window.changed.connect(self._redrawn)

    # -- what the window tells us ---------------------------------------------------------------

    def added(self, session: Session, slip_job: Job | None, slip_wanted: bool) -> None:
        """A session from the intake form: say where it went and what became of its slip."""
        place = self._place(session)
        self.action = (self.tr("Added “{0}” in {1}.").format(session.title, place) if place else self.tr(
            "Added “{0}” to the parked list: drag it onto the grid when it has a place.").format(session.title))
        self.slip_job = slip_job.id if slip_job is not None else None
        worker = getattr(self.window.parent(), "print_worker", None)
        if worker is not None and worker is not self._worker:
            self._worker = worker
            worker.printed.connect(self._slip_printed)
            worker.job_finished.connect(self._slip_finished)
        if not slip_wanted:
            self.slip = self.tr("No slip printed (“Print the slip” is off).")
        elif slip_job is None:
            self.slip = self.slip or self.tr("The slip could not be sent to the printer.")
        elif worker is None:
            self.slip = self.tr("The slip waits for the printer “{0}”: it prints when the desk's "
                                "printing starts.").format(slip_job.printer)
        else:
            self.slip = self.tr("Printing the slip on “{0}”…").format(slip_job.printer)
        self.problem = slip_wanted and slip_job is None
        self._mark(session.id, self.tr("New"))

    def slip_not_queued(self, reason: str) -> None:
        self.slip = self.tr("The slip could not be sent to the printer: {0}").format(reason)

    def moved(self, session_id: str, parked: bool) -> None:
        """A session dragged to another cell or to the parked list: highlight it where it went."""
        self.slip, self.slip_job, self.problem = "", None, False
        self.action = ""  # parking says its own words, with the way back (Ctrl+Z)
        if not parked:
            session = self.window.editor.session(session_id)
            self.action = self.tr("Moved “{0}” to {1}.").format(session.title, self._place(session))
        self._mark(session_id, self.tr("Moved"))

    @contextmanager
    def kept(self) -> Iterator[None]:
        """A redraw that is no facilitator's action (another desk's edit, a printed slip): the last
        action's words and highlight stay, the counts are brought up to date."""
        shown, counts, style = self.window.status.text(), self._counts, self.window.status.styleSheet()
        message = shown[: -len(counts)].rstrip() if counts and shown.endswith(counts) else shown
        self._keeping = True
        try:
            yield
        finally:
            self._keeping = False
        if message:
            self._say(f"{message} {self._counts}", style)
        self._highlight(scroll=False)  # the facilitator may be looking elsewhere on the wall

    def highlighted_cell(self) -> SessionList | None:
        """The cell (or the parked list) holding the highlighted session, None when there is none."""
        for cell in [*self.window.cells.values(), self.window.parking]:
            if self.session_id in cell.highlighted():
                return cell
        return None

    # -- inside -----------------------------------------------------------------------------------

    def _redrawn(self) -> None:
        self._counts = self.window.status.text()  # the window's redraw writes the counts, then says so
        if self._keeping:
            return
        # The window redrew for an action of the facilitator: the last one's words and mark go.
        self.session_id, self.word, self.action, self.slip, self.slip_job = None, "", "", "", None
        self.problem = False
        self.window.status.setStyleSheet("")
        self._saved(None)

    def _mark(self, session_id: str, word: str) -> None:
        self.session_id, self.word = session_id, word
        self._highlight()
        self.show()

    def _highlight(self, scroll: bool = True) -> None:
        if self.session_id is None:
            return
        grid = self.window.grid
        for row, slot in enumerate(grid.slots):
            for col, space in enumerate(grid.spaces):
                cell = self.window.cells.get((space.id, slot.id))
                if cell is not None and cell.highlight(self.session_id, self.word):
                    if scroll:
                        self.window.table.scrollTo(self.window.table.model().index(row, col))
                    return
        self.window.parking.highlight(self.session_id, self.word)

    def show(self) -> None:
        if not self.action:
            return
        words = " ".join(filter(None, [self.action, self.slip]))
        self._say(f"{words} {self._counts}".strip(), PROBLEM_STYLE if self.problem else CONFIRMED_STYLE)

    def _say(self, text: str, style: str) -> None:
        status = self.window.status
        if isinstance(status, StatusLabel):
            status.confirm(text, style)
        else:
            status.setText(text)
            status.setStyleSheet(style)

    def _place(self, session: Session) -> str:
        """"Main Hall, 10:00–11:00", or "" for a parked session."""
        grid = self.window.grid
        space, slot = grid.space(session.space_id), grid.slot(session.slot_id)
        return f"{space.name}, {slot.start}–{slot.end}" if space is not None and slot is not None else ""

    def _slip_printed(self, job: Job, note: str) -> None:
        if job.id != self.slip_job:
            return
        assigned = self.window.data.section("printers").get("purposes", {}).get("slips")
        saved = Path(note) if note.lower().endswith(".pdf") else None
        if saved is not None and not assigned and job.printer == DEFAULT_PRINTER:
            self.slip = self.tr("No slip printer is set up, so the slip was saved to {0}.").format(saved)
        elif saved is not None:
            self.slip = self.tr("Slip saved to {0}.").format(saved)
        else:
            self.slip = self.tr("Slip printed on “{0}”.").format(job.printer)
        self.problem = False
        self._saved(saved)
        self.show()

    def _saved(self, path: Path | None) -> None:
        self.saved_slip = path
        self.open_button.setVisible(path is not None)

    def _open_slip(self) -> None:
        if self.saved_slip is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_slip)))

    def _slip_finished(self, job: Job) -> None:
        if job.id != self.slip_job or job.state != "failed":
            return
        from kiosk.ui.desk_printing import printer_words

        # printer_words speaks of badges; the words are the same for a slip (in Welsh: "bathodyn",
        # mutated "fathodyn", → "slip").
        words = printer_words(job.printer, job.error)
        for badge, slip in ((self.tr("the badge"), self.tr("the slip")), (self.tr("a badge"), self.tr("a slip"))):
            words = words.replace(badge, slip)
        self.slip = self.tr("Slip not printed yet: {0} It prints when the printer is back.").format(words)
        self.problem = True
        self.show()
