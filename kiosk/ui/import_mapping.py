"""The import window's mapping step: what each column of the file is, chosen from plain names.

One line per column of the file: its heading, a drop-down ("First name", "Ticket code",
"Dietary needs", "Other detail (kept as it is)", "Not imported") and what the first rows hold in
it, so the organiser sees the data they are choosing for. A field belongs to one column: choosing
it for another column moves it there. With no column for ticket codes, the step says that the app
will make them and write tickets, and offers the mail-merge list.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QElapsedTimer, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.importer.presets import CHOICE_LABELS, CODE, EXTRA, IMPORT_FIELDS, SKIP
from kiosk.importer.preview import FilePreview
from kiosk.ui.translate_marks import QT_TRANSLATE_NOOP

SHOWN_SAMPLES = 3  # sample rows beside the drop-downs: enough to recognise a column
_SAMPLE_CHARS = 40
# The drop-down's order: what most lists have first; "full_name" next to the names it splits into.
_ORDER = (CODE, "full_name", "first_name", "last_name", "email", "organisation", "job_title",
          "pronouns", "ticket_type", "booking_ref", "status", "access_needs", "dietary_needs", "notes",
          "attendance", EXTRA, SKIP)
assert set(_ORDER) == {*IMPORT_FIELDS, EXTRA, SKIP}


def _elided(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SAMPLE_CHARS else text[:_SAMPLE_CHARS - 1].rstrip() + "…"


# kiosk.importer.presets.CHOICE_LABELS, marked here so the desk shows them in its language (a
# label added there and not here shows in English, and the translation test does not see it).
_LABELS_SHOWN = (
    QT_TRANSLATE_NOOP("MappingStep", "Ticket code"),
    QT_TRANSLATE_NOOP("MappingStep", "First name"),
    QT_TRANSLATE_NOOP("MappingStep", "Last name"),
    QT_TRANSLATE_NOOP("MappingStep", "Full name"),
    QT_TRANSLATE_NOOP("MappingStep", "Email"),
    QT_TRANSLATE_NOOP("MappingStep", "Organisation"),
    QT_TRANSLATE_NOOP("MappingStep", "Job title"),
    QT_TRANSLATE_NOOP("MappingStep", "Pronouns"),
    QT_TRANSLATE_NOOP("MappingStep", "Ticket type"),
    QT_TRANSLATE_NOOP("MappingStep", "Booking reference"),
    QT_TRANSLATE_NOOP("MappingStep", "Ticket status"),
    QT_TRANSLATE_NOOP("MappingStep", "Access needs"),
    QT_TRANSLATE_NOOP("MappingStep", "Dietary needs"),
    QT_TRANSLATE_NOOP("MappingStep", "Notes"),
    QT_TRANSLATE_NOOP("MappingStep", "In person or online"),
    QT_TRANSLATE_NOOP("MappingStep", "Other detail (kept as it is)"),
    QT_TRANSLATE_NOOP("MappingStep", "Not imported"),
)


# A column of this name with values shaped like codes (each different, 6+ characters, no spaces)
# is taken as the ticket codes when no column is named so, rather than making new codes.
_CODE_LIKE_HEADERS = {"ref", "reference", "booking ref", "booking reference", "order ref", "order reference"}
_CODE_LIKE = re.compile(r"^\S{6,}$")


def code_like_column(preview: FilePreview) -> int | None:
    """The column that looks like the ticket codes when none is read as them, or None."""
    if CODE in preview.choices or preview.remembered or not preview.samples:
        return None
    for index, header in enumerate(preview.headers):
        if " ".join(header.lower().replace("_", " ").replace(".", " ").split()) not in _CODE_LIKE_HEADERS:
            continue
        values = [row[index].strip() for row in preview.samples if index < len(row)]
        if values and all(_CODE_LIKE.match(v) for v in values) and len(set(values)) == len(values):
            return index
    return None


class TypeAheadCombo(QComboBox):
    """A drop-down that finds its choice as letters are typed, spaces included ("Ticket c"),
    without opening its list: Qt's own opens it on the space, and the next Alt+letter is lost in it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._typed = ""
        self._last = QElapsedTimer()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        text = event.text()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        if plain and text and text.isprintable():
            fresh = not self._last.isValid() or self._last.elapsed() > QApplication.keyboardInputInterval()
            if text == " " and (fresh or not self._typed):
                super().keyPressEvent(event)  # a space on its own opens the list, as always
                return
            self._typed = text if fresh else self._typed + text
            self._last.start()
            found = self.findText(self._typed, Qt.MatchFlag.MatchStartsWith)
            if found >= 0:
                self.setCurrentIndex(found)
            event.accept()
            return
        super().keyPressEvent(event)


