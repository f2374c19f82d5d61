"""OS printers (CUPS, Windows spooler) through Qt's print support, with the layout's exact page.

The page size is the badge's own, margins zero, no scaling: the PDF page is rendered at the
printer's resolution and placed at full size, so nothing is rotated or shrunk by surprise.
"""

from __future__ import annotations

from kiosk.print.backends.base import Backend, Document, PrintError


def system_printer_names() -> list[str]:
    from PySide6.QtPrintSupport import QPrinterInfo

    from kiosk.print.draw.text_engine import qt_text_ready

    qt_text_ready()
    return [info.printerName() for info in QPrinterInfo.availablePrinters()]


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
        image = render_page(document.pdf, min(printer.resolution(), 600))
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError(f"printer {self.queue!r} refused the job")
        try:
            target = printer.pageLayout().fullRectPixels(printer.resolution())
            painter.drawImage(QRect(0, 0, target.width(), target.height()), image)
        finally:
            painter.end()
        return f"system:{self.queue}"
