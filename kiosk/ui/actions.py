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

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from kiosk.ui.translate_marks import QT_TRANSLATE_NOOP


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
    def shown_text(self) -> str:
        """The menu words in the desk's language (the registry keeps the English source)."""
        return QCoreApplication.translate("Actions", self.text)

    @property
    def shown_tip(self) -> str:
        return QCoreApplication.translate("Actions", self.tip)

    @property
    def meaning(self) -> str:
        return self.family or self.key


_SPECS = (
    # -- the desk --------------------------------------------------------------------------------
    ActionSpec("events", QT_TRANSLATE_NOOP("Actions", "&Events…"), "Ctrl+E",
               QT_TRANSLATE_NOOP("Actions", "Open another event, create one, or try the demo")),
    ActionSpec("import", QT_TRANSLATE_NOOP("Actions", "&Import attendee list…"), "Ctrl+I",
               QT_TRANSLATE_NOOP("Actions", "Import the attendee list from a spreadsheet or ticket export")),
    ActionSpec("sync", QT_TRANSLATE_NOOP("Actions", "S&ync…"), "Ctrl+Shift+S",
               QT_TRANSLATE_NOOP("Actions",
                                 "See how this desk shares its check-ins, and pair it with the organisers' hub")),
    ActionSpec("share", QT_TRANSLATE_NOOP("Actions", "S&hare this event from this laptop…"), "",
               QT_TRANSLATE_NOOP("Actions",
                                 "Make this laptop the hub: other laptops on the network join by scanning a QR code")),
    ActionSpec("settings", QT_TRANSLATE_NOOP("Actions", "&Settings…"), "Ctrl+,",
               QT_TRANSLATE_NOOP("Actions", "This desk's name, scanner, sounds, camera and printing")),
    ActionSpec("quit", QT_TRANSLATE_NOOP("Actions", "&Quit"), "Ctrl+Q",
               QT_TRANSLATE_NOOP("Actions", "Close the desk window (everything is already saved)")),
    ActionSpec("walk_in", QT_TRANSLATE_NOOP("Actions", "&Walk-in…"), "Ctrl+N",
               QT_TRANSLATE_NOOP("Actions", "Register someone who has no ticket and check them in"), family="new"),
    ActionSpec("find", QT_TRANSLATE_NOOP("Actions", "&Find"), "Ctrl+F",
               QT_TRANSLATE_NOOP("Actions", "Search by name, email, organisation or booking reference")),
    ActionSpec("check_in", QT_TRANSLATE_NOOP("Actions", "&Check in the person shown"), "Ctrl+Return",
               QT_TRANSLATE_NOOP("Actions",
                                 "Check in the person in the attendee panel (chosen by a search or a scan)")),
    ActionSpec("undo_check_in", QT_TRANSLATE_NOOP("Actions", "&Undo check-in"), "Ctrl+Z",
               QT_TRANSLATE_NOOP("Actions", "Undo the check-in of the person shown"), family="undo"),
    ActionSpec("correct", QT_TRANSLATE_NOOP("Actions", "Correct &details…"), "F2",
               QT_TRANSLATE_NOOP("Actions",
                                 "Correct the name, organisation or other details of the person shown"), family="edit"),
    ActionSpec("admit_in_person", QT_TRANSLATE_NOOP("Actions", "&Admit in person"), "Ctrl+Shift+Return",
               QT_TRANSLATE_NOOP("Actions",
                                 "Check in the person shown who registered to join online (they become in person and online)")),  # noqa: E501
    ActionSpec("not_arrived", QT_TRANSLATE_NOOP("Actions", "&Not yet arrived…"), "Ctrl+Shift+N",
               QT_TRANSLATE_NOOP("Actions",
                                 "List who is expected in person and not checked in yet, and record who cancelled on the day")),  # noqa: E501
    ActionSpec("ack_notice", QT_TRANSLATE_NOOP("Actions", "Ac&knowledge the oldest notice"), "Ctrl+Shift+D",
               QT_TRANSLATE_NOOP("Actions",
                                 "Say you have seen to the oldest notice for staff (someone with access needs at the kiosk)")),  # noqa: E501
    ActionSpec("print_badge", QT_TRANSLATE_NOOP("Actions", "&Print badge"), "Ctrl+P",
               QT_TRANSLATE_NOOP("Actions", "Print the badge of the person shown"), family="print"),
    ActionSpec("preview_badge", QT_TRANSLATE_NOOP("Actions", "Pre&view badge…"), "",
               QT_TRANSLATE_NOOP("Actions", "See the badge of the person shown before printing it")),
    ActionSpec("printers", QT_TRANSLATE_NOOP("Actions", "P&rinters…"), "Ctrl+Shift+P",
               QT_TRANSLATE_NOOP("Actions", "Choose and test the badge and slip printers")),
    ActionSpec("pre_print", QT_TRANSLATE_NOOP("Actions", "Pre-print &badges…"), "Ctrl+Shift+B",
               QT_TRANSLATE_NOOP("Actions", "Print every badge, or those not printed yet, into one PDF")),
    ActionSpec("grid", QT_TRANSLATE_NOOP("Actions", "Session &grid…"), "Ctrl+G",
               QT_TRANSLATE_NOOP("Actions", "Open the Open Space session grid")),
    ActionSpec("camera", QT_TRANSLATE_NOOP("Actions", "&Camera"), "Ctrl+K",
               QT_TRANSLATE_NOOP("Actions", "Show or hide the camera that reads tickets"), checkable=True),
    ActionSpec("mute", QT_TRANSLATE_NOOP("Actions", "&Mute sounds"), "Ctrl+M",
               QT_TRANSLATE_NOOP("Actions", "Turn the check-in sounds off or on"), checkable=True),
    ActionSpec("kiosk", QT_TRANSLATE_NOOP("Actions", "&Kiosk mode…"), "Ctrl+Shift+K",
               QT_TRANSLATE_NOOP("Actions",
                                 "Turn this laptop into the self-service kiosk (staff leave it with the PIN)")),
    ActionSpec("shortcuts", QT_TRANSLATE_NOOP("Actions", "&Keyboard shortcuts"), "F1",
               QT_TRANSLATE_NOOP("Actions", "List every keyboard shortcut of this window")),
    ActionSpec("doctor", QT_TRANSLATE_NOOP("Actions", "Check this &laptop…"), "",
               QT_TRANSLATE_NOOP("Actions",
                                 "Check the disk, fonts, printers, camera, hub and sound before the doors open")),
    ActionSpec("about", QT_TRANSLATE_NOOP("Actions", "&About Event Kiosk"), "",
               QT_TRANSLATE_NOOP("Actions", "The version, the data folder, and the licences of fonts and libraries")),
    # -- the grid --------------------------------------------------------------------------------
    ActionSpec("grid_undo", QT_TRANSLATE_NOOP("Actions", "&Undo"), "Ctrl+Z",
               QT_TRANSLATE_NOOP("Actions", "Undo the last move, park or new session"), family="undo"),
    ActionSpec("grid_new", QT_TRANSLATE_NOOP("Actions", "&New session"), "Ctrl+N",
               QT_TRANSLATE_NOOP("Actions", "Go to the marketplace form to add a session"), family="new"),
    ActionSpec("grid_edit", QT_TRANSLATE_NOOP("Actions", "&Edit selected…"), "F2",
               QT_TRANSLATE_NOOP("Actions",
                                 "Edit the title, conveners or description of the selected session"), family="edit"),
    ActionSpec("grid_park", QT_TRANSLATE_NOOP("Actions", "&Park selected"), "Delete",
               QT_TRANSLATE_NOOP("Actions", "Take the selected session off the grid (Ctrl+Z puts it back)")),
    ActionSpec("grid_move", QT_TRANSLATE_NOOP("Actions", "M&ove selected to…"), "Ctrl+Shift+M",
               QT_TRANSLATE_NOOP("Actions", "Move the selected session to a cell chosen from a list")),
    ActionSpec("grid_merge", QT_TRANSLATE_NOOP("Actions", "Mer&ge selected into…"), "Ctrl+Shift+J",
               QT_TRANSLATE_NOOP("Actions", "Merge the selected session into another one")),
    ActionSpec("grid_report", QT_TRANSLATE_NOOP("Actions", "Session &report…"), "Ctrl+Shift+R",
               QT_TRANSLATE_NOOP("Actions", "Write the selected session's report (scanning its slip opens it too)")),
    ActionSpec("grid_space", QT_TRANSLATE_NOOP("Actions", "Add &space…"), "Ctrl+Shift+A",
               QT_TRANSLATE_NOOP("Actions", "Add a room, corner or other space")),
    ActionSpec("grid_slot", QT_TRANSLATE_NOOP("Actions", "Add s&lot…"), "Ctrl+Shift+L",
               QT_TRANSLATE_NOOP("Actions", "Add a time slot or a break")),
    ActionSpec("grid_print", QT_TRANSLATE_NOOP("Actions", "&Print…"), "Ctrl+P",
               QT_TRANSLATE_NOOP("Actions",
                                 "Print the grid, door signs, proceedings or the list for the slips printer"), family="print"),  # noqa: E501
    ActionSpec("grid_display", QT_TRANSLATE_NOOP("Actions", "&Display mode"), "F11",
               QT_TRANSLATE_NOOP("Actions", "Show the grid full screen for a projector")),
    ActionSpec("close", QT_TRANSLATE_NOOP("Actions", "&Close window"), "Ctrl+W",
               QT_TRANSLATE_NOOP("Actions", "Close the grid window")),
)

