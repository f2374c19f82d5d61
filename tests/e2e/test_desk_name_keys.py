"""The desk's name question and the scan detector, driven with real key events to the window.

The detector holds each printable key for a moment to tell a scanner's burst from typing, so a
person's last key is still held when their Return arrives. These tests pin down what a person
gets: the whole name, Return that answers, and no check-in recorded behind the question."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.store.settings import Settings
from kiosk.ui.dialogs import DeskNameDialog, WalkInDialog


def _key(dialog, key) -> None:
    """A key as the system delivers it: to the window, which hands it to its focus widget."""
    QTest.keyClick(dialog.windowHandle(), key)


def _type(dialog, text: str, gap_ms: int) -> None:
    """Keys `gap_ms` apart; the caller's next key (Return) follows the last one at once."""
    for n, ch in enumerate(text):
        if n and gap_ms:
            QTest.qWait(gap_ms)
        _key(dialog, ch)


def _when_open(kind, act) -> QTimer:
    """Run `act` once a dialog of this kind is up and active (it opens modally, so the test goes
    on from inside its event loop); give up after 10 s so a missing dialog fails, not hangs."""
    timer = QTimer(interval=10)
    tries = [0]

    def poll():
        tries[0] += 1
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        if found or tries[0] > 1000:
            timer.stop()
            if found:
                dialog = found[0]
                dialog.activateWindow()
                QTest.qWait(50)  # as a desktop makes the new window active before the next key
                act(dialog)

    timer.timeout.connect(poll)
    timer.start()
    return timer


@pytest.fixture
def unnamed(window):
    assert not Settings.load(window.data).desk_named  # a laptop whose desk was never named
    scans: list[str] = []
    window.detector.scanned.connect(scans.append)
    window.scans = scans
    return window


@pytest.mark.parametrize("gap_ms", [0, 5, 20, 60, 120], ids=lambda ms: f"{ms}ms")
@pytest.mark.parametrize("text", ["Front door", "Room101B"])
def test_the_name_question_takes_every_key_at_any_pace(qtbot, unnamed, gap_ms, text):
    """Typed at a person's pace, quickly, or as one burst: the field gets every key in order,
    Return answers, nothing is checked in."""
    window = unnamed
    seen = {}

    def answer(dialog):
        seen["focus"] = QApplication.focusWidget() is dialog.name
        _type(dialog, text, gap_ms)
        seen["before_return"] = dialog.name.text()  # nothing held back, even the last key
        _key(dialog, Qt.Key.Key_Return)  # straight after the last key, as an eager typist does
        seen["open_after_return"] = dialog.isVisible()
        if dialog.isVisible():
            dialog.reject()  # Return was lost: end the question so the test fails, not hangs

    _watch = _when_open(DeskNameDialog, answer)
    window.name_desk_once()
    assert seen == {"focus": True, "before_return": text, "open_after_return": False}
    assert window.store.device_name == text and window.data.device()[1] == text
    assert text in window.header.text()
    # Nothing was recorded behind the question, not even for a ticket's code.
    assert window.scans == [] and window.desk.admissions("CODE-0001") == []


def _scanned_then_named(window, scanned: str) -> dict:
    """A scanner's burst and Return in the name question, then "Front door" typed over whatever the
    field holds: what the question showed after the scan (open, field, error, whole)."""
    seen: dict = {}

    def answer(dialog):
        _type(dialog, scanned, 0)
        _key(dialog, Qt.Key.Key_Return)
        seen["open"], seen["field"], seen["error"] = dialog.isVisible(), dialog.name.text(), dialog.error.text()
        # The question grew to show the words; nothing above them was squeezed out of sight.
        seen["fits"] = dialog.height() >= dialog.sizeHint().height() and dialog.error.isVisible()
        dialog.name.selectAll()
        _type(dialog, "Front door", 60)
        _key(dialog, Qt.Key.Key_Return)
        if dialog.isVisible():
            dialog.reject()

    _watch = _when_open(DeskNameDialog, answer)
    window.name_desk_once()
    return seen


def test_a_ticket_scanned_into_the_name_question_is_refused_in_words(qtbot, unnamed):
    """A scanner's burst and Return in the question: not a name for the desk (every check-in here
    would carry someone's ticket code). The question says so and stays; a name then answers it."""
    window = unnamed
    seen = _scanned_then_named(window, "CODE-0001")
    assert seen == {"open": True, "fits": True, "field": "CODE-0001",
                    "error": "That looks like a ticket code, not a desk’s name. "
                             "Type a name staff will recognise, like “Front door”."}
    assert window.store.device_name == "Front door"
    assert window.scans == [] and window.desk.admissions("CODE-0001") == []


def test_a_pairing_code_scanned_into_the_name_question_says_to_name_the_desk_first(qtbot, unnamed):
    """On a fresh laptop the question comes first, while the organiser says "scan this": the
    pairing text is not a name; the field is emptied for one, and the question says what to do."""
    window = unnamed
    seen = _scanned_then_named(window, "kiosk-pair:1;http://192.168.1.20:8787;K7QM-3XPD-HW9R")
    assert seen == {"open": True, "fits": True, "field": "",
                    "error": "That is a pairing code. Name this desk first, with a name like “Front door”; "
                             "then scan the pairing code again on the desk."}
    assert window.store.device_name == "Front door"


def test_a_scan_at_the_desk_after_the_question_is_still_a_scan(qtbot, unnamed):
    window = unnamed
    _watch = _when_open(DeskNameDialog, lambda dialog: (_type(dialog, "Front door", 60),
                                                         _key(dialog, Qt.Key.Key_Return),
                                                         dialog.isVisible() and dialog.reject()))
    window.name_desk_once()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.search.setFocus()
    with qtbot.waitSignal(window.result_shown, timeout=5000) as shown:
        _type(window, "CODE-0001", 0)  # a scanner: the whole code within a few ms, then Enter
        _key(window, Qt.Key.Key_Return)
    assert shown.args == ["checked_in"] and window.scans == ["CODE-0001"]
    assert window.search.text() == ""  # the code did not land in the search box
    assert window.desk.attendee("CODE-0001").admissions[0].device == "Front door"


@pytest.mark.parametrize("gap_ms", [45, 60, 120], ids=lambda ms: f"{ms}ms")
def test_return_while_the_last_key_is_held_comes_after_it(qtbot, unnamed, gap_ms):
    """Other forms keep the detector (a scan there still checks in at the desk): the last letter
    typed is held when Return arrives, and Return hands it on first, so the form gets all of it."""
    window = unnamed
    seen = {}

    def answer(dialog):
        _type(dialog, "Aled", gap_ms)
        seen["before_return"] = dialog.first.text()
        _key(dialog, Qt.Key.Key_Return)  # OK is the default button
        if dialog.isVisible():
            dialog.reject()  # Return was lost: the test fails, not hangs

    _watch = _when_open(WalkInDialog, answer)
    with qtbot.waitSignal(window.result_shown, timeout=10000) as shown:
        window.register_walk_in()
    # The mechanism: at Return the last letter is still held, so the field is one letter short.
    assert seen == {"before_return": "Ale"}
    assert shown.args == ["checked_in"] and window.result_panel.name.text() == "Aled"
    assert window.scans == []
