"""A quiet terminal: no Qt multimedia chatter on start, and no attendee's name or ticket code in
what the kiosk logs (its staff screen keeps the detail)."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time

import pytest

from kiosk.ui.qt_messages import is_noise

from tests.support.kiosk_screens import Clock, running_kiosk, scan_and_wait

NOISE = ("qt.multimedia", "PulseAudioService", "QSoundEffect", "propagateSizeHints", "symbolsresolver")


@pytest.mark.slow
def test_the_demo_starts_without_qt_noise(tmp_path):
    env = {**os.environ, "KIOSK_DATA": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    created = subprocess.run([sys.executable, "-m", "kiosk", "demo", "--no-gui", "--attendees", "30"],
                             env=env, capture_output=True, text=True, timeout=120)
    assert created.returncode == 0, created.stderr
    window = subprocess.Popen([sys.executable, "-m", "kiosk", "demo"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(6)  # the window is up, its sounds loaded and the sync worker started
        assert window.poll() is None, window.communicate()
    finally:
        window.send_signal(signal.SIGTERM)
        out, err = window.communicate(timeout=30)
    for word in NOISE:
        assert word not in out + err, (out, err)


def test_the_filter_drops_only_the_noise():
    assert is_noise("qt.multimedia.ffmpeg", "Using Qt multimedia with FFmpeg version 7.1")
    assert is_noise("default", "QSoundEffect: playback of this format is not supported on the selected audio device")
    assert not is_noise("default", "QPainter::begin: Paint device returned engine == 0")
    assert not is_noise("qt.qpa.xcb", "could not connect to display")


@pytest.fixture
def kiosk(qtbot, data_dir, store):
    yield from running_kiosk(qtbot, data_dir, store, Clock())


def test_the_kiosk_log_names_nobody(qtbot, kiosk, caplog):
    with caplog.at_level(logging.INFO):
        outcome = scan_and_wait(qtbot, kiosk, "CODE-VOID")  # Vera Void's ticket was cancelled
        scan_and_wait(qtbot, kiosk, "NOT-A-REAL-CODE-42")
    assert "Vera Void" in outcome.staff  # the staff screen still has who it was
    assert any("Vera Void" in note for note in kiosk.staff_notes())
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "noted for staff" in logged
    for private in ("Vera", "Void", "CODE-VOID", "NOT-A-REAL-CODE-42"):
        assert private not in logged, logged
