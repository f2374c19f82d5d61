"""What each kiosk outcome tells people: a re-scanned ticket, a sound for every outcome, and a
sign besides colour for every kind of outcome."""

from __future__ import annotations

import ast
import logging
import socket
import sqlite3
import wave
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

from kiosk.attendees.checkin import Desk
from kiosk.core.hlc import wall_ms
from kiosk.print.printers import PrinterRegistry
from kiosk.print.queue import PrintQueue
from kiosk.selfservice import rules as ss
from kiosk.store.settings import Settings
from kiosk.ui.sounds import OUTCOMES, cue_path

from tests.support.event_data import add_attendee
from tests.support.kiosk_screens import Clock, make_kiosk, people, running_kiosk, scan_and_wait, visible_text
from tests.support.kiosk_screens import scan as scan_keys

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def kiosk(qtbot, data_dir, store):
    yield from running_kiosk(qtbot, data_dir, store, Clock())


def pdfs(window):
    return sorted(PrinterRegistry(window.data).default_pdf_folder().glob("*.pdf"))


def past_the_engines_repeat(window) -> None:
    """The engine's clock 4 s on: a scan of an admitted ticket is "already checked in", not the
    scanner reading one scan twice."""
    window.desk = Desk(window.store, clock=lambda: wall_ms() + 4000)


# -- the same ticket again ------------------------------------------------------------------------

def test_one_quiet_rescan_then_the_ticket_is_sent_to_the_desk(qtbot, kiosk, caplog):
    scan_and_wait(qtbot, kiosk, "CODE-0003")
    qtbot.waitUntil(lambda: len(pdfs(kiosk)) == 1, timeout=10000)
    past_the_engines_repeat(kiosk)
    again = scan_and_wait(qtbot, kiosk, "CODE-0003")  # the same person making sure
    assert again.admitted and kiosk.result.headline.text() == "Welcome, Priya B."
    assert kiosk.staff_notes() == []
    with caplog.at_level(logging.WARNING, logger="kiosk.selfservice.rules"):
        third = scan_and_wait(qtbot, kiosk, "CODE-0003")  # a second person with the same ticket
    assert third.message == ss.ALREADY_IN and not third.admitted
    assert "already been checked in" in kiosk.result.headline.text()
    assert "Please see the registration desk" in kiosk.result.desk.text()
    assert "Priya" not in visible_text(kiosk) and kiosk.result.look == "problem"
    note = kiosk.staff_notes()[-1]
    assert "CODE-0003 (Priya Banerjee)" in note and "scanned again here" in note
    # The log says a problem was noted, never whose ticket: the detail is on the staff screen only.
    assert "already_in noted for staff" in caplog.text and "Priya" not in caplog.text
    assert "CODE-0003" not in caplog.text
    qtbot.wait(500)
    assert len(pdfs(kiosk)) == 1  # never a second badge


def test_a_rescan_after_the_short_window_is_sent_to_the_desk(qtbot, data_dir, store):
    people(store)
    clock = Clock()
    window = make_kiosk(data_dir, store, monotonic=clock)
    try:
        scan_and_wait(qtbot, window, "CODE-0001")
        past_the_engines_repeat(window)
        qtbot.waitUntil(lambda: window.current() is not window.result, timeout=10000)  # they left
        clock.now += ss.REWELCOME_S + 1
        outcome = scan_and_wait(qtbot, window, "CODE-0001")
        assert outcome.message == ss.ALREADY_IN
        assert any("CODE-0001" in n and "11 s after its welcome" in n for n in window.staff_notes())
    finally:
        window.leave()


def test_the_rescan_window_is_short():
    # Long enough to scan again to be sure; too short to pass the ticket back over the barrier.
    assert 5 <= ss.REWELCOME_S <= 10


# -- sound ----------------------------------------------------------------------------------------

