"""The desk's and grid's menu bars from the action registry, the keyboard shortcuts window, and the
focus ring every control shows when it has the keyboard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.actions import ACTIONS, DESK_MENUS, DESK_TOOLBAR, build_menus
from kiosk.ui.desk_language import add_language_menu
from kiosk.ui.not_arrived import admit_in_person, hook_result_panel, open_not_arrived

# The ring: 3 px of a blue with 6.6:1 contrast against white and 5.7:1 against Qt's grey window
# background (WCAG asks for 3:1), on the controls a desk person moves between with Tab.
FOCUS_COLOUR = "#0b57d0"
# Buttons too: 1 px border + 5/10 px padding unfocused, 3 px ring + 3/8 px focused, the same box,
# as Qt does not lay a button out again when it takes the focus (the ring would cut its words).
# Lists keep the same border plus padding (3 px) focused or not: Qt sizes a scroll area's frame
# once, so a thicker border only on focus would be drawn 1 px wide.
FOCUS_STYLE = f"""
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QDateEdit:focus {{
    border: 3px solid {FOCUS_COLOUR}; border-radius: 3px;
}}
QListWidget, QListView, QTableWidget, QTextEdit, QPlainTextEdit {{ border: 1px solid #9e9e9e; padding: 2px; }}
QListWidget:focus, QListView:focus, QTableWidget:focus, QTextEdit:focus, QPlainTextEdit:focus {{
    border: 3px solid {FOCUS_COLOUR}; padding: 0px;
}}
QPushButton {{
    border: 1px solid #8c8c8c; border-radius: 4px; padding: 5px 10px; background: #f8f9fa; color: #1b1b1b;
}}
QPushButton:hover {{ background: #e8eef7; }}
QPushButton:pressed {{ background: #d2dcec; }}
QPushButton:disabled {{ color: #767676; border-color: #c4c4c4; background: #f1f1f1; }}
QToolButton {{ border: 3px solid transparent; border-radius: 4px; padding: 3px 8px; }}
QToolButton:hover {{ background: #e8eef7; }}
QPushButton:focus, QToolButton:focus {{
    border: 3px solid {FOCUS_COLOUR}; border-radius: 4px; padding: 3px 8px; background: #e8f0fe;
}}
QCheckBox:focus, QRadioButton:focus {{ border: 3px solid {FOCUS_COLOUR}; border-radius: 3px; padding: 1px; }}
"""


def build_desk_menus(window: Any) -> dict[str, QAction]:  # the DeskWindow (it imports this module)
    """The desk's menu bar (Alt-navigable) and toolbar; every action reachable from the keyboard."""
    panel = window.attendee_panel

    def on_shown(signal) -> None:
        if panel.code:
            signal.emit(panel.code)

    camera = window.camera_panel.toggleViewAction()
    handlers = {
        "events": window.choose_event, "import": window.import_attendees, "sync": lambda: window.open_sync(),
        "share": window.sync.open_host,
        "settings": window.open_settings, "quit": window.close,
        "walk_in": window.register_walk_in, "find": window.focus_search,
        "check_in": lambda: on_shown(panel.check_in_requested),
        "undo_check_in": lambda: on_shown(panel.undo_requested),
        "correct": lambda: on_shown(panel.edit_requested),
        "print_badge": lambda: on_shown(panel.print_requested),
        "preview_badge": lambda: on_shown(panel.preview_requested),
        "printers": window.open_printers, "pre_print": window.pre_print,
        "grid": window.open_grid, "camera": camera, "mute": window.set_muted,
        "kiosk": window.open_kiosk_mode, "shortcuts": lambda: ShortcutsDialog(DESK_MENUS, window).exec(),
        "doctor": lambda: _open_doctor(window), "about": lambda: _open_about(window),
        "admit_in_person": lambda: admit_in_person(window), "not_arrived": lambda: open_not_arrived(window),
        "ack_notice": lambda: window.notices_panel.acknowledge_oldest(),
    }
    hook_result_panel(window)
    actions = build_menus(window, DESK_MENUS, DESK_TOOLBAR, handlers)
    view = window.menuBar().findChild(QMenu, "menu_view")
    add_language_menu(view, window, window.set_language)
    return actions


def _open_doctor(window: Any) -> None:
    from kiosk.ui.doctor_dialog import DoctorDialog

    DoctorDialog(window.data, window.open_event.device_name, window).exec()


def _open_about(window: Any) -> None:
    from kiosk.ui.about import AboutDialog

    AboutDialog(window.data.root, window).exec()


class ShortcutsDialog(QDialog):
    """Help → Keyboard shortcuts: this window's actions and keys, from the registry."""

    def __init__(self, menus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.resize(720, 520)
        rows = [ACTIONS[key] for _title, keys in menus for key in keys if key and ACTIONS[key].shortcut]
        self.table = QTableWidget(len(rows), 2)
        self.table.setAccessibleName(self.tr("Shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("What it does")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, spec in enumerate(rows):
            keys = QKeySequence(spec.shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            name = spec.shown_text.replace("&", "").rstrip("…")
            self.table.setItem(row, 1, QTableWidgetItem(f"{name}: {spec.shown_tip}"))
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(0)
        self.table.setWordWrap(True)
        # Each row as tall as its words wrapped, never cut with "…".
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
