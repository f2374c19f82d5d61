"""Zebra label printers (ZPL) on the network: zpl+tcp://HOST[:PORT], raw TCP on port 9100.

The badge page is rendered at the printer's resolution (203 or 300 dpi) as 1-bit dots by
kiosk.print.draw.mono (the QR in whole dots, bands solid black) and sent as one ZPL graphic
field: ^XA, the label's width and length (^PW, ^LL) from the layout's page, ^GFA with Zebra's
ASCII compression of the hex rows, then ^XZ. Cut (^MMC) or tear-off (^MMT) is the printer's
setting in config.json (`kiosk printers add … --cut`). Nothing from a name reaches the printer
as text, so a name cannot inject ZPL commands.

A job is done once the printer took it: every byte acknowledged by its TCP stack (see
escpos_link), then its answer to ~HS (host status) saying it has labels, its head closed and is
not paused. A Zebra answers ~HS at once; newer firmware stays silent while out of labels or with
its head open, so silence is not taken as success: the printer must then read to the end and
close its side after ours is shut, as an ESC/POS clone must, or the job waits for staff.
"""

from __future__ import annotations

import contextlib
import re
import time
from urllib.parse import urlsplit

import kiosk.print.backends.escpos_link as escpos_link
import kiosk.print.backends.words as words
from kiosk.print.backends.base import Backend, Document, PrintError

DEFAULT_PORT = 9100
DEFAULT_DPI = 203
MAX_WIDTH_IN = 4.09  # a ZD-series head (832 dots at 203 dpi): a wider page is turned or shrunk
CONNECT_TIMEOUT_S = 5
STATUS_TIMEOUT_S = 1.5  # the wait for the ~HS answer (a Zebra answers in milliseconds)
NOT_TAKEN = "took the connection but did not take the badge: check it is on and has labels"
NOT_A_ZEBRA = "does not answer like a Zebra printer: check the address and port"
_LOW = "GHIJKLMNOPQRSTUVWXY"  # repeat counts 1 … 19
_HIGH = "ghijklmnopqrstuvwxyz"  # repeat counts 20, 40 … 400


