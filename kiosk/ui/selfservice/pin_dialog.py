"""The staff PIN pad (touch or keyboard) and the form that sets a PIN before kiosk mode starts."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.selfservice.staff_pin import StaffPin, check_pin_format
from kiosk.ui.selfservice.style import font

MAX_PIN = 12


def pin_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(MAX_PIN)
    field.setValidator(QRegularExpressionValidator(QRegularExpression("[0-9]{0,12}")))
    field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
                              | Qt.InputMethodHint.ImhNoPredictiveText)
    field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    return field


class PinPad(QWidget):
    """A PIN field with a 3×4 pad of large buttons; digits can be typed too, Enter submits."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = pin_field()
        self.field.setFont(font("input", bold=True))
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field.returnPressed.connect(self._submit)
        grid = self.grid = QGridLayout()
        grid.setSpacing(12)
        self.digits: list[QPushButton] = []
        for i, digit in enumerate("123456789"):
            grid.addWidget(self._digit(digit), i // 3, i % 3)
        self.delete = QPushButton()
        self.delete.setProperty("kind", "secondary")
        self.delete.clicked.connect(self.field.backspace)
        self.ok = QPushButton()
        self.ok.clicked.connect(self._submit)
        grid.addWidget(self.delete, 3, 0)
        grid.addWidget(self._digit("0"), 3, 1)
        grid.addWidget(self.ok, 3, 2)
        for button in (self.delete, self.ok):
            button.setFont(font("button", bold=True))
            button.setAutoDefault(True)
        for column in range(3):
            grid.setColumnStretch(column, 1)  # equal keys, however long "Delete" is in a language
        for button in (*self.digits, self.delete, self.ok):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setStyleSheet("QPushButton { padding: 8px 4px; }")  # the keys' width is for the words
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addLayout(grid)
        previous: QWidget = self.field
        for button in [*self.digits[:9], self.delete, self.digits[9], self.ok]:
            QWidget.setTabOrder(previous, button)
            previous = button
        self.retranslate()

    def take_ok(self) -> QPushButton:
        """The OK key, out of the pad, for a screen that pins it where it is always in view (the
        kiosk's footer: at 200 % text the pad is taller than the screen)."""
        self.grid.removeWidget(self.ok)
        self.ok.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        return self.ok

    def _digit(self, digit: str) -> QPushButton:
        button = QPushButton(digit)
        button.setFont(font("pad", bold=True))
        button.setAutoDefault(True)
        button.setAccessibleName(digit)
        button.clicked.connect(lambda: self._press(digit))
        self.digits.append(button)
        return button

    def _press(self, digit: str) -> None:
        if len(self.field.text()) < MAX_PIN:
            self.field.insert(digit)

    def _submit(self) -> None:
        self.submitted.emit(self.field.text())

    def clear(self) -> None:
        self.field.setText("")  # setText also empties the undo history

    def retranslate(self) -> None:
        self.field.setAccessibleName(self.tr("Staff PIN"))
        self.field.setAccessibleDescription(self.tr("Type the staff PIN, then press Enter"))
        self.delete.setText(self.tr("⌫ Delete"))
        self.delete.setAccessibleName(self.tr("Delete the last digit"))
        self.ok.setText(self.tr("OK"))
        self.ok.setAccessibleName(self.tr("Enter the PIN"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class SetPinDialog(QDialog):
    """Staff choose a PIN before a desk turns itself into a public kiosk: without one, kiosk mode
    could not be left."""

    def __init__(self, pin: StaffPin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pin = pin
        self.setWindowTitle(self.tr("Set a staff PIN"))
        self.setAccessibleName(self.tr("Set a staff PIN"))
        intro = QLabel(self.tr("Kiosk mode asks for this PIN to leave it, and for its settings and "
                               "statistics. Use 4 to 12 digits."))
        intro.setWordWrap(True)
        self.first, self.second = pin_field(), pin_field()
        self.first.setAccessibleName(self.tr("New staff PIN"))
        self.second.setAccessibleName(self.tr("The same PIN again"))
        self.error = QLabel()
        self.error.setAccessibleName(self.tr("Problem"))
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("New staff PIN"), self.first)
        form.addRow(self.tr("The same PIN again"), self.second)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _try_accept(self) -> None:
        problem = ""
        try:
            check_pin_format(self.first.text())
        except KioskError:
            problem = self.tr("A staff PIN is 4 to 12 digits.")
        if not problem and self.first.text() != self.second.text():
            problem = self.tr("The two PINs differ.")
        if not problem:
            try:
                self.pin.set(self.first.text())
            except KioskError as exc:  # the data folder cannot be written
                problem = exc.message
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        self.accept()
