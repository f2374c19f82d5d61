"""Badges on 1-bit printers, read back from what a loopback printer received: the ESC/POS raster
(GS v 0) of a 576-dot (203 dpi) and a 512-dot (180 dpi) printer, decoded to an image, must carry a
QR that reads the 32-character ticket code, a name at ≥ 90 % of the layout's size, a solid band
and QR modules of whole dots. Brother QL labels go through the same rendering."""

from __future__ import annotations

import math

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from kiosk.print.draw.layout import load_layout
from kiosk.print.draw.mono import fit, module_size
from kiosk.print.draw.raster import render_page, to_pil
from kiosk.print.printers import PrinterRegistry
from kiosk.print.queue import PrintQueue

from tests.support.escpos_decode import decode
from tests.support.event_data import add_attendee
from tests.support.printer_fakes import FakeBrother, TcpPrinter

SECRET = "k7x2m9p4w8q3r6t1v5n0y2z4b6c8d0e2"  # a pretix-style secret: 32 lower-case letters and digits
NAME = "Siobhán"


@pytest.fixture
def registry(data_dir):
    return PrinterRegistry(data_dir)


@pytest.fixture
def queue(store, registry):
    add_attendee(store, SECRET, first_name=NAME, last_name="Ní Bhriain", ticket_type="Walk-in",
                 organisation="Cymdeithas Gwasanaethau Iechyd")
    return PrintQueue(store, registry)