ACTIONS: dict[str, ActionSpec] = {spec.key: spec for spec in _SPECS}

# Each window's menu bar: (menu title, action keys; None draws a separator). The toolbar shows the
# first group, for the mouse; the menus hold everything, with the shortcuts shown.
# Menu titles are marked for translation where declared and translated where shown.
DESK_MENUS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    (QT_TRANSLATE_NOOP("Menus", "&Event"), ("events", "import", "sync", "share", "settings", None, "quit")),
    (QT_TRANSLATE_NOOP("Menus", "&Check-in"), ("walk_in", "find", None, "check_in", "undo_check_in", "correct",
                                               "admit_in_person", None, "not_arrived", "ack_notice")),
    (QT_TRANSLATE_NOOP("Menus", "&Print"), ("print_badge", "preview_badge", None, "printers", "pre_print")),
    (QT_TRANSLATE_NOOP("Menus", "&Grid"), ("grid",)),
    (QT_TRANSLATE_NOOP("Menus", "&View"), ("camera", "mute", None, "kiosk")),
    (QT_TRANSLATE_NOOP("Menus", "&Help"), ("shortcuts", None, "doctor", "about")),
)
DESK_TOOLBAR = ("walk_in", "find", "print_badge", "events", "import", "grid", "sync", "settings", "camera",
                "mute", "kiosk")
