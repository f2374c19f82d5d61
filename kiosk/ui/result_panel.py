"""The large outcome panel a desk reads from a metre away: colour, icon and words together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.attendees.checkin import CheckinResult, Status
from kiosk.attendees.fields import answers_to_show
from kiosk.core.errors import KioskError
from kiosk.core.model import Attendee
from kiosk.ui.translate_marks import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class Look:
    background: str
    foreground: str
    icon: str
    headline: str


# Contrast of every pair here is at least 7:1, so the outcome reads across a desk.
LOOKS: dict[str, Look] = {
# Headlines are English sources, translated where shown (context "ResultPanel").
    "idle": Look("#eceff1", "#263238", "⌁", QT_TRANSLATE_NOOP("ResultPanel", "Ready to scan")),
    Status.CHECKED_IN.value: Look("#1b5e20", "#ffffff", "✔", QT_TRANSLATE_NOOP("ResultPanel", "Checked in")),
    Status.ALREADY_CHECKED_IN.value: Look("#ffd54f", "#212121", "⚠",
                                          QT_TRANSLATE_NOOP("ResultPanel", "Already checked in")),
    Status.UNKNOWN.value: Look("#b71c1c", "#ffffff", "?", QT_TRANSLATE_NOOP("ResultPanel", "Unknown ticket")),
    Status.VOID.value: Look("#4a148c", "#ffffff", "✖", QT_TRANSLATE_NOOP("ResultPanel", "Void ticket")),
    Status.INVALID.value: Look("#37474f", "#ffffff", "✖", QT_TRANSLATE_NOOP("ResultPanel", "Not a ticket code")),
    "undone": Look("#0d47a1", "#ffffff", "↶", QT_TRANSLATE_NOOP("ResultPanel", "Check-in undone")),
    "error": Look("#b71c1c", "#ffffff", "!", QT_TRANSLATE_NOOP("ResultPanel", "Problem")),
    # A person chosen in the search results, not yet acted on: calm, like the idle panel.
    "selected": Look("#e3f2fd", "#0d1b2a", "○", QT_TRANSLATE_NOOP("ResultPanel", "Not checked in yet")),
    "empty": Look("#eceff1", "#263238", "⤓", QT_TRANSLATE_NOOP("ResultPanel", "No attendees yet")),
    # Registered to join online only: not a problem, a question for staff (7.3:1).
    Status.ONLINE_ONLY.value: Look("#006064", "#ffffff", "☁",
                                   QT_TRANSLATE_NOOP("ResultPanel", "Registered to join online — admit in person?")),
}
IDLE_LINE = QT_TRANSLATE_NOOP("ResultPanel", "Scan a ticket, or search by name.")
ADMIT_KEYS = "Ctrl+Shift+Enter"  # the admit_in_person action (kiosk/ui/actions.py)
# Access needs get a line of their own on every outcome colour: white, a blue bar and the
# wheelchair symbol (DejaVu Sans has it), so staff never read them as the organisation line.
ACCESS_SYMBOL = "♿"
ACCESS_STYLE = ("#resultPanel QLabel#accessNeeds { background: #ffffff; color: #0d1b2a; border-left: 8px solid #0b57d0;"
                " border-radius: 4px; padding: 4px 10px; }")


def _tr(text: str) -> str:
    """A source string marked elsewhere (QT_TRANSLATE_NOOP("ResultPanel", …)) in the desk's language."""
    return QCoreApplication.translate("ResultPanel", text)


def clock_time(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000).strftime("%H:%M")


def admissions_text(admissions) -> str:
    """"Admitted twice: Desk 1 09:14, Desk 3 09:20" — a ticket let in on two offline laptops."""
    if not admissions:
        return QCoreApplication.translate("ResultPanel", "Not yet")
    times = ", ".join(f"{a.device} {clock_time(a.at_ms)}" for a in admissions)
    if len(admissions) == 1:
        return times
    if len(admissions) == 2:
        return QCoreApplication.translate("ResultPanel", "Admitted twice: {0}").format(times)
    return QCoreApplication.translate("ResultPanel", "Admitted {0} times: {1}").format(len(admissions), times)


def _scanned(raw: str, code: str) -> str:
    """What was scanned, as staff would recognise it: a web link by its site, a code as it is."""
    text = raw.strip()
    if text.lower().startswith(("http://", "https://", "www.")):
        site = urlsplit(text if "://" in text else f"https://{text}").hostname
        if not site:
            return QCoreApplication.translate("ResultPanel", "Scanned a web link, not a ticket of this event.")
        return QCoreApplication.translate(
            "ResultPanel", "Scanned a web link to {0}, not a ticket of this event.").format(site[:60])
    shown = code or text
    return QCoreApplication.translate("ResultPanel", "Scanned code: {0}").format(
        f"{shown[:60]}{'…' if len(shown) > 60 else ''}")


