"""The pairing windows as a volunteer sees them: every word of a long refusal, the "Hub:" line
after pairing the event already open, and the "Join an event" window with no camera.

Driven with keys and clicks on the real windows (offscreen), against a real hub or a real TLS
listener on 127.0.0.1; each screen is grabbed to PNG (tmp_path, or docs/ when refreshing).
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.hub import selfsigned
from kiosk.hub.host import HOST_FILE
from kiosk.store.datadir import DataDir
from kiosk.sync.client import SyncClient
from kiosk.sync.pairing import join, read_pairing_text
from kiosk.ui.camera import NO_CAMERA
from kiosk.ui.desk_window import DeskWindow
from kiosk.ui.sync_dialog import JoinHubDialog, SyncDialog

from tests.e2e.test_hub_host_tls import Impostor
from tests.support.event_data import add_attendee
from tests.support.hub import free_port, sharing_laptop

WAIT_MS = 30000  # a hub child starting on a loaded 2-core machine


def _whole(window: QWidget, label: QLabel) -> None:
    """The window is as tall as it asks to be and the label shows every line of its words."""
    assert window.height() >= window.sizeHint().height(), (window.size(), window.sizeHint())
    assert label.isVisible()
    assert label.height() >= label.heightForWidth(label.width()), (label.size(), label.heightForWidth(label.width()))
    seen = label.visibleRegion().boundingRect()
    assert seen.height() >= label.heightForWidth(label.width()), (seen, label.text())


def _show(qtbot, window: QWidget) -> None:
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)


def test_a_long_refusal_is_shown_whole(qtbot, tmp_path):
    """Another computer answers at the typed address: its refusal is five lines, all of them seen."""
    port = free_port()
    impostor = Impostor(port, selfsigned.ensure(tmp_path / "impostor", "127.0.0.1"))
    try:
        dialog = JoinHubDialog(DataDir(tmp_path / "desk"))
        _show(qtbot, dialog)
        form = dialog.form
        shown_at = dialog.size()
        qtbot.keyClicks(form.url_edit, f"127.0.0.1:{port}")
        qtbot.keyClicks(form.code_edit, "K7QM-3XPD-HW9R")
        qtbot.keyClicks(form.check_edit, "4S3J-F7QN-GYYT-VDAA")  # not the impostor's certificate
        qtbot.keyClick(form.check_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: form.pair_button.isEnabled() and form.message.text() != "Pairing…",
                        timeout=WAIT_MS)
        qtbot.wait(50)
        words = form.message.text()
        assert words.startswith("Not paired") and "nothing was sent to it" in words
        assert words.endswith("may be answering at that address.")  # its last words
        assert form.message.heightForWidth(form.message.width()) > form.message.fontMetrics().lineSpacing() * 3
        _whole(dialog, form.message)
        _whole(dialog, form.hint)
        assert dialog.width() >= 520 and dialog.width() == shown_at.width()
        dialog.grab().save(str(tmp_path / "join-long-refusal.png"))
        assert impostor.received == b""  # nothing was sent to it
    finally:
        impostor.close()


def _organiser(folder, port: int) -> DataDir:
    data = DataDir(folder)
    with data.create("day", "Conference Day") as store:
        add_attendee(store, "TICKET-1", first_name="Person1", last_name="Example")
    (folder / "hub").mkdir(parents=True, exist_ok=True)
    (folder / "hub" / HOST_FILE).write_text(json.dumps({"port": port}))
    return data


def test_the_hub_line_follows_a_pairing_of_the_event_already_open(qtbot, tmp_path):
    """A laptop with its own copy of the event open scans a pairing QR, presses Pair: the Sync
    window then says which hub it syncs with, not 'works on its own'."""
    office = _organiser(tmp_path / "office", free_port())
    with sharing_laptop(office) as host:
        # Its own copy of the event, from this hub once, then unpaired (a copy made apart on this
        # laptop, never shared, would be kept apart from the hub's: sync/pairing.py join).
        laptop = DataDir(tmp_path / "laptop")
        first = read_pairing_text(host.offer("day").text)
        join(laptop, first.url, first.code, fingerprint=first.fingerprint)
        with laptop.open("day") as store:
            SyncClient(store).unpair()
        offer = host.offer("day")
        desk = DeskWindow(laptop, laptop.open(laptop.current_slug(), "Side door"))
        _show(qtbot, desk)
        qtbot.waitUntil(desk.isActiveWindow, timeout=3000)
        target = desk.focusWidget() or desk
        qtbot.keyClicks(target, offer.text)  # the USB scanner reads the QR into the desk
        qtbot.keyClick(target, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: desk.sync.dialog is not None and desk.sync.dialog.isVisible(), timeout=5000)
        dialog = desk.sync.dialog
        assert isinstance(dialog, SyncDialog)
        assert dialog.message.text() == "Pairing code scanned. Press Pair to join this hub."
        assert dialog.hub_label.text() == "not paired: this laptop works on its own"
        assert not dialog.unpair_button.isEnabled()

        qtbot.mouseClick(dialog.pair_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.message.text().startswith("Paired as"), timeout=WAIT_MS)
        assert "for event day" in dialog.message.text()
        assert dialog.hub_label.text() == host.url
        assert dialog.unpair_button.isEnabled() and dialog.sync_button.isEnabled()
        assert desk.store.path == laptop.event_db("day")  # the same event stayed open
        _whole(dialog, dialog.message)
        _whole(dialog, dialog.hub_label)
        qtbot.waitUntil(lambda: dialog.status_label.text().startswith("Online"), timeout=WAIT_MS)
        dialog.grab().save(str(tmp_path / "sync-after-pairing-open-event.png"))
        dialog.close()
        desk.close()


@pytest.mark.skipif(bool(QMediaDevices.videoInputs()), reason="this machine has a camera")
def test_the_camera_button_with_no_camera_says_so_once_and_clips_nothing(qtbot, tmp_path):
    dialog = JoinHubDialog(DataDir(tmp_path / "desk"))
    _show(qtbot, dialog)
    closed = dialog.height()
    qtbot.mouseClick(dialog.camera_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.camera is not None and dialog.camera.status_label.text() != "", timeout=3000)
    qtbot.wait(50)
    camera = dialog.camera
    assert camera is not None
    _whole(dialog, dialog.form.hint)  # the intro above the camera keeps all its lines
    assert camera.status_label.text() == NO_CAMERA and camera.status_label.isVisible()
    assert not camera.preview.isVisible()  # its dark box would say the same words again
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    assert texts.count(NO_CAMERA) == 1
    _whole(dialog, dialog.form.hint)
    _whole(dialog, camera.status_label)
    assert dialog.height() <= dialog.sizeHint().height() + 4  # no blank room left for a view not shown
    dialog.grab().save(str(tmp_path / "join-no-camera.png"))

    qtbot.mouseClick(dialog.camera_button, Qt.MouseButton.LeftButton)  # off again
    assert not camera.isVisible()
    _whole(dialog, dialog.form.hint)
    assert dialog.height() == closed  # as it was before: no gap where the line was


def test_a_certificate_file_that_cannot_be_read_is_said_in_plain_words(qtbot, tmp_path):
    dialog = JoinHubDialog(DataDir(tmp_path / "desk"))
    _show(qtbot, dialog)
    form = dialog.form
    picture = tmp_path / "badge.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    for chosen, words in ((tmp_path / "nowhere" / "ca.pem", "could not be opened"),
                          (picture, "badge.png is not a CA certificate")):
        for edit, text in ((form.url_edit, "127.0.0.1:8787"), (form.code_edit, "K7QM-3XPD-HW9R"),
                           (form.ca_edit, str(chosen))):
            edit.clear()
            qtbot.keyClicks(edit, text)
        qtbot.keyClick(form.ca_edit, Qt.Key.Key_Return)
        said = form.message.text()
        assert said.startswith("Not paired") and words in said
        assert "Errno" not in said and "No such file" not in said and "codec" not in said
        assert form.pair_button.isEnabled()
        _whole(dialog, form.message)
    dialog.grab().save(str(tmp_path / "join-ca-not-a-certificate.png"))
