"""Starting kiosk mode: `kiosk --mode kiosk`, or from the desk through open_kiosk_mode()."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kiosk.core.errors import UsageError
from kiosk.selfservice.staff_pin import StaffPin
from kiosk.store.datadir import DataDir
from kiosk.store.event_store import EventStore
from kiosk.ui.selfservice.lockdown import InstanceLock
from kiosk.ui.selfservice.pin_dialog import SetPinDialog
from kiosk.ui.selfservice.window import KioskWindow

# Kiosk windows opened from a desk, held here until staff leave them: nothing else may own them.
_OPEN: set[KioskWindow] = set()


log = logging.getLogger(__name__)


def open_kiosk_mode(data: DataDir, store: EventStore, desk: QWidget | None = None) -> KioskWindow | None:
    """Turn this machine into the public kiosk from the desk; leaving it takes the staff PIN.

    Asks staff to set a PIN first if there is none. The kiosk works on the desk's event store
    (and leaves it open); the desk window is hidden meanwhile and shown again when staff leave
    kiosk mode. Returns the window, or None if staff cancelled or a kiosk already runs on this
    data folder.
    """
    pin = StaffPin(data)
    if not pin.is_set() and SetPinDialog(pin, desk).exec() != SetPinDialog.DialogCode.Accepted:
        return None
    lock = InstanceLock(data.root)
    if not lock.acquire():
        QMessageBox.warning(desk, "Kiosk mode",
                            f"Kiosk mode is already running on this data folder ({lock.holder()}).")
        return None
    window = KioskWindow(data, store, instance_lock=lock)
    _OPEN.add(window)
    window.left.connect(lambda: _OPEN.discard(window))
    if desk is not None:
        desk.hide()
        window.left.connect(desk.show)
    window.start()
    return window


def run_kiosk_mode(data: DataDir, device_name: str | None = None) -> int:
    """`kiosk --mode kiosk`: the kiosk on the current event until staff leave it."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    lock = InstanceLock(data.root)
    if not lock.acquire():
        raise UsageError(f"kiosk mode is already running on this data folder ({lock.holder()}); one kiosk "
                         "per data folder (another kiosk on this machine needs its own: --data DIR)")
    try:
        if not StaffPin(data).is_set():
            raise UsageError("set a staff PIN first with 'kiosk pin set': kiosk mode cannot be left without one")
        store = data.open_current(device_name)
    except BaseException:
        lock.release()
        raise
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    window = KioskWindow(data, store, instance_lock=lock, owns_store=True)
    _sync_in_background(data, window)
    window.start()
    try:
        return app.exec()
    finally:
        if lock.held:
            lock.release()


def _sync_in_background(data: DataDir, window: KioskWindow) -> None:
    """A kiosk on its own syncs like a desk (from the desk, the desk's worker goes on doing it):
    its check-ins reach the other desks, and theirs tell it who is already in."""
    from kiosk.ui.sync_worker import SyncWorker

    slug = window.open_event.slug
    worker = SyncWorker(window.store, window)
    window.sync_worker = worker

    def revoked(detail: str) -> None:
        log.warning("kiosk: the hub revoked this device (%s); erasing event %s", detail, slug)
        worker.shutdown(wait=True)  # its round is over; its connection must close before erasing
        window.leave()  # closes the store: the kiosk owns it
        data.purge(slug)

    worker.revoked.connect(revoked)
    window.left.connect(worker.shutdown)
