"""Small forms of the desk: register a walk-in, correct an attendee, name this desk.

Every form opens with the keyboard in its first field (so "Aled" typed straight after Ctrl+N is
the walk-in's first name) and Tab walks the fields top to bottom, then OK and Cancel.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.attendees.checkin import validate_fields
from kiosk.core.errors import KioskError
from kiosk.core.model import Attendee
from kiosk.store.datadir import DataDir
from kiosk.store.settings import Settings
from kiosk.sync.pairing import looks_like_pairing_text
from kiosk.ui.desk_language import desk_languages
from kiosk.ui.scanner import TYPING_ONLY, ScanDetector, ScanTiming
from kiosk.ui.selfservice.i18n import native_name
from kiosk.ui.translate_marks import QT_TRANSLATE_NOOP


class _Form(QDialog):
    """A form whose OK checks the values with the engine's own rules before closing."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setAccessibleName(self.tr("Form error"))
        self.error.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._try_accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)  # room for a long name or address, not a 226 px sliver
        self._focused = False

    def fields(self) -> list[QWidget]:
        """The form's inputs, top to bottom (a row's layout gives the widgets inside it)."""
        found: list[QWidget] = []
        for row in range(self.form.rowCount()):
            for role in (QFormLayout.ItemRole.FieldRole, QFormLayout.ItemRole.SpanningRole):
                item = self.form.itemAt(row, role)
                if item is None:
                    continue
                inner = item.layout()
                widgets = [item.widget()]
                if inner is not None:  # a row holding several controls (a field and its Browse…)
                    widgets = [part.widget() for i in range(inner.count()) if (part := inner.itemAt(i)) is not None]
                found += [w for w in widgets if w is not None and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        return found

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._focused:
            return
        self._focused = True
        # The buttons were made before the fields, so Qt's own order would start on OK.
        chain = [*self.fields(), *self.buttons.buttons()]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        if chain:
            chain[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def field(self, label: str, accessible: str, text: str = "") -> QLineEdit:
        edit = QLineEdit(text)
        edit.setAccessibleName(accessible)
        self.form.addRow(label, edit)
        return edit

    def values(self) -> dict[str, str]:
        raise NotImplementedError

    def check(self, values: dict[str, str]) -> None:
        validate_fields(values)

    def _try_accept(self) -> None:
        ScanDetector.release_all()  # the last letter typed may still be held by the detector
        try:
            self.check(self.values())
        except KioskError as exc:
            self.error.setText(exc.message)
            self.error.show()
            # Grow to show it, rather than squeeze the words above it out of sight.
            if (layout := self.layout()) is not None:
                layout.activate()
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
            return
        self.accept()


class WalkInDialog(_Form):
    def __init__(self, ticket_types: list[str], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Register a walk-in"), parent)
        self.first = self.field(self.tr("&First name"), self.tr("First name"))
        self.last = self.field(self.tr("&Last name"), self.tr("Last name"))
        self.organisation = self.field(self.tr("&Organisation"), self.tr("Organisation"))
        self.email = self.field(self.tr("&Email"), self.tr("Email"))
        self.ticket_type = QComboBox()
        self.ticket_type.setEditable(True)
        self.ticket_type.setAccessibleName(self.tr("Ticket type"))
        self.ticket_type.addItems(["Walk-in", *[t for t in ticket_types if t and t != "Walk-in"]])
        self.form.addRow(self.tr("&Ticket type"), self.ticket_type)

    def values(self) -> dict[str, str]:
        return {"first_name": self.first.text(), "last_name": self.last.text(),
                "organisation": self.organisation.text(), "email": self.email.text(),
                "ticket_type": self.ticket_type.currentText()}

    def check(self, values: dict[str, str]) -> None:
        super().check(values)
        if not (values["first_name"].strip() or values["last_name"].strip()):
            raise KioskError(self.tr("A walk-in needs a first or last name."))


class EditAttendeeDialog(_Form):
    EDITABLE = (("first_name", QT_TRANSLATE_NOOP("EditAttendeeDialog", "&First name")),
                ("last_name", QT_TRANSLATE_NOOP("EditAttendeeDialog", "&Last name")),
                ("organisation", QT_TRANSLATE_NOOP("EditAttendeeDialog", "&Organisation")),
                ("pronouns", QT_TRANSLATE_NOOP("EditAttendeeDialog", "&Pronouns")),
                ("job_title", QT_TRANSLATE_NOOP("EditAttendeeDialog", "&Job title")),
                ("email", QT_TRANSLATE_NOOP("EditAttendeeDialog", "&Email")),
                ("notes", QT_TRANSLATE_NOOP("EditAttendeeDialog", "&Notes")))

    def __init__(self, attendee: Attendee, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Correct details: {0}").format(attendee.display_name), parent)
        self.edits = {name: self.field(self.tr(label), self.tr(label).replace("&", ""), getattr(attendee, name))
                      for name, label in self.EDITABLE}

    def values(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.edits.items()}


class SettingsDialog(_Form):
    """This desk's name, the scanner timing thresholds, the sound and the camera."""

    AUTO_PRINT = (("never", QT_TRANSLATE_NOOP("SettingsDialog", "Never (print from the attendee panel)")),
                  ("first", QT_TRANSLATE_NOOP("SettingsDialog", "On first check-in only")),
                  ("always", QT_TRANSLATE_NOOP("SettingsDialog", "On every check-in")))

    def __init__(self, name: str, timing: ScanTiming, muted: bool, auto_print: str = "never",
                 parent: QWidget | None = None, camera_settings: Settings | None = None,
                 language: str | None = None) -> None:
        super().__init__(self.tr("Desk settings"), parent)
        self.name = self.field(self.tr("Desk &name"), self.tr("Desk name"), name)
        self.form.addRow(QLabel(self.tr("Shown with every check-in made here, e.g. “Desk 2”.")))
        self.language: QComboBox | None = None
        if language is not None:  # the desk's language, each by its own name
            self.language = QComboBox()
            self.language.setAccessibleName(self.tr("Language of the desk"))
            for code in desk_languages():
                self.language.addItem(native_name(code), code)
            self.language.setCurrentIndex(max(0, self.language.findData(language)))
            self.form.addRow(self.tr("&Language"), self.language)
        self.max_gap = self._spin(self.tr("Scanner: max &gap between keys (ms)"), timing.max_gap_ms, 5, 500)
        self.min_length = self._spin(self.tr("Scanner: &shortest code (characters)"), timing.min_length, 2, 64)
        self.end_pause = self._spin(self.tr("Scanner: end of code after a &pause of (ms)"),
                                    timing.end_pause_ms, 20, 2000)
        self.auto_print = QComboBox()
        self.auto_print.setAccessibleName(self.tr("Print the badge automatically"))
        for key, label in self.AUTO_PRINT:
            self.auto_print.addItem(self.tr(label), key)
        self.auto_print.setCurrentIndex(max(0, self.auto_print.findData(auto_print)))
        self.form.addRow(self.tr("&Print badge automatically"), self.auto_print)
        self.mute = QCheckBox(self.tr("&Mute the outcome sounds"))
        self.mute.setChecked(muted)
        self.mute.setAccessibleName(self.tr("Mute the outcome sounds"))
        self.form.addRow(self.mute)
        self.camera: QComboBox | None = None
        if camera_settings is not None:  # the desk's settings: camera and camera_mirror
            self._camera_rows(camera_settings)

    def _camera_rows(self, settings: Settings) -> None:
        from kiosk.ui.camera import CameraScanner, front_facing

        self.camera = QComboBox()
        self.camera.setAccessibleName(self.tr("Camera"))
        self.camera.addItem(self.tr("No camera"), "none")
        for device_id, description in CameraScanner.available_cameras():
            self.camera.addItem(description, device_id)
        chosen = settings.camera
        if chosen and self.camera.findData(chosen) < 0:
            self.camera.addItem(self.tr("Not connected ({0})").format(chosen), chosen)  # kept until it is back
        # Unset: the system's default camera if there is one (listed first), else none.
        index = self.camera.findData(chosen) if chosen else min(1, self.camera.count() - 1)
        self.camera.setCurrentIndex(max(0, index))
        self.form.addRow(self.tr("&Camera"), self.camera)
        mirror = settings.camera_mirror
        self.camera_mirror = QCheckBox(self.tr("Mi&rror the camera preview (for a camera facing you)"))
        self.camera_mirror.setAccessibleName(self.tr("Mirror the camera preview"))
        self.camera_mirror.setChecked(mirror if isinstance(mirror, bool) else front_facing(self.camera.currentData()))
        self.form.addRow(self.camera_mirror)

    def camera_values(self) -> dict:
        """The camera settings to save ({} when the dialog was opened without them)."""
        if self.camera is None:
            return {}
        return {"camera": self.camera.currentData(), "camera_mirror": self.camera_mirror.isChecked()}

    def _spin(self, label: str, value: int, low: int, high: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setAccessibleName(label.replace("&", ""))
        self.form.addRow(label, spin)
        return spin

    def chosen_language(self) -> str | None:
        return self.language.currentData() if self.language is not None else None

    def timing(self) -> ScanTiming:
        return ScanTiming(self.max_gap.value(), self.min_length.value(), self.end_pause.value())

    def values(self) -> dict[str, str]:
        return {"name": self.name.text().strip()}

    def check(self, values: dict[str, str]) -> None:
        if not 1 <= len(values["name"]) <= 60:
            raise KioskError(self.tr("A desk name is 1 to 60 characters."))
        if self.end_pause.value() <= self.max_gap.value():
            raise KioskError(self.tr("The end-of-code pause must be longer than the gap between keys."))


class DeskNameDialog(_Form):
    """Asked once, the first time the desk opens: every check-in made here carries this name."""

    def __init__(self, name: str = "Desk 1", parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Name this desk"), parent)
        intro = QLabel(self.tr("Every check-in made on this laptop is shown with the desk's name, so staff "
                               "can tell where someone came in. You can change it later in Settings."))
        intro.setWordWrap(True)
        self.form.insertRow(0, intro)
        self.name = self.field(self.tr("Desk &name"), self.tr("Desk name"), name)
        self.name.selectAll()  # typing replaces "Desk 1"; Enter keeps it
        # Asked before the desk may record anything: its keys are typing, never a scan. With the
        # desk's detector, a quick typist's name (four keys under 40 ms apart) became a "scan"
        # checked in behind the question, and their Return was swallowed with it.
        self.setProperty(TYPING_ONLY, True)

    def values(self) -> dict[str, str]:
        return {"name": self.name.text().strip()}

    def check(self, values: dict[str, str]) -> None:
        if looks_like_pairing_text(values["name"]):  # the organiser said "scan this" too early
            self.name.clear()
            raise KioskError(self.tr("That is a pairing code. Name this desk first, with a name like “Front "
                                     "door”; then scan the pairing code again on the desk."))
        if not 1 <= len(values["name"]) <= 60:
            raise KioskError(self.tr("A desk name is 1 to 60 characters, like “Desk 1” or “Front door”."))
        if looks_like_a_scan(values["name"]):
            # A ticket scanned into the question (its scanner's Return answers it) would name the
            # desk after someone's ticket on every check-in made here.
            raise KioskError(self.tr("That looks like a ticket code, not a desk’s name. Type a name staff will "
                                     "recognise, like “Front door”."))


def looks_like_a_scan(name: str) -> bool:
    """A web address, or one word of 8 or more characters with 4 or more digits: a ticket code
    (“Desk 12”, “Room101B” and “Registration2” are names; “CODE-0001” and a URL are not)."""
    return "://" in name or (" " not in name and len(name) >= 8 and sum(c.isdigit() for c in name) >= 4)


def ask_desk_name_once(data: DataDir, parent: QWidget | None = None) -> str | None:
    """The first time the desk opens on this laptop, before anything is recorded: its name
    (suggesting "Desk 1", never the computer's). Cancel keeps "Desk 1"; Settings changes it later.
    Returns the name given, or None when it was asked before."""
    settings = Settings.load(data)
    if settings.desk_named:
        return None
    dialog = DeskNameDialog("Desk 1", parent)
    name = dialog.values()["name"] if dialog.exec() == DeskNameDialog.DialogCode.Accepted else "Desk 1"
    data.set_device_name(name)
    settings.save(data, desk_named=True)
    return name