def _cues_named_in_the_code() -> set[str]:
    """Every cue the kiosk names: `sound="…"` in its outcomes, `sounds.play("…")` in its window."""
    found: set[str] = set()
    rules, screens = ROOT / "kiosk" / "selfservice", ROOT / "kiosk" / "ui" / "selfservice"
    for path in [*sorted(rules.glob("*.py")), *sorted(screens.glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "sound" and isinstance(node.value, ast.Constant):
                found.add(node.value.value)
            if isinstance(node, ast.IfExp) and all(isinstance(v, ast.Constant) for v in (node.body, node.orelse)):
                found.update(v.value for v in (node.body, node.orelse) if v.value in OUTCOMES)
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "play"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    found.add(ss.KioskOutcome(ss.PRINTING).sound)  # the dataclass default
    return found


def test_every_cue_the_kiosk_names_is_a_sound_file_that_loads(kiosk, qtbot):
    cues = _cues_named_in_the_code()
    assert {"checked_in", "already_checked_in", "unknown", "void", "invalid"} <= cues
    assert cues <= set(OUTCOMES), cues - set(OUTCOMES)
    for cue in cues:
        with wave.open(str(cue_path(cue))) as wav:
            assert wav.getnchannels() in (1, 2) and wav.getsampwidth() in (1, 2), cue
            assert wav.getframerate() >= 8000 and 0.05 < wav.getnframes() / wav.getframerate() < 3, cue
        effect = kiosk.sounds.effect(cue)
        assert effect is not None, f"{cue}: not loaded by OutcomeSounds"
        assert effect.source().toLocalFile() == str(cue_path(cue))
        if QMediaDevices.audioOutputs():  # with no audio output, Qt reports every cue as an error
            qtbot.waitUntil(lambda e=effect: e.status() != QSoundEffect.Status.Loading, timeout=5000)
            assert effect.status() == QSoundEffect.Status.Ready, cue


def test_an_audio_cue_with_every_outcome(qtbot, kiosk, data_dir, monkeypatch):
    if kiosk.sounds.effect("checked_in") is None:
        pytest.skip("QtMultimedia cannot load the cues on this machine")
    add_attendee(kiosk.store, "CODE-0005", first_name="Rhys", last_name="Evans")
    other = data_dir.open("test-day", device_name="Desk 2")
    Desk(other).check_in("CODE-0002")
    other.close()
    heard: list[tuple[str, str]] = []

    def expect(what: str, cue: str, act, message: str | None = None) -> None:
        kiosk.sounds.last_played = None
        with qtbot.waitSignal(kiosk.outcome_shown, timeout=10000,
                              check_params_cb=lambda o: message is None or o.message == message):
            act()
        heard.append((what, kiosk.sounds.last_played))
        assert kiosk.sounds.last_played == cue, what

    def forgot(surname: str, reference: str) -> None:
        kiosk.show_screen(kiosk.forgot)
        kiosk.forgot.surname.setText(surname)
        kiosk.forgot.reference.setText(reference)
        kiosk.forgot.find_button.click()

    def scan(code: str):
        return lambda: scan_keys(qtbot, kiosk, code)

    expect("welcome", "checked_in", scan("CODE-0001"))
    qtbot.waitUntil(lambda: len(pdfs(kiosk)) == 1, timeout=10000)
    expect("already in", "already_checked_in", scan("CODE-0002"))
    expect("unknown", "unknown", scan("NOPE-0001"))
    expect("void", "void", scan("CODE-VOID"))
    queue = PrintQueue(kiosk.store, kiosk.registry)
    queue.run_once(queue.enqueue_badge("CODE-0003").id)
    expect("badge at the desk", "already_checked_in", scan("CODE-0003"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here: the printer is "off"
    kiosk.registry.add("thermal", f"escpos+tcp://127.0.0.1:{port}")
    kiosk.registry.assign("badges", "thermal")
    expect("printer failure", "invalid", scan("CODE-0005"), message=ss.PRINT_FAILED)
    for attempt in range(5):
        expect("forgotten ticket, no match", "unknown", lambda attempt=attempt: forgot("Jones", f"ORD-9{attempt}"))
    expect("forgotten ticket, paused", "invalid", lambda: forgot("Jones", "ORD-1001"))

    def broken(raw):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(kiosk.desk, "check_in", broken)
    expect("error", "invalid", scan("CODE-0001"))
    assert len(heard) == 13


def test_the_desks_mute_does_not_silence_the_kiosk(qtbot, data_dir, store):
    people(store)
    Settings.update(data_dir, muted=True)  # the desk was muted before the machine became a kiosk
    window = make_kiosk(data_dir, store)
    try:
        assert not window.sounds.muted and window.kiosk_settings()["muted"] is False
        if window.sounds.effect("checked_in") is not None:
            scan_and_wait(qtbot, window, "CODE-0001")
            assert window.sounds.last_played == "checked_in"
        window.save_kiosk_settings(6, 45, True, "en")  # staff turn the kiosk's sound off
        assert window.sounds.muted and Settings.load(data_dir).kiosk_muted is True
        window.sounds.last_played = None
        scan_and_wait(qtbot, window, "NOPE-0002")
        assert window.sounds.last_played is None
    finally:
        window.leave()
    Settings.update(data_dir, muted=False)
    again = make_kiosk(data_dir, store)
    try:
        assert again.sounds.muted  # the kiosk's own setting stays, whatever the desk does
    finally:
        again.leave()


# -- no meaning by colour alone -------------------------------------------------------------------

OUTCOMES_SHOWN = [
    ss.KioskOutcome(ss.PRINTING, True, "Siân J.", "A"),
    ss.KioskOutcome(ss.PRINTED, True, "Siân J.", "A"),
    ss.KioskOutcome(ss.BADGE_AT_DESK, True, "Siân J.", "A"),
    ss.KioskOutcome(ss.PRINT_FAILED, True, "Siân J.", "A"),
    ss.KioskOutcome(ss.NOT_FOUND),
    ss.KioskOutcome(ss.CANNOT_USE),
    ss.KioskOutcome(ss.ALREADY_IN),
    ss.KioskOutcome(ss.FORGOT_LIMIT),
    ss.KioskOutcome(ss.ERROR),
]


def _mark_mask(window) -> np.ndarray:
    """Where the icon's mark (the tick or the "i") is drawn, whatever its colour."""
    icon = window.result.icon
    image = icon.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    raw = np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes())
    rgb = raw.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, :image.width(), 2::-1].astype(int)
    mark = QColor(icon.mark)
    return np.abs(rgb - [mark.red(), mark.green(), mark.blue()]).sum(axis=2) < 60


@pytest.mark.parametrize("language", ["en", "cy"])
def test_each_kind_of_outcome_has_a_sign_besides_colour(qtbot, kiosk, language):
    kiosk.set_language(language)
    signs: dict[str, set] = {}
    masks: dict[str, np.ndarray] = {}
    words: dict[str, tuple[str, str]] = {}
    for outcome in OUTCOMES_SHOWN:
        kiosk.show_outcome(outcome)
        result = kiosk.result
        look = result.look
        signs.setdefault(look, set()).add((result.icon.kind, result.icon.accessibleName()))
        masks.setdefault(look, _mark_mask(kiosk))
        words[outcome.message] = (result.headline.text(), result.message.text())
        # Words say what happened, and whether to go to the desk, not the background colour.
        assert result.icon.accessibleName() and result.headline.text()
        assert result.desk.isVisible() == outcome.needs_desk and bool(result.desk.text()) == outcome.needs_desk
    assert set(signs) == {"welcome", "problem"}
    assert all(len(s) == 1 for s in signs.values()), signs  # one sign per kind, always the same
    (welcome_sign,), (problem_sign,) = signs["welcome"], signs["problem"]
    assert welcome_sign[0] != problem_sign[0] and welcome_sign[1] != problem_sign[1]
    # The marks differ in shape, not only in colour: little overlap between a tick and an "i".
    tick, info = masks["welcome"], masks["problem"]
    assert tick.sum() > 50 and info.sum() > 50
    assert (tick & info).sum() / (tick | info).sum() < 0.3
    assert len(set(words.values())) == len(words), words  # every outcome in its own words


def test_a_rescan_while_the_badge_is_still_coming_is_the_same_person(qtbot, data_dir, store):
    """A slow badge keeps the welcome up past the short window; the person still standing there
    scanning again is welcomed again, and a badge finishing later never covers a "see the desk"."""
    from kiosk.ui.print_worker import PrintWorker

    people(store)
    clock = Clock()
    window = make_kiosk(data_dir, store, monotonic=clock, result_ms=800, print_wait_ms=20_000)
    try:
        window.print_worker.shutdown()  # the printer is slow: nothing comes out for now
        window.print_worker = None
        scan_and_wait(qtbot, window, "CODE-0001")
        past_the_engines_repeat(window)
        clock.now += ss.REWELCOME_S + 2
        qtbot.wait(1000)  # past result_ms: the welcome stays up because its badge is still coming
        again = scan_and_wait(qtbot, window, "CODE-0001")
        assert again.admitted and window.staff_notes() == []
        third = scan_and_wait(qtbot, window, "CODE-0001")
        assert third.message == ss.ALREADY_IN
        worker = PrintWorker(window.data, window.store, window)  # the printer catches up
        worker.job_finished.connect(window._job_finished)
        window.print_worker = worker
        worker.poke()
        qtbot.waitUntil(lambda: len(pdfs(window)) == 1, timeout=10000)
        qtbot.wait(300)
        assert "already been checked in" in window.result.headline.text()  # not replaced by a welcome
    finally:
        window.leave()
