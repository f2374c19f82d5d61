"""The session grid's rules, exports and bad input."""

from __future__ import annotations

import json

import pytest

from kiosk.core.errors import RefusedError, UsageError
from kiosk.grid import exports

from tests.support.event_data import small_grid


@pytest.fixture
def editor(store):
    return small_grid(store)


def ops_count(store) -> int:
    return len(store.operations())


def test_clash_is_allowed_and_shown(editor):
    a = editor.propose("Wellbeing at work", ["Siân Jones"], space="Garden", slot="10:00")
    b = editor.propose("Staff burnout", ["Dafydd"], space="garden", slot="10:00")
    grid = editor.grid()
    (space, slot, here), = grid.clashes()
    assert space.name == "Garden" and slot.start == "10:00" and {s.id for s in here} == {a.id, b.id}


def test_first_free_skips_breaks_and_full_cells(editor):
    placed = [editor.propose(f"Session {i}", ["Ann"], first_free=True) for i in range(6)]
    grid = editor.grid()
    assert all(grid.is_placed(s) for s in grid.sessions)
    assert {grid.slot(s.slot_id).start for s in placed} == {"10:00", "11:30"}
    with pytest.raises(RefusedError, match="full"):
        editor.propose("One too many", ["Ann"], first_free=True)
    parked = editor.propose("Parked one", ["Ann"])
    assert parked.placement is None and [s.id for s in editor.grid().parked] == [parked.id]


def test_merge_keeps_both_conveners_and_a_note(editor):
    a = editor.propose("NHS data", ["Priya Patel"], space="Main Hall", slot="10:00")
    b = editor.propose("Data for good", ["Seán Ó Súilleabháin", "Priya Patel"], space="Garden", slot="10:00")
    kept = editor.merge(b.id, a.id)
    assert kept.conveners == ["Priya Patel", "Seán Ó Súilleabháin"]
    assert "Data for good" in kept.note
    grid = editor.grid()
    assert [s.id for s in grid.sessions] == [a.id] and grid.merged[0].merged_into == a.id
    with pytest.raises(RefusedError, match="merged"):
        editor.move(b.id, "Garden", "11:30")


def test_many_merges_keep_the_note_within_what_every_replica_accepts(editor):
    """An unconference merges the same theme many times; the note grows with each, and must never
    pass the grid's text limit, or the merge would be refused on every laptop."""
    from kiosk.ops.grid import MAX_LIST, MAX_TEXT

    kept = editor.propose("Wellbeing", ["Ann"])
    for n in range(160):
        other = editor.propose("Wellbeing at work and at home, for staff on every ward and shift " * 2, [f"C{n}"])
        kept = editor.merge(other.id, kept.id)
    assert len(kept.note) <= MAX_TEXT and kept.note.endswith("(C159).") and len(kept.conveners) == 161
    for n in range(MAX_LIST - 161):
        kept = editor.merge(editor.propose("More", [f"D{n}"]).id, kept.id)
    with pytest.raises(UsageError, match="over 200 conveners"):
        editor.merge(editor.propose("One too many", ["Z"]).id, kept.id)


def test_removing_a_space_or_slot_parks_its_sessions(editor):
    a = editor.propose("In the garden", ["Ann"], space="Garden", slot="10:00")
    b = editor.propose("Later", ["Bob"], space="Main Hall", slot="11:30")
    assert [s.id for s in editor.remove_space("Garden")] == [a.id]
    assert [s.id for s in editor.remove_slot("11:30")] == [b.id]
    grid = editor.grid()
    assert {s.id for s in grid.parked} == {a.id, b.id} and len(grid.sessions) == 2
    assert [s.name for s in grid.spaces] == ["Main Hall", "Ystafell Gŵyr"]


def test_a_session_placed_in_a_space_removed_elsewhere_shows_parked(editor, store):
    """Offline: one laptop removes a space while another places a session in it. The session
    must not vanish: it shows as parked."""
    a = editor.propose("Placed offline", ["Ann"], space="Garden", slot="10:00")
    space = editor.space("Garden")
    with store.write():
        store.record("grid.set", {"kind": "space", "id": space.id, "set": {"removed": True}})
    grid = editor.grid()
    assert [s.id for s in grid.parked] == [a.id]


