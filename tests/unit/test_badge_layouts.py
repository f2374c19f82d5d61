"""The shipped badge layouts measured as a reader and a scanner meet them: sizes the boxes can
hold, text contrast, ticket types told apart without colour, the QR code's size and quiet zone,
and the A4 sheet's margins, gutters and cut marks — from the layout and from the rendered page."""

from __future__ import annotations

import dataclasses
import json

import pytest
import zxingcpp
from PIL import Image

from kiosk.core.errors import UsageError
from kiosk.core.model import Attendee
from kiosk.print.draw.badge_pdf import MM, BadgeRenderer
from kiosk.print.draw.layout import (
    DEFAULT_BAND_COLOURS,
    MIN_SHEET_MARGIN,
    available_layouts,
    contrast,
    load_layout,
    parse_layout,
)
from kiosk.print.draw.raster import render_page, to_pil
from kiosk.print.draw.textfit import LEADING

SHIPPED = sorted(available_layouts())
SECRET = "PRETIX5ECRETabcdefghijklmnopqrst"  # a 32-character pretix secret
TYPES = ["Speaker", "Staff", "Facilitator", "Guest", "Member", "Walk-in"]


def rendered(layout, attendees, tmp_path, dpi=300, page=0) -> Image.Image:
    pdf = tmp_path / f"{layout.name}.pdf"
    BadgeRenderer(layout, "Cymru & Éire Community Day").write(attendees, pdf)
    return to_pil(render_page(pdf, dpi, page))


def shipped_json(name: str) -> dict:
    return json.loads(load_layout(name).path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SHIPPED)
def test_sizes_are_honest_one_line_at_the_asked_size_fits_its_box(name):
    """Brother and DYMO asked for 60 pt in a box that held 54.5: every text field's size now fits."""
    for f in load_layout(name).fields:
        if f.type in ("text", "band"):
            assert f.size * LEADING <= f.h * MM + 0.01, (name, f.source, f.size, f.h)


@pytest.mark.parametrize("name", ["brother-62mm", "brother-62x100", "dymo-badge"])
def test_label_printer_first_name_prints_at_60_pt(tmp_path, name):
    renderer = BadgeRenderer(load_layout(name))
    renderer.write([Attendee("c", first_name="Siân", last_name="Jones")], tmp_path / "b.pdf")
    assert next(d for d in renderer.drawn if d.source == "first_name").size == 60


@pytest.mark.parametrize("name", ["badge-4x3", "a4-sheet-6x-4x3"])
def test_organisation_at_least_14_pt_on_4x3(tmp_path, name):
    layout = load_layout(name)
    org = next(f for f in layout.fields if f.source == "organisation")
    assert org.min_size >= 14
    renderer = BadgeRenderer(layout)
    people = [Attendee("c", first_name="Siân", organisation=o) for o in (
        "HSE", "Betsi Cadwaladr University Health Board",
        "The Royal College of General Practitioners in Wales and the Welsh Borders")]
    renderer.write(people, tmp_path / "b.pdf")
    sizes = [d.size for d in renderer.drawn if d.source == "organisation"]
    assert len(sizes) >= 3 and min(sizes) >= 14


@pytest.mark.parametrize("name", SHIPPED)
def test_band_text_contrast_from_the_layout(name):
    layout = load_layout(name)
    band = next(f for f in layout.fields if f.type == "band")
    for ticket_type in [*TYPES, "Speaker and workshop facilitator"]:
        assert contrast(band.colour, layout.band_colour(ticket_type)) >= 4.5, ticket_type
    assert contrast("#ffffff", "#ef6c00") < 3.1  # the old Walk-in orange, for the record


def band_pixels(image: Image.Image, layout, dpi=300) -> Image.Image:
    band = next(f for f in layout.fields if f.type == "band")
    px = dpi / 25.4
    return image.crop((round(band.x * px), round(band.y * px), round((band.x + band.w) * px),
                       round((band.y + band.h) * px))).convert("RGB")


def test_band_contrast_measured_on_the_rendered_walk_in_badge(tmp_path):
    """On the page itself: the band's own colour against its lightest (text) pixels."""
    layout = load_layout("badge-4x3")
    band = band_pixels(rendered(layout, [Attendee("c", first_name="Siân", ticket_type="Walk-in")], tmp_path),
                       layout)
    colours = sorted(band.getcolors(maxcolors=1 << 20), reverse=True)
    background = colours[0][1]
    text = max((c for _, c in colours), key=sum)
    hex_of = "#{:02x}{:02x}{:02x}".format
    assert contrast(hex_of(*background), hex_of(*text)) >= 4.5
    assert hex_of(*background) == DEFAULT_BAND_COLOURS["Walk-in"]


