"""Guards against a Qt binding that drops a reference to None on each call (PySide6 6.12.0 on
Python 3.11 did): a desk makes millions of such calls in a morning, then dies."""

import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_qt_calls_keep_none_alive(qtbot):
    label = QLabel()
    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(300):  # enough to see a leak, too few to crash the test run
        label.setText("x")
        timer.start(50)
        timer.stop()
        QApplication.processEvents()
    assert sys.getrefcount(None) >= before - 50