def test_pinned_sessions_are_not_moved_by_mistake(editor):
    pinned = editor.propose("Keynote", ["Ann"], space="Main Hall", slot="10:00")
    editor.pin(pinned.id)
    with pytest.raises(RefusedError, match="pinned"):
        editor.park(pinned.id)
    assert editor.grid().slot(editor.session(pinned.id).slot_id).start == "10:00"  # it stayed
    with pytest.raises(RefusedError, match="pinned"):
        editor.move(pinned.id, "Garden", "11:30")
    assert editor.move(pinned.id, "Garden", "11:30", force=True).slot_id


def test_swap_and_park(editor):
    a = editor.propose("A", ["Ann"], space="Main Hall", slot="10:00")
    b = editor.propose("B", ["Bob"], space="Garden", slot="11:30")
    editor.swap(a.id, b.id)
    assert editor.session(a.id).placement == b.placement and editor.session(b.id).placement == a.placement
    assert editor.park(a.id).placement is None


@pytest.mark.parametrize("action, error", [
    (lambda e: e.propose("", ["Ann"]), UsageError),
    (lambda e: e.propose("x" * 10_000, ["Ann"]), UsageError),
    (lambda e: e.propose("Title", [" "]), UsageError),
    (lambda e: e.propose("Title", ["Ann"], space="Nowhere", slot="10:00"), RefusedError),
    (lambda e: e.propose("Title", ["Ann"], space="Garden", slot="11:00"), RefusedError),  # a break
    (lambda e: e.add_slot("10:30", "11:15"), UsageError),    # overlaps
    (lambda e: e.add_slot("12:00", "11:00"), UsageError),    # ends before it starts
    (lambda e: e.add_slot("25:00", "26:00"), UsageError),
    (lambda e: e.add_space("garden"), UsageError),           # exists
    (lambda e: e.add_space("  "), UsageError),
    (lambda e: e.move("SNOPE1", "Garden", "10:00"), RefusedError),
    (lambda e: e.merge("SNOPE1", "SNOPE2"), RefusedError),
])
def test_bad_input_changes_nothing(editor, store, action, error):
    before = ops_count(store)
    with pytest.raises(error):
        action(editor)
    assert ops_count(store) == before


def test_csv_json_html_exports(editor):
    editor.propose("=cmd|' /C calc'!A0", ["Ann"], space="Main Hall", slot="10:00")
    editor.propose("<script>alert(1)</script>", ["Bob"], space="Garden", slot="10:00")
    editor.propose("Parked", ["Cai"])
    grid = editor.grid()
    csv_text = exports.to_csv(grid)
    assert "'=cmd" in csv_text and "parked" in csv_text
    data = json.loads(exports.to_json(grid, {"name": "Day"}))
    assert len(data["sessions"]) == 3 and len(data["parked"]) == 1
    page = exports.to_html(grid, {"name": "Day & Night"})
    assert "<script>" not in page and "&lt;script&gt;" in page and "Day &amp; Night" in page
    assert "Ystafell Gŵyr" in page and "Coffee" in page


def test_ics_parses_with_a_real_icalendar_parser(editor):
    import icalendar

    editor.propose("Wellbeing, work; and \\ life", ["Siân Jones", "Ann"], space="Ystafell Gŵyr", slot="10:00",
                   description="Line one\nLine two " + "long " * 40)
    editor.propose("Second", ["Bob"], space="Garden", slot="11:30")
    editor.propose("Parked is not in the calendar", ["Cai"])
    text = exports.to_ics(editor.grid(), {"name": "Community Day", "date": "2026-11-23"}, "day")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    first = next(e for e in events if str(e["SUMMARY"]).startswith("Wellbeing"))
    assert str(first["SUMMARY"]) == "Wellbeing, work; and \\ life"
    assert str(first["LOCATION"]) == "Ystafell Gŵyr"
    assert "Line two" in str(first["DESCRIPTION"]) and "Siân Jones" in str(first["DESCRIPTION"])
    start, end = first.decoded("DTSTART"), first.decoded("DTEND")
    assert (end - start).total_seconds() == 3600
    assert start.astimezone().strftime("%Y-%m-%d %H:%M") == "2026-11-23 10:00"


