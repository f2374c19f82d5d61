"""Sync settings: the hub this laptop syncs with, pairing by code or QR scan, unpairing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError, UsageError
from kiosk.store.datadir import DataDir
from kiosk.store.event_store import EventStore
from kiosk.sync.client import SyncClient
from kiosk.sync.loop import SyncStatus, describe
from kiosk.sync.pairing import (
    NOT_A_PAIRING_CODE,
    PAIRING_PREFIX,
    Joined,
    Pairing,
    hub_address,
    join,
    normalise_check,
    normalise_code,
    parse_pairing_payload,
    read_pairing_text,
    security_check,
)

_FINISHING: set = set()  # pairing threads whose dialog closed before the hub answered


def grow_to_fit(window: QWidget, shrink: bool = False) -> None:
    """Make a shown window tall enough for what it now says. A top-level window keeps the size it
    was first shown at, so a longer answer, a second status line or the camera's view would
    otherwise be squeezed in and clipped. It only grows (staff may have made it bigger), unless
    `shrink`: a part of it closed, and the room it took would stay as a blank space."""
    layout = window.layout()
    if layout is None or not window.isVisible():
        return  # a window not shown yet takes its size hint when it is
    layout.activate()
    width = max(window.width(), window.minimumWidth())
    need = window.sizeHint().height()
    if layout.hasHeightForWidth():  # wrapped words: how tall at the width it has
        need = max(need, layout.totalHeightForWidth(width))
    if window.height() < need or (shrink and window.height() > need):
        window.resize(width, need)


class _PairJob(QObject):
    """Pairing talks to the hub (seconds when it is slow): never on the GUI thread."""

    finished = Signal(object)  # Joined, or the KioskError to show

    def __init__(self, data: DataDir, pairing: Pairing, ca_pem: str) -> None:
        super().__init__()
        self.data, self.pairing, self.ca_pem = data, pairing, ca_pem

    def run(self) -> None:
        try:
            url, code, fingerprint = self.pairing
            self.finished.emit(join(self.data, url, code, self.ca_pem, fingerprint))
        except KioskError as exc:
            self.finished.emit(exc)
        except Exception as exc:  # noqa: BLE001 (a bug must still end the wait with a message)
            self.finished.emit(KioskError(f"pairing failed: {exc}"))


class PairingForm(QGroupBox):
    """Hub address, one-time code (typed or scanned), the security check of a laptop sharing its
    event (typed: the QR code carries it) and, for an organiser's HTTPS hub, its CA certificate."""

    joined = Signal(object)  # Joined

    def __init__(self, data: DataDir, hub_url: str = "", parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Pair with a hub"), parent)
        self.data = data
        self._thread: QThread | None = None
        self._scanned: Pairing | None = None  # the QR that filled the fields: its fingerprint goes with them
        form = QFormLayout(self)
        hint = QLabel(self.tr("Ask the organiser running the hub for a pairing code for this desk. Scan its "
                              "QR code with the scanner or camera now, or type the hub's address and the code "
                              "(and the security check, from a laptop sharing its event)."))
        hint.setWordWrap(True)
        self.hint = hint
        form.addRow(hint)
        self.url_edit = QLineEdit(hub_url)
        self.url_edit.setPlaceholderText("192.168.1.20:8787")
        self.url_edit.setAccessibleName(self.tr("Hub address to pair with"))
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(self.tr("scan the QR code, or type K7QM-3XPD-HW9R"))
        self.code_edit.setAccessibleName(self.tr("Pairing code"))
        self.check_edit = QLineEdit()
        self.check_edit.setPlaceholderText(self.tr("from a sharing laptop: the 16 letters and digits under its code"))
        self.check_edit.setAccessibleName(self.tr("Security check"))
        self.ca_edit = QLineEdit()
        self.ca_edit.setPlaceholderText(self.tr("only for an HTTPS hub with its own certificate"))
        self.ca_edit.setAccessibleName(self.tr("CA certificate file"))
        browse = QPushButton(self.tr("Browse…"))
        browse.setAccessibleName(self.tr("Choose the CA certificate file"))
        browse.clicked.connect(self._browse_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(browse)
        self.pair_button = QPushButton(self.tr("&Pair"))
        self.pair_button.setAccessibleName(self.tr("Pair with this hub"))
        self.pair_button.setDefault(True)  # a scanner's Enter after the QR text pairs at once
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Pairing result"))
        # Room for a three-line answer: a form laid out empty does not grow when one arrives.
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 3 + 4)
        form.addRow(self.tr("Hub address:"), self.url_edit)
        form.addRow(self.tr("Pairing code:"), self.code_edit)
        form.addRow(self.tr("Security check:"), self.check_edit)
        form.addRow(self.tr("CA certificate:"), ca_row)
        form.addRow(self.pair_button)
        form.addRow(self.message)
        self.pair_button.clicked.connect(self.pair)

    def fill_from_scan(self, raw: str) -> bool:
        """A scanned pairing QR fills the form; anything else is not for this form."""
        parsed = parse_pairing_payload(raw)
        if parsed is None and raw.strip().lower().startswith(PAIRING_PREFIX):
            try:  # meant as a pairing code but damaged or from a newer app: say which
                read_pairing_text(raw)
            except UsageError as exc:
                self.say(self.tr("Not paired: {0}").format(exc.message))
            return True
        if parsed is None:
            return False
        self._show_scanned(parsed)
        self.say(self.tr("Pairing code scanned. Press Pair to join this hub."))
        self.pair_button.setFocus()
        return True

    def say(self, text: str) -> None:
        """The answer under the Pair button, shown whole however many lines it takes."""
        self.message.setText(text)
        grow_to_fit(self.window())

    def _browse_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("The hub's CA certificate"), "",
                                              "Certificates (*.pem *.crt);;All files (*)")
        if path:
            self.ca_edit.setText(path)

    def _address_and_code(self) -> Pairing:
        """What was typed or scanned; a whole pairing text (scanned into either field, even after
        something typed) fills both. UsageError in words when it is not usable."""
        for edit in (self.code_edit, self.url_edit):
            text = edit.text()
            start = text.lower().find(PAIRING_PREFIX)
            if start >= 0 or "#pair=" in text:
                parsed = read_pairing_text(text[start:]) if start >= 0 else parse_pairing_payload(text)
                if parsed is None:
                    raise UsageError(NOT_A_PAIRING_CODE)
                self._show_scanned(parsed)
                return parsed
        if not self.url_edit.text().strip():
            raise UsageError(self.tr("Type the address the sharing laptop shows, for example 192.168.1.20:8787, "
                                     "or scan its QR code."))
        url, code = hub_address(self.url_edit.text()), normalise_code(self.code_edit.text())
        scanned = self._scanned
        if scanned is not None and (scanned.url, scanned.code) == (url, code):
            return scanned  # as scanned, left as it was: the whole fingerprint is checked
        check = normalise_check(self.check_edit.text())
        if check and url.startswith("http://"):  # a security check is a certificate's: the hub speaks TLS
            url = "https://" + url[len("http://"):]
        return Pairing(url, code, check)

    def _show_scanned(self, scanned: Pairing) -> None:
        self.url_edit.setText(scanned.url)
        self.code_edit.setText(scanned.code)
        self.check_edit.setText(security_check(scanned.fingerprint) if scanned.fingerprint else "")
        self._scanned = scanned

    def pair(self) -> None:
        if self._thread is not None:
            return
        try:
            pairing = self._address_and_code()
        except UsageError as exc:
            self.say(self.tr("Not paired: {0}").format(exc.message))
            return
        ca_pem = ""
        if self.ca_edit.text().strip():
            where = Path(self.ca_edit.text().strip())
            try:
                ca_pem = where.read_text(encoding="ascii")
            except UnicodeDecodeError:  # a picture or a binary (DER) file chosen by mistake
                self.say(self.tr("Not paired: {0} is not a CA certificate. Choose the .pem or .crt file the "
                                 "organiser gave you.").format(where.name))
                return
            except OSError:  # the system's words (errno) mean nothing to staff
                self.say(self.tr("Not paired: the CA certificate file {0} could not be opened. Check its "
                                 "name with Browse…, or leave the box empty for a hub without one.").format(where))
                return
        self.pair_button.setEnabled(False)
        self.say(self.tr("Pairing…"))
        self._thread = QThread(self)
        self._job = _PairJob(self.data, pairing, ca_pem)
        self._job.moveToThread(self._thread)
        self._thread.started.connect(self._job.run)
        self._job.finished.connect(self._paired)
        self._thread.start()

    def _paired(self, outcome: object) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(5000)
            self._thread = None
        self.pair_button.setEnabled(True)
        if isinstance(outcome, Joined):
            words = self.tr("Paired as {0} for event {1}; {2} operations downloaded.").format(
                outcome.device, outcome.event, outcome.result.pulled)
            if outcome.kept_apart:  # this laptop's own event of that name: not mixed in
                words += " " + self.tr("This laptop's own event “{0}” was left as it was: it was never "
                                       "shared, and the hub's is another one.").format(outcome.kept_apart)
            self.say(words)
            self.code_edit.clear()
            self.joined.emit(outcome)
        else:
            assert isinstance(outcome, KioskError)
            # A whole sentence (nothing answering at the address) follows "Not paired." as one.
            joiner = ". " if outcome.message[:1].isupper() else ": "
            self.say(self.tr("Not paired") + joiner + outcome.message)

    def stop(self) -> None:
        """Never blocks: a pairing still talking to a slow hub finishes on its own thread, which
        is kept alive (and its answer ignored) until then, not destroyed while running."""
        if self._thread is None:
            return
        thread, job = self._thread, self._job
        self._thread = None
        job.finished.disconnect(self._paired)
        thread.quit()
        if not thread.wait(50):
            thread.setParent(None)
            _FINISHING.add((thread, job))
            job.finished.connect(thread.quit)
            thread.finished.connect(lambda: _FINISHING.discard((thread, job)))


