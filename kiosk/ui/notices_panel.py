"""The desk's notices strip: what someone at the desk should act on, until someone says they have.

A notice arrives when a person with access needs checks themselves in at the self-service kiosk
(on this laptop or, through sync, on any other): the strip shows who, when, where and the needs as
recorded, in a colour no check-in outcome uses, and stays until someone presses Acknowledge (or
the desk's "Acknowledge the oldest notice", Ctrl+Shift+D). The acknowledgement is recorded with
this desk's name and syncs, so the notice leaves every desk. The strip follows the event's log:
a change from anywhere redraws it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.attendees.notices import Notice
from kiosk.core.errors import KioskError
from kiosk.event import OpenEvent

# Petrol blue: no check-in outcome uses it (green, amber, red, purple, grey, royal blue:
# result_panel.LOOKS) and it sits far enough from the "checked in" green just below it that a
# notice is never read as a scan's result. White text on it: 7.3:1; the petrol on the white
# button: 7.3:1 (WCAG AA asks 4.5:1). The words say what it is, with a flag, whatever the colour.
NOTICE_BACKGROUND = "#005f73"
NOTICE_TEXT = "#ffffff"
STYLE = (f"#noticesPanel {{ background: {NOTICE_BACKGROUND}; border-radius: 4px; }}"
         f"#noticesPanel QLabel {{ color: {NOTICE_TEXT}; background: transparent; }}"
         f"#noticesPanel QPushButton {{ background: {NOTICE_TEXT}; color: {NOTICE_BACKGROUND}; font-weight: bold;"
         " border: 2px solid #ffffff; border-radius: 4px; padding: 4px 12px; }"
         f"#noticesPanel QPushButton:focus {{ border: 3px solid #ffeb3b; }}")
FLAG = "⚑"
POLL_MS = 2000
MAX_SHOWN = 3      # more open notices than this: "and 2 more" (the oldest are shown first)


def _clock(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000).strftime("%H:%M")


def _who(notice: Notice) -> str:
    return notice.name or QCoreApplication.translate("NoticesPanel", "ticket {0}").format(notice.code)


def notice_words(notice: Notice) -> str:
    said = QCoreApplication.translate("NoticesPanel", "{0} checked themselves in at the kiosk ({1}).").format(
        _who(notice), notice.device)
    return f"{_clock(notice.at_ms)} · {said} {notice.text}"


def _rich(notice: Notice) -> str:
    """The same words with the name in bold and the needs on a line of their own."""
    said = QCoreApplication.translate("NoticesPanel", "{0} checked themselves in at the kiosk ({1}).").format(
        f"<b>{html.escape(_who(notice))}</b>", html.escape(notice.device))
    return f"{_clock(notice.at_ms)} · {said}<br>{html.escape(notice.text)}"


class NoticesPanel(QFrame):
    """Open notices, oldest first, each with its Acknowledge button; hidden when there are none."""

    acknowledged = Signal(str)  # the notice's id, once recorded
    problem = Signal(str)       # words for the desk when an acknowledgement could not be saved

    def __init__(self, event_of: Callable[[], OpenEvent], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.event_of = event_of  # the desk's current event: it changes when the desk switches events
        self.setObjectName("noticesPanel")
        self.setStyleSheet(STYLE)
        self.setAccessibleName(self.tr("Notices for staff"))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.heading = QLabel()
        self.heading.setObjectName("noticesHeading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.25)
        self.heading.setFont(font)
        self.rows = QVBoxLayout()
        self.more = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.heading)
        layout.addLayout(self.rows)
        layout.addWidget(self.more)
        self.shown: list[Notice] = []
        self.buttons: dict[str, QPushButton] = {}
        self._seen: tuple[str, int] | None = None  # (event path, log size) last drawn
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self.refresh_if_changed)
        self.timer.start()
        self.hide()

    # -- following the event ------------------------------------------------------------------

    def refresh_if_changed(self) -> None:
        """Redraw when the log has grown (a sync pulled, the kiosk on this laptop admitted someone)."""
        try:
            event = self.event_of()
            seen = (str(event.store.path), event.log_size())
        except KioskError:
            return  # the database is busy: the next tick looks again
        if seen != self._seen:
            self.refresh()

    def refresh(self) -> None:
        try:
            event = self.event_of()
            notices = event.notices()
            self._seen = (str(event.store.path), event.log_size())
        except KioskError:
            return
        if [(n.id, n.text, n.name) for n in notices] == [(n.id, n.text, n.name) for n in self.shown]:
            self.setVisible(bool(notices))
            return
        self._draw(notices)

    def _draw(self, notices: list[Notice]) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        self.shown = notices
        count = len(notices)
        self.heading.setText(f"{FLAG} " + (self.tr("Notice for staff") if count == 1
                                           else self.tr("{0} notices for staff").format(count)))
        for notice in notices[:MAX_SHOWN]:
            self.rows.addWidget(self._row(notice))
        rest = count - MAX_SHOWN
        self.more.setText(self.tr("and {0} more: acknowledge these to see them").format(rest) if rest > 0 else "")
        self.more.setVisible(rest > 0)
        self.setVisible(count > 0)

    def _row(self, notice: Notice) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 2, 0, 2)
        words = QLabel(_rich(notice))
        words.setTextFormat(Qt.TextFormat.RichText)
        words.setAccessibleName(notice_words(notice))
        words.setWordWrap(True)
        words.setObjectName(f"notice_{notice.id}")
        words.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        button = QPushButton(self.tr("Acknowledge"))
        button.setObjectName(f"ack_{notice.id}")
        who = notice.name or notice.code
        button.setAccessibleName(self.tr("Acknowledge the notice about {0}").format(who))
        button.setToolTip(self.tr("I have seen to this: take it off every desk"))
        button.clicked.connect(lambda _checked=False, nid=notice.id: self.acknowledge(nid))
        line.addWidget(words, 1)
        line.addWidget(button)
        self.buttons[notice.id] = button
        return row

    # -- acknowledging ------------------------------------------------------------------------

    def acknowledge(self, notice_id: str) -> None:
        try:
            self.event_of().acknowledge_notice(notice_id)
        except KioskError as exc:
            self.problem.emit(self.tr("The notice could not be marked as seen: {0}").format(exc.message))
            return
        self.acknowledged.emit(notice_id)
        self.refresh()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "shown"):
            self.setAccessibleName(self.tr("Notices for staff"))
            self._draw(self.shown)  # the same notices, in the new language
        super().changeEvent(event)

    def acknowledge_oldest(self) -> None:
        if self.shown:
            self.acknowledge(self.shown[0].id)
