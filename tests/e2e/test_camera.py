"""The camera scanner end to end without a camera, through the real pipeline.

Generated ticket frames go through the capture session, video sink, decode thread and repeat
filter, as a camera's frames would.
"""

from __future__ import annotations

import threading
from functools import cache

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QMediaDevices

from kiosk.attendees.checkin import Desk, Status
from kiosk.store.settings import Settings
from kiosk.ui.camera import NO_CAMERA, OFF, READY, CameraScanner, video_frame
from kiosk.ui.camera_panel import TURNED_OFF, CameraPanel
from kiosk.ui.dialogs import SettingsDialog
from kiosk.ui.scanner import ScanTiming

from tests.support.event_data import add_attendee
from tests.support.paths import screenshot_dir
from tests.support.qr_scenes import EVENTBRITE_CODE, KINDS, PRETIX_CODE, blank, scene

FPS = 30


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@cache
def gray(kind: str, text: str | None = None) -> np.ndarray:
    return scene(kind, text).gray


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def scanner(qtbot, clock):
    widget = CameraScanner(clock=clock)
    qtbot.addWidget(widget)
    widget.resize(640, 420)
    widget.show()
    yield widget
    widget.close()
    assert not widget.decoding  # close() ends the decode thread


def feed_and_wait(qtbot, scanner: CameraScanner, image: np.ndarray, pixel_format: str = "nv12") -> None:
    """One frame through the pipeline, waiting until the worker has decoded it."""
    before = scanner.frames_decoded
    scanner.feed(video_frame(image, pixel_format))
    qtbot.waitUntil(lambda: scanner.frames_decoded == before + 1, timeout=5000)


def hold(qtbot, scanner, clock, image: np.ndarray, seconds: float, fps: int = FPS) -> None:
    """A code held in front of the camera: `seconds` of frames on the injected clock."""
    for _ in range(int(seconds * fps)):
        feed_and_wait(qtbot, scanner, image)
        clock.now += 1 / fps


@pytest.mark.parametrize("pixel_format", ["nv12", "bgrx"])
def test_every_ticket_scene_is_scanned(qtbot, scanner, clock, pixel_format):
    seen: list[str] = []
    scanner.scanned.connect(seen.append)
    for kind in KINDS:
        before = len(seen)
        feed_and_wait(qtbot, scanner, gray(kind), pixel_format)
        assert seen[before:] == [EVENTBRITE_CODE if kind == "small" else PRETIX_CODE], kind
        clock.now += 10  # the ticket leaves; the next scene is a new scan
    assert scanner.worker.errors == 0


def test_a_code_held_in_view_is_one_scan_and_comes_back_after_the_window(qtbot, scanner, clock):
    seen: list[str] = []
    scanner.scanned.connect(seen.append)
    hold(qtbot, scanner, clock, gray("rotated_15"), 5.0, fps=10)  # longer than the window
    assert seen == [PRETIX_CODE]
    hold(qtbot, scanner, clock, blank(), 2.0, fps=10)            # away, shorter than the window
    hold(qtbot, scanner, clock, gray("glare"), 1.0, fps=10)
    assert seen == [PRETIX_CODE]
    hold(qtbot, scanner, clock, blank(), 3.5, fps=10)            # away for longer
    hold(qtbot, scanner, clock, gray("folded"), 1.0, fps=10)
    assert seen == [PRETIX_CODE, PRETIX_CODE]


def test_three_seconds_of_frames_are_one_check_in_at_a_real_desk(qtbot, scanner, clock, store):
    add_attendee(store, PRETIX_CODE, first_name="Siân", last_name="Jones")
    desk = Desk(store)
    results = []
    scanner.scanned.connect(lambda text: results.append(desk.check_in(text)))
    hold(qtbot, scanner, clock, gray("clean"), 3.0)
    hold(qtbot, scanner, clock, gray("rotated_45"), 2.0)  # still in view, turned
    assert [r.status for r in results] == [Status.CHECKED_IN]
    assert not results[0].repeat
    assert len(desk.admissions(PRETIX_CODE)) == 1