@pytest.fixture
def far_away(monkeypatch):
    """This process in UTC+14, as a hub on a server far from the venue might be."""
    import time

    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_ics_times_are_the_venue_times_whatever_zone_the_hub_runs_in(editor, far_away):
    import icalendar

    editor.propose("Wellbeing at work", ["Siân Jones"], space="Garden", slot="10:00")
    text = exports.to_ics(editor.grid(), {"name": "Community Day", "date": "2026-11-23"}, "day")
    [event] = icalendar.Calendar.from_ical(text).walk("VEVENT")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.tzinfo is None and end.tzinfo is None  # floating: no zone is recorded for the event
    assert start.isoformat() == "2026-11-23T10:00:00" and end.isoformat() == "2026-11-23T11:00:00"


def test_grid_pdfs_keep_every_title_inside_the_page(editor, tmp_path):
    from pypdf import PdfReader

    from kiosk.grid import pdf

    for i in range(9):
        editor.add_space(f"Room {i} with a rather long name for a space")
    editor.propose("T" * 40 + " " + "word " * 32, ["Ann"], space="Main Hall", slot="10:00")  # 200 characters
    editor.propose("محمد: صحة المجتمع", ["محمد العلي"], space="Garden", slot="10:00")
    editor.propose("Ἀθηνᾶ Παπαδοπούλου on Κρήτη", ["Ἀθηνᾶ"], space="Garden", slot="10:00")  # a clash
    editor.propose("Здоровье на работе", ["Мария"], space="Room 8 with a rather long name for a space", slot="11:30")
    grid = editor.grid()
    info = {"name": "Community Day", "date": "2026-11-23"}
    for paper, size in (("A4", (297, 210)), ("A3", (420, 297))):
        out = tmp_path / f"grid-{paper}.pdf"
        drawn = pdf.grid_pdf(grid, info, out, paper)
        reader = PdfReader(out)
        assert len(reader.pages) >= 2 if paper == "A4" else len(reader.pages) >= 1  # 12 spaces split
        assert abs(float(reader.pages[0].mediabox.width) / 72 * 25.4 - size[0]) < 0.5
        for d in drawn:
            assert 0 <= d.left and d.right <= size[0] and 0 <= d.top and d.bottom <= size[1], d
            assert d.box[0] - 0.01 <= d.left and d.right <= d.box[2] + 0.01, d
        titles = " ".join(d.text for d in drawn if d.source == "title")
        assert "Здоровье" in titles and "CLASH" in " ".join(d.text for d in drawn)
    for writer in (pdf.door_signs, pdf.proceedings):
        out = tmp_path / f"{writer.__name__}.pdf"
        for d in writer(grid, info, out):
            assert 0 <= d.left and d.right <= 210 and 0 <= d.top and d.bottom <= 297, d
        assert PdfReader(out).pages
    session = grid.sessions[0]
    slip = pdf.slip_pdf(grid, session, info, tmp_path / "slip.pdf", qr="session:x")
    assert all(d.right <= 80 and d.bottom <= 120 for d in slip)


def test_a_slip_prints_through_the_queue_as_text_on_a_thermal_printer(editor, store, data_dir):
    import time

    from kiosk.grid.printouts import RENDERERS
    from kiosk.print.printers import PrinterRegistry
    from kiosk.print.queue import PrintQueue, wait_for

    from tests.support.printer_fakes import TcpPrinter

    session = editor.propose("Wellbeing at work", ["Siân Jones"], space="Ystafell Gŵyr", slot="10:00")
    printer = TcpPrinter()
    try:
        registry = PrinterRegistry(data_dir)
        registry.add("thermal", printer.uri, profile="TM-T20II")
        registry.assign("slips", "thermal")
        queue = PrintQueue(store, registry, renderers=RENDERERS)
        job = wait_for(queue, queue.enqueue_slip(session.id).id)
        assert job.state == "done" and job.kind == "slip", job.error
        deadline = time.monotonic() + 5
        while not printer.jobs and time.monotonic() < deadline:
            time.sleep(0.05)
        data = printer.jobs[0]
        assert b"Wellbeing at work" in data and b"\x1d(k" in data and f"session:{session.id}".encode() in data
    finally:
        printer.close()