class JoinHubDialog(QDialog):
    """A laptop with no copy of the event yet: pair, and the event is downloaded. A pairing QR
    scanned (the USB scanner typing into a field, the desk's scan detector, or the camera here)
    pairs at once; the address and code can be typed instead."""

    def __init__(self, data: DataDir, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Join an event from a hub"))
        self.setMinimumWidth(520)
        self.joined: Joined | None = None
        self.form = PairingForm(data, parent=self)
        self.form.joined.connect(self._joined)
        self.form.setTitle(self.tr("Join an event"))
        self.form.hint.setText(self.tr("On the laptop sharing the event, open “Share this event from this laptop…”. "
                                       "Scan the QR code it shows with the scanner or the camera, or type the "
                                       "address, the code and the security check it shows."))
        self.camera_button = QPushButton(self.tr("Scan with the &camera"))
        self.camera_button.setAccessibleName(self.tr("Scan the pairing QR code with the camera"))
        self.camera_button.setCheckable(True)
        self.camera_button.toggled.connect(self._camera_on)
        self.camera: QWidget | None = None
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        close.addButton(self.camera_button, QDialogButtonBox.ButtonRole.ActionRole)
        close.rejected.connect(self.reject)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.form)
        self._layout.addWidget(close)
        self.form.url_edit.setFocus()

    def take_scan(self, raw: str) -> bool:
        """A scan from outside the form (the desk's scanner or the camera): a good pairing QR
        pairs at once; a damaged one is answered in words. False when it is no pairing code."""
        if not self.form.fill_from_scan(raw):
            return False
        if parse_pairing_payload(raw) is not None:
            self.form.pair()
        return True

    def _camera_on(self, on: bool) -> None:
        from kiosk.ui.camera import CameraScanner

        if on and self.camera is None:
            self.camera = CameraScanner(self)
            self.camera.setMinimumHeight(240)
            self.camera.scanned.connect(self.take_scan)
            self.camera.status.connect(self._camera_status)
            self._layout.insertWidget(1, self.camera)
        if isinstance(self.camera, CameraScanner):
            self.camera.setVisible(on)
            if on:
                self.camera.start()
            else:
                self.camera.stop()
            grow_to_fit(self, shrink=True)  # the intro keeps its lines; a closed view leaves no gap

    def _camera_status(self, key: str) -> None:
        """No camera to show (none, or not allowed): its empty view would only repeat the reason
        the line under it gives, so that line is all there is."""
        from kiosk.ui.camera import DENIED, NO_CAMERA, CameraScanner

        if not isinstance(self.camera, CameraScanner):
            return
        seeing = key not in (NO_CAMERA, DENIED)
        self.camera.preview.setVisible(seeing)
        self.camera.setMinimumHeight(240 if seeing else 0)
        grow_to_fit(self, shrink=True)

    def _joined(self, joined: Joined) -> None:
        self.joined = joined
        self.accept()

    def done(self, result: int) -> None:
        self.form.stop()
        if self.camera is not None:
            self.camera_button.setChecked(False)  # the camera is let go with the dialog
        super().done(result)


