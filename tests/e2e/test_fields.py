"""The organiser's own questions (photo consent, first time, interaction preference): chosen with
`kiosk fields show`, shown on the desk's check-in result, synced as an event setting, and drawn on
badges as markers (shape and words as well as colour) where a layout asks (issue 16)."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

from kiosk.demo.event import INTERACTION, PHOTO_CONSENT, demo_attendees
from kiosk.store.datadir import DataDir
from kiosk.ui.desk_window import DeskWindow
from kiosk.ui.scanner import ScanTiming

from tests.support.cli import assert_clean_failure, kiosk, kiosk_json
from tests.support.paths import ROOT

DEMO_PEOPLE = 120


def demo(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    kiosk_json(data, "demo", "--no-gui", "--attendees", str(DEMO_PEOPLE))
    return data


def waiting_with(data: Path, answer: str, question: str = PHOTO_CONSENT) -> list[str]:
    """Demo people not arrived yet (as `kiosk not-arrived` says) whose answer is this."""
    waiting = {p["code"] for p in kiosk_json(data, "not-arrived")["not_arrived"]}
    return [p["code"] for p in demo_attendees(DEMO_PEOPLE)
            if p["set"]["extra"].get(question) == answer and p["code"] in waiting]


def test_fields_lists_the_questions_with_counts_and_show_hide_round_trip(tmp_path):
    data = demo(tmp_path)
    people = demo_attendees(DEMO_PEOPLE)
    listed = {f["name"]: f for f in kiosk_json(data, "fields")["fields"]}
    assert set(listed) == {PHOTO_CONSENT, "First community day?", INTERACTION}
    assert listed[PHOTO_CONSENT]["answered"] == sum(1 for p in people if p["set"]["extra"].get(PHOTO_CONSENT))
    assert not any(f["shown"] for f in listed.values())

    shown = kiosk_json(data, "fields", "show", "photo  CONSENT")  # case and spacing as typed
    assert shown["field"] == PHOTO_CONSENT and shown["shown"]
    assert {f["name"] for f in kiosk_json(data, "fields")["fields"] if f["shown"]} == {PHOTO_CONSENT}
    kiosk_json(data, "fields", "hide", PHOTO_CONSENT)
    assert not any(f["shown"] for f in kiosk_json(data, "fields")["fields"])

    proc = kiosk(data, "fields", "show", "Shoe size")
    assert_clean_failure(proc, 2)
    assert "no attendee answered a question called 'Shoe size'" in proc.stderr
    assert PHOTO_CONSENT in proc.stderr


def test_the_choice_is_an_event_setting_that_reaches_another_laptop(tmp_path):
    data = demo(tmp_path)
    kiosk_json(data, "fields", "show", INTERACTION)
    source = DataDir(data).open_current()
    other = DataDir(tmp_path / "other").create("copy", "Copy")
    try:
        other.ingest(source.operations())  # what sync carries: the same operations
        from kiosk.attendees.fields import shown_questions

        assert shown_questions(other) == [INTERACTION]
    finally:
        source.close()
        other.close()


def test_a_shown_question_appears_on_the_desk_result(qtbot, tmp_path):
    data = demo(tmp_path)
    no_photos = waiting_with(data, "No")
    assert len(no_photos) >= 2
    folder = DataDir(data)
    win = DeskWindow(folder, folder.open_current("Desk 1"), ScanTiming(max_gap_ms=40, min_length=4, end_pause_ms=70))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.index is not None, timeout=10000)
    win.check_in(no_photos[0])
    assert win.result_panel.state == "checked_in"
    assert "Photo consent" not in win.result_panel.details.text()  # not chosen yet

    kiosk_json(data, "fields", "show", PHOTO_CONSENT)  # chosen elsewhere (another desk, the CLI)
    win.check_in(no_photos[1])
    assert win.result_panel.state == "checked_in"
    assert "Photo consent: No" in win.result_panel.details.text().splitlines()
    assert "Photo consent: No" in win.result_panel.accessibleDescription()
    qtbot.wait(50)
    win.grab().save(str(tmp_path / "desk-photo-consent.png"))
    win._person_chosen(no_photos[0])  # chosen in the search: the answer shows there too
    assert "Photo consent: No" in win.result_panel.details.text()
    win.close()


def marker_layout(data: Path) -> None:
    """The README's example layout (docs/examples), copied into the data folder as organisers do."""
    (data / "layouts").mkdir(exist_ok=True)
    example = ROOT / "docs" / "examples" / "community-day-markers.json"
    (data / "layouts" / "community.json").write_text(example.read_text(encoding="utf-8"), encoding="utf-8")


