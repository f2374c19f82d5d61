"""System printing through Qt's print support into a real CUPS queue with a virtual PDF printer.

Runs where KIOSK_CUPS_QUEUE names such a queue (CI sets one up with scripts/setup-test-cups.sh).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.core.model import Attendee
from kiosk.print.backends.base import Document
from kiosk.print.backends.system import SystemBackend, system_printer_names
from kiosk.print.draw.badge_pdf import BadgeRenderer
from kiosk.print.draw.layout import load_layout
from kiosk.print.printers import PrinterConfig

QUEUE = os.environ.get("KIOSK_CUPS_QUEUE")
OUT = Path(os.environ.get("KIOSK_CUPS_OUT", "/var/spool/cups-pdf/out"))
pytestmark = pytest.mark.skipif(not QUEUE, reason="no CUPS test queue (set KIOSK_CUPS_QUEUE)")


def grey_pixels(pdf: Path, width: int, height: int) -> bytes:
    """The page as a small grey image of a given size: enough to compare what arrived with what
    was sent (rounding may make the two pages' pixel sizes differ by one)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    from kiosk.print.draw.raster import render_page

    image = render_page(pdf, 40).scaled(width, height, Qt.AspectRatioMode.IgnoreAspectRatio,
                                         Qt.TransformationMode.SmoothTransformation)
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return b"".join(bytes(grey.constScanLine(y))[:width] for y in range(height))


@pytest.mark.parametrize("layout_name", ["badge-4x3", "cr80", "dymo-badge"])
def test_badge_arrives_at_exact_size_with_the_name_on_it(tmp_path, layout_name):
    assert QUEUE in system_printer_names()
    layout = load_layout(layout_name)
    sent, other = tmp_path / "badge.pdf", tmp_path / "other.pdf"
    for path, first in ((sent, "Siân"), (other, "Bob")):
        BadgeRenderer(layout, "CUPS Day").write(
            [Attendee("c1", first_name=first, last_name="Ó Súilleabháin", full_name=f"{first} Ó Súilleabháin",
                      organisation="HEIW", ticket_type="Speaker")], path)
    before = set(OUT.glob("*.pdf"))
    title = f"kiosk-test-{layout_name}-{time.time_ns()}"
    SystemBackend(PrinterConfig("cups", f"system:{QUEUE}")).print_document(
        Document(sent, layout.width, layout.height, title))
    deadline = time.monotonic() + 60
    arrived: list[Path] = []
    while time.monotonic() < deadline and not arrived:
        arrived = [p for p in set(OUT.glob("*.pdf")) - before if p.stat().st_size > 0]
        time.sleep(0.3)
    assert arrived, "nothing reached the CUPS PDF printer"
    time.sleep(0.5)  # cups-pdf finishes writing
    page = PdfReader(arrived[0]).pages[0]
    width_mm = float(page.mediabox.width) / 72 * 25.4
    height_mm = float(page.mediabox.height) / 72 * 25.4
    assert abs(width_mm - layout.width) < 0.5 and abs(height_mm - layout.height) < 0.5  # not rotated
    size = (round(layout.width / 25.4 * 40), round(layout.height / 25.4 * 40))
    got = grey_pixels(arrived[0], *size)

    def distance(pdf: Path) -> float:
        return sum(abs(a - b) for a, b in zip(grey_pixels(pdf, *size), got, strict=True)) / len(got)

    # What arrived is the badge that was sent, far closer to it than to the same badge with
    # another first name: the name is on the page, where it was drawn.
    assert distance(sent) < 0.7 * distance(other), (distance(sent), distance(other))


def wait_for_pdfs(before: set[Path], count: int = 1) -> list[Path]:
    deadline = time.monotonic() + 60
    arrived: list[Path] = []
    while time.monotonic() < deadline and len(arrived) < count:
        arrived = sorted(p for p in set(OUT.glob("*.pdf")) - before if p.stat().st_size > 0)
        time.sleep(0.3)
    assert len(arrived) >= count, "nothing reached the CUPS PDF printer"
    time.sleep(0.5)  # cups-pdf finishes writing
    return arrived


def qr_on_page(pdf: Path, page: int, dpi: int):
    """The QR codes found on one page of what arrived, with their corners in mm."""
    import zxingcpp
    from PIL import Image

    from kiosk.print.draw.raster import render_page, to_pil

    image: Image.Image = to_pil(render_page(pdf, dpi, page))
    found = []
    for result in zxingcpp.read_barcodes(image):
        pos = result.position
        corners = [(c.x / dpi * 25.4, c.y / dpi * 25.4)
                   for c in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)]
        found.append((result.text, corners))
    return found


