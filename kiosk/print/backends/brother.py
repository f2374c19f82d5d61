"""Brother QL label printers driven directly with their raster protocol (brother-ql-next), for
driverless set-ups: network (raw TCP 9100), USB (pyusb) or the Linux printer device file.

The badge PDF is rendered at 300 dpi as 1-bit dots by kiosk.print.draw.mono, turned so the
badge's long side runs along the tape, and scaled to the label's printable width (a die-cut
label: its exact printable dots, which it refuses to differ from, the badge centred on it).

A job is done when the printer says "printing completed" in one of its 32-byte status packets.
The raster asks for status first (ESC i S), so a QL answers at once on every link brother_ql
offers (network TCP 9100, USB, /dev/usb/lp*): silence there means a printer that is off or stuck
(FIRST_REPLY_TIMEOUT_S), and a printer that answered but never said "printing completed" within
PRINTED_TIMEOUT_S may or may not have printed, so the job waits for staff rather than going round
again. Only a link that cannot be read at all (reading raises) counts as write-only: its job is
done once written, and its note says so.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import time
from urllib.parse import urlsplit

import kiosk.print.backends.words as words
from kiosk.print.backends.base import Backend, Document, PrintError

DEFAULT_MODEL = "QL-800"
DEFAULT_LABEL = "62"  # the 62 mm continuous roll
FIRST_REPLY_TIMEOUT_S = 3.0  # the answer to the job's own status request
PRINTED_TIMEOUT_S = 15.0  # "printing completed", once the printer talks: a long label takes seconds
WRITE_ONLY = "sent (this connection cannot report back, so the label is assumed printed)"


class BrotherBackend(Backend):
    @staticmethod
    def unusable_reason() -> str | None:
        try:
            import brother_ql.conversion  # noqa: F401
        except ImportError:
            return "brother-ql-next is not installed (pip install brother-ql-next)"
        return None

    def raster(self, document: Document) -> bytes:
        """The job as Brother raster instructions."""
        from brother_ql.conversion import convert
        from brother_ql.labels import ALL_LABELS
        from brother_ql.raster import BrotherQLRaster

        from kiosk.print.draw.mono import mono_page

        label_id = document.label or DEFAULT_LABEL
        label = next((lb for lb in ALL_LABELS if lb.identifier == label_id), None)
        if label is None:
            raise PrintError(f"unknown Brother label {label_id!r}")
        width, height = label.dots_printable
        # 1-bit here (QR in whole dots, bands solid black), so brother_ql's threshold changes
        # nothing; a landscape badge runs along the tape; a die-cut label gets its exact size,
        # the badge scaled evenly to fit it (never stretched).
        page = mono_page(document, 300, width, enlarge=True, along_dots=height or None)
        image = page.image.convert("L")
        try:
            qlr = BrotherQLRaster(self.config.profile or DEFAULT_MODEL)
            qlr.exception_on_warning = True
            convert(qlr=qlr, images=[image], label=label_id, rotate="0", threshold=70.0,
                    dither=False, compress=True, red=False, dpi_600=False, hq=True, cut=True)
        except Exception as exc:  # brother_ql raises plain exceptions for model/label mismatches
            raise PrintError(f"cannot make a Brother raster for label {label_id}: {exc}") from exc
        return bytes(qlr.data)

    def _target(self) -> tuple[str, str]:
        parts = urlsplit(self.config.uri)
        kind = self.config.scheme.split("+", 1)[1]
        if kind == "tcp":
            return f"tcp://{parts.hostname}:{parts.port or 9100}", "network"
        if kind == "usb":
            vid, pid = parts.netloc.split(":")
            return f"usb://0x{vid}:0x{pid}", "pyusb"
        return f"file://{parts.path}", "linux_kernel"

    def _where(self) -> tuple[str, str]:
        """The printer's address as staff typed it, and what kind of place that is."""
        parts = urlsplit(self.config.uri)
        kind = self.config.scheme.split("+", 1)[1]
        if kind == "tcp":
            return f"{parts.hostname}:{parts.port or 9100}", words.NETWORK
        return (f"USB {parts.netloc}" if kind == "usb" else parts.path), words.DEVICE

    def print_document(self, document: Document) -> str:
        from brother_ql.backends import backend_factory

        data = self.raster(document)
        identifier, backend = self._target()
        name = self.config.name
        try:
            with _quiet_root_log():  # brother_ql logs "Failed to connect…" on the root logger
                printer = backend_factory(backend)["backend_class"](identifier)
        except Exception as exc:
            raise PrintError(f"The printer {name!r} {words.problem(exc, *self._where())}.") from exc
        try:
            try:
                printer.write(data)
            except Exception as exc:  # nothing a retry could double: drop what is still unsent
                _reset(printer)
                raise PrintError(f"The printer {name!r} took the connection but not the label: "
                                 "check it is on and has labels") from exc
            note = self.await_printed(printer)
        finally:
            printer.dispose()
        return note if note else self.config.uri

    def await_printed(self, printer) -> str:
        """Read status packets until "printing completed"; raise PrintError for an error or silence."""
        from brother_ql.reader import interpret_response

        name = self.config.name
        start, talked, pending = time.monotonic(), False, b""
        while time.monotonic() - start < (PRINTED_TIMEOUT_S if talked else FIRST_REPLY_TIMEOUT_S):
            try:
                chunk = printer.read(32)
            except Exception:
                if talked:
                    break
                return WRITE_ONLY
            if not chunk:
                time.sleep(0.005)
                continue
            pending += bytes(chunk)
            while len(pending) >= 32:
                packet, pending = pending[:32], pending[32:]
                try:
                    reply = interpret_response(packet)
                except Exception:  # not a status packet: skip to the next header
                    at = pending.find(b"\x80\x20\x42")
                    pending = pending[at:] if at >= 0 else b""
                    continue
                talked = True
                if reply["errors"]:
                    raise PrintError(f"The printer {name!r} reports: {_in_words(reply['errors'])}")
                if reply["status_type"] == "Printing completed":
                    return ""
        if talked:
            raise PrintError(f"The printer {name!r} took the label but did not say it printed it: "
                             "check whether it came out.", maybe_printed=True)
        raise PrintError(f"The printer {name!r} took the label but never answered: it may have printed; "
                         "check it is on and whether the label came out.", maybe_printed=True)


_ERRORS = {"No media when printing": "no labels loaded", "End of media (die-cut size only)": "out of labels",
           "Cover opened while printing (Except QL-500)": "the cover was opened",
           "Tape cutter jam": "the cutter is jammed", "Media cannot be fed (also when the media end is "
           "detected)": "the labels cannot be fed (out of labels?)", "Replace media error": "wrong labels loaded"}


def _in_words(errors: list[str]) -> str:
    return "; ".join(_ERRORS.get(e, e.lower()) for e in errors)


@contextlib.contextmanager
def _quiet_root_log():
    """brother_ql calls logging.warning() (the root logger) when a connection fails: with no
    handler that prints "WARNING:root:…" on the terminal, errno text and all. Our words say it
    instead. A NullHandler for the moment keeps logging from setting up its stderr handler."""
    root = logging.getLogger()
    quiet = logging.NullHandler()
    only_ours = logging.Filter("kiosk")  # lets kiosk's own records through, drops the library's
    added = not root.handlers
    if added:
        root.addHandler(quiet)
    root.addFilter(only_ours)
    try:
        yield
    finally:
        root.removeFilter(only_ours)
        if added:
            root.removeHandler(quiet)


def _reset(printer) -> None:
    sock = getattr(printer, "s", None)
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
