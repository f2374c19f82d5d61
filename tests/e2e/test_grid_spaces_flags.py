"""Hybrid spaces and access flags, everywhere a space is shown: the command line (a bad link
refused in words), the printed grid and door signs (PDF text), the calendar, the hub's public page
and feed (a real hub; a hostile push refused), the grid window and display mode."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime

import icalendar
import pytest
from pypdf import PdfReader

from kiosk.store.datadir import DataDir
from kiosk.ui.grid_display import GridDisplay
from kiosk.ui.grid_window import GridWindow

from tests.support.cli import assert_clean_failure, kiosk, kiosk_json
from tests.support.hub import paired_kiosk, token_of

LINK = "https://meet.example.org/hall?pwd=a&b=1"


def hybrid_grid(data) -> str:
    """A laptop's grid: a hybrid, step-free hall with a loop; a quiet library; one session in each."""
    hall = kiosk_json(data, "grid", "space", "add", "Main Hall", "--online-link", LINK, "--step-free",
                      "--hearing-loop", "--access", "Lift by the café")["id"]
    kiosk_json(data, "grid", "space", "add", "Library", "--quiet", "--seating")
    kiosk_json(data, "grid", "slot", "add", "10:00", "11:00")
    kiosk_json(data, "grid", "propose", "Waiting lists", "--convener", "Siân", "--space", "Main Hall",
               "--slot", "10:00")
    kiosk_json(data, "grid", "propose", "Quiet reading", "--convener", "Ann", "--space", "Library", "--slot", "10:00")
    return hall


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def laptop(tmp_path):
    data = tmp_path / "laptop"
    kiosk_json(data, "event", "create", "day", "--name", "Community day", "--date", "2026-05-01")
    return data


@pytest.mark.parametrize(("link", "words"), [
    ("javascript:alert(document.cookie)", "must be a web address starting https://"),
    ("https://meet.example.org/a b", "no spaces"),
    ("https://nhs.uk@evil.example/x", "no name@ before the site"),
    ("https://x.org/" + "a" * 600, "keep it under 500"),
])
def test_a_bad_link_is_refused_in_words(laptop, link, words):
    proc = kiosk(laptop, "grid", "space", "add", "Zoom Room", "--online-link", link)
    assert_clean_failure(proc, 2)
    assert words in proc.stderr
    kiosk_json(laptop, "grid", "space", "add", "Garden")
    proc = kiosk(laptop, "grid", "space", "edit", "Garden", "--online-link", link)
    assert_clean_failure(proc, 2)
    assert words in proc.stderr
    assert [s["online_link"] for s in kiosk_json(laptop, "grid", "show")["spaces"]] == [""]


def test_flags_and_link_on_the_printed_grid_door_signs_and_calendar(laptop, tmp_path):
    hybrid_grid(laptop)
    answer = kiosk_json(laptop, "grid", "space", "edit", "Library", "--no-seating", "--step-free")
    assert answer["space"]["quiet"] and answer["space"]["step_free"] and not answer["space"]["seating"]
    for fmt in ("pdf", "a3", "doors", "ics"):
        kiosk_json(laptop, "grid", "export", "--format", fmt, "--out", str(tmp_path / f"out.{fmt}"))
    for fmt in ("pdf", "a3", "doors"):
        text = pdf_text(tmp_path / f"out.{fmt}")
        for words in ("♿ Step-free", "∿ Hearing loop", "Lift by the café", "☾ Quiet space",
                      "Online too: meet.example.org/hall?pwd=a&b=1"):
            assert words in " ".join(text.split()), (fmt, words)
    door = pdf_text(tmp_path / "out.doors")
    hall, library = door.split("Library", 1) if door.index("Main Hall") < door.index("Library") else (None, None)
    assert hall is not None and "Online too" in hall and "Online too" not in library  # each sign its own
    events = {str(e["SUMMARY"]): e for e in
              icalendar.Calendar.from_ical((tmp_path / "out.ics").read_text("utf-8")).walk("VEVENT")}
    assert str(events["Waiting lists"]["URL"]) == LINK
    assert str(events["Waiting lists"]["LOCATION"]) == f"Main Hall (online too: {LINK})"
    assert "Access: ♿ Step-free · ∿ Hearing loop · Lift by the café" in str(events["Waiting lists"]["DESCRIPTION"])
    assert "URL" not in events["Quiet reading"] and str(events["Quiet reading"]["LOCATION"]) == "Library"
    # The convener's slip says the session is online too, and where: they open the call.
    sessions = {s["title"]: s["id"] for s in kiosk_json(laptop, "grid", "show")["sessions"]}
    for title, online in (("Waiting lists", True), ("Quiet reading", False)):
        kiosk_json(laptop, "grid", "slip", sessions[title], "--out", str(tmp_path / "slip.pdf"))
        said = "Online too: meet.example.org/hall?pwd=a&b=1" in " ".join(pdf_text(tmp_path / "slip.pdf").split())
        assert said == online, title


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.read().decode("utf-8")