GRID_MENUS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    (QT_TRANSLATE_NOOP("Menus", "&Session"), ("grid_new", "grid_undo", None, "grid_edit", "grid_park", "grid_move",
                                              "grid_merge", "grid_report", None, "close")),
    (QT_TRANSLATE_NOOP("Menus", "&Grid"), ("grid_space", "grid_slot")),
    (QT_TRANSLATE_NOOP("Menus", "&Print"), ("grid_print",)),
    (QT_TRANSLATE_NOOP("Menus", "&View"), ("grid_display", None, "kiosk")),
    (QT_TRANSLATE_NOOP("Menus", "&Help"), ("shortcuts",)),
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
    return f"{spec.shown_tip} ({shown})" if spec.shortcut else spec.shown_tip


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
    action.setObjectName(f"action_{key}")
    if spec.shortcut:
        action.setShortcut(QKeySequence(spec.shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    _dress(action, spec)
    return action


def _dress(action: QAction, spec: ActionSpec) -> None:
    action.setText(spec.shown_text)
    action.setToolTip(tooltip(spec))
    action.setStatusTip(spec.shown_tip)


def build_menus(window: QMainWindow, menus: Iterable[tuple[str, tuple[str | None, ...]]],
                toolbar_keys: Iterable[str], handlers: Mapping[str, Callable | QAction]) -> dict[str, QAction]:
    """The window's menu bar and toolbar from the registry; returns the actions by key."""
    actions = {key: make_action(window, key, handler) for key, handler in handlers.items()}
    bar = window.menuBar()
    for title, keys in menus:
        menu = bar.addMenu(QCoreApplication.translate("Menus", title))
        menu.setObjectName(f"menu_{title.replace('&', '').lower()}")  # the English source: stable
        menu.setProperty("source_title", title)
        for key in keys:
            if key is None:
                menu.addSeparator()
            elif key in actions:
                menu.addAction(actions[key])
    toolbar = QToolBar(window)
    toolbar.setWindowTitle(QCoreApplication.translate("Menus", "Actions"))
    toolbar.setObjectName("toolbar")
    window.addToolBar(toolbar)
    for key in toolbar_keys:
        if key in actions:
            toolbar.addAction(actions[key])
    return actions


def retranslate_menus(window: QMainWindow, actions: Mapping[str, QAction]) -> None:
    """The window's menus, actions and tips in the language just chosen (on LanguageChange)."""
    for key, action in actions.items():
        _dress(action, ACTIONS[key])
    for menu in window.menuBar().findChildren(QMenu):
        if (title := menu.property("source_title")) is not None:
            menu.setTitle(QCoreApplication.translate("Menus", title))
    for toolbar in window.findChildren(QToolBar, "toolbar"):
        toolbar.setWindowTitle(QCoreApplication.translate("Menus", "Actions"))


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