def test_badge_markers_where_the_layout_asks(tmp_path):
    data = demo(tmp_path)
    marker_layout(data)
    people = {p["code"]: p["set"]["extra"] for p in demo_attendees(DEMO_PEOPLE)[:100]}
    no_red = next(c for c, e in people.items()
                  if e.get(PHOTO_CONSENT) == "No" and e.get(INTERACTION, "").startswith("Red"))
    yes_green = next(c for c, e in people.items()
                     if e.get(PHOTO_CONSENT) == "Yes" and e.get(INTERACTION, "").startswith("Green"))
    blank = next(c for c, e in people.items() if not e)
    out = tmp_path / "badges.pdf"
    kiosk_json(data, "badge", no_red, yes_green, blank, "--layout", "community", "--out", str(out))
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(out).pages]
    assert "No photos" in pages[0] and "Please don't approach" in pages[0]
    assert "No photos" not in pages[1] and "Happy to chat" in pages[1]
    assert not any(words in pages[2] for words in ("No photos", "Happy to chat", "Ask first", "approach"))
    # The answer's own words ("Red: please don't approach me") never go on the badge, only the layout's.
    assert "approach me" not in " ".join(pages) and "Red" not in " ".join(pages)
    # And the marker is drawn, not only written: the crossed-out camera's red is on the page.
    from kiosk.print.draw.raster import render_page, to_pil

    image = to_pil(render_page(out, 100)).convert("RGB")
    import numpy as np

    pixels = np.asarray(image)
    dots = 100 / 25.4  # per mm
    shape = pixels[round(62 * dots):round(68.4 * dots), round(4 * dots):round(10.4 * dots)]  # left of the words
    reds = int(((shape[..., 0] > 150) & (shape[..., 1] < 60) & (shape[..., 2] < 60)).sum())
    assert reds > 0.25 * shape.shape[0] * shape.shape[1]  # the camera's body, drawn
    image.save(tmp_path / "badge-markers.png")

    broken = json.loads((data / "layouts" / "community.json").read_text(encoding="utf-8"))
    broken["fields"][-1]["values"]["Green"] = {"shape": "circle", "colour": "#1b5e20"}  # colour and shape only
    (data / "layouts" / "community.json").write_text(json.dumps(broken), encoding="utf-8")
    proc = kiosk(data, "badge", yes_green, "--layout", "community", "--out", str(tmp_path / "x.pdf"))
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "needs 'words'" in proc.stderr


def test_cancellations_attendance_and_shown_questions_reach_another_laptop_through_the_hub(hub, tmp_path):
    """Two laptops paired with a real hub: what one records, the other's numbers and desk follow."""
    from tests.support.hub import paired_kiosk

    first, second = paired_kiosk(hub, tmp_path / "k1", "Desk 1"), paired_kiosk(hub, tmp_path / "k2", "Desk 2")
    listing = tmp_path / "list.csv"
    listing.write_text("Ticket code,Name,Ticket type,Photo consent\n"
                       "T1,Siân Jones,Member,No\nT2,Rhys Evans,Online ticket,Yes\nT3,Nia Price,Member,\n",
                       encoding="utf-8")
    kiosk_json(first, "import", str(listing))
    kiosk_json(first, "sync", "--once")
    kiosk_json(second, "sync", "--once")
    assert kiosk_json(second, "stats")["not_arrived"] == 2  # T2 is online only

    kiosk_json(first, "cancel", "T3")
    kiosk_json(first, "fields", "show", PHOTO_CONSENT)
    kiosk_json(second, "edit", "T2", "--attendance", "both")
    for desk in (first, second, first):
        kiosk_json(desk, "sync", "--once")
    for desk in (first, second):
        stats = kiosk_json(desk, "stats")
        assert (stats["not_arrived"], stats["cancelled"]) == (2, 1)  # T1 and T2 (now both)
        assert stats["by_attendance"]["both"]["expected"] == 1
        assert [f["name"] for f in kiosk_json(desk, "fields")["fields"] if f["shown"]] == [PHOTO_CONSENT]
    kiosk_json(second, "cancel", "T3", "--undo")
    for desk in (second, first):
        kiosk_json(desk, "sync", "--once")
    assert kiosk_json(first, "stats")["not_arrived"] == 3
