"""An error nobody caught in a window: a plain dialog, a log without personal data, the app goes on."""

from __future__ import annotations

import stat
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.crash import LOG_NAME, TEXT, install_crash_guard

NAME = "Siân Ó Súilleabháin"


class _Window(QWidget):
    """A test window whose button's slot fails with a message that carries a person's name."""

    def __init__(self) -> None:
        super().__init__()
        self.button = QPushButton("Check in", self)
        self.other = QPushButton("Still works", self)
        self.clicks = 0
        self.button.clicked.connect(self.fail)
        self.other.clicked.connect(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.button)
        layout.addWidget(self.other)

    def fail(self) -> None:
        people = {"T-1": NAME}
        raise ValueError(f"could not check in {people['T-1']}") from KeyError(NAME)

    def count(self) -> None:
        self.clicks += 1


@pytest.fixture
def guard(tmp_path):
    guard = install_crash_guard(tmp_path / "data")
    yield guard
    guard.uninstall()


def _dialog(qtbot) -> QMessageBox:
    found: list[QMessageBox] = []

    def shown() -> bool:
        from PySide6.QtWidgets import QApplication

        found[:] = [w for w in QApplication.topLevelWidgets()
                    if isinstance(w, QMessageBox) and w.objectName() == "crash_dialog" and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown, timeout=5000)
    return found[0]


@pytest.mark.qt_no_exception_capture  # pytest-qt would take the exception first; the app's guard must
def test_a_failing_slot_shows_a_plain_dialog_logs_no_name_and_the_window_goes_on(qtbot, guard, tmp_path):
    window = _Window()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.mouseClick(window.button, Qt.MouseButton.LeftButton)
    box = _dialog(qtbot)
    assert box.text() == TEXT
    assert "The desk keeps running" in box.informativeText()
    log = tmp_path / "data" / "logs" / LOG_NAME
    assert str(log) in box.informativeText()
    assert NAME not in box.text() + box.informativeText()
    # A second error while the dialog is up is logged, not stacked as another dialog.
    qtbot.mouseClick(window.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: guard.count == 2, timeout=5000)
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: guard.dialog is None, timeout=5000)

    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text(encoding="utf-8")
    assert "builtins.ValueError" in text and "caused by" in text and "builtins.KeyError" in text
    assert "test_crash_guard.py" in text and " in fail" in text  # file, line and function
    for private in (NAME, "Siân", "Súilleabháin", "could not check in", str(tmp_path.parent)):
        assert private not in text
    assert text.count("builtins.ValueError") == 2

    # The window is still alive and answers.
    qtbot.mouseClick(window.other, Qt.MouseButton.LeftButton)
    assert window.clicks == 1
    qtbot.mouseClick(window.button, Qt.MouseButton.LeftButton)  # and a later error shows the dialog again
    _dialog(qtbot).button(QMessageBox.StandardButton.Ok).click()


@pytest.mark.qt_no_exception_capture
def test_an_error_on_a_worker_thread_is_shown_on_the_window(qtbot, guard, tmp_path):
    def work() -> None:
        raise RuntimeError(NAME)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    _dialog(qtbot).button(QMessageBox.StandardButton.Ok).click()
    text = (tmp_path / "data" / "logs" / LOG_NAME).read_text(encoding="utf-8")
    assert "builtins.RuntimeError" in text and NAME not in text
