"""ESC/POS thermal printers through python-escpos: network (raw TCP 9100), USB, serial, device file.

A badge goes out as a raster image of the PDF page, scaled to the paper's printable width from
the printer's model profile, then the paper is cut. Nothing from an attendee's name ever reaches
the printer as text, so a name cannot inject printer commands.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from kiosk.print.backends.base import Backend, Document, PrintError

DEFAULT_WIDTH_DOTS = 512  # 80 mm paper on a TM-T88-class printer; 58 mm paper is 384
DEFAULT_DPI = 203
CONNECT_TIMEOUT_S = 5


class EscposBackend(Backend):
    @staticmethod
    def unusable_reason() -> str | None:
        try:
            import escpos.printer  # noqa: F401
        except ImportError:
            return "python-escpos is not installed"
        return None

    def _kind(self) -> str:
        return self.config.scheme.split("+", 1)[1]

    def connection_reason(self) -> str | None:
        """Why this connection type cannot be used here (USB needs pyusb, serial pyserial)."""
        import escpos.printer as printers

        cls = {"tcp": printers.Network, "usb": printers.Usb, "serial": printers.Serial,
               "file": printers.File}[self._kind()]
        if not cls.is_usable():
            extra = {"usb": "pyusb", "serial": "pyserial"}.get(self._kind(), "its library")
            return f"{self._kind()} printers need {extra} (pip install {extra})"
        return None

    def _open(self):
        import escpos.printer as printers

        profile = {"profile": self.config.profile} if self.config.profile else {}
        parts = urlsplit(self.config.uri)
        kind = self._kind()
        if kind == "tcp":
            printer = printers.Network(parts.hostname, port=parts.port or 9100,
                                       timeout=CONNECT_TIMEOUT_S, **profile)
        elif kind == "usb":
            vid, pid = (int(x, 16) for x in parts.netloc.split(":"))
            printer = printers.Usb(vid, pid, **profile)
        elif kind == "serial":
            printer = printers.Serial(devfile=parts.path, **profile)
        else:
            printer = printers.File(devfile=parts.path, **profile)
        printer.open(raise_not_found=True)
        return printer

    @staticmethod
    def width_dots_for(profile_name: str) -> int:
        """Printable width in dots from the model profile (python-escpos's capabilities)."""
        from escpos.capabilities import get_profile

        try:
            media = get_profile(profile_name or None).profile_data.get("media", {})
        except Exception:  # an unknown model name: the common 80 mm width
            return DEFAULT_WIDTH_DOTS
        pixels = media.get("width", {}).get("pixels")
        return pixels if isinstance(pixels, int) and pixels > 0 else DEFAULT_WIDTH_DOTS

    def print_document(self, document: Document) -> str:
        from kiosk.print.raster import render_page, to_pil

        reason = self.connection_reason()
        if reason:
            raise PrintError(f"printer {self.config.name!r}: {reason}")
        width = self.width_dots_for(self.config.profile)
        dpi = max(96, round(width / max(document.width_mm, 1) * 25.4))
        image = to_pil(render_page(document.pdf, dpi))  # before connecting: no idle open socket
        if image.width > width:
            image = image.resize((width, round(image.height * width / image.width)))
        try:
            printer = self._open()
        except Exception as exc:  # each connection type raises its own kinds
            raise PrintError(f"printer {self.config.name!r} is not reachable: {exc}") from exc
        try:
            printer.image(image, impl="bitImageRaster", center=True)
            printer.cut()
        except Exception as exc:
            raise PrintError(f"printer {self.config.name!r} failed mid-job: {exc}") from exc
        finally:
            try:
                printer.close()
            except Exception:  # noqa: S110 - a printer that vanished cannot be closed cleanly
                pass
        return self.config.uri