def test_loader_refuses_low_contrast_naming_layout_and_colours():
    data = shipped_json("badge-4x3")
    data["band_colours"] = {"Walk-in": "#ef6c00"}
    with pytest.raises(UsageError) as refused:
        parse_layout(data, "our-badge")
    message = str(refused.value)
    assert "our-badge" in message and "#ef6c00" in message and "#ffffff" in message
    assert "3.08:1" in message and "Walk-in" in message and "4.5:1" in message
    grey_text = shipped_json("badge-4x3")
    grey_text["fields"][3]["colour"] = "#aaaaaa"  # organisation in light grey on white
    with pytest.raises(UsageError, match="#aaaaaa.*2.32:1"):
        parse_layout(grey_text, "grey")
    bad = shipped_json("badge-4x3")
    bad["band_colours"] = {"Guest": "green"}
    with pytest.raises(UsageError, match="#rrggbb"):
        parse_layout(bad, "bad")


def test_ticket_types_as_platforms_name_them_get_their_bands_colour_and_marker(tmp_path):
    """"Speakers", "Speaker pass", "SPEAKER": the Speaker band, not the grey fallback (the bands
    were matched exactly); a type the layout does not name still gets the fallback."""
    layout = load_layout("badge-4x3")
    named = ["Speaker", "Speakers", "Speaker pass", "SPEAKER", "staff", "Walk-in ticket", "Guests", "Attendee"]
    pdf = tmp_path / "b.pdf"
    BadgeRenderer(layout).write([Attendee(f"c{i}", first_name="Siân", ticket_type=t) for i, t in enumerate(named)],
                                pdf)
    band = next(f for f in layout.fields if f.type == "band")
    seen = []
    for page in range(len(named)):
        image = band_pixels(to_pil(render_page(pdf, 100, page)), layout, 100)
        end = image.crop((0, 0, round(band.h * 100 / 25.4), image.height)).convert("L")
        seen.append((image.getpixel((image.width // 2, 1)), end.point(lambda v: 255 if v > 200 else 0).tobytes()))
    speaker = seen[0]
    assert all(seen[i] == speaker for i in (1, 2, 3)), [s[0] for s in seen]  # colour and marker alike
    assert seen[4][0] != seen[7][0] and layout.band_colour("staff") == layout.band_colour("Staff")
    assert layout.band_shape("Walk-in ticket") == "plus" and layout.band_shape("Guests") == "circle"
    assert seen[7][0] != speaker[0] and layout.band_colour("Attendee") == layout.band_colour("*")


def test_ticket_types_differ_in_words_and_shape_not_only_colour(tmp_path):
    """Grey the bands (as a 1-bit printer or a colour-blind reader meets them): the type is
    written in the band and each common type has its own marker shape."""
    from pypdf import PdfReader

    layout = load_layout("badge-4x3")
    people = [Attendee(f"c{i}", first_name="Siân", ticket_type=t) for i, t in enumerate(TYPES)]
    pdf = tmp_path / "b.pdf"
    BadgeRenderer(layout).write(people, pdf)
    band = next(f for f in layout.fields if f.type == "band")
    markers = []
    for page, ticket_type in enumerate(TYPES):
        assert ticket_type.upper() in PdfReader(pdf).pages[page].extract_text()
        image = band_pixels(to_pil(render_page(pdf, 300, page)), layout).convert("L")
        end = image.crop((0, 0, round(band.h * 300 / 25.4), image.height))  # the left marker
        markers.append(end.point(lambda v: 255 if v > 200 else 0).tobytes())  # light ink only
    assert len({layout.band_shape(t) for t in TYPES}) == len(TYPES)
    for i in range(len(TYPES)):
        assert sum(markers[i]) > 0, TYPES[i]  # a marker is drawn
        for j in range(i):
            differ = sum(a != b for a, b in zip(markers[i], markers[j], strict=True))
            assert differ > len(markers[i]) // 50, (TYPES[i], TYPES[j])


def quiet_zone(image: Image.Image, box_px: tuple[int, int, int, int], modules: int):
    """The QR symbol inside a box of the page: its bounds (px), its module (px), and the clear
    modules round it on the page itself (not just inside the box), the least of the four sides."""
    dark = image.convert("L").point(lambda v: 255 if v < 160 else 0)  # any ink, anti-aliased edges too
    x0, y0, _, _ = box_px
    left, top, right, bottom = dark.crop(box_px).getbbox()
    left, top, right, bottom = left + x0, top + y0, right + x0, bottom + y0
    module = (right - left) / modules
    clear = 0
    while clear < 12:
        ring = round((clear + 1) * module)
        outer = (left - ring, top - ring, right + ring, bottom + ring)
        if outer[0] < 0 or outer[1] < 0 or outer[2] > image.width or outer[3] > image.height:
            break  # the page ends: the paper's edge is no quiet zone
        ink = dark.crop(outer)
        ink.paste(0, (ring, ring, ring + right - left, ring + bottom - top))
        if ink.getbbox():
            break
        clear += 1
    return (left, top, right, bottom), module, clear


@pytest.mark.parametrize("name", SHIPPED)
def test_qr_reads_with_a_four_module_quiet_zone(tmp_path, name):
    layout = load_layout(name)
    hard = Attendee(SECRET, first_name="Gwenllïan Angharad", last_name="Llewellyn-ap-Rhys",
                    organisation="The Royal College of General Practitioners in Wales and the Welsh Borders",
                    pronouns="hi/ei", ticket_type="Speaker and workshop facilitator")
    image = rendered(layout, [hard], tmp_path)
    (found,) = zxingcpp.read_barcodes(image.convert("L"))
    assert found.text == SECRET
    modules = 17 + 4 * int(found.extra["Version"])
    qr = next(f for f in layout.fields if f.type == "qr")
    left, top = layout.slots()[0]
    px = 300 / 25.4
    box = (round((left + qr.x) * px), round((top + qr.y) * px), round((left + qr.x + qr.w) * px),
           round((top + qr.y + qr.h) * px))
    (x0, y0, x1, y1), module, clear = quiet_zone(image, box, modules)
    assert abs((x1 - x0) - (y1 - y0)) <= 2  # square
    assert clear >= 4, (name, clear)  # on the page
    # and the layout's own box holds the 4 modules, whatever lies beyond it
    assert min(x0 - box[0], box[2] - x1, y0 - box[1], box[3] - y1) >= 4 * module - 2, (name, module)
    side_mm = (x1 - x0) / px
    assert module / px >= 0.5, (name, module / px)  # 0.33 mm modules on CR80 before
    if name in ("badge-4x3", "a4-sheet-6x-4x3"):
        assert side_mm >= 20, side_mm


def test_qr_fields_are_kept_clear_and_the_loader_refuses_an_overlap():
    for name in SHIPPED:
        assert all(f.quiet_zone == 4 for f in load_layout(name).fields if f.type == "qr")
    data = shipped_json("badge-4x3")
    data["fields"][3]["w"] = 90  # the organisation box reaching under the QR code
    with pytest.raises(UsageError, match="overlaps the QR code"):
        parse_layout(data, "x")


def test_a4_sheet_margins_gutters_and_cut_marks_inside_the_page(tmp_path):
    layout = load_layout("a4-sheet-6x-4x3")
    sheet = layout.sheet
    assert sheet and (sheet.page_w, sheet.page_h, sheet.columns * sheet.rows) == (210, 297, 6)
    side, ends = sheet.margins(layout.width, layout.height)
    assert min(side, ends) >= MIN_SHEET_MARGIN and sheet.gutter >= 4
    marks = sheet.cut_marks_mm(layout.width, layout.height)
    assert marks and all(2 <= x <= 208 and 2 <= y <= 295 for x1, y1, x2, y2 in marks
                         for x, y in ((x1, y1), (x2, y2)))
    slots = layout.slots()
    for x1, y1, x2, y2 in marks:  # never across a badge
        for sx, sy in slots:
            assert not (sx < max(x1, x2) and min(x1, x2) < sx + layout.width
                        and sy < max(y1, y2) and min(y1, y2) < sy + layout.height)
    # On the page: grey marks in the gutters, nothing within 2 mm of the paper's edge.
    people = [Attendee(f"c{i}", first_name="Siân", last_name="Jones", ticket_type="Guest") for i in range(6)]
    image = rendered(layout, people, tmp_path, dpi=100).convert("L")
    px = 100 / 25.4
    edge = round(2 * px)
    inner = image.crop((edge, edge, image.width - edge, image.height - edge))
    assert not Image.eval(image, lambda v: 255 if v < 200 else 0).crop((0, 0, image.width, edge)).getbbox()
    assert Image.eval(inner, lambda v: 255 if v < 200 else 0).getbbox()
    gutter_x = round((slots[0][0] + layout.width + sheet.gutter / 2) * px)
    column = image.crop((gutter_x - 1, 0, gutter_x + 2, image.height))
    assert any(v < 200 for v in column.tobytes())  # horizontal cut marks cross the middle gutter


def test_loader_refuses_a_sheet_closer_than_5_mm_to_the_edge():
    data = shipped_json("a4-sheet-6x-4x3")
    data["width"], data["sheet"]["gutter"] = 101.6, 0  # the old sheet: 3.4 mm side margins
    for f in data["fields"]:
        f["x"] = min(f["x"], 101.6 - f["w"])
    with pytest.raises(UsageError, match=r"within 3\.4 mm of the paper's edge.*5 mm"):
        parse_layout(data, "old-sheet")


def test_a_sheet_without_gutters_still_loads_with_marks_in_its_margins():
    data = shipped_json("a4-sheet-6x-4x3")
    data["sheet"]["gutter"] = 0
    layout = parse_layout(data, "no-gutter")
    assert layout.sheet and layout.sheet.cut_marks_mm(layout.width, layout.height)
    assert dataclasses.replace(layout, sheet=None).slots() == [(0.0, 0.0)]
