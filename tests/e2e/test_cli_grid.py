"""The grid commands as other tools drive them."""

from __future__ import annotations

from pypdf import PdfReader

from tests.support.cli import assert_clean_failure, kiosk, kiosk_json


def test_marketplace_through_the_cli(tmp_path):
    data = tmp_path / "d"
    kiosk_json(data, "event", "create", "day", "--name", "Open Space Day", "--date", "2026-11-23")
    for space in ("Main Hall", "Garden", "Some Place Else"):
        kiosk_json(data, "grid", "space", "add", space)
    kiosk_json(data, "grid", "slot", "add", "10:00", "11:00")
    kiosk_json(data, "grid", "slot", "add", "11:00", "11:30", "--break", "--label", "Coffee")
    kiosk_json(data, "grid", "slot", "add", "11:30", "12:30")
    a = kiosk_json(data, "grid", "propose", "Wellbeing at work", "--convener", "Siân Jones",
                   "--space", "Main Hall", "--slot", "10:00")["id"]
    b = kiosk_json(data, "grid", "propose", "Data for good", "--convener", "Priya", "--first-free")["id"]
    c = kiosk_json(data, "grid", "propose", "NHS data", "--convener", "Seán",
                   "--space", "Garden", "--slot", "10:00")["id"]
    grid = kiosk_json(data, "grid", "show")
    assert len(grid["clashes"]) == 1 and set(grid["clashes"][0]["sessions"]) == {b, c}
    merged = kiosk_json(data, "grid", "merge", c, b)["session"]
    assert merged["conveners"] == ["Priya", "Seán"]
    kiosk_json(data, "grid", "move", b, "--space", "Some Place Else", "--slot", "11:30")
    kiosk_json(data, "grid", "pin", a)
    assert_clean_failure(kiosk(data, "grid", "move", a, "--space", "Garden", "--slot", "11:30"), 1)
    kiosk_json(data, "grid", "park", b)
    grid = kiosk_json(data, "grid", "show")
    assert grid["parked"] == [b] and not grid["clashes"]
    removed = kiosk_json(data, "grid", "space", "remove", "Main Hall")
    assert removed["parked"] == [a]
    for fmt, marker in (("csv", "Wellbeing at work"), ("json", '"sessions"'), ("ics", "BEGIN:VCALENDAR"),
                        ("html", "<table>")):
        out = tmp_path / f"grid.{fmt}"
        kiosk_json(data, "grid", "export", "--format", fmt, "--out", str(out))
        assert marker in out.read_text(encoding="utf-8-sig")
    for fmt in ("pdf", "a3", "proceedings", "doors"):
        out = tmp_path / f"grid-{fmt}.pdf"
        kiosk_json(data, "grid", "export", "--format", fmt, "--out", str(out))
        assert out.read_bytes().startswith(b"%PDF")
    slip = tmp_path / "slip.pdf"
    assert kiosk_json(data, "grid", "slip", a, "--out", str(slip))["id"] == a
    assert "Wellbeing at work" in " ".join(PdfReader(slip).pages[0].extract_text().split())
    printed = kiosk_json(data, "grid", "slip", a, "--printer", "pdf")
    assert printed["status"] == "done" and list((data / "prints").glob("*slip*.pdf"))


def test_grid_bad_input_is_a_clear_error(tmp_path):
    data = tmp_path / "d"
    kiosk_json(data, "event", "create", "day", "--name", "Day")
    kiosk_json(data, "grid", "slot", "add", "10:00", "11:00")
    assert_clean_failure(kiosk(data, "grid", "slot", "add", "10:30", "11:30"), 2)
    assert_clean_failure(kiosk(data, "grid", "slot", "add", "9am", "10am"), 2)
    assert_clean_failure(kiosk(data, "grid", "propose", "", "--convener", "Ann"), 2)
    assert_clean_failure(kiosk(data, "grid", "propose", "x" * 10_000, "--convener", "Ann"), 2)
    assert_clean_failure(kiosk(data, "grid", "move", "SXXXXX", "--space", "A", "--slot", "10:00"), 1)
    assert_clean_failure(kiosk(data, "grid", "merge", "SXXXXX", "SYYYYY"), 1)
    assert_clean_failure(kiosk(data, "grid", "propose", "Title"), 2)  # no convener
    assert kiosk_json(data, "grid", "show")["sessions"] == []
