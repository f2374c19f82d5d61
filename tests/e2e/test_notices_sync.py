"""Notices for staff end to end: a kiosk admission of someone with access needs on one laptop
reaches the other laptops through a real hub process, stays until someone acknowledges it, and
the acknowledgement clears it everywhere; the desk window shows it in its own colour."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from kiosk.store.datadir import DataDir
from kiosk.ui.desk_window import DeskWindow
from kiosk.ui.notices_panel import NOTICE_BACKGROUND, NOTICE_TEXT
from kiosk.ui.result_panel import LOOKS
from kiosk.ui.selfservice.style import contrast_ratio

from tests.support.cli import kiosk, kiosk_json
from tests.support.hub import paired_kiosk, snapshot, token_of
from tests.support.paths import DATA

pytestmark = pytest.mark.slow  # every test starts a hub process

SEAN = "881234500211000021001"  # access needs: "Wheelchair user,\nstep-free route please"
SIAN = "881234500111000011001"  # no access needs
NIA, DEV = "881234500611000061001", "881234500711000071001"
WAIT_MS = 20000  # the desk's worker pulls every few seconds


def attendee_list(tmp_path: Path) -> Path:
    """The sample Eventbrite export with two more people who asked for access support."""
    rows = (DATA / "eventbrite-2024.csv").read_text(encoding="utf-8").rstrip("\n")
    extra = [
        f"8812345006,2024-09-04 09:00:00+01:00,Nia,Gruffydd,nia@example.org,1,,Member,1100006,,Free Order,GBP,"
        f"0.00,0.00,0.00,Attending,,Carers Wales,,,BSL interpreter,{NIA}",
        f"8812345007,2024-09-05 09:00:00+01:00,Dev,Patel,dev@example.org,1,,Member,1100007,,Free Order,GBP,"
        f"0.00,0.00,0.00,Attending,,NHS England,,,Hearing loop please,{DEV}",
    ]
    out = tmp_path / "attendees.csv"
    out.write_text(rows + "\n" + "\n".join(extra) + "\n", encoding="utf-8")
    return out


def two_laptops(hub, tmp_path: Path) -> tuple[Path, Path]:
    a = paired_kiosk(hub, tmp_path / "a", "Desk 1")
    b = paired_kiosk(hub, tmp_path / "b", "Desk 2")
    kiosk_json(a, "import", str(attendee_list(tmp_path)))
    kiosk_json(a, "sync", "--once")
    kiosk_json(b, "sync", "--once")
    return a, b


def notices(folder: Path, *flags: str) -> list[dict]:
    return kiosk_json(folder, "notices", *flags)["notices"]


def test_a_kiosk_notice_reaches_the_other_laptop_and_an_ack_on_either_clears_both(hub, tmp_path):
    a, b = two_laptops(hub, tmp_path)
    assert kiosk_json(a, "checkin", SIAN, "--self-service", "--device", "Kiosk")["notice"] is None
    raised = kiosk_json(a, "checkin", SEAN, "--self-service", "--device", "Kiosk")
    assert raised["status"] == "checked_in" and raised["notice"]
    for laptop in (a, b):
        kiosk_json(laptop, "sync", "--once")

    [seen] = notices(b)
    assert seen["id"] == raised["notice"] and seen["kind"] == "access_needs" and seen["code"] == SEAN
    assert seen["name"] == "Seán Ó Súilleabháin" and seen["device"] == "Kiosk"
    assert seen["text"] == "Access needs: Wheelchair user,\nstep-free route please"
    assert seen["at"] and seen["acknowledged_by"] is None and seen["acknowledged_at"] is None
    assert set(seen) == {"id", "kind", "code", "name", "text", "device", "at", "acknowledged_by", "acknowledged_at"}
    assert "Seán Ó Súilleabháin" in kiosk(b, "notices").stdout  # the words for a terminal

    # Desk 2 acknowledges it: gone on both after a sync, who and when kept.
    acked = kiosk_json(b, "notices", "ack", seen["id"])
    assert acked["notice"]["acknowledged_by"] == "Desk 2" and not acked["already_acknowledged"]
    for laptop in (b, a):
        kiosk_json(laptop, "sync", "--once")
    assert notices(a) == [] and notices(b) == []
    [kept] = notices(a, "--all")
    assert kept["acknowledged_by"] == "Desk 2" and kept["acknowledged_at"] == acked["notice"]["acknowledged_at"]

    # The next one is raised on Desk 2's laptop and acknowledged on Desk 1's, the other way round.
    other = kiosk_json(b, "checkin", NIA, "--self-service", "--device", "Kiosk 2")["notice"]
    for laptop in (b, a):
        kiosk_json(laptop, "sync", "--once")
    assert [n["id"] for n in notices(a)] == [other]
    kiosk_json(a, "notices", "ack", other)
    for laptop in (a, b):
        kiosk_json(laptop, "sync", "--once")
    assert notices(b) == [] and {n["acknowledged_by"] for n in notices(b, "--all")} == {"Desk 1", "Desk 2"}
    assert snapshot(a)["notices"] == snapshot(b)["notices"]


def test_two_desks_acknowledging_offline_agree_on_the_first(hub, tmp_path):
    a, b = two_laptops(hub, tmp_path)
    nid = kiosk_json(a, "checkin", DEV, "--self-service", "--device", "Kiosk")["notice"]
    for laptop in (a, b):
        kiosk_json(laptop, "sync", "--once")
    hub.kill()  # the Wi-Fi goes: both desks see to the same person
    first = kiosk_json(a, "notices", "ack", nid)["notice"]
    time.sleep(0.05)
    kiosk_json(b, "notices", "ack", nid)
    assert notices(b, "--all")[0]["acknowledged_by"] == "Desk 2"  # as far as Desk 2 knows
    hub.start()
    for laptop in (b, a, b):
        kiosk_json(laptop, "sync", "--once")
    for laptop in (a, b):
        [kept] = notices(laptop, "--all")
        assert (kept["acknowledged_by"], kept["acknowledged_at"]) == ("Desk 1", first["acknowledged_at"])
    again = kiosk_json(b, "notices", "ack", nid)  # pressed again later: nothing changes
    assert again["already_acknowledged"] and again["notice"]["acknowledged_by"] == "Desk 1"
    assert kiosk_json(b, "sync", "--once")["pushed"] == 0


def test_the_hub_refuses_a_notice_a_device_bloated_or_broke(hub, tmp_path):
    a = paired_kiosk(hub, tmp_path / "a", "Desk 1")
    device = DataDir(a).device()[0]

    def push(payload: dict) -> int:
        op = {"id": str(uuid.uuid4()), "device": device, "hlc": int(time.time() * 1000) << 16,
              "kind": "notice.raise", "payload": payload}
        request = urllib.request.Request(hub.url + "/api/v1/push", data=json.dumps({"ops": [op]}).encode(),
                                         method="POST")
        request.add_header("Authorization", f"Bearer {token_of(a)}")
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status
        except urllib.error.HTTPError as exc:
            return exc.code

    good = {"id": "N-ABCDEF", "kind": "access_needs", "code": SEAN, "text": "Access needs: x", "device": "K",
            "at_ms": 1}
    assert push({**good, "text": "x" * 200_000}) == 400
    assert push({**good, "kind": "<script>"}) == 400
    assert push({**good, "code": {"nested": "object"}}) == 400
    b = paired_kiosk(hub, tmp_path / "b", "Desk 2")
    kiosk_json(b, "sync", "--once")
    assert notices(b, "--all") == []  # nothing of them was stored
    assert push(good) == 200  # the same notice within bounds is taken
    kiosk_json(b, "sync", "--once")
    assert [n["id"] for n in notices(b)] == ["N-ABCDEF"]


# -- the desk window --------------------------------------------------------------------------------

def _pixel(widget, x: int, y: int) -> QColor:
    return widget.grab().toImage().pixelColor(x, y)


def test_the_desk_shows_a_notice_from_another_laptop_and_a_click_or_a_key_clears_it_everywhere(
        qtbot, hub, tmp_path):
    office = paired_kiosk(hub, tmp_path / "office", "Office")
    kiosk_json(office, "import", str(attendee_list(tmp_path)))
    kiosk_json(office, "sync", "--once")
    data = DataDir(paired_kiosk(hub, tmp_path / "desk", "Desk 1"))
    window = DeskWindow(data, data.open_current())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    panel = window.notices_panel
    try:
        qtbot.waitUntil(lambda: window.sync_button.text().startswith("● Online"), timeout=WAIT_MS)
        assert not panel.isVisible()

        # Two people with access needs let themselves in at the office laptop's kiosk.
        ids = [kiosk_json(office, "checkin", code, "--self-service", "--device", "Kiosk")["notice"]
               for code in (SEAN, NIA)]
        kiosk_json(office, "sync", "--once")
        started = time.monotonic()
        qtbot.waitUntil(lambda: [n.id for n in panel.shown] == ids and panel.isVisible(), timeout=WAIT_MS)
        print(f"notice on the desk {time.monotonic() - started:.1f} s after the office pushed it")
        assert panel.heading.text() == "⚑ 2 notices for staff"
        words = panel.findChild(type(panel.heading), f"notice_{ids[0]}")
        assert "Seán Ó Súilleabháin" in words.text() and "Wheelchair user" in words.text()

        # Its own colour: the strip is painted in it, no outcome uses it, its words read on it.
        assert _pixel(panel, 3, panel.height() // 2) == QColor(NOTICE_BACKGROUND)
        assert NOTICE_BACKGROUND.lower() not in {look.background.lower() for look in LOOKS.values()}
        assert contrast_ratio(NOTICE_TEXT, NOTICE_BACKGROUND) >= 4.5

        # A click on the first one's button; the menu's key for the other.
        qtbot.mouseClick(panel.buttons[ids[0]], Qt.MouseButton.LeftButton)
        assert [n.id for n in panel.shown] == [ids[1]] and panel.heading.text() == "⚑ Notice for staff"
        window.activateWindow()
        window.search.setFocus()
        qtbot.keyClick(window.search, Qt.Key.Key_D,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert panel.shown == [] and not panel.isVisible()
        acks = {n.id: n.acknowledged_by for n in window.open_event.notices(include_acknowledged=True)}
        assert acks == {ids[0]: "Desk 1", ids[1]: "Desk 1"}

        # The desk pushes the acknowledgements by itself: the office sees both cleared.
        def office_clear() -> bool:
            kiosk_json(office, "sync", "--once")
            return notices(office) == [] and len(notices(office, "--all")) == 2
        qtbot.waitUntil(office_clear, timeout=WAIT_MS)
        assert {n["acknowledged_by"] for n in notices(office, "--all")} == {"Desk 1"}
    finally:
        window.close()


# -- the public kiosk -------------------------------------------------------------------------------

def test_the_kiosk_welcomes_as_usual_and_only_the_desks_hear_of_the_access_needs(qtbot, data_dir, store):
    from kiosk.event import OpenEvent

    from tests.support.kiosk_screens import Clock, make_kiosk, people, scan_and_wait, visible_text

    people(store)  # Siân Jones (CODE-0001) uses a wheelchair: "step-free route"
    window = make_kiosk(data_dir, store, Clock())
    qtbot.waitExposed(window)
    try:
        outcome = scan_and_wait(qtbot, window, "CODE-0001")
        assert outcome.admitted and outcome.name == "Siân J."
        on_screen = visible_text(window)
        assert "Siân J." in on_screen
        assert "Wheelchair" not in on_screen and "step-free" not in on_screen.lower()
        assert not outcome.staff  # nothing for the kiosk's staff page either: the desks have it
        assert scan_and_wait(qtbot, window, "CODE-0003").admitted  # no needs recorded: no notice
    finally:
        window.leave()
    with OpenEvent(data_dir, store) as event:
        [notice] = event.notices()
    assert (notice.code, notice.name, notice.device) == ("CODE-0001", "Siân Jones", store.device_name)
    assert notice.text == "Access needs: Wheelchair user: step-free route"
