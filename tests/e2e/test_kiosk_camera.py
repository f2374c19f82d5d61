"""The kiosk's camera view: scans like the scanner, follows the camera settings, says when it is missing."""

from __future__ import annotations

import logging
import sys
import types

import pytest
from PySide6.QtCore import Signal
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QWidget

from kiosk.store.settings import Settings
from kiosk.ui import camera_panel
from kiosk.ui.camera import CameraScanner
from kiosk.ui.selfservice.camera_view import make_camera
from kiosk.ui.selfservice.window import AUTO_CAMERA

from tests.support.kiosk_screens import make_kiosk, people, scan_and_wait, shown, visible_text

NOT_THERE = "usb-camera-that-is-not-there"


def test_camera_scans_work_like_the_scanner(qtbot, data_dir, store):
    class FakeCamera(QWidget):
        scanned = Signal(str)

    people(store)
    camera = FakeCamera()
    window = make_kiosk(data_dir, store, camera=camera)
    try:
        assert camera.parent() is not None and "camera" in window.welcome.instruction.text()
        assert not window.welcome.camera_note.isVisible()
        with qtbot.waitSignal(window.outcome_shown, timeout=3000) as blocker:
            camera.scanned.emit("CODE-0002")
        assert blocker.args[0].name == "Seán Ó."
    finally:
        window.leave()


def test_make_camera_without_the_module_or_a_camera(monkeypatch):
    monkeypatch.setitem(sys.modules, "kiosk.ui.camera_panel", None)  # import fails
    assert make_camera(Settings()) == (None, "")  # no camera chosen: a scanner kiosk, nothing to say
    view, why = make_camera(Settings(camera="usb-1"))
    assert view is None and "'usb-1' is not available" in why

    class Scanner(QWidget):
        scanned = Signal(str)
        cameras: list = []
        started: list = []

        @staticmethod
        def available_cameras():
            return Scanner.cameras

        def start(self, device_id=None):
            Scanner.started.append((device_id, self.mirrored))
            return True

    fake = types.ModuleType("kiosk.ui.camera_panel")
    fake.CameraScanner = Scanner
    fake.chosen_camera, fake.mirror_setting = camera_panel.chosen_camera, camera_panel.mirror_setting
    monkeypatch.setitem(sys.modules, "kiosk.ui.camera_panel", fake)
    assert make_camera(Settings()) == (None, "")  # no camera on this machine
    assert make_camera(Settings(camera="usb-1"))[1].startswith("camera 'usb-1' is not available: no camera found")
    Scanner.cameras = [("usb-1", "USB camera")]
    camera, why = make_camera(Settings(camera="usb-1", camera_mirror=True))
    assert isinstance(camera, Scanner) and why == "" and Scanner.started == [("usb-1", True)]
    assert make_camera(Settings(camera="none")) == (None, "")
    assert make_camera(Settings(kiosk_camera=False, camera="usb-1")) == (None, "")


@pytest.mark.skipif(bool(QMediaDevices.videoInputs()), reason="this machine has a camera")
def test_a_chosen_camera_that_is_missing_is_said_calmly_and_the_scanner_works(qtbot, data_dir, store, caplog):
    people(store)
    Settings.update(data_dir, camera=NOT_THERE)
    with caplog.at_level(logging.WARNING, logger="kiosk.selfservice.rules"):
        window = make_kiosk(data_dir, store, camera=AUTO_CAMERA)
    try:
        qtbot.waitExposed(window)
        note = window.welcome.camera_note
        assert window.camera is None and shown(note)
        assert note.text() == "The camera is not available. Please use the scanner."
        assert "under the scanner" in window.welcome.instruction.text()
        assert NOT_THERE not in visible_text(window)  # the detail is for staff
        assert any(NOT_THERE in n and "not available" in n for n in window.staff_notes())
        assert NOT_THERE in caplog.text
        window.set_language("cy")
        assert note.text() == "Nid yw’r camera ar gael. Defnyddiwch y sganiwr, os gwelwch yn dda."
        window.set_language("en")
        outcome = scan_and_wait(qtbot, window, "CODE-0001")  # the scanner still checks people in
        assert outcome.admitted and window.result.headline.text() == "Welcome, Siân J."
    finally:
        window.leave()


@pytest.mark.parametrize("setting, mirrored", [(True, True), (False, False), (None, None)])
def test_the_kiosk_camera_is_mirrored_as_the_settings_say(qtbot, data_dir, store, monkeypatch, setting, mirrored):
    # A camera listed but not openable here: the real scanner widget, set up as a kiosk would.
    monkeypatch.setattr(CameraScanner, "available_cameras", staticmethod(lambda: [("cam-1", "Camera")]))
    Settings.update(data_dir, camera="cam-1", **({} if setting is None else {"camera_mirror": setting}))
    window = make_kiosk(data_dir, store, camera=AUTO_CAMERA)
    try:
        assert isinstance(window.camera, CameraScanner)
        assert window.camera._mirrored is mirrored  # None: front-facing cameras only, as at the desk
        assert window.camera.preview.mirrored is bool(mirrored)
        assert not window.welcome.camera_note.isVisible()
    finally:
        window.leave()
