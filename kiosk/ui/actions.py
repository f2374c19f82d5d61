"""Every action of the desk and grid windows, declared once: its words, shortcut and tip.

The windows build their menus and toolbars from this registry, the Help window lists it, and the
README's shortcut table is generated from it (`python -m kiosk.ui.actions`; a test keeps the two
the same). A shortcut means one thing in every window: two actions may share a shortcut only when
they share a `family` (Ctrl+P prints the desk's badge and the grid's printouts; Ctrl+Z undoes the
last change of either window).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar


@dataclass(frozen=True)
class ActionSpec:
    key: str
    text: str          # menu words with the Alt mnemonic (&)
    shortcut: str      # portable key sequence text, "" for none
    tip: str           # what it does, in a sentence
    family: str = ""   # what the shortcut means in every window (defaults to the key)
    checkable: bool = False

    @property
    def name(self) -> str:
        return self.text.replace("&", "").rstrip("…")

    @property
    def meaning(self) -> str:
        return self.family or self.key


_SPECS = (
    # -- the desk --------------------------------------------------------------------------------
    ActionSpec("events", "&Events…", "Ctrl+E", "Open another event, create one, or try the demo"),
    ActionSpec("import", "&Import attendee list…", "Ctrl+I",
               "Import the attendee list from a spreadsheet or ticket export"),
    ActionSpec("sync", "S&ync…", "Ctrl+Shift+S",
               "See how this desk shares its check-ins, and pair it with the organisers' hub"),
    ActionSpec("share", "S&hare this event from this laptop…", "",
               "Make this laptop the hub: other laptops on the network join by scanning a QR code"),
    ActionSpec("settings", "&Settings…", "Ctrl+,", "This desk's name, scanner, sounds, camera and printing"),
    ActionSpec("quit", "&Quit", "Ctrl+Q", "Close the desk window (everything is already saved)"),
    ActionSpec("walk_in", "&Walk-in…", "Ctrl+N", "Register someone who has no ticket and check them in", family="new"),
    ActionSpec("find", "&Find", "Ctrl+F", "Search by name, email, organisation or booking reference"),
    ActionSpec("check_in", "&Check in the person shown", "Ctrl+Return",
               "Check in the person in the attendee panel (chosen by a search or a scan)"),
    ActionSpec("undo_check_in", "&Undo check-in", "Ctrl+Z", "Undo the check-in of the person shown", family="undo"),
    ActionSpec("correct", "Correct &details…", "F2",
               "Correct the name, organisation or other details of the person shown",
               family="edit"),
    ActionSpec("admit_in_person", "&Admit in person", "Ctrl+Shift+Return",
               "Check in the person shown who registered to join online (they become in person and online)"),
    ActionSpec("not_arrived", "&Not yet arrived…", "Ctrl+Shift+N",
               "List who is expected in person and not checked in yet, and record who cancelled on the day"),
    ActionSpec("ack_notice", "Ac&knowledge the oldest notice", "Ctrl+Shift+D",
               "Say you have seen to the oldest notice for staff (someone with access needs at the kiosk)"),
    ActionSpec("print_badge", "&Print badge", "Ctrl+P", "Print the badge of the person shown", family="print"),
    ActionSpec("preview_badge", "Pre&view badge…", "", "See the badge of the person shown before printing it"),
    ActionSpec("printers", "P&rinters…", "Ctrl+Shift+P", "Choose and test the badge and slip printers"),
    ActionSpec("pre_print", "Pre-print &badges…", "Ctrl+Shift+B",
               "Print every badge, or those not printed yet, into one PDF"),
    ActionSpec("grid", "Session &grid…", "Ctrl+G", "Open the Open Space session grid"),
    ActionSpec("camera", "&Camera", "Ctrl+K", "Show or hide the camera that reads tickets", checkable=True),
    ActionSpec("mute", "&Mute sounds", "Ctrl+M", "Turn the check-in sounds off or on", checkable=True),
    ActionSpec("kiosk", "&Kiosk mode…", "Ctrl+Shift+K",
               "Turn this laptop into the self-service kiosk (staff leave it with the PIN)"),
    ActionSpec("shortcuts", "&Keyboard shortcuts", "F1", "List every keyboard shortcut of this window"),
    ActionSpec("doctor", "Check this &laptop…", "",
               "Check the disk, fonts, printers, camera, hub and sound before the doors open"),
    ActionSpec("about", "&About Event Kiosk", "",
               "The version, the data folder, and the licences of fonts and libraries"),
    # -- the grid --------------------------------------------------------------------------------
    ActionSpec("grid_undo", "&Undo", "Ctrl+Z", "Undo the last move, park or new session", family="undo"),
    ActionSpec("grid_new", "&New session", "Ctrl+N", "Go to the marketplace form to add a session", family="new"),
    ActionSpec("grid_edit", "&Edit selected…", "F2", "Edit the title, conveners or description of the selected session",
               family="edit"),
    ActionSpec("grid_park", "&Park selected", "Delete", "Take the selected session off the grid (Ctrl+Z puts it back)"),
    ActionSpec("grid_move", "M&ove selected to…", "Ctrl+Shift+M",
               "Move the selected session to a cell chosen from a list"),
    ActionSpec("grid_merge", "Mer&ge selected into…", "Ctrl+Shift+J", "Merge the selected session into another one"),
    ActionSpec("grid_report", "Session &report…", "Ctrl+Shift+R",
               "Write the selected session's report (scanning its slip opens it too)"),
    ActionSpec("grid_space", "Add &space…", "Ctrl+Shift+A", "Add a room, corner or other space"),
    ActionSpec("grid_slot", "Add s&lot…", "Ctrl+Shift+L", "Add a time slot or a break"),
    ActionSpec("grid_print", "&Print…", "Ctrl+P",
               "Print the grid, door signs, proceedings or the list for the slips printer",
               family="print"),
    ActionSpec("grid_display", "&Display mode", "F11", "Show the grid full screen for a projector"),
    ActionSpec("close", "&Close window", "Ctrl+W", "Close the grid window"),
)

ACTIONS: dict[str, ActionSpec] = {spec.key: spec for spec in _SPECS}

# Each window's menu bar: (menu title, action keys; None draws a separator). The toolbar shows the
# first group, for the mouse; the menus hold everything, with the shortcuts shown.
DESK_MENUS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    ("&Event", ("events", "import", "sync", "share", "settings", None, "quit")),
    ("&Check-in", ("walk_in", "find", None, "check_in", "undo_check_in", "correct", "admit_in_person", None,
                   "not_arrived", "ack_notice")),
    ("&Print", ("print_badge", "preview_badge", None, "printers", "pre_print")),
    ("&Grid", ("grid",)),
    ("&View", ("camera", "mute", None, "kiosk")),
    ("&Help", ("shortcuts", None, "doctor", "about")),
)
DESK_TOOLBAR = ("walk_in", "find", "print_badge", "events", "import", "grid", "sync", "settings", "camera",
                "mute", "kiosk")
GRID_MENUS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    ("&Session", ("grid_new", "grid_undo", None, "grid_edit", "grid_park", "grid_move", "grid_merge",
                  "grid_report", None, "close")),
    ("&Grid", ("grid_space", "grid_slot")),
    ("&Print", ("grid_print",)),
    ("&View", ("grid_display", None, "kiosk")),
    ("&Help", ("shortcuts",)),
)
GRID_TOOLBAR = ("grid_undo", "grid_park", "grid_edit", "grid_move", "grid_merge", "grid_space", "grid_slot",
                "grid_print", "grid_display")
WINDOWS = {"Desk": DESK_MENUS, "Grid window": GRID_MENUS}

# Keys that work inside a part of a window rather than as a menu action: listed with the rest.
KEYS: tuple[tuple[str, str, str], ...] = (
    ("↓", "Desk", "From the search box to the first result (↓ ↑ move on)"),
    ("Enter", "Desk", "Check in the highlighted search result"),
    ("Enter", "Grid window", "Edit the session selected in a cell"),
    ("Alt+letter", "Both", "Open a menu (the underlined letter), then the letter of an item"),
)


def tooltip(spec: ActionSpec) -> str:
    shown = QKeySequence(spec.shortcut).toString(QKeySequence.SequenceFormat.NativeText)
    return f"{spec.tip} ({shown})" if spec.shortcut else spec.tip


def make_action(owner: QObject, key: str, handler: Callable | QAction) -> QAction:
    """The QAction for one registry entry; `handler` may be an existing action to dress (the
    camera dock's toggle) or a callable (called with the new state for a checkable action)."""
    spec = ACTIONS[key]
    if isinstance(handler, QAction):
        action = handler
    else:
        action = QAction(owner)
        action.setCheckable(spec.checkable)
        (action.toggled if spec.checkable else action.triggered).connect(
            handler if spec.checkable else (lambda _checked=False, h=handler: h()))
    action.setText(spec.text)
    action.setObjectName(f"action_{key}")
    if spec.shortcut:
        action.setShortcut(QKeySequence(spec.shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setToolTip(tooltip(spec))
    action.setStatusTip(spec.tip)
    return action


def build_menus(window: QMainWindow, menus: Iterable[tuple[str, tuple[str | None, ...]]],
                toolbar_keys: Iterable[str], handlers: Mapping[str, Callable | QAction]) -> dict[str, QAction]:
    """The window's menu bar and toolbar from the registry; returns the actions by key."""
    actions = {key: make_action(window, key, handler) for key, handler in handlers.items()}
    bar = window.menuBar()
    for title, keys in menus:
        menu = bar.addMenu(title)
        menu.setObjectName(f"menu_{title.replace('&', '').lower()}")
        for key in keys:
            if key is None:
                menu.addSeparator()
            elif key in actions:
                menu.addAction(actions[key])
    toolbar = QToolBar(window)
    toolbar.setWindowTitle("Actions")
    toolbar.setObjectName("toolbar")
    window.addToolBar(toolbar)
    for key in toolbar_keys:
        if key in actions:
            toolbar.addAction(actions[key])
    return actions


def shortcut_rows() -> list[tuple[str, str, str, str]]:
    """(keys, window, action, what it does) for every shortcut, menus first, in menu order."""
    rows: list[tuple[str, str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for window, menus in WINDOWS.items():
        for _title, keys in menus:
            for key in keys:
                spec = ACTIONS[key] if key else None
                if spec is None or not spec.shortcut or (spec.key, window) in seen:
                    continue
                seen.add((spec.key, window))
                rows.append((spec.shortcut, window, spec.name, spec.tip))
    rows += [(keys, window, "", what) for keys, window, what in KEYS]
    return rows


def shortcut_table() -> str:
    """The README's table of shortcuts, in Markdown."""
    lines = ["| Keys | Window | Action | What it does |", "|---|---|---|---|"]
    lines += [f"| {keys} | {window} | {name} | {what} |" for keys, window, name, what in shortcut_rows()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(shortcut_table(), end="")
