"""The attendee's screens of the kiosk: welcome (scan), the result, and the forgotten-ticket form.

One task per screen, large type and targets, plain words, symbol and words together. Each screen
scrolls rather than clips when the text is enlarged, and retranslates itself when the language
changes (Qt's LanguageChange), so switching language changes the live screen at once.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.selfservice import rules as ss
from kiosk.ui.scanner import ScanDetector
from kiosk.ui.selfservice.i18n import native_name
from kiosk.ui.selfservice.style import PALETTE, base_point_size, font

CENTER = Qt.AlignmentFlag.AlignHCenter


def label(role: str, bold: bool = False, hint: bool = False) -> QLabel:
    widget = QLabel()
    widget.setFont(font(role, bold))
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.PlainText)  # names and messages are never markup
    widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    if hint:
        widget.setProperty("role", "hint")
    return widget


def button(secondary: bool = False, role: str = "button") -> QPushButton:
    widget = QPushButton()
    widget.setFont(font(role, bold=True))
    widget.setAutoDefault(True)  # Enter presses the focused button, as Space does
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    if secondary:
        widget.setProperty("kind", "secondary")
    return widget


def announce(widget: QWidget) -> None:
    """Tell a screen reader that this widget's text is news (an alert)."""
    QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.Alert))


class OutcomeIcon(QWidget):
    """A tick or an "i" in a disc, drawn rather than taken from a font, sized with the text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = "tick"
        self.disc, self.mark = QColor("#ffffff"), QColor("#1b5e20")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        side = int(base_point_size() * 9)
        return QSize(side, side)

    def set_kind(self, kind: str, disc: str, mark: str) -> None:
        self.kind, self.disc, self.mark = kind, QColor(disc), QColor(mark)
        self.updateGeometry()
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        side = min(self.width(), self.height())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.translate((self.width() - side) / 2, (self.height() - side) / 2)
        p.scale(side / 100, side / 100)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.disc)
        p.drawEllipse(QRectF(2, 2, 96, 96))
        pen = QPen(self.mark, 11, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        if self.kind == "tick":
            path = QPainterPath(QPointF(27, 52))
            path.lineTo(43, 68)
            path.lineTo(73, 34)
            p.drawPath(path)
        else:
            p.drawLine(QPointF(50, 45), QPointF(50, 74))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self.mark)
            p.drawEllipse(QPointF(50, 28), 7, 7)
        p.end()


class ActionRow(QWidget):
    """Buttons side by side while they fit the width, else stacked with the main action (the
    last one) on top: at 200 % text two long Welsh labels never clip or push off the screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.line.setContentsMargins(0, 0, 0, 0)
        self.line.setSpacing(24)

    def add(self, widget: QWidget | None) -> None:
        """A control, or None for a stretch between controls."""
        if widget is None:
            self.line.addStretch(1)
        else:
            self.line.addWidget(widget)

    def needed_width(self) -> int:
        items = (self.line.itemAt(i) for i in range(self.line.count()))
        shown = [item.widget() for item in items if item is not None]
        widths = [w.sizeHint().width() for w in shown if w is not None and not w.isHidden()]
        return sum(widths) + self.line.spacing() * max(0, len(widths) - 1)

    def fit(self, width: int) -> None:
        side_by_side = self.needed_width() <= width
        self.line.setDirection(QBoxLayout.Direction.LeftToRight if side_by_side
                               else QBoxLayout.Direction.BottomToTop)


