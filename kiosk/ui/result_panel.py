"""The large outcome panel a desk reads from a metre away: colour, icon and words together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.attendees.checkin import CheckinResult, Status


@dataclass(frozen=True)
class Look:
    background: str
    foreground: str
    icon: str
    headline: str


# Contrast of every pair here is at least 7:1, so the outcome reads across a desk.
LOOKS: dict[str, Look] = {
    "idle": Look("#eceff1", "#263238", "⌁", "Ready to scan"),
    Status.CHECKED_IN.value: Look("#1b5e20", "#ffffff", "✔", "Checked in"),
    Status.ALREADY_CHECKED_IN.value: Look("#ffd54f", "#212121", "⚠", "Already checked in"),
    Status.UNKNOWN.value: Look("#b71c1c", "#ffffff", "?", "Unknown ticket"),
    Status.VOID.value: Look("#4a148c", "#ffffff", "✖", "Void ticket"),
    Status.INVALID.value: Look("#37474f", "#ffffff", "✖", "Not a ticket code"),
    "undone": Look("#0d47a1", "#ffffff", "↶", "Check-in undone"),
    "error": Look("#b71c1c", "#ffffff", "!", "Problem"),
}


def clock_time(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000).strftime("%H:%M")


def admissions_text(admissions) -> str:
    """"Admitted twice: Desk 1 09:14, Desk 3 09:20" — a ticket let in on two offline laptops."""
    if not admissions:
        return "Not yet"
    times = ", ".join(f"{a.device} {clock_time(a.at_ms)}" for a in admissions)
    if len(admissions) == 1:
        return times
    count = "twice" if len(admissions) == 2 else f"{len(admissions)} times"
    return f"Admitted {count}: {times}"


def describe(result: CheckinResult) -> tuple[str, str, list[str]]:
    """(headline, name line, lines staff must read) for a check-in result."""
    look = LOOKS[result.status.value]
    headline = look.headline
    attendee = result.attendee
    lines: list[str] = []
    if result.status is Status.ALREADY_CHECKED_IN and result.previous:
        headline = f"Already checked in at {clock_time(result.previous.at_ms)} on {result.previous.device}"
        if attendee and len(attendee.admissions) > 1:
            lines.append(admissions_text(attendee.admissions))
    elif result.status is Status.UNKNOWN:
        code = result.code or ""
        lines.append(f"Scanned: {code[:60]}{'…' if len(code) > 60 else ''}")
        lines.append("No ticket with this code in this event. Search by name, or register a walk-in.")
    elif result.status is Status.INVALID:
        lines.append("The scan was not a ticket code. Scan again, or search by name.")
    elif result.status is Status.VOID and attendee:
        lines.append(f"This ticket is {attendee.status}. Send to the help desk.")
    name = attendee.display_name if attendee else ""
    if attendee:
        facts = " · ".join(p for p in (attendee.ticket_type, attendee.organisation) if p)
        if facts:
            lines.insert(0, facts)
        if attendee.access_needs:
            lines.append(f"Access: {attendee.access_needs}")
        if attendee.notes:
            lines.append(attendee.notes)
    return headline, name, lines


class ResultPanel(QFrame):
    """Shows the latest outcome; the next scan simply replaces it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultPanel")
        self.setAccessibleName("Scan result")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumHeight(220)
        self.icon = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.icon.setAccessibleName("Result symbol")
        self.headline = QLabel(wordWrap=True)
        self.name = QLabel(wordWrap=True)
        self.details = QLabel(wordWrap=True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        for label, scale, bold in ((self.icon, 4.0, True), (self.headline, 1.8, True),
                                   (self.name, 2.4, True), (self.details, 1.25, False)):
            font = QFont(self.font())
            font.setPointSizeF(max(font.pointSizeF(), 9.0) * scale)  # scales with the system font
            font.setBold(bold)
            label.setFont(font)
        self.icon.setFixedWidth(self.icon.fontMetrics().horizontalAdvance("MM") + 16)
        # Word-wrapped labels get their height for the width they are given only when they may
        # grow; a stretch below them would take the space and clip the details.
        for label in (self.headline, self.name):
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.details.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        text = QVBoxLayout()
        text.addWidget(self.headline)
        text.addWidget(self.name)
        text.addWidget(self.details, 1)
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 16, 20, 16)
        row.addWidget(self.icon)
        row.addLayout(text, 1)
        self.state = "idle"
        self._show(LOOKS["idle"], LOOKS["idle"].headline, "", ["Scan a ticket, or search by name."])

    def show_result(self, result: CheckinResult) -> None:
        headline, name, lines = describe(result)
        self.state = result.status.value
        self._show(LOOKS[self.state], headline, name, lines)

    def show_message(self, state: str, headline: str, name: str = "", lines: list[str] | None = None) -> None:
        self.state = state
        self._show(LOOKS[state], headline, name, lines or [])

    def _show(self, look: Look, headline: str, name: str, lines: list[str]) -> None:
        self.setStyleSheet(
            f"#resultPanel {{ background: {look.background}; border-radius: 10px; }}"
            f"#resultPanel QLabel {{ color: {look.foreground}; background: transparent; }}"
        )
        self.icon.setText(look.icon)
        self.headline.setText(headline)
        self.name.setText(name)
        self.name.setVisible(bool(name))
        self.details.setText("\n".join(lines))
        self.details.setVisible(bool(lines))
        summary = ". ".join(p for p in (headline, name, *lines) if p)
        self.setAccessibleDescription(summary)