class MappingStep(QWidget):
    """Choose what each column is; `changed` fires (once per choice) when a choice changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combos: list[QComboBox] = []
        self.headers: list[str] = []
        self.guessed_code: int | None = None  # a "Ref" column taken as the codes (code_like_column)
        self._updating = False
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.StyledPanel)
        self.area.setAccessibleName(self.tr("Columns in your file"))
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(6)
        self.area.setWidget(self.grid_host)
        self.codes_note = QLabel()
        self.codes_note.setWordWrap(True)
        self.codes_note.setAccessibleName(self.tr("Ticket codes"))
        self.codes_csv = QCheckBox(self.tr("&Also save the codes as a list for a mail merge (CSV: code, name, email)"))
        self.codes_csv.setAccessibleName(self.tr("Also save the codes for a mail merge"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.area, 1)
        layout.addWidget(self.codes_note)
        layout.addWidget(self.codes_csv)
        self.codes_note.hide()
        self.codes_csv.hide()

    def show_preview(self, preview: FilePreview) -> None:
        """One line per column of the file, its drop-down set to the detected (or remembered) choice."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos = []
        self.headers = list(preview.headers)
        samples = preview.samples[:SHOWN_SAMPLES]
        heading = [self.tr("Column in your file"), self.tr("Import as")] + [
            self.tr("Example {0}").format(n) for n in range(1, len(samples) + 1)]
        for col, text in enumerate(heading):
            label = QLabel(f"<b>{text}</b>")
            self.grid.addWidget(label, 0, col)
        for index, header in enumerate(self.headers):
            name = QLabel(_elided(header) or self.tr("(column {0}, no heading)").format(index + 1))
            name.setToolTip(header)
            combo = TypeAheadCombo()
            combo.setAccessibleName(self.tr("Import column “{0}” as").format(header or index + 1))
            for choice in _ORDER:
                combo.addItem(self.tr(CHOICE_LABELS[choice]), choice)
            combo.setCurrentIndex(max(0, combo.findData(preview.choices[index])))
            combo.setMinimumContentsLength(18)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.currentIndexChanged.connect(lambda _=0, i=index: self._chosen(i))
            name.setBuddy(combo)
            self.grid.addWidget(name, index + 1, 0)
            self.grid.addWidget(combo, index + 1, 1)
            for n, row in enumerate(samples):
                cell = QLabel(_elided(row[index]) if index < len(row) else "")
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
                cell.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
                cell.setStyleSheet("color: palette(text);")
                self.grid.addWidget(cell, index + 1, 2 + n)
            self.combos.append(combo)
        self.grid.setColumnStretch(0, 2)
        for n in range(len(samples)):
            self.grid.setColumnStretch(2 + n, 3)
        self.grid.setRowStretch(len(self.headers) + 1, 1)
        # The focus walks down the drop-downs in the file's order, after the file chooser.
        for first, second in zip(self.combos, self.combos[1:], strict=False):
            QWidget.setTabOrder(first, second)
        if self.combos:
            QWidget.setTabOrder(self.combos[-1], self.codes_csv)
        self.guessed_code = code_like_column(preview)
        if self.guessed_code is not None:
            guessed = self.combos[self.guessed_code]
            guessed.setCurrentIndex(guessed.findData(CODE))  # through _chosen: a field is one column's
        self._show_codes_note()

    def choices(self) -> list[str]:
        return [str(combo.currentData()) for combo in self.combos]

    @property
    def generate_codes(self) -> bool:
        return CODE not in self.choices()

    def combo_for(self, header: str) -> QComboBox:
        return self.combos[self.headers.index(header)]

    def _chosen(self, index: int) -> None:
        if self._updating:
            return
        choice = self.combos[index].currentData()
        self._updating = True
        try:
            if choice in IMPORT_FIELDS:  # a field is one column's: the other column lets it go
                for other, combo in enumerate(self.combos):
                    if other != index and combo.currentData() == choice:
                        combo.setCurrentIndex(combo.findData(EXTRA))
        finally:
            self._updating = False
        self._show_codes_note()
        self.changed.emit()

    def _show_codes_note(self) -> None:
        making = bool(self.combos) and self.generate_codes
        guessed = self.guessed_code
        if not making and guessed is not None and self.choices()[guessed] == CODE:
            self.codes_note.setText(self.tr("The {0} column looks like your ticket codes: it will be read as "
                                            "the ticket code. Change it if not.").format(self.headers[guessed]))
            self.codes_note.setVisible(True)
            self.codes_csv.setVisible(False)
            return
        self.codes_note.setText(
            self.tr("No column is read as Ticket code, so the app will make a code for each person and "
                    "write their tickets (a PDF with a QR code and name for each person) to print or send. "
                    "Importing this list again gives everyone the same code.")
            if making else "")
        self.codes_note.setVisible(making)
        self.codes_csv.setVisible(making)