class Screen(QScrollArea):
    """A page of the kiosk. It scrolls vertically (touch-drag too) instead of clipping text."""

    name = "screen"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{self.name}Screen")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = QWidget()
        self.body.setObjectName(f"{self.name}Body")
        self.box = QVBoxLayout(self.body)
        self.box.setContentsMargins(48, 32, 48, 32)
        self.box.setSpacing(20)
        self.setWidget(self.body)
        # The footer holds the screen's main actions. It sits outside the scrolling body, over a
        # viewport margin, so at 200 % text a long page scrolls but "Find my booking", "Done" or
        # "Back to the kiosk" never slides below the screen edge.
        self.footer = QWidget(self)
        self.footer.setObjectName(f"{self.name}Footer")
        self.footer_box = QVBoxLayout(self.footer)
        self.footer_box.setContentsMargins(48, 12, 48, 24)
        self.footer_row = ActionRow()
        self.footer_box.addWidget(self.footer_row)
        self.footer.setProperty("footer", True)
        self.footer.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.footer.hide()
        # The screen itself takes the focus when it opens: keyboard users Tab to the first control,
        # and touch users see no highlighted button they did not choose.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)

    def retranslate(self) -> None:
        raise NotImplementedError

    def main_actions(self) -> list[QWidget]:
        """The controls that must always be on screen (the footer's, unless a screen says more)."""
        return [w for w in self.footer.findChildren(QPushButton) if w.isVisibleTo(self)]

    def put_in_footer(self, *widgets: QWidget | None) -> None:
        """Pin these controls to the bottom of the screen, left to right (None: a stretch between
        them; with none given, the group is centred)."""
        centred = None not in widgets
        for widget in ((None, *widgets, None) if centred else widgets):
            self.footer_row.add(widget)
        self.footer.show()
        self._place_footer()

    def footer_rows(self) -> list[ActionRow]:
        return self.footer.findChildren(ActionRow)

    def _place_footer(self) -> None:
        if self.footer.isHidden():
            self.setViewportMargins(0, 0, 0, 0)
            return
        width = self.width()
        margins = self.footer_box.contentsMargins()
        for row in self.footer_rows():
            row.fit(width - margins.left() - margins.right())
        self.footer_box.invalidate()
        height = self.footer.sizeHint().height()
        self.setViewportMargins(0, 0, 0, height)
        self.footer.setGeometry(0, self.height() - height, width, height)
        self.footer.raise_()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._place_footer()

    def event(self, event: QEvent) -> bool:
        # A font or text change in the footer (language, 200 % text) changes its height.
        if event.type() == QEvent.Type.LayoutRequest:
            self._place_footer()
        return super().event(event)

    def reset(self) -> None:
        """Forget everything the last person typed or saw."""

    def first_focus(self) -> QWidget | None:
        return None

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class WelcomeScreen(Screen):
    name = "welcome"
    forgot_clicked = Signal()
    staff_clicked = Signal()
    language_chosen = Signal(str)

    def __init__(self, event_name: str, languages: list[str], camera: QWidget | None = None,
                 parent: QWidget | None = None, camera_missing: bool = False) -> None:
        super().__init__(parent)
        self.event_name = event_name
        self.camera = camera
        self.event_title = label("small", hint=True)
        self.language_buttons: dict[str, QPushButton] = {}
        top = QHBoxLayout()
        top.addWidget(self.event_title, 1)
        for code in languages:
            choice = button(secondary=True, role="small")
            choice.setText(native_name(code))  # always in its own language, never translated
            choice.clicked.connect(lambda _=False, c=code: self.language_chosen.emit(c))
            self.language_buttons[code] = choice
            top.addWidget(choice, 0, Qt.AlignmentFlag.AlignTop)
        self.title = label("title", bold=True)
        self.headline = label("headline", bold=True)
        self.instruction = label("body")
        # A camera was chosen but is not there: said calmly, so people use the scanner rather than
        # hold their ticket up to a camera that is not working.
        self.camera_note = label("body", hint=True)
        for widget in (self.title, self.headline, self.instruction, self.camera_note):
            widget.setAlignment(CENTER)
        self.forgot = button()
        self.forgot.clicked.connect(self.forgot_clicked)
        self.staff = button(secondary=True, role="small")
        self.staff.clicked.connect(self.staff_clicked)
        top.addWidget(self.staff, 0, Qt.AlignmentFlag.AlignTop)
        self.box.addLayout(top)
        self.box.addStretch(1)
        self.box.addWidget(self.title)
        self.box.addWidget(self.headline)
        self.box.addWidget(self.instruction)
        if camera is not None:
            # Large enough to aim a ticket at, small enough to leave the words on one screen.
            camera.setMinimumSize(320, 220)
            camera.setMaximumSize(520, 340)
            self.box.addWidget(camera, 0, CENTER)
        self.box.addWidget(self.camera_note)
        self.camera_note.setVisible(camera_missing)
        self.box.addStretch(1)
        self.put_in_footer(self.forgot)
        # The main task first for Tab, then the language, then staff.
        chain = [self, self.forgot, *self.language_buttons.values(), self.staff]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.retranslate()

    def set_language(self, code: str) -> None:
        for lang, choice in self.language_buttons.items():
            choice.setVisible(lang != code)  # one tap to each other language

    def retranslate(self) -> None:
        self.event_title.setText(self.tr("Welcome to {event}").format(event=self.event_name)
                           if self.event_name else "")
        self.event_title.setVisible(bool(self.event_name))
        self.title.setText(self.tr("Welcome"))
        self.headline.setText(self.tr("Scan your ticket"))
        if self.camera is not None:
            self.instruction.setText(self.tr("Hold the QR code on your ticket, on paper or on your "
                                             "phone, up to the camera or the scanner."))
            self.camera.setAccessibleName(self.tr("Camera view"))
            self.camera.setAccessibleDescription(self.tr("Shows what the camera sees, to help you aim "
                                                         "your ticket"))
        else:
            self.instruction.setText(self.tr("Hold the QR code on your ticket, on paper or on your "
                                             "phone, under the scanner."))
        self.camera_note.setText(self.tr("The camera is not available. Please use the scanner."))
        self.forgot.setText(self.tr("Forgot your ticket?"))
        self.forgot.setAccessibleName(self.tr("Forgot your ticket?"))
        self.forgot.setAccessibleDescription(self.tr("Find your booking with your surname and your "
                                                     "booking reference or email address"))
        for code, choice in self.language_buttons.items():
            choice.setAccessibleName(native_name(code))
            choice.setAccessibleDescription(self.tr("Change the language"))
        self.staff.setText(self.tr("Staff"))
        self.staff.setAccessibleName(self.tr("Staff only"))
        self.staff.setAccessibleDescription(self.tr("Staff sign in with a PIN"))


