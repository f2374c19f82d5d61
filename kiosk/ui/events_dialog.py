"""Which event this desk works on: open one of the data folder's events, create one, or the demo."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.store.datadir import DataDir, slugify
from kiosk.ui.background import Background
from kiosk.ui.dialogs import _Form

_SLUG_ROLE = Qt.ItemDataRole.UserRole


class OneStopDateEdit(QDateEdit):
    """A date that is one Tab stop: Tab goes on to the next field instead of walking through the
    year, month and day (← → and typing still move between them)."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 (Qt API)
        return QWidget.focusNextPrevChild(self, next)


class NewEventDialog(_Form):
    def __init__(self, data: DataDir, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("New event"), parent)
        self.data = data
        self.name = self.field(self.tr("Event &name"), self.tr("Event name"))
        self.date = OneStopDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setAccessibleName(self.tr("Event date"))
        self.form.addRow(self.tr("&Date"), self.date)
        self.venue = self.field(self.tr("&Venue"), self.tr("Venue"))

    def values(self) -> dict[str, str]:
        return {"name": self.name.text().strip(), "date": self.date.date().toString("yyyy-MM-dd"),
                "venue": self.venue.text().strip()}

    def check(self, values: dict[str, str]) -> None:
        if not values["name"]:
            raise KioskError(self.tr("Give the event a name."))

    def create_event(self) -> str:
        values = self.values()
        base = slugify(values["name"])
        slug, n = base, 2
        while self.data.exists(slug):
            slug, n = f"{base[:58]}-{n}", n + 1
        self.data.create(slug, values["name"], values["date"], values["venue"]).close()
        return slug


class EventsDialog(QDialog):
    """Lists the events on this machine; `chosen` is the slug to open after accept()."""

    def __init__(self, data: DataDir, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.chosen: str | None = None
        self._demo_work: Background | None = None
        self.setWindowTitle(self.tr("Events on this machine"))
        self.setAccessibleName(self.tr("Events on this machine"))
        self.resize(560, 380)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Events"))
        self.list.setWordWrap(True)  # a long name wraps rather than scrolling sideways
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.itemActivated.connect(lambda _item: self._open())
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton(self.tr("&Open"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.new_button = QPushButton(self.tr("&New event…"))
        self.demo_button = QPushButton(self.tr("Open the &demo event"))
        self.join_button = QPushButton(self.tr("&Join from a hub…"))
        self.join_button.setAccessibleName(self.tr("Join an event from the organisers' hub"))
        buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.join_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(self._open)
        self.new_button.clicked.connect(self._new)
        self.demo_button.clicked.connect(self._demo)
        self.join_button.clicked.connect(self._join)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        try:
            events = self.data.list_events()
        except KioskError as exc:
            self.message.setText(exc.message)
            events = []
        for event in events:
            text = " · ".join(p for p in (event.name, event.date, event.venue) if p)
            if event.current:  # in words, not an unexplained dot
                text = self.tr("{0} (open now)").format(text)
            item = QListWidgetItem(text)
            item.setToolTip(text)  # whole, where a long name and venue wrap
            item.setData(_SLUG_ROLE, event.slug)
            self.list.addItem(item)
            if event.current:
                self.list.setCurrentItem(item)
        if not events:
            self.message.setText(self.tr("No events yet: join the organiser's event with Join from a hub…, "
                                         "create one, or open the demo event to try the desk."))
        self.open_button.setEnabled(bool(events))
        if events and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)

    def _open(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._choose(item.data(_SLUG_ROLE))

    def _new(self) -> None:
        form = NewEventDialog(self.data, self)
        if form.exec() == QDialog.DialogCode.Accepted:
            try:
                self._choose(form.create_event())
            except KioskError as exc:
                self.message.setText(exc.message)

    def _join(self) -> None:
        from kiosk.ui.sync_dialog import JoinHubDialog

        dialog = JoinHubDialog(self.data, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.joined is not None:
            self._choose(dialog.joined.event)

    def _demo(self) -> None:
        """Create (the first time) and open the demo on a worker thread: building 300 people and a
        grid must not freeze the window; its tickets PDF follows later (kiosk/ui/demo_tickets.py)."""
        from kiosk.demo.event import ensure_demo

        if self._demo_work is not None:
            return
        for button in (self.open_button, self.new_button, self.demo_button, self.join_button):
            button.setEnabled(False)
        self.message.setText(self.tr("Preparing the demo event…"))
        work = Background(lambda: ensure_demo(self.data, tickets=False)[0].close(), self)
        work.done.connect(self._demo_ready)
        self._demo_work = work.start()

    def _demo_ready(self, _result: object, error: object) -> None:
        from kiosk.demo.event import DEMO_SLUG
        from kiosk.ui.demo_tickets import prepare_demo_tickets

        self._demo_work = None
        for button in (self.new_button, self.demo_button, self.join_button):
            button.setEnabled(True)
        self.open_button.setEnabled(self.list.count() > 0)
        if error is not None:
            self.message.setText(error.message if isinstance(error, KioskError)
                                 else self.tr("The demo event could not be prepared. Please try again."))
            return
        window = self.parent()
        if isinstance(window, QMainWindow):  # from the desk: its status bar reports the tickets
            store = self.data.open(DEMO_SLUG)
            try:
                prepare_demo_tickets(store, window)
            finally:
                store.close()
        self._choose(DEMO_SLUG)

    def _choose(self, slug: str) -> None:
        try:
            self.data.use(slug)
        except KioskError as exc:
            self.message.setText(exc.message)
            return
        self.chosen = slug
        self.accept()
