"""The scan detector holds printable keys for a moment; a person's quick Space tap on a button or
tick box must still work (its release used to overtake the held press, so the tap was lost)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.scanner import ScanDetector, ScanTiming


@pytest.fixture
def form(qtbot):
    detector = ScanDetector(ScanTiming(max_gap_ms=40, min_length=4, end_pause_ms=70))
    app = QApplication.instance()
    detector.install(app)
    page = QWidget()
    box = QVBoxLayout(page)
    page.tick, page.button = QCheckBox("Mail merge"), QPushButton("Import")
    box.addWidget(page.tick)
    box.addWidget(page.button)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.scans = []
    detector.scanned.connect(page.scans.append)
    yield page
    detector.uninstall(app)


@pytest.mark.parametrize("hold_ms", [5, 30, 60, 120])
def test_a_quick_space_tap_ticks_the_box(qtbot, form, hold_ms):
    form.tick.setFocus()
    qtbot.keyPress(form.tick, Qt.Key.Key_Space)
    qtbot.wait(hold_ms)
    qtbot.keyRelease(form.tick, Qt.Key.Key_Space)
    qtbot.waitUntil(form.tick.isChecked, timeout=1000)
    assert form.scans == []


def test_a_quick_space_tap_presses_the_button(qtbot, form):
    clicks = []
    form.button.clicked.connect(lambda: clicks.append(1))
    form.button.setFocus()
    qtbot.keyPress(form.button, Qt.Key.Key_Space)
    qtbot.wait(20)
    qtbot.keyRelease(form.button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: clicks == [1], timeout=1000)


def test_a_scan_with_its_key_releases_is_still_one_scan(qtbot, form):
    form.tick.setFocus()
    for char in "CODE 0001":  # a scanner's presses and releases, a space among them
        qtbot.keyPress(form.tick, char)
        qtbot.keyRelease(form.tick, char)
    qtbot.keyClick(form.tick, Qt.Key.Key_Return)
    assert form.scans == ["CODE 0001"]
    assert not form.tick.isChecked()  # the space inside the code never reached the tick box
