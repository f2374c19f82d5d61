"""The selected attendee's details, with the desk's actions on them: check in, undo, correct."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.core.model import Attendee
from kiosk.ui.result_panel import admissions_text

_SHOWN = (("Name", "display_name"), ("Organisation", "organisation"), ("Ticket type", "ticket_type"),
          ("Pronouns", "pronouns"), ("Booking ref", "booking_ref"), ("Status", "status"),
          ("Access needs", "access_needs"), ("Dietary needs", "dietary_needs"), ("Notes", "notes"))


class AttendeePanel(QGroupBox):
    check_in_requested = Signal(str)
    undo_requested = Signal(str)
    edit_requested = Signal(str)
    print_requested = Signal(str)
    preview_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Attendee", parent)
        self.setAccessibleName("Attendee details")
        self.code: str | None = None
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        for label, attr in (*_SHOWN, ("Checked in", "admissions")):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            self.values[attr] = value
            form.addRow(f"{label}:", value)
        self.check_in_button = QPushButton("Check &in")
        self.undo_button = QPushButton("&Undo check-in")
        self.edit_button = QPushButton("Correct &details…")
        self.print_button = QPushButton("P&rint badge")
        self.preview_button = QPushButton("Previe&w badge…")
        for button, signal in ((self.check_in_button, self.check_in_requested),
                               (self.undo_button, self.undo_requested),
                               (self.edit_button, self.edit_requested),
                               (self.print_button, self.print_requested),
                               (self.preview_button, self.preview_requested)):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
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
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.show_attendee(None)

    def show_attendee(self, attendee: Attendee | None) -> None:
        self.code = attendee.code if attendee else None
        for attr, label in self.values.items():
            if attendee is None:
                label.setText("")
            elif attr == "admissions":
                label.setText(admissions_text(attendee.admissions))
            else:
                label.setText(str(getattr(attendee, attr)))
        valid = attendee is not None and attendee.status == "valid"
        checked_in = attendee is not None and attendee.checked_in
        self.check_in_button.setEnabled(valid and not checked_in)
        self.undo_button.setEnabled(checked_in)
        self.edit_button.setEnabled(attendee is not None)
        self.print_button.setEnabled(valid)
        self.preview_button.setEnabled(attendee is not None)