def _repeat(count: int) -> str:
    out = ""
    while count > 400:
        out += "z"
        count -= 400
    if count >= 20:
        out += _HIGH[count // 20 - 1]
        count %= 20
    if count:
        out += _LOW[count - 1]
    return out


def _compress_row(row: str) -> str:
    """One dot row's hex in Zebra's ASCII compression: runs as a count then the digit, trailing
    00 bytes as ',' and trailing FF bytes as '!' (both fill the row to its end)."""
    tail = ""
    for digit, mark in (("0", ","), ("F", "!")):
        stripped = row.rstrip(digit)
        if len(stripped) % 2:  # the fill is whole bytes: keep the odd digit
            stripped += digit
        if len(stripped) < len(row):
            row, tail = stripped, mark
            break
    out = []
    i = 0
    while i < len(row):
        j = i
        while j < len(row) and row[j] == row[i]:
            j += 1
        out.append(row[i] if j - i == 1 else _repeat(j - i) + row[i])
        i = j
    return "".join(out) + tail


def graphic_field(image) -> str:
    """A 1-bit image (Pillow mode "1", black 0) as ^GFA: a set bit prints a dot."""
    import numpy as np

    ink = np.asarray(image.convert("1"), dtype=bool) == 0  # Pillow's True is white
    packed = np.packbits(ink, axis=1)
    per_row = packed.shape[1]
    rows, previous = [], None
    for raw in packed:
        hexrow = raw.tobytes().hex().upper()
        rows.append(":" if hexrow == previous else _compress_row(hexrow))
        previous = hexrow
    total = per_row * packed.shape[0]
    return f"^GFA,{total},{total},{per_row},{''.join(rows)}^FS"


def zpl_label(image, cut: bool) -> bytes:
    """One label holding the image, the label exactly the image's size."""
    width, height = image.size
    return ("^XA\n^PON^LH0,0\n"
            f"^PW{width}\n^LL{height}\n{'^MMC' if cut else '^MMT'}\n"
            f"^FO0,0{graphic_field(image)}\n^PQ1\n^XZ\n").encode("ascii")


def status_problem(answer: bytes) -> str | None:
    """The printer's trouble in words (after "the printer") from its ~HS answer, or None."""
    strings = [s.decode("ascii", "replace").split(",") for s in re.findall(rb"\x02([^\x03]*)\x03", answer)]
    first = strings[0] if strings else []
    second = strings[1] if len(strings) > 1 else []

    def flag(fields: list[str], i: int) -> bool:
        return len(fields) > i and fields[i].strip() == "1"

    if flag(first, 1):
        return "is out of labels: load labels (the badge may come out then)"
    if flag(second, 2):
        return "has its print head open: close it (the badge may come out then)"
    if flag(second, 3) and flag(second, 4):
        return "is out of ribbon: load a ribbon (the badge may come out then)"
    if flag(first, 2):
        return "is paused: press its pause button (the badge comes out then)"
    if flag(first, 11):
        return "is too hot: let it cool down (the badge may come out then)"
    return None


HS_FIELDS = (12, 11, 2)  # the fields of ~HS's three strings (ZPL II guide): nothing else has this shape


def well_formed(answer: bytes) -> bool:
    """A Zebra's whole answer to ~HS: exactly three STX … ETX strings (CR LF after each), with the
    guide's field counts. Any other reply (a web server's "HTTP/1.0 400") is not a Zebra's."""
    strings = re.findall(rb"\x02([^\x02\x03]*)\x03", answer)
    rest = re.sub(rb"\x02[^\x02\x03]*\x03", b"", answer)
    return (len(strings) == len(HS_FIELDS) and not rest.strip(b"\r\n")
            and all(len(s.split(b",")) == n for s, n in zip(strings, HS_FIELDS, strict=True)))


def host_status(link: escpos_link.TcpLink, timeout: float) -> bytes | None:
    """Ask ~HS; the answer's three STX … ETX strings, or None when the peer says nothing. What
    it sent that is no ~HS answer (before or instead) goes into link.heard."""
    sock = link.sock
    sock.setblocking(False)
    try:  # anything already waiting was sent unasked: a Zebra sends nothing unasked
        while chunk := link.recv(4096):
            link.heard += chunk
    except OSError:
        pass
    finally:
        sock.setblocking(True)
    data = b""
    try:
        sock.settimeout(max(0.01, timeout))
        sock.sendall(b"~HS")
        end = time.monotonic() + timeout
        while data.count(b"\x03") < 3 and time.monotonic() < end:
            sock.settimeout(max(0.01, end - time.monotonic()))
            chunk = link.recv(1024)
            if not chunk:
                break
            data += chunk
        if data.count(b"\x03") >= 3:  # the CR LF after the last ETX
            sock.settimeout(0.05)
            with contextlib.suppress(TimeoutError):
                data += link.recv(16)
    except (ConnectionResetError, BrokenPipeError):
        link.was_reset = True
    except OSError:
        pass
    if not data:
        return None
    if well_formed(data):
        return data
    link.heard += data
    return None


class ZebraBackend(Backend):
    def dpi(self) -> int:
        return getattr(self.config, "dpi", 0) or DEFAULT_DPI

    def label(self, document: Document) -> bytes:
        """The job as ZPL: the page at its own size, or turned and shrunk to the head's width."""
        from kiosk.print.draw.mono import mono_page

        dpi = self.dpi()
        head = int(MAX_WIDTH_IN * dpi)
        fits = round(document.width_mm / 25.4 * dpi) <= head
        page = mono_page(document, dpi, None if fits else head)
        return zpl_label(page.image, bool(getattr(self.config, "cut", False)))

    def print_document(self, document: Document) -> str:
        data = self.label(document)  # drawn before connecting: no idle open socket
        name = self.config.name
        parts = urlsplit(self.config.uri)
        host, port = parts.hostname or "", parts.port or DEFAULT_PORT
        try:
            link = escpos_link.TcpLink(host, port, CONNECT_TIMEOUT_S)
        except OSError as exc:
            raise PrintError(f"The printer {name!r} {words.problem(exc, f'{host}:{port}')}.") from exc
        abort = True
        deadline = time.monotonic() + escpos_link.TAKE_TIMEOUT_S
        try:
            link.send(data, deadline)
            if link.drained(deadline) is False:
                raise escpos_link.NotTaken
            answer = host_status(link, min(STATUS_TIMEOUT_S, max(0.01, deadline - time.monotonic())))
            if link.heard or link.was_reset:  # a Zebra says nothing but ~HS answers, and never resets
                raise escpos_link.NotAPrinter
            if answer is not None:
                abort = False  # it has the badge: it prints it once the problem is fixed
                problem = status_problem(answer)
                if problem:
                    raise PrintError(f"The printer {name!r} {problem}", maybe_printed=True)
                return "the printer took it and reports no problem"
            closed = link.close_peer_wait(deadline)
            if link.heard or link.was_reset:
                raise escpos_link.NotAPrinter
            if closed is False:
                raise escpos_link.Unconfirmed
            abort = False
            return ("the printer read every byte and closed the connection (it answers no status)" if closed
                    else "sent (the printer answers no status)")
        except escpos_link.NotTaken as exc:
            raise PrintError(f"The printer {name!r} {NOT_TAKEN}") from exc
        except escpos_link.NotAPrinter as exc:  # nothing was printed: the job fails, not held
            raise PrintError(f"What answers at {host}:{port} for the printer {name!r} {NOT_A_ZEBRA}.") from exc
        except escpos_link.Unconfirmed as exc:
            raise PrintError(f"The printer {name!r} took the badge's bytes but did not confirm it: it answered "
                             "no status and never finished reading (a Zebra out of labels or with its head "
                             "open does that). Check whether the badge came out.", maybe_printed=True) from exc
        except OSError as exc:
            raise PrintError(f"The connection to the printer {name!r} broke during the badge: check it is on, "
                             "then print again.") from exc
        finally:
            link.close(abort=abort)