def width_height(corners) -> tuple[float, float]:
    """A found code's width and height in mm, each the mean of two opposite sides (the reader's
    corners are good to a pixel or two)."""
    top, right, bottom, left = (((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
                                for (x1, y1), (x2, y2) in zip(corners, corners[1:] + corners[:1], strict=True))
    return (top + bottom) / 2, (left + right) / 2


def test_a4_sheet_through_the_queue_arrives_as_undistorted_a4_pages(store, data_dir):
    """The print queue hands a system printer the sheet's own A4 page, not a 4×3 in page with
    the sheet squashed onto it; every page of a sheet arrives, A4, with square QR codes of the
    layout's size that read back."""
    from kiosk.print.printers import PrinterRegistry
    from kiosk.print.queue import PrintQueue, wait_for

    from tests.support.event_data import add_attendee

    layout = load_layout("a4-sheet-6x-4x3")
    assert layout.sheet and layout.page_size == (210, 297)
    add_attendee(store, "PRETIX5ECRETabcdefghijklmnopqrst", first_name="", last_name="",
                 full_name="de la Cruz", ticket_type="Speaker and workshop facilitator")
    registry = PrinterRegistry(data_dir)
    registry.add("office", f"system:{QUEUE}", layout="a4-sheet-6x-4x3")
    queue = PrintQueue(store, registry)
    before = set(OUT.glob("*.pdf"))
    job = wait_for(queue, queue.enqueue_badge("PRETIX5ECRETabcdefghijklmnopqrst", printer="office").id)
    assert job.state == "done", job.error
    (arrived,) = wait_for_pdfs(before)
    pages = PdfReader(arrived).pages
    assert len(pages) == 1
    box = pages[0].mediabox
    assert abs(float(box.width) / 72 * 25.4 - 210) < 0.5 and abs(float(box.height) / 72 * 25.4 - 297) < 0.5
    (text, corners), = qr_on_page(arrived, 0, 300)
    assert text == "PRETIX5ECRETabcdefghijklmnopqrst"
    width, height = width_height(corners)
    # Square (a squashed sheet made it 0.72 as tall as wide) and full size: 20 mm or more, as on
    # a 4×3 in badge (squashed, it was about 10 mm).
    assert abs(width / height - 1) < 0.02 and min(width, height) >= 20, (width, height)
    # In the first slot of the sheet, where the layout puts it.
    left, top = layout.slots()[0]
    qr = next(f for f in layout.fields if f.type == "qr")
    assert left + qr.x <= corners[0][0] and corners[2][0] <= left + qr.x + qr.w
    assert top + qr.y <= corners[0][1] and corners[2][1] <= top + qr.y + qr.h


def test_a_whole_sheet_prints_every_page(tmp_path):
    layout = load_layout("a4-sheet-6x-4x3")
    people = [Attendee(f"CODE-{i:02}", first_name="Siân", last_name=f"Jones {i}", ticket_type="Guest")
              for i in range(8)]
    sheet = tmp_path / "sheet.pdf"
    BadgeRenderer(layout, "CUPS Day").write(people, sheet)
    before = set(OUT.glob("*.pdf"))
    SystemBackend(PrinterConfig("cups", f"system:{QUEUE}")).print_document(
        Document(sheet, *layout.page_size, f"kiosk-test-sheet-{time.time_ns()}"))
    (arrived,) = wait_for_pdfs(before)
    pages = PdfReader(arrived).pages
    assert len(pages) == 2
    for page in pages:
        assert abs(float(page.mediabox.width) / 72 * 25.4 - 210) < 0.5
        assert abs(float(page.mediabox.height) / 72 * 25.4 - 297) < 0.5
    found = {text: width_height(corners) for page in (0, 1) for text, corners in qr_on_page(arrived, page, 300)}
    assert sorted(found) == [p.code for p in people]
    assert all(abs(w / h - 1) < 0.02 and min(w, h) >= 19 for w, h in found.values()), found


def test_unknown_queue_is_a_clear_error():
    from kiosk.print.backends.base import PrintError

    with pytest.raises(PrintError, match="no system printer"):
        SystemBackend(PrinterConfig("x", "system:no-such-queue")).print_document(
            Document(Path("/nonexistent.pdf"), 100, 60))
