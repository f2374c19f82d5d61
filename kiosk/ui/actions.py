"""Toolbar actions from (text, shortcut, handler) rows: every one keyboard-reachable, with its
shortcut shown in the tooltip."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar


def add_actions(owner: QObject, toolbar: QToolBar,
                rows: Iterable[tuple[str, str, Callable[[], object]]]) -> list[QAction]:
    actions = []
    for text, shortcut, handler in rows:
        action = QAction(text, owner)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        name = text.replace('&', '').rstrip('…')
        action.setToolTip(f"{name} ({shortcut})" if shortcut else name)
        action.triggered.connect(handler)
        toolbar.addAction(action)
        actions.append(action)
    return actions
