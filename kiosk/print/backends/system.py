"""OS printers (CUPS, Windows spooler) through Qt's print support, with the layout's exact page.

The page size is the PDF's own (one badge, or a sheet of them), margins zero, no scaling: each
PDF page is rendered at the printer's resolution and placed at full size, so nothing is rotated,
stretched or shrunk by surprise.
"""

from __future__ import annotations

from kiosk.print.backends.base import Backend, Document, PrintError


def system_printer_names() -> list[str]:
    from PySide6.QtPrintSupport import QPrinterInfo

    from kiosk.print.draw.text_engine import qt_text_ready

    qt_text_ready()
    return [info.printerName() for info in QPrinterInfo.availablePrinters()]


def _page_count(document: Document) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return max(1, len(PdfReader(document.pdf).pages))
    except (OSError, PdfReadError) as exc:
        raise PrintError(f"cannot read the badge PDF {document.pdf.name}") from exc


class SystemBackend(Backend):
    @property
    def queue(self) -> str:
        return self.config.uri.split(":", 1)[1].strip("/")

    def print_document(self, document: Document) -> str:
        from PySide6.QtCore import QMarginsF, QRect, QSizeF
        from PySide6.QtGui import QPageLayout, QPageSize, QPainter
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        from kiosk.print.draw.raster import render_page
        from kiosk.print.draw.text_engine import qt_text_ready

        qt_text_ready()
        info = QPrinterInfo.printerInfo(self.queue)
        if info.isNull():
            raise PrintError(f"no system printer called {self.queue!r} (is it switched on and installed?)")
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        printer.setDocName(document.title)
        page = QPageSize(QSizeF(document.width_mm, document.height_mm), QPageSize.Unit.Millimeter,
                         "Badge", QPageSize.SizeMatchPolicy.ExactMatch)
        orientation = QPageLayout.Orientation.Portrait  # the page size itself carries the shape
        if not printer.setPageLayout(QPageLayout(page, orientation, QMarginsF(0, 0, 0, 0))):
            raise PrintError(f"printer {self.queue!r} does not accept a "
                             f"{document.width_mm}×{document.height_mm} mm page")
        printer.setFullPage(True)
        # A4 at 600 dpi is 140 MB of pixels a page: big pages are drawn at up to 300 dpi.
        dpi = min(printer.resolution(), 600 if document.width_mm * document.height_mm < 200 * 150 else 300)
        pages = _page_count(document)
        image = render_page(document.pdf, dpi)  # a PDF that cannot be drawn fails before the job starts
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError(f"printer {self.queue!r} refused the job")
        try:
            for page_no in range(pages):
                if page_no:
                    printer.newPage()
                    image = render_page(document.pdf, dpi, page_no)
                target = printer.pageLayout().fullRectPixels(printer.resolution())
                # Never stretched: were the printer to hand back another page than the one asked
                # for, the page is scaled whole, centred, keeping its shape.
                scale = min(target.width() / image.width(), target.height() / image.height())
                w, h = round(image.width() * scale), round(image.height() * scale)
                painter.drawImage(QRect((target.width() - w) // 2, (target.height() - h) // 2, w, h), image)
        finally:
            painter.end()
        return f"system:{self.queue}"