class SyncDialog(QDialog):
    """Shows where this event syncs to and lets staff pair, unpair or sync now."""

    joined = Signal(object)       # Joined: the desk switches to the paired event
    unpaired = Signal()
    sync_requested = Signal()

    def __init__(self, data: DataDir, store: EventStore, status: SyncStatus,
                 parent: QWidget | None = None, words: Callable[[SyncStatus], str] = describe) -> None:
        super().__init__(parent)
        self.words = words
        self.setWindowTitle(self.tr("Sync with the organisers' hub"))
        self.setMinimumWidth(520)
        self.data, self.store = data, store
        self.client = SyncClient(store)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(self.tr("Sync status"))
        current = QGroupBox(self.tr("This laptop"))
        current_form = QFormLayout(current)
        self.hub_label = QLabel(self.client.hub_url or self.tr("not paired: this laptop works on its own"))
        self.hub_label.setAccessibleName(self.tr("Hub address"))
        current_form.addRow(self.tr("Hub:"), self.hub_label)
        current_form.addRow(self.tr("Device:"), QLabel(store.device_name))
        current_form.addRow(self.tr("Status:"), self.status_label)
        buttons_row = QHBoxLayout()
        self.sync_button = QPushButton(self.tr("Sync &now"))
        self.sync_button.setAccessibleName(self.tr("Sync now"))
        self.unpair_button = QPushButton(self.tr("&Unpair…"))
        self.unpair_button.setAccessibleName(self.tr("Unpair from the hub"))
        buttons_row.addWidget(self.sync_button)
        buttons_row.addWidget(self.unpair_button)
        buttons_row.addStretch(1)
        current_form.addRow(buttons_row)

        self.pairing = PairingForm(data, self.client.hub_url, self)
        self.pairing.joined.connect(self.joined)
        # After the desk has followed the pairing (rebind, when it moved to another event): the
        # lines above then say where this laptop now syncs, also when it paired its open event.
        self.pairing.joined.connect(self._show_lines)
        # The tests and the desk reach the form's parts through the dialog.
        self.url_edit, self.code_edit = self.pairing.url_edit, self.pairing.code_edit
        self.pair_button, self.message = self.pairing.pair_button, self.pairing.message

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(current)
        layout.addWidget(self.pairing)
        layout.addWidget(close)

        self.sync_button.clicked.connect(self.sync_requested)
        self.unpair_button.clicked.connect(self.unpair)
        self.show_status(status)

    def show_status(self, status: SyncStatus) -> None:
        text = self.words(status)
        if status.detail and status.state != "online" and status.state != "unpaired":
            text += f"\n{status.detail}"  # the engine's words (English), for whoever sets up the hub
        self.status_label.setText(text)
        self._show_lines()

    def _show_lines(self) -> None:
        """The hub and the buttons as the event's own record says now (pairing writes it)."""
        self.hub_label.setText(self.client.hub_url or self.tr("not paired: this laptop works on its own"))
        paired = bool(self.client.token)
        self.sync_button.setEnabled(paired)
        self.unpair_button.setEnabled(paired)
        grow_to_fit(self)

    def rebind(self, store: EventStore) -> None:
        """The desk moved to the event just paired: show that one."""
        self.store, self.client = store, SyncClient(store)
        self._show_lines()

    def fill_from_scan(self, raw: str) -> bool:
        return self.pairing.fill_from_scan(raw)

    def unpair(self) -> None:
        waiting = self.client.pending()
        warning = ("\n\n" + self.tr("{0} operation(s) recorded here have not reached the hub yet. They stay "
                                      "on this laptop and are sent when it is paired again.").format(waiting)
                   if waiting else "")
        answer = QMessageBox.question(self, self.tr("Unpair this laptop?"),
                                      self.tr("Stop syncing with {0}?").format(self.client.hub_url) + warning)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.client.unpair()
        self.pairing.say(self.tr("Unpaired. This laptop now works alone."))
        self.unpaired.emit()
        self.show_status(SyncStatus("unpaired", self.client.pending(), self.client.last_ok_ms()))

    def done(self, result: int) -> None:
        self.pairing.stop()
        super().done(result)