def test_the_grid_as_a_list_on_a_thermal_printer(editor, store, data_dir):
    import time

    from kiosk.grid.printouts import RENDERERS
    from kiosk.print.printers import PrinterRegistry
    from kiosk.print.queue import PrintQueue, wait_for

    from tests.support.printer_fakes import TcpPrinter

    editor.propose("Wellbeing at work", ["Sian Jones"], space="Main Hall", slot="10:00")
    editor.propose("Data for good", ["Priya"], space="Garden", slot="11:30")
    printer = TcpPrinter()
    try:
        registry = PrinterRegistry(data_dir)
        registry.add("thermal", printer.uri, profile="TM-T20II")
        queue = PrintQueue(store, registry, renderers=RENDERERS)
        job = wait_for(queue, queue.enqueue_grid_list("thermal").id)
        assert job.state == "done", job.error
        deadline = time.monotonic() + 5
        while not printer.jobs and time.monotonic() < deadline:
            time.sleep(0.05)
        data = printer.jobs[0]
        assert b"10:00-11:00" in data and b"Main Hall: Wellbeing at work (Sian Jones)" in data
        assert b"11:00-11:30 Coffee" in data and b"Garden: Data for good" in data
    finally:
        printer.close()


def _pdf_runs(path):
    """Every line of real text in a PDF: (page, text, size, bold, left, baseline, right, page w, page h),
    in points from the bottom-left, as a reader of the file finds them."""
    from pypdf import PdfReader
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from kiosk.print.draw.fonts import SANS, SANS_BOLD, register_fonts

    register_fonts()
    runs = []
    for n, page in enumerate(PdfReader(path).pages):
        box = page.mediabox

        def visit(text, cm, tm, font, size, n=n, box=box):
            if not text.strip() or not font:
                return
            bold = "Bold" in str(font.get("/BaseFont"))
            text = text.strip()
            width = stringWidth(text, SANS_BOLD if bold else SANS, size)
            runs.append((n, text, size, bold, tm[4], tm[5], tm[4] + width, float(box.width), float(box.height)))

        page.extract_text(visitor_text=visit)
    return runs


WALL_SESSIONS = [
    ("Gwasanaethau iechyd yn y gymuned", ["Siân Jones", "Dafydd ap Gwilym"], "Ystafell Gŵyr", "11:30"),
    ("Sláinte agus folláine san ionad oibre", ["Seán Ó Súilleabháin"], "Garden", "10:00"),
    ("Welsh-language care in practice", ["Gwenllian ap Rhys"], "Main Hall", "11:30"),
    ("Data for good", ["Priya Patel", "Aoife Ní Bhriain"], "Main Hall", "10:00"),
]


def _wall_grid(editor):
    for title, conveners, space, slot in WALL_SESSIONS:
        editor.propose(title, conveners, space=space, slot=slot)
    return editor.grid()


def _inside(run) -> bool:
    _, _, size, _, left, baseline, right, width, height = run
    return 0 <= left and right <= width + 0.01 and baseline - size * 0.25 >= 0 and baseline + size <= height


@pytest.mark.parametrize(("paper", "title_pt", "convener_pt"), [("A4", 14, 10), ("A3", 20, 14)])
def test_the_wall_grid_is_sized_for_reading_across_the_room(editor, tmp_path, paper, title_pt, convener_pt):
    from kiosk.grid import pdf

    grid = _wall_grid(editor)
    out = tmp_path / f"{paper}.pdf"
    pdf.grid_pdf(grid, {"name": "Diwrnod Iechyd", "date": "2026-11-23"}, out, paper)
    runs = _pdf_runs(out)
    assert runs and all(_inside(r) for r in runs), [r for r in runs if not _inside(r)]
    for title, conveners, _, _ in WALL_SESSIONS:
        title_runs = [r for r in runs if r[1] in title]
        people_runs = [r for r in runs if r[1] in ", ".join(conveners)]
        assert " ".join(r[1] for r in title_runs).replace("- ", "-") == title  # every word, wrapped not cut
        assert all(r[3] and r[2] >= title_pt for r in title_runs), title_runs  # bold, big
        assert people_runs and all(not r[3] and convener_pt <= r[2] < title_pt for r in people_runs), people_runs


