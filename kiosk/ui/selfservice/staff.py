"""The kiosk's staff screens behind the PIN: leave kiosk mode, printer status, statistics, settings.

The host (the kiosk window) provides the facts and actions: `pin` (a StaffPin),
`printer_summary()`, `kiosk_stats()`, `staff_notes()`, `kiosk_settings()`,
`save_kiosk_settings(**values)` and `retry_printing()`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.selfservice.i18n import native_name
from kiosk.ui.selfservice.pin_dialog import PinPad
from kiosk.ui.selfservice.screens import ActionRow, Screen, announce, button, label
from kiosk.ui.selfservice.style import MIN_TARGET_PX, base_point_size, font

RESULT_CHOICES = (4, 6, 8, 10, 15, 20, 30)
IDLE_CHOICES = (20, 30, 45, 60, 90, 120, 180, 300)


def _page(*widgets: QWidget) -> tuple[QWidget, QVBoxLayout]:
    page = QWidget()
    box = QVBoxLayout(page)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(18)
    for widget in widgets:
        box.addWidget(widget)
    return page, box


def _clock(seconds: float) -> str:
    whole = max(0, int(seconds + 0.999))
    return f"{whole // 60}:{whole % 60:02d}"


class StaffScreen(Screen):
    name = "staff"
    back_to_kiosk = Signal()
    leave_requested = Signal()
    signed_in = Signal()

    def __init__(self, host, languages: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.languages = languages
        self.body.setStyleSheet("#staffBody { background: #e8ecef; }")
        self.footer.setStyleSheet("#staffFooter, #staffFooter QStackedWidget { background: #e8ecef; }")
        self.pages = QStackedWidget()
        self.box.addWidget(self.pages)
        # Each page's own actions (Back, Save…) live in the screen's fixed footer, one row a page.
        self.footer_pages = QStackedWidget()
        self.footer_box.addWidget(self.footer_pages)
        self.footer_row.hide()  # the pages' own rows stand in for it
        self.pages.currentChanged.connect(self._sync_footer)
        self._build_pin_page()
        self._build_menu_page()
        self._build_printer_page()
        self._build_stats_page()
        self._build_settings_page()
        self._lock_timer = QTimer(self, interval=1000)
        self._lock_timer.timeout.connect(self._show_lock_state)
        self._printer_timer = QTimer(self, singleShot=True, interval=1500)
        self._printer_timer.timeout.connect(self._refresh_printer)
        self.retranslate()

    # -- pages ----------------------------------------------------------------------------------

    def _build_pin_page(self) -> None:
        self.pin_title = label("title", bold=True)
        self.pin_prompt = label("body")
        self.pad = PinPad()
        self.pad.submitted.connect(self._check_pin)
        self.pad.setFixedWidth(int(base_point_size() * 50))
        self.pin_status = label("body", bold=True)
        self.pin_status.setProperty("role", "error")
        self.pin_back = button(secondary=True)
        self.pin_back.clicked.connect(self.back_to_kiosk)
        self.pin_page, box = _page(self.pin_title, self.pin_prompt)
        box.addWidget(self.pad, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.pin_status)
        box.addStretch(1)
        self._add_page(self.pin_page, self.pin_back, None, self.pad.take_ok())

    def _build_menu_page(self) -> None:
        self.menu_title = label("title", bold=True)
        self.menu_back = button()
        self.menu_printer = button(secondary=True)
        self.menu_stats = button(secondary=True)
        self.menu_settings = button(secondary=True)
        self.menu_leave = button(secondary=True)
        self.notes_title = label("body", bold=True)
        self.notes = label("small")
        self.menu_back.clicked.connect(self.back_to_kiosk)
        self.menu_printer.clicked.connect(self.show_printer)
        self.menu_stats.clicked.connect(self.show_stats)
        self.menu_settings.clicked.connect(self.show_settings)
        self.menu_leave.clicked.connect(self.leave_requested)
        self.menu_page, box = _page(self.menu_title, self.menu_back, self.menu_printer, self.menu_stats,
                                    self.menu_settings, self.menu_leave, self.notes_title, self.notes)
        box.addStretch(1)
        self._add_page(self.menu_page)  # its first button is the way back: no footer

    def _sub_page(self) -> tuple[QWidget, QVBoxLayout, QLabel, QPushButton]:
        title = label("title", bold=True)
        back = button(secondary=True)
        back.clicked.connect(self.show_menu)
        page, box = _page(title)
        return page, box, title, back

    def _build_printer_page(self) -> None:
        self.printer_page, box, self.printer_title, self.printer_back = self._sub_page()
        self.printer_info = label("body")
        self.printer_retry = button()
        self.printer_retry.clicked.connect(self._retry)
        box.addWidget(self.printer_info)
        box.addStretch(1)
        self._add_page(self.printer_page, self.printer_back, None, self.printer_retry)

    def _build_stats_page(self) -> None:
        self.stats_page, box, self.stats_title, self.stats_back = self._sub_page()
        self.stats_info = label("headline")
        box.addWidget(self.stats_info)
        box.addStretch(1)
        self._add_page(self.stats_page, self.stats_back)

    def _build_settings_page(self) -> None:
        self.settings_page, box, self.settings_title, self.settings_back = self._sub_page()
        # Lists of choices rather than spin boxes: one large target each, no tiny arrows.
        self.result_s, self.idle_s, self.language = QComboBox(), QComboBox(), QComboBox()
        for seconds in RESULT_CHOICES:
            self.result_s.addItem(str(seconds), seconds)
        for seconds in IDLE_CHOICES:
            self.idle_s.addItem(str(seconds), seconds)
        for code in self.languages:
            self.language.addItem(native_name(code), code)
        self.sound = QCheckBox()
        for widget in (self.result_s, self.idle_s, self.sound, self.language):
            widget.setFont(font("body"))
        for widget in (self.result_s, self.idle_s, self.language):
            widget.setMinimumSize(int(base_point_size() * 14), MIN_TARGET_PX)
        self.result_label, self.idle_label = label("body"), label("body")
        self.language_label = label("body")
        self.result_label.setBuddy(self.result_s)
        self.idle_label.setBuddy(self.idle_s)
        self.language_label.setBuddy(self.language)
        form = QVBoxLayout()
        for caption, field in ((self.result_label, self.result_s), (self.idle_label, self.idle_s),
                               (self.language_label, self.language)):
            form.addWidget(caption)
            form.addWidget(field, 0, Qt.AlignmentFlag.AlignLeft)
        form.addWidget(self.sound)
        self.settings_save = button()
        self.settings_save.clicked.connect(self._save_settings)
        self.settings_saved = label("body", bold=True)
        box.addLayout(form)
        box.addWidget(self.settings_saved)
        box.addStretch(1)
        self._add_page(self.settings_page, self.settings_back, None, self.settings_save)

    def _add_page(self, page: QWidget, *actions: QPushButton | None) -> None:
        """A page, and its row of actions for the footer (None: a stretch between them)."""
        self.pages.addWidget(page)
        row = ActionRow()
        for action in actions:
            row.add(action)
        if None not in actions:
            row.add(None)
        row.setProperty("has_actions", bool(actions))
        self.footer_pages.addWidget(row)
        if self.pages.count() == 1:
            self._sync_footer(0)

    def _sync_footer(self, index: int) -> None:
        self.footer_pages.setCurrentIndex(index)
        for other in range(self.footer_pages.count()):  # the footer is as tall as this page's row
            policy = QSizePolicy.Policy.Preferred if other == index else QSizePolicy.Policy.Ignored
            page = self.footer_pages.widget(other)
            if page is not None:
                page.setSizePolicy(policy, policy)
        row = self.footer_pages.widget(index)
        self.footer.setVisible(bool(row is not None and row.property("has_actions")))
        self._place_footer()

    # -- navigation -----------------------------------------------------------------------------

    def reset(self) -> None:
        """Sign out: the PIN pad again, nothing typed."""
        self.pad.clear()
        self.pin_status.setText("")
        self.pages.setCurrentWidget(self.pin_page)
        self._show_lock_state()

    def first_focus(self) -> QWidget:
        return self.pad.field if self.pages.currentWidget() is self.pin_page else self.menu_back

    def show_menu(self) -> None:
        notes = self.host.staff_notes()
        self.notes.setText("\n".join(notes[-8:]) if notes else self.tr("No problems so far."))
        self.pages.setCurrentWidget(self.menu_page)
        self.menu_back.setFocus()

    def show_printer(self) -> None:
        self._fill_printer()
        self.pages.setCurrentWidget(self.printer_page)
        self.printer_retry.setFocus()

    def show_stats(self) -> None:
        checked, expected, here = self.host.kiosk_stats()
        text = (self.tr("{checked} of {expected} checked in.\nAt this kiosk: {here}.")
                .format(checked=checked, expected=expected, here=here))
        sync = self.host.sync_summary()
        self.stats_info.setText(f"{text}\n{sync}" if sync else text)
        self.pages.setCurrentWidget(self.stats_page)
        self.stats_back.setFocus()

    def show_settings(self) -> None:
        values = self.host.kiosk_settings()
        for box, value in ((self.result_s, values["result_s"]), (self.idle_s, values["idle_s"])):
            if box.findData(int(value)) < 0:
                box.addItem(str(value), int(value))
            box.setCurrentIndex(box.findData(int(value)))
        self.sound.setChecked(not values["muted"])
        index = self.language.findData(values["language"])
        self.language.setCurrentIndex(max(0, index))
        self.settings_saved.setText("")
        self.pages.setCurrentWidget(self.settings_page)
        self.result_s.setFocus()

    # -- actions --------------------------------------------------------------------------------

    def _check_pin(self, typed: str) -> None:
        check = self.host.pin.verify(typed)
        self.pad.clear()
        if check.ok:
            self.pin_status.setText("")
            self.signed_in.emit()
            self.show_menu()
            return
        if check.locked:
            self._show_lock_state()
        elif check.reason == "not_set":
            self.pin_status.setText(self.tr("No staff PIN is set on this machine."))
        else:
            self.pin_status.setText(self.tr("Wrong PIN. Tries left before a pause: {n}.")
                                    .format(n=check.tries_left))
        announce(self.pin_status)

    def _show_lock_state(self) -> None:
        remaining = self.host.pin.lockout_remaining()
        if remaining > 0:
            self.pin_status.setText(self.tr("Too many wrong PINs. Try again in {time}.")
                                    .format(time=_clock(remaining)))
            if not self._lock_timer.isActive():
                self._lock_timer.start()
        elif self._lock_timer.isActive():
            self._lock_timer.stop()
            self.pin_status.setText(self.tr("You can try the PIN again."))

    def _fill_printer(self) -> None:
        summary = self.host.printer_summary()
        problem = summary["problem"] or self.tr("none")
        self.printer_info.setText(
            self.tr("Badge printer: {name} ({uri})\nBadges waiting: {waiting}\nProblem: {problem}")
            .format(name=summary["name"], uri=summary["uri"], waiting=summary["waiting"], problem=problem))

    def _retry(self) -> None:
        self.host.retry_printing()
        self._printer_timer.start()  # the worker answers from its thread

    def _refresh_printer(self) -> None:
        if self.pages.currentWidget() is self.printer_page:
            self._fill_printer()

    def _save_settings(self) -> None:
        self.host.save_kiosk_settings(result_s=self.result_s.currentData(), idle_s=self.idle_s.currentData(),
                                      muted=not self.sound.isChecked(),
                                      language=self.language.currentData())
        self.settings_saved.setText("✔ " + self.tr("Saved."))
        announce(self.settings_saved)

    def stop_timers(self) -> None:
        self._lock_timer.stop()
        self._printer_timer.stop()

    def retranslate(self) -> None:
        self.pin_title.setText(self.tr("Staff only"))
        self.pin_prompt.setText(self.tr("Enter the staff PIN."))
        self.pin_back.setText(self.tr("Back to the kiosk"))
        self.pin_back.setAccessibleName(self.tr("Back to the kiosk"))
        self.menu_title.setText(self.tr("Staff menu"))
        for widget, text in ((self.menu_back, self.tr("Back to the kiosk")),
                             (self.menu_printer, self.tr("Printer status")),
                             (self.menu_stats, self.tr("Statistics")),
                             (self.menu_settings, self.tr("Settings")),
                             (self.menu_leave, self.tr("Leave kiosk mode")),
                             (self.printer_retry, self.tr("Check the printer again")),
                             (self.printer_back, self.tr("Back to the staff menu")),
                             (self.stats_back, self.tr("Back to the staff menu")),
                             (self.settings_back, self.tr("Back to the staff menu")),
                             (self.settings_save, self.tr("Save"))):
            widget.setText(text)
            widget.setAccessibleName(text)
        self.notes_title.setText(self.tr("Recent problems"))
        self.notes.setAccessibleName(self.tr("Recent problems"))
        self.printer_title.setText(self.tr("Printer status"))
        self.stats_title.setText(self.tr("Statistics"))
        self.settings_title.setText(self.tr("Settings"))
        self.result_label.setText(self.tr("Seconds a result stays on screen"))
        self.result_s.setAccessibleName(self.tr("Seconds a result stays on screen"))
        self.idle_label.setText(self.tr("Seconds without a touch before the kiosk starts again"))
        self.idle_s.setAccessibleName(self.tr("Seconds without a touch before the kiosk starts again"))
        self.language_label.setText(self.tr("Language at the start"))
        self.language.setAccessibleName(self.tr("Language at the start"))
        self.sound.setText(self.tr("Sound cues"))
        self.sound.setAccessibleName(self.tr("Sound cues"))
        current = self.pages.currentWidget()
        if current is self.menu_page:
            self.show_menu()
        elif current is self.printer_page:
            self._fill_printer()
        elif current is self.stats_page:
            self.show_stats()
        elif current is self.pin_page and self._lock_timer.isActive():
            self._show_lock_state()

