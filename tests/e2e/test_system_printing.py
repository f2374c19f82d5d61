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


def test_unknown_queue_is_a_clear_error():
    from kiosk.print.backends.base import PrintError

    with pytest.raises(PrintError, match="no system printer"):
        SystemBackend(PrinterConfig("x", "system:no-such-queue")).print_document(
            Document(Path("/nonexistent.pdf"), 100, 60))