def _ink(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L")) < 128


def _rows_with_ink(ink: np.ndarray) -> tuple[int, int]:
    rows = np.flatnonzero(ink.any(axis=1))
    return int(rows[0]), int(rows[-1]) + 1


def _printed_badge(queue, registry, profile: str) -> Image.Image:
    printer = TcpPrinter()
    try:
        registry.add("thermal", printer.uri, layout="badge-4x3", profile=profile)
        job = queue.enqueue_badge(SECRET, printer="thermal")
        done = queue.run_once(job.id)
        data = printer.wait_for_job()
    finally:
        printer.close()
    assert done.state == "done", done.error
    printed = decode(data, profile)
    assert printed.cut and len(printed.images) >= 1
    strip = printed.images
    paper = Image.new("1", (strip[0].width, sum(i.height for i in strip)), 1)
    top = 0
    for part in strip:  # python-escpos sends a tall image in fragments
        paper.paste(part, (0, top))
        top += part.height
    return paper


@pytest.mark.parametrize(("profile", "dots", "dpi"), [("TM-T20II", 576, 203), ("TM-T88V", 512, 180)])
def test_a_thermal_badge_reads_back_full_size_with_a_qr_that_decodes(queue, registry, tmp_path, profile, dots,
                                                                      dpi):
    paper = _printed_badge(queue, registry, profile)
    assert paper.width == dots
    assert paper.height > paper.width, "the 4 × 3 in badge is turned to use the paper's width"
    # The QR, read from the very dots the printer got, at their own size.
    found = zxingcpp.read_barcodes(paper.convert("L"))
    assert [r.text for r in found] == [SECRET]

    layout = load_layout("badge-4x3")
    badge = paper.transpose(Image.Transpose.ROTATE_90)  # it came out turned: the badge's top on the right
    ink = _ink(badge)
    band = next(f for f in layout.fields if f.type == "band")
    # The band is the badge's full width: where it starts and ends gives the badge's place and scale.
    band_rows = np.flatnonzero(ink.mean(axis=1) > 0.7)
    band_top = int(band_rows[0])
    band_cols = np.flatnonzero(ink[band_top + 2])
    left, width_dots = int(band_cols[0]), int(band_cols[-1]) + 1 - int(band_cols[0])
    per_mm = width_dots / layout.width  # printed dots per layout millimetre
    assert per_mm / (dpi / 25.4) >= 0.9  # the whole badge at ≥ 90 % of its size

    # Solid black under the ticket type's white words, never a grey dither (~35 % dots).
    band_ink = ink[band_top:band_top + math.floor(band.h * per_mm), left:left + width_dots]
    assert 0.75 < band_ink.mean() < 0.99

    # The name's letters, measured in millimetres on paper against the layout drawn at 600 dpi.
    name = next(f for f in layout.fields if f.source == "first_name")
    box = ink[band_top + math.ceil(name.y * per_mm):band_top + math.floor((name.y + name.h) * per_mm),
              left + math.ceil(name.x * per_mm):left + math.floor((name.x + name.w) * per_mm)]
    printed_mm = (lambda r: (r[1] - r[0]) / dpi * 25.4)(_rows_with_ink(box))
    pdf = tmp_path / "reference.pdf"
    from kiosk.core.model import Attendee
    from kiosk.print.draw.badge_pdf import BadgeRenderer

    BadgeRenderer(layout).write([Attendee(SECRET, first_name=NAME, last_name="Ní Bhriain", ticket_type="Walk-in")],
                                pdf)
    reference = _ink(to_pil(render_page(pdf, 600)))
    scale = 600 / 25.4
    ref_box = reference[math.ceil(name.y * scale):math.floor((name.y + name.h) * scale),
                        math.ceil(name.x * scale):math.floor((name.x + name.w) * scale)]
    layout_mm = (lambda r: (r[1] - r[0]) / scale)(_rows_with_ink(ref_box))
    assert printed_mm / layout_mm >= 0.9, (printed_mm, layout_mm)

    # QR modules of whole dots: every run of dark or light dots inside the code is a multiple of
    # one module's dots (a resampled or dithered QR has ragged runs).
    position = found[0].position
    xs = [position.top_left.x, position.top_right.x, position.bottom_left.x, position.bottom_right.x]
    ys = [position.top_left.y, position.top_right.y, position.bottom_left.y, position.bottom_right.y]
    around = _ink(paper)[min(ys) - 4:max(ys) + 5, min(xs) - 4:max(xs) + 5]  # the quiet zone is blank
    top, bottom = _rows_with_ink(around)
    first, last = _rows_with_ink(around.T)
    code = around[top:bottom, first:last]
    assert code.shape[0] == code.shape[1]
    runs = []
    for row in code:
        edges = np.flatnonzero(np.diff(row.astype(np.int8))) + 1
        runs += list(np.diff(np.concatenate(([0], edges, [len(row)]))))
    assert math.gcd(*map(int, runs)) >= 2


def test_a_badge_narrower_than_the_paper_is_not_turned_and_a_wide_one_is():
    assert fit(54, 85.6, 203, 576) == (False, 1.0)  # portrait CR80 fits as it is
    turned, scale = fit(101.6, 76.2, 203, 576)
    assert turned and 0.94 < scale < 0.95
    assert fit(105, 148, 203, 576)[0] is False  # an A6 badge: turning would print it smaller


def test_the_quiet_zone_gives_way_only_when_modules_would_be_too_small():
    assert module_size(29, 150) == (4, 4)
    assert module_size(29, 102) == (3, 2)  # 4 modules of quiet zone would leave 2-dot modules
    assert module_size(29, 20) == (0, 4)


def test_a_brother_label_is_one_bit_with_a_qr_that_decodes(queue, registry, tmp_path):
    import io

    from brother_ql.reader import BrotherQLReader

    printer = FakeBrother()
    try:
        registry.add("ql", printer.uri, layout="brother-62x100")
        job = queue.enqueue_badge(SECRET, printer="ql")
        done = queue.run_once(job.id)
        data = printer.wait_for_job()
    finally:
        printer.close()
    assert done.state == "done", done.error
    reader = BrotherQLReader(io.BufferedReader(io.BytesIO(data)))  # brother_ql's own raster reader
    reader.filename_fmt = str(tmp_path / "label{counter}.png")
    reader.analyse()
    label = Image.open(tmp_path / "label1.png")
    assert label.height == 1109  # the die-cut 62 x 100 label's exact printable length
    assert [r.text for r in zxingcpp.read_barcodes(label.convert("L"))] == [SECRET]
