"""Pairing from the window: one desk shares its event (a real hub child process), another pairs
by scanning the QR code it shows, and check-ins cross between them through the real sync."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.attendees.checkin import Desk
from kiosk.hub.host import HOST_FILE, HostError, HubHost, port_is_free
from kiosk.store.datadir import DataDir
from kiosk.sync.client import SyncClient
from kiosk.sync.pairing import join, read_pairing_text
from kiosk.ui.camera import video_frame
from kiosk.ui.desk_window import DeskWindow
from kiosk.ui.hub_host import HubHostDialog, qr_pixmap
from kiosk.ui.sync_dialog import JoinHubDialog

from tests.support.event_data import add_attendee
from tests.support.hub import free_port
from tests.support.paths import screenshot_dir

WAIT_MS = 30000  # a hub child starting on a loaded 2-core machine, then a sync round or two


def _event(folder: Path, port: int | None = None) -> DataDir:
    """The organiser's laptop: an event with three people; the hub's port chosen for the test
    (written where the host remembers its last port, so it is tried first)."""
    data = DataDir(folder)
    with data.create("day", "Conference Day") as store:
        for n in (1, 2, 3):
            add_attendee(store, f"TICKET-{n}", first_name=f"Person{n}", last_name="Example")
    if port is not None:
        (folder / "hub").mkdir(parents=True, exist_ok=True)
        (folder / "hub" / HOST_FILE).write_text(json.dumps({"port": port}))
    return data


def _sync(data: DataDir, desk_name: str | None = None) -> Desk:
    store = data.open("day", desk_name)
    SyncClient(store).sync_once()
    return Desk(store)


def test_the_engine_runs_a_real_hub_and_pairs_desks_through_it(tmp_path):
    port = free_port()
    office = _event(tmp_path / "office", port)
    host = HubHost(office, "127.0.0.1")
    try:
        host.start()
        host.wait_ready()
        assert host.running and host.url == f"https://127.0.0.1:{port}"
        assert host.share("day", "Desk 1") == "Desk 1"
        offer = host.offer("day")
        assert offer.device == "Desk 2" and offer.address_words == f"127.0.0.1:{port}"
        scanned = read_pairing_text(offer.text)
        assert scanned == (host.url, offer.code, host.certificate.fingerprint)

        first = _sync(office)  # the sharing desk sends the list to its own hub
        first.store.close()
        second = DataDir(tmp_path / "desk2")
        joined = join(second, scanned.url, scanned.code, fingerprint=scanned.fingerprint)
        assert (joined.event, joined.device) == ("day", "Desk 2")

        desk2 = _sync(second, "Front door")
        desk2.check_in("TICKET-2")
        SyncClient(desk2.store).sync_once()
        desk2.store.close()
        office_desk = _sync(office)
        assert [a.device for a in office_desk.admissions("TICKET-2")] == ["Front door"]
        office_desk.store.close()
        assert {(d.name, d.paired) for d in host.devices("day")} == {("Desk 1", True), ("Desk 2", True)}

        # A code works once: a third laptop using Desk 2's code is refused.
        with pytest.raises(Exception, match="That code was not accepted: it is mistyped, already used"):
            join(DataDir(tmp_path / "desk3"), scanned.url, scanned.code, fingerprint=scanned.fingerprint)
        # Started again (the next morning): same port, and this desk keeps its pairing.
        host.stop()
        assert not host.running and port_is_free("127.0.0.1", port)
        host.start()
        host.wait_ready()
        assert host.url.endswith(f":{port}") and host.share("day", "Desk 1") == "Desk 1"
        assert len(host.devices("day")) == 2  # no new device for the sharing desk
    finally:
        host.stop()


def test_a_port_taken_while_starting_is_said_in_words(tmp_path):
    office = _event(tmp_path / "office", free_port())
    host = HubHost(office, "127.0.0.1")
    host.start()
    # Another program takes the port before the hub (still importing) binds it.
    thief = socket.socket()
    try:
        thief.bind(("127.0.0.1", host.port))
        thief.listen()
        with pytest.raises(HostError) as caught:
            host.wait_ready()
        assert f"Another program is already using port {host.port}" in caught.value.message
        assert "Errno" not in caught.value.message and not host.running
    finally:
        thief.close()
        host.stop()
    # An address this laptop does not have (its Wi-Fi changed) is said too, before any child starts.
    with pytest.raises(HostError, match="network address changed"):
        HubHost(office, "192.0.2.77").start()


def _desk(qtbot, data: DataDir, name: str) -> DeskWindow:
    window = DeskWindow(data, data.open(data.current_slug(), name))
    qtbot.addWidget(window)
    window.show()
    return window


def _press(qtbot, widget, key) -> None:
    """A person's key press: down, a moment, up (the desk's scan detector holds a key briefly)."""
    qtbot.keyPress(widget, key)
    qtbot.wait(120)
    qtbot.keyRelease(widget, key)


def _type_like_a_scanner(qtbot, widget, text: str) -> None:
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_share_from_one_desk_and_join_by_scanning_its_qr_on_another(qtbot, tmp_path):
    port = free_port()
    office = _event(tmp_path / "office", port)
    desk_a = _desk(qtbot, office, "Desk 1")
    desk_a.sync.host_address = "127.0.0.1"
    window_b = None
    try:
        # The organiser opens it from the Event menu with the keyboard: Alt+E, then H.
        desk_a.activateWindow()
        qtbot.waitUntil(desk_a.isActiveWindow, timeout=3000)
        QTest.keyClick(desk_a.windowHandle(), Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=3000)
        menu = QApplication.activePopupWidget()
        assert "S&hare this event from this laptop…" in [a.text() for a in menu.actions()]
        QTest.keyClick(menu, Qt.Key.Key_H)
        qtbot.waitUntil(lambda: desk_a.sync.host_dialog is not None, timeout=3000)
        dialog = desk_a.sync.host_dialog
        assert dialog is not None and dialog.isVisible() and not dialog.pairing.isVisible()
        assert dialog.state.text() == "Not sharing. This desk works on its own until you start."
        assert dialog.focusWidget() is dialog.start_button
        _press(qtbot, dialog.start_button, Qt.Key.Key_Space)  # the organiser presses Start sharing
        qtbot.waitUntil(lambda: dialog.pairing.isVisible() and bool(dialog.code_label.text()), timeout=WAIT_MS)
        assert dialog.state.text() == f"Sharing this event at 127.0.0.1:{port}"
        assert dialog.address_label.text() == f"127.0.0.1:{port}"
        qtbot.waitUntil(lambda: desk_a.sync_button.text().startswith("● Online"), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: dialog.desks.count() == 1, timeout=WAIT_MS)
        assert dialog.desks.item(0).text().startswith("Desk 1 (this laptop)")

        # What a camera pointed at the screen reads: the QR as drawn in the dialog.
        image = dialog.grab_qr()
        found = zxingcpp.read_barcodes(image.convertToFormat(image.Format.Format_Grayscale8))
        assert len(found) == 1
        scanned = found[0].text
        assert scanned == dialog.offer.text and scanned.startswith("kiosk-pair:2;https://127.0.0.1:")
        assert dialog.code_label.text() in scanned
        # The security check to type is the start of the fingerprint the QR carries.
        check = dialog.check_label.text()
        assert len(check) == 19 and f";{check.replace('-', '')}" in scanned
        out = screenshot_dir(tmp_path)

        # The second laptop: its own data folder, nothing of this event yet.
        second = DataDir(tmp_path / "desk-b")
        second.create("scratch", "Scratch").close()
        join_dialog = JoinHubDialog(second)
        qtbot.addWidget(join_dialog)
        join_dialog.setWindowModality(Qt.WindowModality.ApplicationModal)  # as "Join from a hub…" opens it
        join_dialog.show()
        form = join_dialog.form
        qtbot.waitUntil(lambda: join_dialog.focusWidget() is form.url_edit)
        # Bad pairing texts, each answered in words, nothing paired.
        for bad, words in (("kiosk-pair:3;https://127.0.0.1:1;K7QM-3XPD-HW9R", "newer version"),
                           ("kiosk-pair:1;http://127.0.0.1:1", "damaged or cut short"),
                           ("kiosk-pair:1;javascript:alert(1);K7QM-3XPD-HW9R", "not a hub address"),
                           ("kiosk-pair:1;http://127.0.0.1:1;K7QM-3XPD-HW90", "pairing code is not right")):
            form.url_edit.clear()
            _type_like_a_scanner(qtbot, form.url_edit, bad)
            assert form.message.text().startswith("Not paired:") and words in form.message.text()
            assert "Error" not in form.message.text() and join_dialog.isVisible()
        assert desk_a.desk.attendee("TICKET-1") is not None and not desk_a.desk.admissions("TICKET-1")
        join_dialog.grab().save(str(out / "pairing-join-refused.png"))

        form.url_edit.clear()
        form.code_edit.clear()
        form.code_edit.setFocus()
        _type_like_a_scanner(qtbot, form.code_edit, scanned)  # the USB scanner reads the QR: it pairs
        qtbot.waitUntil(lambda: join_dialog.joined is not None, timeout=WAIT_MS)
        assert join_dialog.joined.event == "day" and join_dialog.joined.device == "Desk 2"
        assert not join_dialog.isVisible()

        # The second desk opens the event it joined, with the list from the first.
        window_b = _desk(qtbot, second, "Front door")
        assert window_b.desk.attendee("TICKET-3") is not None
        qtbot.waitUntil(lambda: window_b.sync_button.text().startswith("● Online"), timeout=WAIT_MS)
        # The sharing window shows the new desk, and a fresh code for the next one.
        qtbot.waitUntil(lambda: dialog.desks.count() == 2, timeout=WAIT_MS)
        assert "Desk 2" in dialog.desks.item(1).text()
        qtbot.waitUntil(lambda: dialog.offer.device == "Desk 3", timeout=WAIT_MS)
        assert dialog.for_label.text().startswith("Desk 2 joined.") and dialog.offer.text != scanned
        dialog.grab().save(str(out / "pairing-share.png"))

        # A check-in on one desk appears on the other, both ways.
        desk_a.check_in("TICKET-1")
        qtbot.waitUntil(lambda: [a.device for a in window_b.desk.admissions("TICKET-1")]
                        == [desk_a.store.device_name], timeout=WAIT_MS)
        window_b.check_in("TICKET-2")
        qtbot.waitUntil(lambda: len(desk_a.desk.admissions("TICKET-2")) == 1, timeout=WAIT_MS)

        # The desk moves to another event (as "Open event…" does): the window shares that one now.
        office.create("day2", "Second Day").close()
        old_store = desk_a.store
        desk_a._attach(office.open("day2", "Desk 1"))
        old_store.close()
        qtbot.waitUntil(lambda: dialog.offer is not None and dialog.offer.event == "day2", timeout=WAIT_MS)
        assert dialog.offer.device == "Desk 2" and dialog.state.text().startswith("Sharing this event")
        qtbot.waitUntil(lambda: desk_a.sync_button.text().startswith("● Online"), timeout=WAIT_MS)
        assert SyncClient(desk_a.store).hub_url == f"https://127.0.0.1:{port}"

        # Stop, then Start again at once: the same address, so the desks paired stay paired.
        qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)  # with the mouse, this time
        assert dialog.state.text().startswith("Not sharing.") and not dialog.pairing.isVisible()
        qtbot.waitUntil(lambda: window_b.sync_button.text().startswith("○ Offline"), timeout=WAIT_MS)
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.pairing.isVisible(), timeout=WAIT_MS)
        assert dialog.address_label.text() == f"127.0.0.1:{port}"
        window_b.sync.sync_soon()
        qtbot.waitUntil(lambda: window_b.sync_button.text().startswith("● Online"), timeout=WAIT_MS)

        # Closing the sharing window keeps sharing; closing the desk stops the hub.
        dialog.close()
        assert desk_a.sync.host.running
        host = desk_a.sync.host
        desk_a.close()
        assert not host.running
        deadline = time.monotonic() + 10
        while not port_is_free("127.0.0.1", port) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert port_is_free("127.0.0.1", port)
    finally:
        if desk_a.sync.host is not None:
            desk_a.sync.host.stop()
        desk_a.close()
        if window_b is not None:
            window_b.close()


def _screen_photo(image) -> np.ndarray:
    """The QR as a camera sees a screen: grey, on a 640×480 frame."""
    gray = image.convertToFormat(image.Format.Format_Grayscale8)
    rows = np.frombuffer(gray.constBits(), np.uint8).reshape(gray.height(), gray.bytesPerLine())
    frame = np.full((480, 640), 235, np.uint8)
    frame[40:40 + gray.height(), 60:60 + gray.width()] = rows[:, :gray.width()]
    return frame


def test_join_without_a_desk_open_by_scanner_camera_or_typing(qtbot, tmp_path):
    """At first start no desk is open: the scanner types straight into the field; a person types
    the address and the code as the sharing laptop shows them, in any case, spaces or none."""
    office = _event(tmp_path / "office", free_port())
    host = HubHost(office, "127.0.0.1")
    try:
        host.start()
        host.wait_ready()
        host.share("day", "Desk 1")
        first, second, third = host.offer("day"), host.offer("day"), host.offer("day")
        for n, (how, offer) in enumerate((("scanner", first), ("typed", second), ("camera", third))):
            data = DataDir(tmp_path / f"laptop{n}")
            dialog = JoinHubDialog(data)
            qtbot.addWidget(dialog)
            dialog.show()
            form = dialog.form
            if how == "scanner":
                # The camera button opens the camera here (this machine has none: it says so in words).
                qtbot.mouseClick(dialog.camera_button, Qt.MouseButton.LeftButton)
                assert dialog.camera is not None and dialog.camera.isVisible()
                assert dialog.camera.status_label.text() and "rror" not in dialog.camera.status_label.text()
                qtbot.mouseClick(dialog.camera_button, Qt.MouseButton.LeftButton)
                assert not dialog.camera.isVisible() and not dialog.camera.running
                form.url_edit.setFocus()
                _type_like_a_scanner(qtbot, form.url_edit, "kiosk-pair:1;http://127.0.0.1")  # cut short
                assert "damaged or cut short" in form.message.text() and dialog.isVisible()
                form.url_edit.clear()
                _type_like_a_scanner(qtbot, form.url_edit, offer.text)
            elif how == "camera":  # the sharing laptop's screen held up to this laptop's camera
                qtbot.mouseClick(dialog.camera_button, Qt.MouseButton.LeftButton)
                dialog.camera.stop()  # no camera here: frames go through the same sink and decoder
                dialog.camera.feed(video_frame(_screen_photo(qr_pixmap(offer.text).toImage())))
            else:
                qtbot.keyClicks(form.url_edit, offer.address_words, delay=30)
                qtbot.keyClicks(form.code_edit, "nope", delay=30)
                qtbot.keyClick(form.code_edit, Qt.Key.Key_Return)
                assert form.message.text().startswith("Not paired: That pairing code is not right")
                form.code_edit.clear()
                qtbot.keyClicks(form.code_edit, offer.code.replace("-", " ").lower(), delay=30)
                qtbot.keyClick(form.code_edit, Qt.Key.Key_Return)
                # Address and code alone: this laptop cannot tell the sharing laptop from another
                # on the network, so it sends nothing and asks for the security check too.
                qtbot.waitUntil(lambda: form.pair_button.isEnabled(), timeout=WAIT_MS)  # noqa: B023
                assert form.message.text().startswith("Not paired. The hub at 127.0.0.1:")
                assert "only takes secure connections" in form.message.text()
                assert "security check" in form.message.text() and dialog.joined is None
                assert offer.device not in {d.name for d in host.devices("day") if d.paired}
                qtbot.keyClicks(form.check_edit, "nope", delay=30)
                qtbot.keyClick(form.check_edit, Qt.Key.Key_Return)
                assert form.message.text().startswith("Not paired: That security check is not right")
                form.check_edit.clear()
                # As a person types it off the screen: small letters, spaces, a 0 for an O.
                typed_check = offer.check.replace("-", " ").lower().replace("o", "0")
                qtbot.keyClicks(form.check_edit, typed_check, delay=30)
                qtbot.keyClick(form.check_edit, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: dialog.joined is not None, timeout=WAIT_MS)  # noqa: B023
            assert (dialog.joined.event, dialog.joined.device) == ("day", offer.device)
        assert {d.name for d in host.devices("day") if d.paired} == {"Desk 1", first.device, second.device,
                                                                      third.device}
    finally:
        host.stop()


_CRASHING_DESK = """
import sys, time
from pathlib import Path
from kiosk.hub.host import HubHost
from kiosk.store.datadir import DataDir
host = HubHost(DataDir(Path(sys.argv[1])), "127.0.0.1")
host.start()
host.wait_ready()
print(host.port, host.proc.pid, flush=True)
time.sleep(600)
"""


def test_a_desk_that_crashes_leaves_no_hub_behind(tmp_path):
    """Killed outright (no atexit, no close), the desk's hub child goes with it: the port is free."""
    port = free_port()
    _event(tmp_path / "office", port)
    desk = subprocess.Popen([sys.executable, "-c", _CRASHING_DESK, str(tmp_path / "office")],
                            stdout=subprocess.PIPE, text=True)
    try:
        hub_port, hub_pid = (int(n) for n in desk.stdout.readline().split())
        assert hub_port == port and not port_is_free("127.0.0.1", port)
        desk.send_signal(signal.SIGKILL)
        desk.wait(10)
        deadline = time.monotonic() + 15
        while not port_is_free("127.0.0.1", port) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert port_is_free("127.0.0.1", port)
        with pytest.raises(ProcessLookupError):
            for _ in range(100):  # reaped by init once it exits
                os.kill(hub_pid, 0)
                time.sleep(0.1)
    finally:
        desk.kill()


def test_a_desk_paired_with_another_hub_is_told_before_it_shares(qtbot, tmp_path):
    office = _event(tmp_path / "office", free_port())
    host = HubHost(office, "127.0.0.1")
    dialog = HubHostDialog(host, "day", "Desk 1", paired_with="http://10.9.9.9:8787")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.state.text() == ("Not sharing. This desk syncs with the hub at 10.9.9.9:8787 now; if you "
                                   "start sharing, it syncs with this laptop instead.")
    assert not dialog.problem.isVisible() and not dialog.pairing.isVisible()
    try:  # once it has shared, its own hub (even stopped) is no other hub
        host.start()
        host.wait_ready()
        url = host.url
        host.stop()
        assert host.is_own(url) and not host.is_own("http://10.9.9.9:8787") and not host.is_own("")
    finally:
        host.stop()
