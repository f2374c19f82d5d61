"""The desk's name search: a search box over a result list, with the index built off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from kiosk.attendees.search import SearchHit, SearchIndex
from kiosk.store.event_store import EventStore
from kiosk.ui.result_panel import ticket_status

_CODE_ROLE = Qt.ItemDataRole.UserRole


class _IndexBuilder(QObject):
    """Builds the search index on its own connection, off the GUI thread (seconds at 100k)."""

    built = Signal(object)

    def __init__(self, store: EventStore) -> None:
        super().__init__()
        self.path, self.device_id, self.device_name = store.path, store.device_id, store.device_name

    def run(self) -> None:
        store = EventStore(self.path, self.device_id, self.device_name)
        index = SearchIndex(store)
        index.refresh()
        self.built.emit(index)


class SearchBox(QLineEdit):
    """Down arrow moves into the results; Enter checks in the highlighted person."""

    down = Signal()

    def event(self, event) -> bool:  # noqa: D102 (Qt API)
        # Ctrl+Z with nothing typed to undo is the window's "Undo check-in", not the box's: after
        # a scan the keyboard is still here, and the volunteer's undo must reach the check-in.
        if (event.type() == QEvent.Type.ShortcutOverride and event.matches(QKeySequence.StandardKey.Undo)
                and not self.isUndoAvailable()):
            event.ignore()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(event)


class SearchPanel(QWidget):
    """Type to find people; Enter or a double click asks to check the highlighted one in."""

    check_in_requested = Signal(str)
    highlighted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index: SearchIndex | None = None
        self._store_path: Path | None = None
        self.box = SearchBox()
        self.box.setClearButtonEnabled(True)
        self.results = QListWidget()
        self._retranslate()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.results, 1)
        self.setTabOrder(self.box, self.results)

        self.box.textChanged.connect(self._run)
        self.box.returnPressed.connect(self._request_highlighted)
        self.box.down.connect(self._enter_results)
        self.results.currentItemChanged.connect(self._highlight)
        self.results.itemActivated.connect(self._request)
        self._thread: QThread | None = None

    def _retranslate(self) -> None:
        self.box.setPlaceholderText(self.tr("Search name, email, organisation or booking ref (Ctrl+F)"))
        self.box.setAccessibleName(self.tr("Search attendees"))
        self.results.setAccessibleName(self.tr("Search results"))

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.refresh_rows()
        super().changeEvent(event)

    # -- the index ------------------------------------------------------------------------------

    def rebuild(self, store: EventStore) -> None:
        """Search this event: the old index goes, a new one is built in the background."""
        self.stop()
        if self.index is not None:
            self.index.store.close()
            self.index = None
        self._store_path = store.path
        self.results.clear()
        self._thread = QThread(self)
        self._builder = _IndexBuilder(store)
        self._builder.moveToThread(self._thread)
        self._thread.started.connect(self._builder.run)
        self._builder.built.connect(self._ready)
        self._builder.built.connect(self._thread.quit)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None and self._thread.isRunning():
            self._thread.quit()
            self._thread.wait(30000)

    def close_index(self) -> None:
        self.stop()
        if self.index is not None:
            self.index.store.close()
            self.index = None

    def _ready(self, index: SearchIndex) -> None:
        if index.store.path != self._store_path:  # built for an event we have since left
            index.store.close()
            return
        if self.index is not None:
            self.index.store.close()
        self.index = index
        if self.box.text():
            self._run(self.box.text())

    # -- searching ------------------------------------------------------------------------------

    def focus(self) -> None:
        self.box.setFocus()
        self.box.selectAll()

    def _run(self, text: str) -> None:
        self.results.clear()
        if not text.strip():
            return
        if self.index is None:
            placeholder = QListWidgetItem(self.tr("Preparing search…"))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(placeholder)
            return
        for hit in self.index.search(text, 30):
            self.results.addItem(_item(hit))
        if self.results.count():
            self.results.setCurrentRow(0)

    def refresh_rows(self) -> None:
        """Update the ✔ marks in the list without moving the highlight off the person just scanned."""
        if self.box.text().strip() and self.index is not None:
            row = self.results.currentRow()
            self.results.blockSignals(True)
            try:
                self._run(self.box.text())
                if 0 <= row < self.results.count():
                    self.results.setCurrentRow(row)
            finally:
                self.results.blockSignals(False)

    def _enter_results(self) -> None:
        """↓ from the box lands on the first result, the one Enter in the box would check in
        (it is already highlighted); ↓ in the list then moves on."""
        if self.results.count():
            self.results.setFocus()
            if self.results.currentRow() != 0:
                self.results.setCurrentRow(0)

    def _request_highlighted(self) -> None:
        self._request(self.results.currentItem())

    def _request(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.data(_CODE_ROLE):
            self.check_in_requested.emit(item.data(_CODE_ROLE))

    def _highlight(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None and item.data(_CODE_ROLE):
            self.highlighted.emit(item.data(_CODE_ROLE))


def _item(hit: SearchHit) -> QListWidgetItem:
    mark = "✔ " if hit.checked_in else ""
    status = "" if hit.status == "valid" else f"  [{ticket_status(hit.status).upper()}]"
    item = QListWidgetItem(f"{mark}{hit.name} — {hit.organisation or '—'} · {hit.ticket_type}{status}")
    item.setData(_CODE_ROLE, hit.code)
    item.setData(Qt.ItemDataRole.AccessibleTextRole,
                 f"{hit.name}, {hit.organisation}, {hit.ticket_type}, "
                 + (QCoreApplication.translate("SearchPanel", "checked in") if hit.checked_in
                    else QCoreApplication.translate("SearchPanel", "not checked in")))
    return item