@pytest.mark.parametrize(("paper", "least"), [("A4", 11), ("A3", 15)])
def test_a_break_rows_time_is_as_readable_as_the_rest(editor, tmp_path, paper, least):
    from kiosk.grid import pdf

    grid = _wall_grid(editor)
    breaks = [slot for slot in grid.slots if slot.is_break]
    assert breaks
    out = tmp_path / "grid.pdf"
    drawn = pdf.grid_pdf(grid, {"name": "Diwrnod Iechyd"}, out, paper)
    for slot in breaks:
        lines = [d for d in drawn if d.source == "time" and slot.start in d.text]
        assert lines and min(d.size for d in lines) >= least, lines  # it was 8 pt, squeezed onto one line
        below = [d for d in drawn if d.source == "time" and d.top >= lines[0].top and slot.end in d.text]
        assert below  # the whole time is there
    runs = _pdf_runs(out)
    assert all(_inside(r) for r in runs)


def test_a3_is_the_a4_grid_scaled_up_not_more_empty_space(editor, tmp_path):
    from kiosk.grid import pdf

    grid = _wall_grid(editor)
    sizes = {}
    for paper in ("A4", "A3"):
        drawn = pdf.grid_pdf(grid, {"name": "Diwrnod Iechyd"}, tmp_path / f"{paper}.pdf", paper)
        sizes[paper] = {d.source: min(x.size for x in drawn if x.source == d.source) for d in drawn}
        sizes[paper]["cells"] = max(d.bottom for d in drawn if d.source in ("title", "convener"))
    for source in ("header", "space", "time", "title", "convener"):
        assert sizes["A3"][source] >= sizes["A4"][source] * 1.38, source
    assert sizes["A3"]["cells"] > sizes["A4"]["cells"] * 1.3  # the rows grew with the paper


def test_door_signs_fill_the_page_with_titles_of_28_pt_and_more(editor, tmp_path):
    from kiosk.grid import pdf

    long_title = ("Iechyd meddwl i bobl ifanc yng Nghymru: beth sy'n gweithio, beth sydd ddim, a sut y gallwn "
                  "ni wneud yn well gyda'n gilydd")
    editor.propose(long_title, ["Siân Jones"], space="Ystafell Gŵyr", slot="10:00")
    grid = _wall_grid(editor)
    out = tmp_path / "doors.pdf"
    drawn = pdf.door_signs(grid, {"name": "Diwrnod Iechyd"}, out)
    runs = _pdf_runs(out)
    assert all(_inside(r) for r in runs), [r for r in runs if not _inside(r)]
    titles = [r for r in runs if any(r[1] in s.title for s in grid.sessions) and r[3] and r[2] > 24]
    assert {r[2] >= 28 for r in titles} == {True}
    long_lines = [r[1] for r in titles if r[1] in long_title]
    assert " ".join(long_lines) == long_title and len(long_lines) >= 4  # wrapped, never shrunk below 28
    for page in range(max(r[0] for r in runs) + 1):
        on_page = [r for r in runs if r[0] == page]
        title_size = min((r[2] for r in on_page if r in titles), default=None)
        people = [r for r in on_page if not r[3] and r[2] > 12
                  and any(r[1] in ", ".join(s.conveners) for s in grid.sessions)]
        if title_size:
            assert people and all(r[2] < title_size for r in people)
            lowest = min(r[5] for r in on_page)
            assert lowest < on_page[0][8] * 0.4, (page, lowest)  # the day fills the page, not its top half
    assert [d.text for d in drawn if d.source == "space"][:3] == ["Main Hall", "Garden", "Ystafell"]