def test_frames_arriving_while_the_worker_is_busy_are_dropped_not_queued(qtbot, scanner):
    frames = [video_frame(gray(kind)) for kind in ("clean", "glare", "blurred", "folded")] * 10
    for frame in frames:
        scanner.feed(frame)
        assert scanner.busy  # one frame with the worker at a time
    assert scanner.frames_seen == len(frames)
    qtbot.waitUntil(lambda: not scanner.busy, timeout=5000)
    qtbot.wait(50)
    assert 1 <= scanner.frames_decoded < len(frames)
    assert scanner.preview.frame == frames[-1] and scanner.preview.frame != frames[0]  # the newest


def test_decoding_never_runs_on_the_gui_thread(qtbot, scanner):
    feed_and_wait(qtbot, scanner, gray("clean"))
    feed_and_wait(qtbot, scanner, gray("small"))
    assert scanner.worker.thread_ids
    assert threading.main_thread().ident not in scanner.worker.thread_ids
    assert threading.get_ident() not in scanner.worker.thread_ids


def test_stop_ends_the_decode_thread_and_feeding_starts_it_again(qtbot, scanner):
    seen: list[str] = []
    scanner.scanned.connect(seen.append)
    feed_and_wait(qtbot, scanner, gray("clean"))
    assert scanner.decoding
    scanner.stop()
    assert not scanner.decoding and not scanner.busy
    assert scanner.preview.frame is None
    scanner.worker.repeat.reset()
    feed_and_wait(qtbot, scanner, gray("clean"))
    assert seen == [PRETIX_CODE, PRETIX_CODE]


@pytest.mark.skipif(bool(QMediaDevices.videoInputs()), reason="this machine has a camera")
def test_no_camera_says_so_and_the_keyboard_scanner_still_works(qtbot, scanner):
    statuses: list[str] = []
    scanner.status.connect(statuses.append)
    assert CameraScanner.available_cameras() == []
    assert scanner.start() is False
    assert scanner.start("usb-camera-that-is-not-there") is False
    assert statuses[-1] == NO_CAMERA
    assert scanner.status_label.text() == NO_CAMERA
    assert not scanner.running and not scanner.decoding
    image = scanner.preview.grab().toImage()
    assert image.pixelColor(5, 5).lightness() < 60  # a dark preview with the message drawn


def test_preview_is_mirrored_with_a_target_box(qtbot, scanner, tmp_path):
    # A frame dark on the left, light on the right: mirrored, the preview shows it the other way.
    halves = np.zeros((720, 1280), np.uint8)
    halves[:, 640:] = 150  # grey, so the box's white corner marks stand out from it
    feed_and_wait(qtbot, scanner, halves)
    w, h = scanner.preview.width(), scanner.preview.height()
    scanner.mirrored = False
    plain = scanner.preview.grab().toImage()
    scanner.mirrored = True
    mirrored = scanner.preview.grab().toImage()
    left, right, middle = 20, w - 20, h // 2
    assert plain.pixelColor(left, middle).lightness() < 40 and plain.pixelColor(right, middle).lightness() > 80
    assert mirrored.pixelColor(left, middle).lightness() > 80 and mirrored.pixelColor(right, middle).lightness() < 40
    # The target box: white corner marks around the centre, the frame outside it dimmed.
    frame_h = min(h, w * 9 / 16)
    side = 0.6 * min(w, frame_h)
    corner = (round(w / 2 - side / 2), round(h / 2 - side / 2))
    assert _find_white_near(mirrored, *corner) is not None
    assert _find_white_near(mirrored, round(w / 2), round(h / 2 - side / 2)) is None  # a corner, not a frame
    inside = mirrored.pixelColor(round(w / 2 - side / 4), middle).lightness()
    assert mirrored.pixelColor(left, middle).lightness() < inside * 0.8  # dimmed outside the box

    # For the README: what the desk sees while a camera runs (a camera would have said ready).
    scanner.show_status(READY)
    scanner.worker.repeat.reset()
    feed_and_wait(qtbot, scanner, gray("rotated_15"))
    scanner.grab().save(str(screenshot_dir(tmp_path) / "camera-preview.png"))