def describe(result: CheckinResult, scanned: str = "") -> tuple[str, str, list[str]]:
    """(headline, name line, lines staff must read) for a check-in result; the access needs are
    not in the lines (see `access_line`)."""
    look = LOOKS[result.status.value]
    headline = _tr(look.headline)
    attendee = result.attendee
    lines: list[str] = []
    if result.status is Status.ALREADY_CHECKED_IN and result.previous:
        headline = QCoreApplication.translate("ResultPanel", "Already checked in at {0} on {1}").format(
            clock_time(result.previous.at_ms), result.previous.device)
        if attendee and len(attendee.admissions) > 1:
            lines.append(admissions_text(attendee.admissions))
    elif result.status is Status.UNKNOWN:
        web_link = scanned.strip().lower().startswith(("http://", "https://", "www."))
        lines.append(_scanned(scanned, result.code or ""))
        lines.append(QCoreApplication.translate("ResultPanel", "Search by name, or register a walk-in.") if web_link
                     else QCoreApplication.translate(
                         "ResultPanel",
                         "No ticket with this code in this event. Search by name, or register a walk-in."))
    elif result.status is Status.INVALID:
        lines.append(QCoreApplication.translate("ResultPanel",
                                                "The scan was not a ticket code. Scan again, or search by name."))
    elif result.status is Status.VOID and attendee:
        lines.append(QCoreApplication.translate("ResultPanel", "This ticket is {0}. Send to the help desk.").format(
            ticket_status(attendee.status)))
    elif result.status is Status.ONLINE_ONLY:
        lines.append(QCoreApplication.translate(
            "ResultPanel", "They booked to take part online, so they are not expected at the venue."))
        lines.append(QCoreApplication.translate("ResultPanel", "To let them in, press {0} or Admit in person.").format(
            ADMIT_KEYS))
    name = attendee.display_name if attendee else ""
    if attendee:
        facts = " · ".join(p for p in (attendee.ticket_type, attendee.organisation) if p)
        if facts:
            lines.insert(0, facts)
        if attendee.notes:
            lines.append(attendee.notes)
    return headline, name, lines


def describe_person(attendee: Attendee) -> tuple[str, str, list[str]]:
    """A person chosen in the search, before anything is done: who, and whether they are in."""
    if attendee.status != "valid":
        headline = QCoreApplication.translate("ResultPanel", "Ticket {0}: send to the help desk").format(
            ticket_status(attendee.status))
    elif attendee.admissions:
        last = attendee.admissions[-1]
        headline = QCoreApplication.translate("ResultPanel", "Checked in at {0} on {1}").format(
            clock_time(last.at_ms), last.device)
    else:
        headline = QCoreApplication.translate("ResultPanel", "Not checked in yet: press Enter to check in")
    facts = " · ".join(p for p in (attendee.ticket_type, attendee.organisation) if p)
    lines = [line for line in (facts, attendee.notes) if line]
    return headline, attendee.display_name, lines


def access_line(attendee: Attendee | None) -> str:
    if not (attendee and attendee.access_needs):
        return ""
    return f"{ACCESS_SYMBOL} " + QCoreApplication.translate("ResultPanel", "Access: {0}").format(attendee.access_needs)


# A ticket's status as the desk says it (the stored value stays English: it is data).
_STATUSES = {"valid": QT_TRANSLATE_NOOP("ResultPanel", "valid"), "void": QT_TRANSLATE_NOOP("ResultPanel", "void"),
             "cancelled": QT_TRANSLATE_NOOP("ResultPanel", "cancelled")}


def ticket_status(status: str) -> str:
    return _tr(_STATUSES[status]) if status in _STATUSES else status


