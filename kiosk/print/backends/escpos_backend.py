"""ESC/POS thermal printers through python-escpos: network (raw TCP 9100), USB, serial, device file.

A badge goes out as a raster image of the PDF page, scaled to the paper's printable width from
the printer's model profile, then the paper is cut. Nothing from an attendee's name ever reaches
the printer as text, so a name cannot inject printer commands.

The job's bytes are made first (python-escpos writing into a Dummy printer), then delivered in
one go by escpos_link, which returns only once the printer took them: see that module.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from urllib.parse import urlsplit

import kiosk.print.backends.escpos_link as escpos_link
import kiosk.print.backends.words as words
from kiosk.print.backends.base import Backend, Document, PrintError, Slip

DEFAULT_WIDTH_DOTS = 512  # 80 mm paper on a TM-T88-class printer; 58 mm paper is 384
DEFAULT_DPI = 203
CONNECT_TIMEOUT_S = 5
RESET = b"\x1b@"  # ESC @: a job starts from the printer's defaults, whatever the last one left set


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """python-escpos prints notes on stdout ("The media.width.pixel field of the printer profile is
    not set", "No printer's DPI info was found"): they would break `--json` and mean nothing to staff."""
    with contextlib.redirect_stdout(io.StringIO()):
        yield


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

    def _dummy(self):
        """A printer that only collects the job's bytes, with this model's profile."""
        from escpos.printer import Dummy

        printer = Dummy(**({"profile": self.config.profile} if self.config.profile else {}))
        printer._raw(RESET)
        return printer

    def _where(self) -> tuple[str, str]:
        """The printer's address as staff typed it, and what kind of place that is."""
        parts = urlsplit(self.config.uri)
        kind = self._kind()
        if kind == "tcp":
            return f"{parts.hostname}:{parts.port or 9100}", words.NETWORK
        if kind == "usb":
            return f"USB {parts.netloc}", words.DEVICE
        return parts.path, words.DEVICE

    def _link(self) -> escpos_link.Link:
        import escpos.printer as printers

        profile = {"profile": self.config.profile} if self.config.profile else {}
        parts = urlsplit(self.config.uri)
        kind = self._kind()
        if kind == "tcp":
            return escpos_link.TcpLink(parts.hostname or "", parts.port or 9100, CONNECT_TIMEOUT_S)
        if kind == "usb":
            vid, pid = (int(x, 16) for x in parts.netloc.split(":"))
            printer = printers.Usb(vid, pid, **profile)
        elif kind == "serial":
            printer = printers.Serial(devfile=parts.path, **profile)
        else:
            printer = printers.File(devfile=parts.path, **profile)
        printer.open(raise_not_found=True)
        return escpos_link.EscposLink(printer, two_way=kind == "usb")

    def speaks_status(self) -> bool:
        """Epson's real-time status (DLE EOT n): every profile but the Star-mode ones."""
        from escpos.capabilities import get_profile

        try:
            features = get_profile(self.config.profile or None).profile_data.get("features", {})
        except Exception:  # an unknown model name: try; a printer that does not answer is fine
            return True
        return not features.get("starCommands", False)

    def _send(self, data: bytes) -> str:
        """Deliver a job; return once the printer has taken it, or raise PrintError saying why not."""
        name = self.config.name
        try:
            link = self._link()
        except Exception as exc:  # each connection type raises its own kinds
            where, kind = self._where()
            raise PrintError(f"The printer {name!r} {words.problem(exc, where, kind)}.") from exc
        abort = True
        try:
            escpos_link.deliver(link, data, self.speaks_status(), printer=self.config.uri)
            abort = False
        except escpos_link.NotTaken as exc:
            raise PrintError(f"The printer {name!r} {escpos_link.NOT_TAKEN}") from exc
        except escpos_link.NotAPrinter as exc:  # nothing was printed: the job fails, not held
            where, _ = self._where()
            raise PrintError(f"What answers at {where} for the printer {name!r} "
                             f"{escpos_link.NOT_A_PRINTER}.") from exc
        except escpos_link.Unconfirmed as exc:
            raise PrintError(f"The printer {name!r} took the badge's bytes but did not confirm it: it answers no "
                             "status and never finished reading. Check whether the badge came out.",
                             maybe_printed=True) from exc
        except escpos_link.StatusProblem as exc:
            abort = False  # it has the badge: it may well print it once the problem is fixed
            raise PrintError(f"The printer {name!r} {exc.message}", maybe_printed=True) from exc
        except Exception as exc:  # the link broke mid-job (unplugged, switched off, reset)
            raise PrintError(f"The connection to the printer {name!r} broke during the job: check it is on, "
                             "then print again.") from exc
        finally:
            link.close(abort=abort)
        return self.config.uri

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

    @staticmethod
    def dpi_for(profile_name: str) -> float:
        """The head's dots per inch from the model profile; without one, what its width implies
        (512 dots: a TM-T88-class 180 dpi head on 80 mm paper; otherwise 203 dpi)."""
        from escpos.capabilities import get_profile

        try:
            media = get_profile(profile_name or None).profile_data.get("media", {})
        except Exception:  # an unknown model name: as for its width
            media = {}
        dpi = media.get("dpi")
        if isinstance(dpi, (int, float)) and dpi > 0:
            return float(dpi)
        return 180.0 if EscposBackend.width_dots_for(profile_name) == 512 else float(DEFAULT_DPI)

    def print_document(self, document: Document) -> str:
        """A badge as 1-bit raster made by mono.py (turned to use the paper's width, the QR in whole
        dots, bands solid black): already black and white, so python-escpos has nothing to dither."""
        from kiosk.print.draw.mono import mono_page

        if isinstance(document.slip, Slip):
            return self.print_slip(document.slip)
        reason = self.connection_reason()
        if reason:
            raise PrintError(f"printer {self.config.name!r}: {reason}")
        width = self.width_dots_for(self.config.profile)
        # drawn before connecting: no idle open socket
        page = mono_page(document, self.dpi_for(self.config.profile), width)
        with quiet():
            printer = self._dummy()
            printer.image(page.image, impl="bitImageRaster", center=False)  # already as wide as the paper
            printer.cut()
        return self._send(printer.output)

    def print_slip(self, slip: Slip) -> str:
        """Text lines in the printer's own font (fast, crisp), wrapped at its columns; lines the code
        page cannot hold are drawn as wrapped images so they never come out as '?' or cut off; the
        QR is the printer's native one where the model has it, else an image (see escpos_slip)."""
        from kiosk.print.backends.escpos_slip import columns_for, write_slip

        reason = self.connection_reason()
        if reason:
            raise PrintError(f"printer {self.config.name!r}: {reason}")
        width = self.width_dots_for(self.config.profile)
        try:
            with quiet():
                printer = self._dummy()
                write_slip(printer, slip, width, columns_for(self.config.profile, width))
        except Exception as exc:
            raise PrintError(f"printer {self.config.name!r}: cannot make the slip: {exc}") from exc
        return self._send(printer.output)