def test_the_hubs_public_page_and_feed_show_them_and_a_hostile_link_is_refused(hub, tmp_path):
    desk = paired_kiosk(hub, tmp_path / "desk", "Desk 1")
    hall = hybrid_grid(desk)
    kiosk_json(desk, "sync", "--once")
    page = _get(hub.url + "/events/day/grid")
    assert "<a href='https://meet.example.org/hall?pwd=a&amp;b=1' rel='noopener noreferrer nofollow'>" in page
    for words in ("Step-free", "Hearing loop", "Quiet space", "Seating", "Lift by the café"):
        assert words in page, words
    assert "<span aria-hidden='true'>♿</span> Step-free" in page  # a symbol and its word, not a colour
    feed = icalendar.Calendar.from_ical(_get(hub.url + "/events/day/grid.ics"))
    assert {str(e.get("URL", "")) for e in feed.walk("VEVENT")} == {LINK, ""}

    # A hostile device pushes a javascript: link, and a link far too long: refused whole, nothing stored.
    token = token_of(desk)
    device = json.loads(_get_status(hub, token))
    for bad in ("javascript:alert(1)", "https://x.org/" + "a" * 5000):
        op = {"id": str(uuid.uuid4()), "device": device, "hlc": (int(time.time() * 1000) << 16) + 1,
              "kind": "grid.set", "payload": {"kind": "space", "id": hall, "set": {"online_link": bad}}}
        request = urllib.request.Request(hub.url + "/api/v1/push", data=json.dumps({"ops": [op]}).encode(),
                                         method="POST", headers={"Authorization": f"Bearer {token}",
                                                                 "Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 400
        assert "online_link" in json.loads(refused.value.read())["error"]
    page = _get(hub.url + "/events/day/grid")
    assert "javascript" not in page and LINK.replace("&", "&amp;") in page


def _get_status(hub, token: str) -> str:
    """This desk's device id, as the hub bound it (the device a push must come from)."""
    request = urllib.request.Request(hub.url + "/api/v1/pull?after=0", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        ops = json.loads(answer.read())["ops"]
    return json.dumps(ops[0]["device"])


def test_the_grid_window_and_display_show_them(qtbot, laptop):
    hybrid_grid(laptop)
    data = DataDir(laptop)
    store = data.open("day")
    try:
        window = GridWindow(data, store)
        qtbot.addWidget(window)
        window.resize(1400, 800)
        window.show()
        qtbot.waitExposed(window)
        headings = {window.table.horizontalHeaderItem(i).text().split("\n")[0]: window.table.horizontalHeaderItem(i)
                    for i in range(window.table.columnCount())}
        hall = " ".join(headings["Main Hall"].text().split())
        assert "♿ Step-free" in hall and "Hearing loop" in hall and "Online too: meet.example.org/hall" in hall
        assert "Lift by the café" in headings["Main Hall"].toolTip()
        assert "☾ Quiet space" in headings["Library"].text()
        window.close()

        display = GridDisplay(store, clock=lambda: datetime(2026, 5, 1, 10, 10))
        qtbot.addWidget(display)
        display.resize(1920, 1080)
        display.show()
        qtbot.waitExposed(display)
        layout = display.display_layout()
        assert [" ".join(note.split()) for note in layout.column_notes] == ["♿ Step-free ∿ Loop", "☾ Quiet ┳ Seats"]
        assert layout.online == "Online too · Main Hall: meet.example.org/hall?pwd=a&b=1"
        display.close()
    finally:
        store.close()


def test_a_display_too_narrow_for_the_words_gives_symbols_and_says_them_once(qtbot, store):
    from kiosk.grid.sample import fill_sample_grid

    editor = fill_sample_grid(store, spaces=20, slots=3)
    for n, space in enumerate(editor.grid().spaces):
        editor.edit_space(space.id, step_free=True, hearing_loop=n % 2 == 0)
    display = GridDisplay(store, clock=lambda: datetime(2026, 5, 1, 10, 10))
    qtbot.addWidget(display)
    display.resize(1920, 1080)
    display.show()
    qtbot.waitExposed(display)
    layout = display.display_layout()
    assert layout.column_notes[:2] == ["♿ ∿", "♿"]  # no "Step…" cut in half
    assert layout.online == "♿ Step-free · ∿ Hearing loop"  # the words, in the heading bar
    display.close()
