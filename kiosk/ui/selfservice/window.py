"""The self-service kiosk window: scan or find your ticket, a welcome, your badge prints, and back.

Full screen and locked down (see lockdown.py); the staff PIN leads to the staff screens. Scans
come from a keyboard-wedge scanner (ScanDetector, app-wide) and, when there is one, the camera
panel; both are live on every attendee screen. Badges go through the same print queue and
worker as at the desk. Problems get a calm public message; their detail goes to the log
("kiosk.selfservice.rules") and the staff screen.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget

from kiosk.attendees.checkin import Desk
from kiosk.core.errors import KioskError
from kiosk.event import OpenEvent
from kiosk.print.queue import AlreadyPrinted, Job
from kiosk.selfservice import rules as ss
from kiosk.selfservice.staff_pin import StaffPin
from kiosk.store.datadir import DataDir
from kiosk.store.event_store import EventStore
from kiosk.ui.print_worker import PrintWorker
from kiosk.ui.scanner import ScanDetector, ScanTiming
from kiosk.ui.selfservice.camera_view import make_camera
from kiosk.ui.selfservice.i18n import SOURCE_LANGUAGE, Translations, available_languages
from kiosk.ui.selfservice.lockdown import InstanceLock, Lockdown
from kiosk.ui.selfservice.screens import ForgotScreen, ResultScreen, Screen, WelcomeScreen
from kiosk.ui.selfservice.staff import StaffScreen
from kiosk.ui.selfservice.style import register_fonts, style_sheet
from kiosk.ui.sounds import OutcomeSounds

if TYPE_CHECKING:
    from kiosk.ui.camera import CameraScanner
    from kiosk.ui.sync_worker import SyncWorker

log = logging.getLogger("kiosk.selfservice.rules")

PRINT_WAIT_S = 15     # a welcome waits up to this long for its badge before going back
AUTO_CAMERA: Any = object()  # KioskWindow(camera=…): the camera the settings choose, if it is there




class KioskWindow(QMainWindow):
    """The kiosk's screens and what happens between them. Durations, and the clock that times
    re-scans of a welcomed ticket, are injectable for tests."""

    outcome_shown = Signal(object)  # the KioskOutcome now on screen
    screen_changed = Signal(str)    # "welcome", "result", "forgot", "staff"
    left = Signal()                 # kiosk mode was left through the staff menu

    def __init__(self, data: DataDir, store: EventStore, *, timing: ScanTiming | None = None,
                 result_ms: int | None = None, idle_ms: int | None = None,
                 print_wait_ms: int = PRINT_WAIT_S * 1000, pin: StaffPin | None = None,
                 camera: CameraScanner | None = AUTO_CAMERA,
                 instance_lock: InstanceLock | None = None, owns_store: bool = False,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        register_fonts()
        self.setObjectName("kioskRoot")
        self.data, self.store, self.owns_store = data, store, owns_store
        self.instance_lock = instance_lock
        self.open_event = OpenEvent(data, store)
        settings = self.open_event.settings
        self.result_ms = result_ms or settings.kiosk_result_s * 1000
        self.idle_ms = idle_ms or settings.kiosk_idle_s * 1000
        self.print_wait_ms = print_wait_ms
        self.languages = available_languages()
        language = settings.kiosk_language
        self.default_language = language if language in self.languages else SOURCE_LANGUAGE
        self.pin = pin or StaffPin(data)
        self.registry = self.open_event.printers
        self.print_queue = self.open_event.print_queue
        self.sounds = OutcomeSounds(self)
        # Its own setting, behind the staff PIN: the desk's mute (`muted`) is for the desk, and
        # a public kiosk gives a cue with each outcome unless staff turn that off here.
        self.sounds.muted = settings.kiosk_muted
        self.translations = Translations()
        self.forgot_limiter = ss.AttemptLimiter()
        self.notes: deque[str] = deque(maxlen=50)
        self.printer_problem, self.jobs_waiting = "", 0
        self._jobs: dict[str, str] = {}  # badge jobs queued here and not yet finished → ticket code
        self._welcomed: ss.Welcome | None = None
        self._clock = monotonic
        self._shown_at = 0.0
        self._leaving = False
        self._full_screen = False

        # A camera view is a CameraScanner (tests pass look-alikes: a widget with `scanned`).
        self.camera, camera_problem = make_camera(settings) if camera is AUTO_CAMERA else (camera, "")
        self.welcome = WelcomeScreen(store.event_info().get("name", ""), self.languages, self.camera,
                                     camera_missing=bool(camera_problem))
        self.result = ResultScreen()
        self.forgot = ForgotScreen()
        self.staff = StaffScreen(self, self.languages)
        self.stack = QStackedWidget()
        for screen in (self.welcome, self.result, self.forgot, self.staff):
            self.stack.addWidget(screen)
        self.setCentralWidget(self.stack)
        self.setStyleSheet(style_sheet())
        self.setWindowTitle(self.tr("Check-in kiosk"))

        self.welcome.forgot_clicked.connect(lambda: self.show_screen(self.forgot))
        self.welcome.staff_clicked.connect(self.open_staff)
        self.welcome.language_chosen.connect(self.set_language)
        self.result.done_clicked.connect(self.end_session)
        self.forgot.submitted.connect(self.submit_forgot)
        self.forgot.back_clicked.connect(self.end_session)
        self.staff.back_to_kiosk.connect(self.end_session)
        self.staff.leave_requested.connect(self.leave)
        self.staff.signed_in.connect(lambda: log.info("staff signed in at the kiosk"))

        self._return_timer = QTimer(self, singleShot=True)
        self._return_timer.timeout.connect(self._result_elapsed)
        self._idle_timer = QTimer(self, singleShot=True)
        self._idle_timer.timeout.connect(self._idle)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.detector = ScanDetector(timing or ScanTiming.from_settings(settings), self)
        self.detector.scanned.connect(self.on_scan)
        self.detector.install(app)
        if self.camera is not None:
            self.camera.scanned.connect(self.on_scan)
        # Installed after the detector, so it sees keys first: an escape chord never reaches it.
        self.lockdown = Lockdown(self)
        self.lockdown.activity.connect(self._activity)
        self.lockdown.blocked.connect(lambda chord: log.info("kiosk: ignored %s", chord))
        self.lockdown.install(app)
        self.print_worker: PrintWorker | None = PrintWorker(data, store, self)
        # The sync this kiosk's staff page reports: its own (kiosk mode on its own) or the desk's.
        self.sync_worker: SyncWorker | None = None
        self.print_worker.job_finished.connect(self._job_finished)
        self.print_worker.status.connect(self._printer_status)

        self.translations.set_language(self.default_language)
        self.welcome.set_language(self.default_language)
        self.show_screen(self.welcome)
        if camera_problem:
            self._note(camera_problem, camera_problem)  # about the laptop, never a person

    # -- showing ------------------------------------------------------------------------------

    def start(self) -> None:
        """Full screen, frameless and on top: the way it runs in public."""
        self._full_screen = True
        self.setWindowFlags(self.windowFlags() | Qt.WindowType.FramelessWindowHint
                            | Qt.WindowType.WindowStaysOnTopHint)
        self.showFullScreen()
        self.raise_()
        self.activateWindow()

    def current(self) -> Screen:
        screen = self.stack.currentWidget()
        assert isinstance(screen, Screen)
        return screen

    def show_screen(self, screen: Screen) -> None:
        if screen is not self.result:
            self._return_timer.stop()  # a result's countdown must not pull a later screen away
        self.stack.setCurrentWidget(screen)
        screen.verticalScrollBar().setValue(0)
        (screen.first_focus() or screen).setFocus(Qt.FocusReason.OtherFocusReason)
        self._activity()
        self.screen_changed.emit(screen.name)

    def set_language(self, code: str) -> None:
        if self.translations.set_language(code):
            self.welcome.set_language(code)
            if self.current() is self.welcome:
                self.welcome.setFocus()  # the pressed language button may have just been hidden
            self._activity()

    def end_session(self) -> None:
        """Back to the welcome, forgetting the last person: typed text, staff sign-in, language."""
        self._return_timer.stop()
        self.forgot.reset()
        self.staff.reset()
        self.set_language(self.default_language)
        self.show_screen(self.welcome)

    def open_staff(self) -> None:
        self.staff.reset()
        self.show_screen(self.staff)

    @property
    def desk(self) -> Desk:
        """The check-in engine of the open event (a test may give it another clock)."""
        return self.open_event.desk

    @desk.setter
    def desk(self, desk: Desk) -> None:
        self.open_event.desk = desk

    # -- scans and look-ups -------------------------------------------------------------------

    def on_scan(self, raw: str) -> None:
        if self.current() is self.staff:
            log.info("kiosk: scan ignored while the staff screen is open")
            return
        self.check_in(raw)

    def check_in(self, raw: str) -> None:
        try:
            # The kiosk's own badge rule (ss.outcome_for) decides what prints here, not the desk's;
            # someone with access needs raises a notice on every desk (never shown on this screen).
            result = self.open_event.self_service_check_in(raw).result
        except KioskError as exc:
            self.show_outcome(ss.error_outcome(f"check-in failed: {exc.message}"))
            return
        again = self._rewelcome(result)
        if again is not None:
            self.show_outcome(again)
            return
        outcome = ss.outcome_for(result)
        if outcome.print_badge:
            outcome = self._queue_badge(outcome)
        self.show_outcome(outcome)

    def _rewelcome(self, result) -> ss.KioskOutcome | None:
        return ss.rescan_outcome(self._welcomed, result, self._clock(),
                                 lambda: self._showing_welcome(result.code))

    def submit_forgot(self, surname: str, reference: str) -> None:
        if not self.forgot_limiter.allowed():
            self.show_outcome(ss.KioskOutcome(ss.FORGOT_LIMIT, sound="invalid",
                                              staff="forgotten-ticket form paused after repeated misses"))
            return
        try:
            found = self.open_event.lookup_forgotten(surname, reference)
        except KioskError as exc:
            self.show_outcome(ss.error_outcome(f"forgotten-ticket look-up failed: {exc.message}"))
            return
        if found.code is None:
            if found.reason != "incomplete":
                self.forgot_limiter.failed()
            # What was typed is never logged: it is someone's name and email.
            log.info("kiosk: forgotten-ticket look-up found no single booking (%s)", found.reason)
            self.forgot.show_not_found(incomplete=found.reason == "incomplete")
            self.sounds.play("unknown")
            self.outcome_shown.emit(ss.KioskOutcome(ss.FORGOT_NO_MATCH, sound="unknown"))
            return
        self.forgot_limiter.succeeded()
        self.check_in(found.code)

    # -- outcomes -----------------------------------------------------------------------------

    def show_outcome(self, outcome: ss.KioskOutcome) -> None:
        self.forgot.reset()
        if outcome.admitted:
            if self._welcomed is not None and self._welcomed.outcome.code == outcome.code:
                self._welcomed.outcome = outcome  # the same welcome, updated: its time and re-scan stay
            else:
                self._welcomed = ss.Welcome(outcome, self._clock())
        if outcome.staff:
            self._note(outcome.staff, f"outcome {outcome.message or 'error'} noted for staff")
        self.result.show_outcome(outcome)
        self.sounds.play(outcome.sound)
        self.show_screen(self.result)
        self._shown_at = time.monotonic()
        self._return_timer.start(self.result_ms)
        self.outcome_shown.emit(outcome)

    def _note(self, detail: str, log_as: str) -> None:
        """A note for the staff screen (names and codes are what staff need there) and a line for
        the log, which is `log_as`: a fixed phrase with no name, code or printer message in it."""
        log.warning("kiosk: %s (details on the staff screen)", log_as)
        self.notes.append(f"{datetime.now():%H:%M} {detail}")

    def _result_elapsed(self) -> None:
        outcome = self.result.outcome
        waiting = outcome is not None and outcome.code in self._jobs.values() and self._showing(outcome.code)
        if waiting and (time.monotonic() - self._shown_at) * 1000 < self.print_wait_ms:
            self._return_timer.start(500)  # the badge is still coming: keep the welcome up
            return
        self.end_session()

    def _showing(self, code: str | None) -> bool:
        outcome = self.result.outcome
        return self.current() is self.result and outcome is not None and outcome.code == code

    def _showing_welcome(self, code: str | None) -> bool:
        """This ticket's welcome on screen (not, say, the "see the desk" for a later scan of it)."""
        return self._showing(code) and self.result.outcome is not None and self.result.outcome.admitted

    # -- printing -----------------------------------------------------------------------------

    def _queue_badge(self, outcome: ss.KioskOutcome) -> ss.KioskOutcome:
        code = outcome.code or ""
        try:
            job = self.print_queue.enqueue_badge(code)
        except AlreadyPrinted as exc:
            return ss.with_print_problem(outcome, ss.BADGE_AT_DESK,
                                         f"ticket {code}: {exc.message}; not reprinted at the kiosk")
        except KioskError as exc:
            return ss.with_print_problem(outcome, ss.PRINT_FAILED, f"ticket {code}: badge not queued: {exc.message}")
        self._jobs[job.id] = code
        if self.print_worker is not None:
            self.print_worker.poke()
        return outcome

    def _job_finished(self, job: Job) -> None:
        if self._jobs.pop(job.id, None) is None:
            return  # not a badge this kiosk queued for someone (an old job the queue retried)
        welcome = self._welcomed if self._welcomed and self._welcomed.outcome.code == job.code else None
        if job.state == "done":
            if welcome is not None:
                welcome.outcome = replace(welcome.outcome, message=ss.PRINTED)
                if self._showing_welcome(job.code):
                    self.result.show_outcome(welcome.outcome)
                    self._return_timer.start(self.result_ms)
            return
        # The person is sent to the desk, which prints it there: a badge coming out here later,
        # after they have gone, would be a stray badge with their name on it.
        self.print_queue.cancel(job.id)
        detail = (f"ticket {job.code}: badge failed on printer {job.printer}: {job.error}; "
                  "the job was cancelled, print it at the desk")
        if welcome is not None and self._showing_welcome(job.code):
            self.show_outcome(ss.with_print_problem(welcome.outcome, ss.PRINT_FAILED, detail))
        else:
            self._note(detail, "a badge failed to print and was cancelled")

    def _printer_status(self, problem: str, waiting: int) -> None:
        if problem and problem != self.printer_problem:
            self._note(f"printer problem: {problem}", "printer problem")
        self.printer_problem, self.jobs_waiting = problem, waiting

    # -- the staff screens' host interface ----------------------------------------------------

    def printer_summary(self) -> dict:
        config = self.registry.for_purpose("badges")
        return {"name": config.name, "uri": config.uri, "waiting": self.print_queue.waiting(),
                "problem": self.printer_problem}

    def kiosk_stats(self) -> tuple[int, int, int]:
        stats = self.open_event.stats()
        return stats.checked_in, stats.expected, self.open_event.checked_in_here()

    def sync_summary(self) -> str:
        """For the staff screen: how this kiosk's sync is going ('' when it does not sync itself)."""
        from kiosk.sync.loop import describe

        worker = self.sync_worker
        return describe(worker.last_status) if worker is not None else ""

    def staff_notes(self) -> list[str]:
        return list(self.notes)

    def kiosk_settings(self) -> dict:
        return {"result_s": self.result_ms // 1000, "idle_s": self.idle_ms // 1000,
                "muted": self.sounds.muted, "language": self.default_language}

    def save_kiosk_settings(self, result_s: int, idle_s: int, muted: bool, language: str) -> None:
        self.result_ms, self.idle_ms = result_s * 1000, idle_s * 1000
        self.sounds.muted = muted
        self.default_language = language if language in self.languages else SOURCE_LANGUAGE
        self.open_event.save_settings(kiosk_result_s=result_s, kiosk_idle_s=idle_s, kiosk_muted=muted,
                                 kiosk_language=self.default_language)

    def retry_printing(self) -> None:
        """Ask the print worker to look at its queue and the printer now."""
        if self.print_worker is not None:
            self.print_worker.poke()

    # -- idle, lockdown, closing ----------------------------------------------------------------

    def _activity(self) -> None:
        self._idle_timer.start(self.idle_ms)

    def _idle(self) -> None:
        untouched = (self.current() is self.welcome and self.translations.language == self.default_language)
        if not untouched:
            log.info("kiosk: idle, starting again")
            self.end_session()

    def leave(self) -> None:
        """Leave kiosk mode (the staff menu's button, after the PIN)."""
        log.info("kiosk: kiosk mode left by staff")
        self._leaving = True
        self.close()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if (event.type() == QEvent.Type.WindowStateChange and self._full_screen and not self._leaving
                and self.windowState() & Qt.WindowState.WindowMinimized):
            QTimer.singleShot(0, self.showFullScreen)  # minimised by the window manager: come back
        elif event.type() == QEvent.Type.LanguageChange:
            self.setWindowTitle(self.tr("Check-in kiosk"))
        super().changeEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if not self._leaving:
            event.ignore()  # Alt+F4, the window manager's close button, close(): only the PIN leaves
            log.info("kiosk: close request ignored")
            return
        for timer in (self._return_timer, self._idle_timer):
            timer.stop()
        self.staff.stop_timers()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.detector.uninstall(app)
        self.lockdown.uninstall()
        stop = getattr(self.camera, "stop", None)
        if callable(stop):
            stop()
        if self.print_worker is not None:
            self.print_worker.shutdown()
            self.print_worker = None
        self.translations.clear()
        if self.instance_lock is not None:
            self.instance_lock.release()
        if self.owns_store:
            self.store.close()
        super().closeEvent(event)
        self.left.emit()

