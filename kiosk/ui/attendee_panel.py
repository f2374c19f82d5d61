"""The selected attendee's details, with the desk's actions on them: check in, undo, correct."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.model import Attendee
from kiosk.ui.result_panel import admissions_text, ticket_status
from kiosk.ui.translate_marks import QT_TRANSLATE_NOOP

_SHOWN = ((QT_TRANSLATE_NOOP("AttendeePanel", "Name"), "display_name"),
          (QT_TRANSLATE_NOOP("AttendeePanel", "Organisation"), "organisation"),
          (QT_TRANSLATE_NOOP("AttendeePanel", "Ticket type"), "ticket_type"),
          (QT_TRANSLATE_NOOP("AttendeePanel", "Pronouns"), "pronouns"),
          (QT_TRANSLATE_NOOP("AttendeePanel", "Booking ref"), "booking_ref"),
          (QT_TRANSLATE_NOOP("AttendeePanel", "Status"), "status"),
          (QT_TRANSLATE_NOOP("AttendeePanel", "Access needs"), "access_needs"),
          (QT_TRANSLATE_NOOP("AttendeePanel", "Dietary needs"), "dietary_needs"),
          (QT_TRANSLATE_NOOP("AttendeePanel", "Notes"), "notes"),
          (QT_TRANSLATE_NOOP("AttendeePanel", "Checked in"), "admissions"))


class AttendeePanel(QGroupBox):
    check_in_requested = Signal(str)
    undo_requested = Signal(str)
    edit_requested = Signal(str)
    print_requested = Signal(str)
    preview_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code: str | None = None
        self._attendee: Attendee | None = None
        self.values: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        for _label, attr in _SHOWN:
            value = QLabel()
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[attr] = value
            self.labels[attr] = QLabel()
            form.addRow(self.labels[attr], value)
        self.check_in_button = QPushButton()
        self.undo_button = QPushButton()
        self.edit_button = QPushButton()
        self.print_button = QPushButton()
        self.preview_button = QPushButton()
        for button, signal in ((self.check_in_button, self.check_in_requested),
                               (self.undo_button, self.undo_requested),
                               (self.edit_button, self.edit_requested),
                               (self.print_button, self.print_requested),
                               (self.preview_button, self.preview_requested)):
            button.clicked.connect(lambda _=False, s=signal: self.code and s.emit(self.code))
        # Alt+letter of each button differs from the menu bar's (Event, Check-in, Print, Grid,
        # View, Help): a letter used twice opens neither.
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_in_button)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.preview_button)
        # The details scroll when the window is short (a 1366×768 laptop with banners showing):
        # the buttons below them stay on screen whatever the details take.
        details = QWidget()
        details.setLayout(form)
        self.details = QScrollArea()
        self.details.setWidget(details)
        self.details.setWidgetResizable(True)
        self.details.setFrameShape(QFrame.Shape.NoFrame)
        self.details.viewport().setAutoFillBackground(False)  # the panel's own background
        details.setAutoFillBackground(False)
        self.details.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details.setMinimumHeight(3 * self.fontMetrics().lineSpacing())
        layout = QVBoxLayout(self)
        layout.addWidget(self.details, 1)
        layout.addLayout(buttons)
        self._retranslate()
        self.show_attendee(None)

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Attendee"))
        self.setAccessibleName(self.tr("Attendee details"))
        for label, attr in _SHOWN:
            self.labels[attr].setText(self.tr("{0}:").format(self.tr(label)))
            self.values[attr].setAccessibleName(self.tr(label))
        # Alt letters in Welsh too differ from the menu bar's (Digwyddiad, Cofrestru, Argraffu, …).
        for button, text in ((self.check_in_button, self.tr("Check &in")),
                             (self.undo_button, self.tr("&Undo check-in")),
                             (self.edit_button, self.tr("Correct &details…")),
                             (self.print_button, self.tr("P&rint badge")),
                             (self.preview_button, self.tr("Previe&w badge…"))):
            button.setText(text)
            button.setAccessibleName(text.replace("&", "").rstrip("…"))

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.show_attendee(self._attendee)
        super().changeEvent(event)

    def show_attendee(self, attendee: Attendee | None) -> None:
        self.code = attendee.code if attendee else None
        self._attendee = attendee
        for attr, label in self.values.items():
            if attendee is None:
                label.setText("")
            elif attr == "admissions":
                label.setText(admissions_text(attendee.admissions))
            elif attr == "status":
                label.setText(ticket_status(attendee.status))
            else:
                label.setText(str(getattr(attendee, attr)))
        valid = attendee is not None and attendee.status == "valid"
        checked_in = attendee is not None and attendee.checked_in
        self.check_in_button.setEnabled(valid and not checked_in)
        self.undo_button.setEnabled(checked_in)
        self.edit_button.setEnabled(attendee is not None)
        self.print_button.setEnabled(valid)
        self.preview_button.setEnabled(attendee is not None)
