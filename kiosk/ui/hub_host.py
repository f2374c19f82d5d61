"""Share this event from this laptop: start the hub here, and pair each new desk by QR or code.

The hub itself is kiosk/hub/host.py (a child process, no Qt); this window starts and stops it,
shows a one-time code for the next desk (a QR code for the scanner or camera, and the same code
in large letters with the address, to type), and lists the desks paired. The desk owns the host
(kiosk/ui/desk_sync.py), so closing this window keeps sharing; closing the desk stops it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.core.qr import qr_matrix
from kiosk.hub.host import HubHost, PairingOffer
from kiosk.ui.background import Background
from kiosk.ui.translate_marks import QT_TRANSLATE_NOOP

POLL_MS = 1500     # how soon a desk that just paired shows in the list (a read of the hub's database)
RENEW_BEFORE_S = 60  # a code about to expire is replaced by a fresh one for the same desk
QR_BOX = 7         # pixels per module: a 37-module code is 315 px with its quiet zone, easy for a camera
INTRO = QT_TRANSLATE_NOOP(
    "HubHostDialog", "This laptop can be the hub for this event. Other laptops on the same network join it, and "
                     "every desk sees every check-in. Keep this laptop on, with the desk open, while the others work.")
REACH = QT_TRANSLATE_NOOP(
    "HubHostDialog", "If another laptop cannot reach this address: both laptops must be on the same network, and "
                     "this laptop's firewall must let Event Kiosk accept connections (on Windows, allow it on "
                     "private networks).")


def qr_pixmap(text: str, box: int = QR_BOX, border: int = 4) -> QPixmap:
    """The QR code as a screen image: black modules on white, with the quiet zone a reader needs."""
    matrix = qr_matrix(text)
    size = (matrix.shape[0] + 2 * border) * box
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect((x + border) * box, (y + border) * box, box, box, QColor("black"))
    painter.end()
    return QPixmap.fromImage(image)


def _big(base: QFont, point_size: int, mono: bool = False) -> QFont:
    font = QFont(base)
    if mono:
        font.setFamily("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(point_size)
    font.setBold(True)
    return font


class HubHostDialog(QDialog):
    """`started(url)` once this desk syncs with its own hub; `stopped()` when sharing ends."""

    started = Signal(str)
    stopped = Signal()

    def __init__(self, host: HubHost, slug: str, desk_name: str, parent: QWidget | None = None,
                 clock: Callable[[], float] = time.time, paired_with: str = "") -> None:
        super().__init__(parent)
        self.host, self.slug, self.desk_name, self.clock = host, slug, desk_name, clock
        self.paired_with = paired_with  # the hub this desk syncs with now, if any
        self.offer: PairingOffer | None = None
        self.own_name = ""
        self._work: Background | None = None
        self.setWindowTitle(self.tr("Share this event from this laptop"))
        self.setMinimumWidth(760)

        intro = QLabel(self.tr(INTRO))
        intro.setWordWrap(True)
        self.state = QLabel()
        self.state.setFont(_big(self.font(), 14))
        self.state.setWordWrap(True)
        self.state.setAccessibleName(self.tr("Sharing status"))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("Problem"))
        self.problem.setStyleSheet("QLabel { color: #8a1c1c; font-weight: bold; }")
        self.start_button = QPushButton(self.tr("&Start sharing"))
        self.start_button.setAccessibleName(self.tr("Start sharing this event from this laptop"))
        self.stop_button = QPushButton(self.tr("S&top sharing"))
        self.stop_button.setAccessibleName(self.tr("Stop sharing this event"))
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addWidget(self.stop_button)
        row.addStretch(1)

        self.pairing = QGroupBox(self.tr("Pair a new desk"))
        self.qr = QLabel()
        self.qr.setAccessibleName(self.tr("Pairing QR code"))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        how = QLabel(self.tr("On the new laptop, choose “Join from a hub…”, then scan this QR code with the "
                             "scanner or the camera. Or type the address, the code and the security check:"))
        how.setWordWrap(True)
        self.address_label = QLabel()
        self.address_label.setFont(_big(self.font(), 20, mono=True))
        self.address_label.setAccessibleName(self.tr("Address to type"))
        self.address_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label = QLabel()
        self.code_label.setFont(_big(self.font(), 28, mono=True))
        self.code_label.setAccessibleName(self.tr("Pairing code to type"))
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The first 16 characters of this laptop's certificate fingerprint (the QR has it whole): a
        # desk that types it checks it is talking to this laptop, not another on the network.
        self.check_label = QLabel()
        self.check_label.setFont(_big(self.font(), 14, mono=True))
        self.check_label.setAccessibleName(self.tr("Security check to type"))
        self.check_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.for_label = QLabel()
        self.for_label.setWordWrap(True)
        self.for_label.setAccessibleName(self.tr("Who the code is for"))
        self.new_code_button = QPushButton(self.tr("&New code"))
        self.new_code_button.setAccessibleName(self.tr("Make a new pairing code"))
        reach = QLabel(self.tr(REACH))
        reach.setWordWrap(True)
        words = QVBoxLayout()
        words.addWidget(how)
        for caption, label in ((self.tr("Address"), self.address_label), (self.tr("Code"), self.code_label),
                               (self.tr("Security check"), self.check_label)):
            name = QLabel(caption)
            name.setBuddy(label)
            words.addWidget(name)
            words.addWidget(label)
        words.addWidget(self.for_label)
        words.addWidget(self.new_code_button, 0, Qt.AlignmentFlag.AlignLeft)
        words.addStretch(1)
        pairing_row = QHBoxLayout()
        pairing_row.addWidget(self.qr)
        pairing_row.addLayout(words, 1)
        pairing_layout = QVBoxLayout(self.pairing)
        pairing_layout.addLayout(pairing_row)
        pairing_layout.addWidget(reach)

        self.desks = QListWidget()
        self.desks.setAccessibleName(self.tr("Desks paired with this laptop"))
        self.desks.setMaximumHeight(110)
        desks_box = QGroupBox(self.tr("Desks paired"))
        QVBoxLayout(desks_box).addWidget(self.desks)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.close_note = QLabel(self.tr("Closing this window keeps sharing. Sharing stops when this desk closes."))
        self.close_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.state)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(self.pairing)
        layout.addWidget(desks_box)
        layout.addWidget(self.close_note)
        layout.addWidget(close)

        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.new_code_button.clicked.connect(lambda: self.new_offer(same_desk=True))
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)
        self._shown_stopped(self.tr("Not sharing."))
        self.start_button.setFocus()

    # -- starting and stopping -----------------------------------------------------------------

    def start(self) -> None:
        if self._work is not None:
            return
        self._say_problem("")
        try:
            self.host.start()  # here, on the GUI thread: the hub lives as long as this thread
        except KioskError as exc:
            self._shown_stopped(self.tr("Not sharing."), exc.message)
            return
        self.start_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.state.setText(self.tr("Starting… this takes a few seconds."))
        self._pair_this_desk()

    def follow(self, slug: str, desk_name: str) -> None:
        """The desk moved to another event: share that one from now on (the hub serves every event
        in this data folder; the codes and the list are the new event's)."""
        if slug == self.slug:
            return
        self.slug, self.desk_name, self.offer = slug, desk_name, None
        self.paired_with = ""  # a desk that moved event is paired (or not) anew by sharing
        self.desks.clear()
        if self.host.running and self._work is None:
            self.state.setText(self.tr("Sharing the event this desk now shows…"))
            self._pair_this_desk()

    def _pair_this_desk(self) -> None:
        slug, name = self.slug, self.desk_name
        host = self.host

        def ready_and_paired() -> str:  # on the worker thread: waits for the child, then pairs this desk
            host.wait_ready()
            return host.share(slug, name)

        work = Background(ready_and_paired, self)
        work.done.connect(self._ready)
        self._work = work.start()

    def _ready(self, own_name: object, error: object) -> None:
        self._work = None
        if error is not None:
            self.host.stop(wait=False)
            words = error.message if isinstance(error, KioskError) else (
                self.tr("The hub could not start. Press Start sharing again; if it fails again, ask the organiser."))
            self._shown_stopped(self.tr("Not sharing."), words)
            return
        self.own_name = str(own_name)
        self._shown_running()
        self.started.emit(self.host.url)

    def stop(self) -> None:
        self.host.stop(wait=False)
        self.offer = None
        self._shown_stopped(self.tr("Not sharing. Desks paired with this laptop keep their work and send it "
                                    "when you start sharing again."))
        self.stopped.emit()

    def _shown_running(self) -> None:
        self.state.setText(self.tr("Sharing this event at {0}").format(self.host.url.split("://", 1)[1]))
        self.start_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.pairing.setEnabled(True)
        self.pairing.setVisible(True)
        if self.offer is None:
            self.new_offer()
        self.refresh()
        self.timer.start()

    def _shown_stopped(self, state: str, problem: str = "") -> None:
        self.timer.stop()
        if state == self.tr("Not sharing."):
            if self.paired_with and not self.host.is_own(self.paired_with):
                state += " " + self.tr("This desk syncs with the hub at {0} now; if you start sharing, it syncs "
                                       "with this laptop instead.").format(self.paired_with.split("://", 1)[-1])
            else:
                state += " " + self.tr("This desk works on its own until you start.")
        self.state.setText(state)
        self._say_problem(problem)
        self.start_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        self.pairing.setVisible(False)
        self.start_button.setFocus()

    # -- codes and desks -------------------------------------------------------------------------

    def new_offer(self, same_desk: bool = False) -> None:
        """A code for the next desk; `same_desk` replaces the code shown, for the same desk name."""
        device = self.offer.device if same_desk and self.offer is not None else None
        try:
            self.offer = self.host.offer(self.slug, device)
        except KioskError as exc:
            self._say_problem(exc.message)
            return
        offer = self.offer
        self.qr.setPixmap(qr_pixmap(offer.text))
        self.address_label.setText(offer.address_words)
        self.code_label.setText(offer.code)
        self.check_label.setText(offer.check)
        until = time.strftime("%H:%M", time.localtime(offer.expires))
        self.for_label.setText(self.tr("This code is for {0}. It works once, until {1}.").format(offer.device, until))

    def refresh(self) -> None:
        """The list of desks; a code just used makes way for one for the next desk."""
        if not self.host.running:
            if self.own_name:
                self.own_name = ""
                self._shown_stopped(self.tr("Not sharing: the hub stopped."),
                                    self.tr("Press Start sharing to share again."))
            return
        try:
            devices = self.host.devices(self.slug)
        except KioskError:
            return  # the hub's database is busy: the next look will do
        lines = []
        for device in devices:
            if not device.paired:
                continue
            seen = (self.tr("last in touch at {0}").format(time.strftime("%H:%M", time.localtime(device.last_seen)))
                    if device.last_seen else self.tr("not in touch yet"))
            own = " " + self.tr("(this laptop)") if device.name == self.own_name else ""
            lines.append(f"{device.name}{own} · {seen}" if not device.revoked
                         else f"{device.name} · " + self.tr("removed"))
        if [self.desks.item(i).text() for i in range(self.desks.count())] != lines:
            self.desks.clear()
            self.desks.addItems(lines)
        offer = self.offer
        if offer is None:
            return
        used = any(d.name == offer.device and d.paired for d in devices)
        if used:
            self.new_offer()
            self.for_label.setText(self.tr("{0} joined.").format(offer.device) + " " + self.for_label.text())
        elif offer.expires - self.clock() < RENEW_BEFORE_S:
            self.new_offer(same_desk=True)

    def _say_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))  # no empty gap under the buttons when all is well

    def grab_qr(self) -> QImage:
        """What a camera pointed at the code would see: the QR as drawn on screen."""
        return self.qr.grab().toImage()