class ResultScreen(Screen):
    """A welcome, or a calm problem that sends the person to the desk: symbol, words and colour."""

    name = "result"
    done_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcome: ss.KioskOutcome | None = None
        self.icon = OutcomeIcon()
        self.headline = label("title", bold=True)
        self.message = label("headline")
        self.desk = label("headline", bold=True)
        self.countdown = label("small")
        for widget in (self.headline, self.message, self.desk, self.countdown):
            widget.setAlignment(CENTER)
        self.done = button(secondary=True)  # white: it stands out on green and on cream alike
        self.done.clicked.connect(self.done_clicked)
        self.box.addStretch(1)
        self.box.addWidget(self.icon, 0, CENTER)
        for widget in (self.headline, self.message, self.desk):
            self.box.addWidget(widget)
        self.box.addWidget(self.countdown)
        self.box.addStretch(1)
        self.put_in_footer(self.done)

    def show_outcome(self, outcome: ss.KioskOutcome) -> None:
        self.outcome = outcome
        look = PALETTE["welcome" if outcome.admitted and not outcome.needs_desk else "problem"]
        self.body.setStyleSheet(
            f"#resultBody, #resultFooter {{ background: {look.background}; }}"
            f"#resultBody QLabel {{ color: {look.foreground}; }}")
        # Light on dark for a welcome, dark on light for a problem: shape and words say it too.
        self.icon.set_kind("tick" if self.look == "welcome" else "info",
                           look.foreground if self.look == "welcome" else PALETTE["primary"].background,
                           look.background if self.look == "welcome" else PALETTE["primary"].foreground)
        self.retranslate()
        announce(self.headline)

    @property
    def look(self) -> str:
        o = self.outcome
        return "welcome" if o is not None and o.admitted and not o.needs_desk else "problem"

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.done_clicked.emit()  # Enter or Space anywhere on the result: done
            return
        super().keyPressEvent(event)

    def _texts(self, outcome: ss.KioskOutcome) -> tuple[str, str, str]:
        """(the symbol's name, headline, message) in the current language."""
        m = outcome.message
        if outcome.admitted:
            headline = (self.tr("Welcome, {name}").format(name=outcome.name) if outcome.name
                        else self.tr("Welcome!"))
            if m == ss.PRINTED:
                text = self.tr("You are checked in. Your badge is ready: please take it from the printer.")
            elif m == ss.BADGE_AT_DESK:
                text = self.tr("You are checked in. Your badge is ready for you at the registration desk.")
            elif m == ss.PRINT_FAILED:
                text = self.tr("You are checked in, but your badge could not be printed.")
            else:
                text = self.tr("You are checked in. Your badge is printing now.")
            if outcome.needs_desk:
                return self.tr("Information"), headline, text
            return self.tr("Checked in"), headline, text
        if m == ss.NOT_FOUND:
            text = self.tr("Sorry, we could not find this ticket.")
        elif m == ss.CANNOT_USE:
            text = self.tr("Sorry, this ticket cannot be used at the kiosk.")
        elif m == ss.ALREADY_IN:
            text = self.tr("This ticket has already been checked in.")
        elif m == ss.FORGOT_LIMIT:
            text = self.tr("Sorry, we could not find your booking.")
        else:
            text = self.tr("Sorry, something went wrong.")
        return self.tr("Information"), text, ""

    def retranslate(self) -> None:
        self.done.setText(self.tr("Done"))
        self.done.setAccessibleName(self.tr("Done"))
        self.countdown.setText(self.tr("This screen goes back to the start by itself."))
        if self.outcome is None:
            return
        symbol_name, headline, text = self._texts(self.outcome)
        desk = self.tr("Please see the registration desk. Staff there will help you.") \
            if self.outcome.needs_desk else ""
        self.icon.setAccessibleName(symbol_name)
        self.headline.setText(headline)
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.desk.setText(desk)
        self.desk.setVisible(bool(desk))
        summary = " ".join(p for p in (headline, text, desk) if p)
        self.done.setAccessibleDescription(summary)
        self.setAccessibleDescription(summary)


