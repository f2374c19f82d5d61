"""Printer backends: one abstract printer, one small module per connection type."""

from __future__ import annotations

from kiosk.print.backends.base import Backend, PrintError
from kiosk.print.printers import PrinterConfig


def make_backend(config: PrinterConfig) -> Backend:
    """The backend for a printer's URI scheme."""
    scheme = config.scheme
    if scheme == "pdf":
        from kiosk.print.backends.pdf_folder import PdfFolderBackend

        return PdfFolderBackend(config)
    if scheme.startswith("escpos+"):
        from kiosk.print.backends.escpos_backend import EscposBackend

        return EscposBackend(config)
    if scheme.startswith("brother+"):
        from kiosk.print.backends.brother import BrotherBackend

        return BrotherBackend(config)
    if scheme == "zpl+tcp":
        from kiosk.print.backends.zebra import ZebraBackend

        return ZebraBackend(config)
    if scheme == "system":
        from kiosk.print.backends.system import SystemBackend

        return SystemBackend(config)
    raise PrintError(f"printer {config.name!r}: no backend for {scheme!r}")


__all__ = ["Backend", "PrintError", "make_backend"]
