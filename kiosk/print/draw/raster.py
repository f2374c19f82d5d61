"""Renders a badge PDF page to an image at a printer's resolution, for raster printers.

The PDF is the one source of truth; thermal and label printers get exactly that page, rendered
by QtPdf offscreen and composited onto white (QtPdf leaves the background transparent).
"""

from __future__ import annotations

import io
from pathlib import Path

from kiosk.print.backends.base import PrintError


def render_page(pdf: Path, dpi: float, page: int = 0):
    """The page as a QImage (RGB, white background) at `dpi`."""
    from PySide6.QtCore import QSize, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtPdf import QPdfDocument

    from kiosk.print.draw.text_engine import qt_text_ready

    qt_text_ready()
    document = QPdfDocument()
    document.load(str(pdf))
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() <= page:
        raise PrintError(f"cannot read the badge PDF {pdf.name}")
    points = document.pagePointSize(page)
    size = QSize(max(1, round(points.width() / 72 * dpi)), max(1, round(points.height() / 72 * dpi)))
    rendered = document.render(page, size)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    document.close()
    return image


def to_pil(image):
    """A QImage as a Pillow image (python-escpos and brother_ql take Pillow images)."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(buffer.data().data())).convert("RGB")