def test_a_door_sign_keeps_a_long_convener_name_whole_and_one_long_word_holds_down_only_its_own_title(
        editor, tmp_path):
    """The review's door: "Caoimhínín Ó / Súilleabháin-Mhic Giolla…" cut after two lines with the
    page half empty, and one unbreakable place name keeping every title on the door at 28 pt."""
    from pypdf import PdfReader

    from kiosk.grid import pdf

    convener = "Caoimhínín Ó Súilleabháin-Mhic Giolla Phádraig"
    people = [convener, "Gruffudd ap Llywelyn ab Iorwerth", "Siân Ŵyn ap Rhys"]
    place = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
    editor.propose("Iechyd yn y gymuned", people, space="Ystafell Gŵyr", slot="10:00")
    editor.propose(f"Hanes {place}", ["Ann Jones"], space="Ystafell Gŵyr", slot="11:30")
    grid = editor.grid()
    out = tmp_path / "doors.pdf"
    drawn = pdf.door_signs(grid, {"name": "Diwrnod Iechyd"}, out)
    page = next(n for n, sp in enumerate(grid.spaces) if sp.name == "Ystafell Gŵyr")
    text = " ".join(PdfReader(out).pages[page].extract_text().split())
    assert convener in text.replace("- ", "-"), text  # the whole name, read back from the PDF
    assert "…" not in text
    first = [d.size for d in drawn if d.source == "title" and d.text in "Iechyd yn y gymuned"]
    assert first and min(first) > 28, first  # not held down by the other entry's long word
    second = [d.text for d in drawn if d.source == "title" and d.text.replace("-", "") in f"Hanes {place}"]
    assert " ".join(second).replace("- ", "") == f"Hanes {place}", second
    assert len(second) >= 3 and all(t.endswith("-") for t in second[1:-1])  # broken with a hyphen
    runs = _pdf_runs(out)
    assert all(_inside(r) for r in runs if r[0] == page)
    lowest = min(r[5] for r in runs if r[0] == page)
    assert lowest < runs[0][8] * 0.35, lowest  # the day fills the door, not its top half


def test_proceedings_run_in_time_order(editor, tmp_path):
    from kiosk.grid import pdf

    grid = _wall_grid(editor)
    later = editor.propose("Parked idea", ["Ann"])  # not placed: after the day's sessions
    grid = editor.grid()
    drawn = pdf.proceedings(grid, {"name": "Diwrnod Iechyd"}, tmp_path / "book.pdf")
    order = [d.text for d in drawn if d.source == "title"]
    expected = ["Data for good", "Sláinte agus folláine san ionad oibre", "Welsh-language care in practice",
                "Gwasanaethau iechyd yn y gymuned", later.title]  # 10:00 Main Hall, Garden; 11:30 Main Hall, Gŵyr
    assert order == expected


def test_a_full_day_on_a_door_continues_on_another_page_with_every_title_whole(store, tmp_path):
    from pypdf import PdfReader

    from kiosk.grid import pdf
    from kiosk.grid.editor import GridEditor

    editor = GridEditor(store)
    none = pdf.door_signs(editor.grid(), {}, tmp_path / "none.pdf")
    assert len(PdfReader(tmp_path / "none.pdf").pages) == 1 and [d.source for d in none][-1] == "empty"
    editor.add_space("Ystafell Gŵyr")
    titles = []
    for hour in range(8, 20):
        editor.add_slot(f"{hour:02d}:00", f"{hour:02d}:50")
        title = f"Sesiwn {hour}: " + ("gwasanaethau iechyd meddwl yn y gymuned " * (4 if hour % 3 else 1)).strip()
        titles.append(title)
        editor.propose(title, ["Siân Jones", "Dafydd ap Gwilym"], space="Ystafell Gŵyr", slot=f"{hour:02d}:00")
    out = tmp_path / "doors.pdf"
    drawn = pdf.door_signs(editor.grid(), {"name": "Diwrnod"}, out)
    runs = _pdf_runs(out)
    assert all(_inside(r) for r in runs)
    assert len({r[0] for r in runs}) >= 3 and "(continued)" in " ".join(d.text for d in drawn if d.source == "space")
    drawn_titles = [d for d in drawn if d.source == "title"]
    assert min(d.size for d in drawn_titles) >= 28
    text = " ".join(d.text for d in drawn_titles)
    assert [t for t in titles if t not in text] == [] and "…" not in text