class ForgotScreen(Screen):
    """Surname plus booking reference or email: an exact match or nothing, never a list."""

    name = "forgot"
    submitted = Signal(str, str)
    back_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._incomplete = False
        self.title = label("title", bold=True)
        self.intro = label("body")
        self.surname_label = label("body", bold=True)
        self.surname = self._field(80)
        self.reference_label = label("body", bold=True)
        self.reference = self._field(254)
        self.reference.setInputMethodHints(self.reference.inputMethodHints()
                                           | Qt.InputMethodHint.ImhNoAutoUppercase)
        self.surname_label.setBuddy(self.surname)
        self.reference_label.setBuddy(self.reference)
        self.error = label("body", bold=True)
        self.error.setProperty("role", "error")
        self.error.hide()
        self.find_button = button()
        self.back = button(secondary=True)
        self.find_button.clicked.connect(self._submit)
        self.back.clicked.connect(self.back_clicked)
        self.surname.returnPressed.connect(self.reference.setFocus)
        self.reference.returnPressed.connect(self._submit)
        for widget in (self.title, self.intro, self.surname_label, self.surname, self.reference_label,
                       self.reference, self.error):
            self.box.addWidget(widget)
        self.box.addStretch(1)
        self.put_in_footer(self.back, None, self.find_button)
        QWidget.setTabOrder(self.surname, self.reference)
        QWidget.setTabOrder(self.reference, self.find_button)
        QWidget.setTabOrder(self.find_button, self.back)
        self.retranslate()

    @staticmethod
    def _field(max_length: int) -> QLineEdit:
        field = QLineEdit()
        field.setFont(font("input"))
        field.setMaxLength(max_length)
        # No predictive text: an on-screen keyboard must not learn and offer people's names.
        field.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText | Qt.InputMethodHint.ImhSensitiveData)
        field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        return field

    def _submit(self) -> None:
        ScanDetector.release_all()  # the last letters typed may still be held by the detector
        self.submitted.emit(self.surname.text(), self.reference.text())

    def _error_text(self) -> str:
        if self._incomplete:
            return "⚠ " + self.tr("Please type both your surname and your booking reference or email "
                                  "address.")
        return "⚠ " + self.tr("We could not find a booking with these details. Please check them and "
                              "try again, or see the registration desk.")

    def show_not_found(self, incomplete: bool = False) -> None:
        self._incomplete = incomplete
        self.error.setText(self._error_text())
        self.error.show()
        announce(self.error)
        self.surname.setFocus()
        # Once the shown message has its height: scrolled into view above the footer, whole.
        QTimer.singleShot(0, lambda: self.ensureWidgetVisible(self.error, 0, 12))

    def reset(self) -> None:
        for field in (self.surname, self.reference):
            field.setText("")  # setText also empties the undo history: nothing to Ctrl+Z back
        self.error.hide()
        self.error.setText("")

    def first_focus(self) -> QWidget:
        return self.surname

    def retranslate(self) -> None:
        self.title.setText(self.tr("Find your booking"))
        self.intro.setText(self.tr("Type your surname and your booking reference or email address. "
                                   "Both must match your booking."))
        self.surname_label.setText(self.tr("Surname (family name)"))
        self.surname.setAccessibleName(self.tr("Surname (family name)"))
        self.reference_label.setText(self.tr("Booking reference or email address"))
        self.reference.setAccessibleName(self.tr("Booking reference or email address"))
        self.find_button.setText(self.tr("Find my booking"))
        self.find_button.setAccessibleName(self.tr("Find my booking"))
        self.back.setText(self.tr("Back"))
        self.back.setAccessibleName(self.tr("Back to the start"))
        if self.error.text():
            self.error.setText(self._error_text())