class ResultPanel(QFrame):
    """Shows the latest outcome; the next scan simply replaces it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The organiser's questions the desk shows (kiosk/attendees/fields.py): the desk window
        # sets this to its event's list, read again at each result so another desk's choice shows.
        self.questions_shown: Callable[[], list[str]] = list
        self.admit = QPushButton()  # shown for online_only only
        self._replay: Callable[[], None] = lambda: None  # the outcome shown, said again in a new language
        self.admit.hide()
        self.setObjectName("resultPanel")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumHeight(220)
        self.icon = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)

        self.headline = QLabel(wordWrap=True)
        self.name = QLabel(wordWrap=True)
        self.details = QLabel(wordWrap=True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.access = QLabel(wordWrap=True)
        self.access.setObjectName("accessNeeds")

        self.access.setTextFormat(Qt.TextFormat.PlainText)
        for label, scale, bold in ((self.icon, 4.0, True), (self.headline, 1.8, True),
                                   (self.name, 2.4, True), (self.details, 1.25, False),
                                   (self.access, 1.35, True)):
            font = QFont(self.font())
            font.setPointSizeF(max(font.pointSizeF(), 9.0) * scale)  # scales with the system font
            font.setBold(bold)
            label.setFont(font)
        self.icon.setFixedWidth(self.icon.fontMetrics().horizontalAdvance("MM") + 16)
        # Word-wrapped labels get their height for the width they are given only when they may
        # grow. The spacer at the end (stretch 0, expanding) takes what is left over only when
        # there are no details to take it, so the undo result has no gap between its lines.
        for label in (self.headline, self.name, self.access):
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.details.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        text = QVBoxLayout()
        text.addWidget(self.headline)
        text.addWidget(self.name)
        text.addWidget(self.access)
        text.addWidget(self.details, 1)
        text.addWidget(self.admit, 0, Qt.AlignmentFlag.AlignLeft)
        text.addStretch(0)
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 16, 20, 16)
        row.addWidget(self.icon)
        row.addLayout(text, 1)
        self._retranslate()
        self.state = "idle"
        self.code: str | None = None  # whose outcome is shown (None: a message about nobody)
        self._result: CheckinResult | None = None
        self._scanned = ""
        self.show_message("idle", LOOKS["idle"].headline, "", [IDLE_LINE])

    def _retranslate(self) -> None:
        self.admit.setText(self.tr("Admit in person ({0})").format(ADMIT_KEYS))
        self.admit.setAccessibleName(self.tr("Admit in person"))
        self.setAccessibleName(self.tr("Scan result"))
        self.icon.setAccessibleName(self.tr("Result symbol"))
        self.access.setAccessibleName(self.tr("Access needs"))

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        # The desk's language changed: the outcome on show is said again in the new one.
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._replay()
        super().changeEvent(event)

    def show_result(self, result: CheckinResult, scanned: str = "") -> None:
        self._replay = lambda: self.show_result(result, scanned)
        headline, name, lines = describe(result, scanned)
        self.state = result.status.value
        self._result, self._scanned = result, scanned
        self.code = result.attendee.code if result.attendee else None
        self._show(LOOKS[self.state], headline, name, lines + self._answers(result.attendee),
                   access_line(result.attendee))
        self.admit.setVisible(result.status is Status.ONLINE_ONLY)

    def show_person(self, attendee: Attendee) -> None:
        """The person chosen in the search replaces whatever outcome was shown before."""
        self._replay = lambda: self.show_person(attendee)
        headline, name, lines = describe_person(attendee)
        self.state, self._result, self.code = "selected", None, attendee.code
        icon = "✖" if attendee.status != "valid" else "✔" if attendee.admissions else "○"
        self._show(replace(LOOKS["selected"], icon=icon), headline, name, lines + self._answers(attendee),
                   access_line(attendee))

    def _answers(self, attendee: Attendee | None) -> list[str]:
        """"Photo consent: No" for each shown question this person answered."""
        if attendee is None:
            return []
        try:
            shown = self.questions_shown()
        except KioskError:
            return []  # the answers are a help, not the result: the result still shows
        return [f"{question}: {answer}" for question, answer in answers_to_show(attendee, shown)]

    def person_changed(self, attendee: Attendee) -> None:
        """Their details were corrected: the outcome shown for them says the new ones."""
        if attendee.code != self.code:
            return
        if self._result is not None and self.state == self._result.status.value:
            self.show_result(replace(self._result, attendee=attendee), self._scanned)
        elif self.state == "selected":
            self.show_person(attendee)
        elif self.state == "undone":
            self.show_message("undone", "Check-in undone", attendee.display_name, code=attendee.code)

    def show_message(self, state: str, headline: str, name: str = "", lines: list[str] | None = None,
                     code: str | None = None) -> None:
        """`headline` and `lines` are English sources marked with QT_TRANSLATE_NOOP("ResultPanel", …)
        (shown in the desk's language, again after a language change) or words already in it."""
        self._replay = lambda: self.show_message(state, headline, name, lines, code)
        self.state, self._result, self.code = state, None, code
        self._show(LOOKS[state], _tr(headline), name, [_tr(line) for line in lines or []])

    def _show(self, look: Look, headline: str, name: str, lines: list[str], access: str = "") -> None:
        self.setStyleSheet(
            f"#resultPanel {{ background: {look.background}; border-radius: 10px; }}"
            f"#resultPanel QLabel {{ color: {look.foreground}; background: transparent; }}"
            + ACCESS_STYLE
        )
        self.icon.setText(look.icon)
        self.admit.hide()  # show_result shows it again for an online_only result
        self.headline.setText(headline)
        self.name.setText(name)
        self.name.setVisible(bool(name))
        self.details.setText("\n".join(lines))
        self.details.setVisible(bool(lines))
        self.access.setText(access)
        self.access.setVisible(bool(access))
        summary = ". ".join(p for p in (headline, name, access.lstrip(ACCESS_SYMBOL + " "), *lines) if p)
        self.setAccessibleDescription(summary)