def _find_white_near(image: QImage, x: int, y: int, radius: int = 12):
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            colour = image.pixelColor(x + dx, y + dy)
            if colour.red() > 240 and colour.green() > 240 and colour.blue() > 240:
                return x + dx, y + dy
    return None


# -- settings and the desk's panel ------------------------------------------------------------

def test_settings_offer_the_cameras_and_no_camera(qtbot):
    dialog = SettingsDialog("Desk 1", ScanTiming(), False, parent=None,
                            camera_settings=Settings(camera="usb-cam-7", camera_mirror=True))
    qtbot.addWidget(dialog)
    labels = [dialog.camera.itemText(i) for i in range(dialog.camera.count())]
    assert labels[0] == "No camera"
    assert "Not connected (usb-cam-7)" in labels  # a camera unplugged today is not forgotten
    assert dialog.camera_values() == {"camera": "usb-cam-7", "camera_mirror": True}
    dialog.camera.setCurrentIndex(0)
    dialog.camera_mirror.setChecked(False)
    assert dialog.camera_values() == {"camera": "none", "camera_mirror": False}
    plain = SettingsDialog("Desk 1", ScanTiming(), False)
    qtbot.addWidget(plain)
    assert plain.camera is None and plain.camera_values() == {}


def test_panel_re_emits_scans_and_follows_settings(qtbot, data_dir):
    panel = CameraPanel(data_dir)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.toggle.accessibleName() == "Camera on/off"
    seen: list[str] = []
    panel.scanned.connect(seen.append)
    panel.scanner.feed(video_frame(gray("clean")))
    qtbot.waitUntil(lambda: seen == [PRETIX_CODE], timeout=5000)

    if not QMediaDevices.videoInputs():
        panel.toggle.click()  # no camera: the button says so and stays off
        assert not panel.toggle.isChecked()
        assert panel.scanner.status_label.text() == NO_CAMERA

    Settings.update(data_dir, camera="none", camera_mirror=True)
    panel.apply_settings()
    assert not panel.toggle.isEnabled()
    assert panel.scanner.status_label.text() == TURNED_OFF
    assert panel.scanner.mirrored is True

    Settings.update(data_dir, camera="usb-cam-7", camera_mirror=False)
    panel.apply_settings()
    assert panel.toggle.isEnabled() and panel.device_id == "usb-cam-7"
    assert panel.scanner.mirrored is False

    panel.scanner.feed(video_frame(gray("clean")))
    qtbot.waitUntil(lambda: panel.scanner.decoding and not panel.scanner.busy, timeout=5000)
    panel.hide()  # the desk window closing hides its docks: no thread left behind
    assert not panel.scanner.decoding
    assert panel.scanner.status_label.text() in (OFF, NO_CAMERA, TURNED_OFF)


def test_the_desk_checks_in_a_ticket_held_to_its_camera(qtbot, data_dir, store):
    from kiosk.ui.desk_window import DeskWindow

    add_attendee(store, EVENTBRITE_CODE, first_name="Priya", last_name="Bose")
    window = DeskWindow(data_dir, store, ScanTiming(max_gap_ms=40, min_length=4, end_pause_ms=70))
    qtbot.addWidget(window)
    window.show()
    try:
        assert not window.camera_panel.isVisible()  # no camera chosen: the scanner desk is unchanged
        window.camera_panel.toggleViewAction().trigger()
        assert window.camera_panel.isVisible()
        with qtbot.waitSignal(window.result_shown, timeout=5000) as shown:
            window.camera_panel.scanner.feed(video_frame(gray("rotated_15", EVENTBRITE_CODE)))
        assert shown.args == ["checked_in"]
        assert [a.device for a in window.desk.admissions(EVENTBRITE_CODE)] == [store.device_name]
    finally:
        window.close()


def test_the_camera_status_speaks_the_kiosks_language(qtbot, scanner):
    from PySide6.QtCore import QCoreApplication, QTranslator

    from kiosk.ui.selfservice.i18n import qm_path

    translator = QTranslator()
    assert translator.load(str(qm_path("cy")))
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: scanner.status_label.text() == "Camera wedi’i diffodd", timeout=2000)
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.waitUntil(lambda: scanner.status_label.text() == OFF, timeout=2000)
