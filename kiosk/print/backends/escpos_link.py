"""Delivering ESC/POS bytes and knowing that the printer took them.

A socket that accepted the bytes proves nothing: the kernel keeps them when the printer never
reads. So after sending, the job is "taken" only when

- the connection drained: every byte was acknowledged by the printer (Linux: the TIOCOUTQ/SIOCOUTQ
  ioctl counts the bytes not yet acknowledged; macOS: SO_NWRITE; elsewhere the printer must
  answer status or close its side after ours is shut), and
- where the link is two-way (network, USB) and the model speaks Epson's real-time status, the
  printer's answer to DLE EOT 1/2/4 reports no paper end, open cover or error. A network printer
  that does not answer status (many clones) must also read to the end: we shut our side and it
  closes its own. One that does neither may or may not have printed (Unconfirmed).

Everything shares one deadline (TAKE_TIMEOUT_S). A job the printer never took is aborted with a
reset, so the kernel does not deliver it later behind a retry's back.

Something else on the printer's address and port (a web server, a typo'd port) also takes bytes,
drains and closes: so a peer that sends text a printer never sends ("HTTP/1.0 400 …") or resets
the connection is not a printer, and a status answer is taken only as one valid status byte.
"""

from __future__ import annotations

import contextlib
import re
import socket
import struct
import sys
import time
from typing import Any

TAKE_TIMEOUT_S = 10.0  # sending, the printer draining the connection, and its status answers
STATUS_TIMEOUT_S = 0.5  # the wait for one DLE EOT answer (a printer answers in milliseconds)
_SILENT: set[str] = set()  # printers that answered no status in this run: not asked again (no wait)
DLE_EOT = b"\x10\x04"
NOT_TAKEN = "took the connection but did not take the badge: check it is on and has paper"
NOT_A_PRINTER = "does not answer like a printer: check the address and port"
_TEXT_RUN = re.compile(rb"[\x20-\x7e]{4,}")  # a printer answers status bytes, never words
_SO_NWRITE = 0x1024  # macOS: bytes still in the send buffer


class NotTaken(Exception):
    """The printer did not take the whole job before the deadline."""


class NotAPrinter(Exception):
    """What answered on the printer's address speaks some other protocol (a web server)."""


def status_problem(answers: dict[int, int]) -> str | None:
    """The printer's trouble in words (after "the printer") from its DLE EOT n answers ({n: byte}),
    or None when it is fine.

    Every answer byte has bits 1 and 4 set and bits 0 and 7 clear (Epson's fixed bits)."""
    online, cause, paper = answers.get(1), answers.get(2), answers.get(4)
    if (paper is not None and paper & 0x60 == 0x60) or (cause is not None and cause & 0x20):
        return "is out of paper: load a new roll (the badge may come out then)"
    if cause is not None and cause & 0x04:
        return "has its cover open: close it (the badge may come out then)"
    if cause is not None and cause & 0x40:
        return "reports an error (a cutter jam or overheating): switch it off and on"
    if online is not None and online & 0x08:
        return "is offline: check the paper and the cover"
    return None


def valid_status(byte: int) -> bool:
    return byte & 0x93 == 0x12


class Link:
    """One connection to a printer: send, see whether it drained, ask a status byte."""

    two_way = False

    def send(self, data: bytes, deadline: float) -> None:
        raise NotImplementedError

    def drained(self, deadline: float) -> bool | None:
        """True once the printer acknowledged every byte, False at the deadline, None if this
        link cannot tell."""
        return None

    def ask(self, query: bytes, timeout: float) -> int | None:
        """Send a real-time query and return the printer's answer byte, or None."""
        return None

    def close_peer_wait(self, deadline: float) -> bool | None:
        """Shut our side and wait for the printer to close its own (the drain test of last
        resort); None if this link has no such thing."""
        return None

    def foreign(self) -> bool:
        """The peer is plainly not a printer (it answered in words, or reset the connection)."""
        return False

    def close(self, abort: bool = False) -> None:
        raise NotImplementedError


class TcpLink(Link):
    two_way = True

    def __init__(self, host: str, port: int, connect_timeout: float) -> None:
        self.sock = socket.create_connection((host, port), timeout=connect_timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.heard = bytearray()  # what the peer sent that is no answer to our questions
        self.was_reset = False  # the peer reset the connection: a printer closes, it never resets

    def foreign(self) -> bool:
        """The peer talks like something else: words, or a reset in the middle of the job."""
        return self.was_reset or bool(_TEXT_RUN.search(bytes(self.heard)))

    def recv(self, size: int) -> bytes:
        """Read, noting a reset (the exception still goes up)."""
        try:
            return self.sock.recv(size)
        except (ConnectionResetError, BrokenPipeError):
            self.was_reset = True
            raise

    def send(self, data: bytes, deadline: float) -> None:
        self.sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            self.sock.sendall(data)
        except TimeoutError as exc:  # the buffers are full and the printer reads nothing
            raise NotTaken from exc

    def _unacknowledged(self) -> int | None:
        try:
            if sys.platform.startswith("linux"):
                import fcntl
                import termios

                raw = fcntl.ioctl(self.sock.fileno(), termios.TIOCOUTQ, struct.pack("i", 0))
                return int(struct.unpack("i", raw)[0])
            if sys.platform == "darwin":
                return int(self.sock.getsockopt(socket.SOL_SOCKET, _SO_NWRITE))
        except OSError:
            pass
        return None

    def drained(self, deadline: float) -> bool | None:
        while True:
            left = self._unacknowledged()
            if left is None:
                return None
            if left == 0:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01)

    def ask(self, query: bytes, timeout: float) -> int | None:
        self._discard_stale()
        try:
            self.sock.settimeout(max(0.01, timeout))
            self.sock.sendall(query)
            end = time.monotonic() + timeout
            while time.monotonic() < end:
                self.sock.settimeout(max(0.01, end - time.monotonic()))
                data = self.recv(16)
                if not data:
                    return None  # the printer closed: no status from this one
                if not all(valid_status(b) for b in data):
                    self.heard += data  # not a status answer ("HTTP/1.0 400 Bad request" has an 'r')
                    return None
                return data[-1]
        except (ConnectionResetError, BrokenPipeError):
            self.was_reset = True
            return None
        except OSError:
            return None
        return None

    def _discard_stale(self) -> None:
        """Drop answers already waiting: a real-time query's bytes can occur inside raster data,
        which some printers answer mid-job. Anything but status bytes is kept as heard."""
        self.sock.setblocking(False)
        try:
            while data := self.recv(4096):
                self.heard += bytes(b for b in data if not valid_status(b))
        except OSError:
            pass
        finally:
            self.sock.setblocking(True)

    def close_peer_wait(self, deadline: float) -> bool | None:
        try:
            self.sock.shutdown(socket.SHUT_WR)
            while time.monotonic() < deadline:
                self.sock.settimeout(max(0.01, deadline - time.monotonic()))
                data = self.recv(4096)
                if not data:
                    return True
                self.heard += bytes(b for b in data if not valid_status(b))
        except TimeoutError:
            return False
        except (ConnectionResetError, BrokenPipeError):
            self.was_reset = True
            return None
        except OSError:
            return None
        return False

    def close(self, abort: bool = False) -> None:
        with contextlib.suppress(OSError):
            if abort:  # a reset: the kernel drops what the printer never took, nothing trickles out later
                self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.sock.close()


class EscposLink(Link):
    """USB, serial or a device file through python-escpos's own printer classes."""

    def __init__(self, printer: Any, two_way: bool) -> None:
        self.printer = printer
        self.two_way = two_way

    def send(self, data: bytes, deadline: float) -> None:
        if hasattr(self.printer, "timeout") and self.two_way:  # USB: a write that cannot finish ends
            self.printer.timeout = max(1, int((deadline - time.monotonic()) * 1000))
        try:
            self.printer._raw(data)
        except Exception as exc:
            if "timeout" in type(exc).__name__.lower() or "timed out" in str(exc).lower():
                raise NotTaken from exc
            raise

    def drained(self, deadline: float) -> bool | None:
        # A USB bulk write returns once the printer accepted every packet; a file or serial line
        # says nothing about the printer.
        return True if self.two_way else None

    def ask(self, query: bytes, timeout: float) -> int | None:
        if not self.two_way:
            return None
        try:
            self.printer._raw(query)
            data = bytes(self.printer.device.read(self.printer.in_ep, 16, max(1, int(timeout * 1000))))
        except Exception:  # no IN endpoint, a timeout, a fake device without reads: no status
            return None
        answers = [b for b in data if valid_status(b)]
        return answers[-1] if answers else None

    def close(self, abort: bool = False) -> None:
        with contextlib.suppress(Exception):
            self.printer.close()


def deliver(link: Link, data: bytes, ask_status: bool, timeout: float | None = None, printer: str = "") -> str:
    """Send a job and return how we know the printer took it; raise NotTaken (nothing printed),
    Unconfirmed (it may have), or StatusProblem (it took the job but says it cannot print)."""
    deadline = time.monotonic() + (TAKE_TIMEOUT_S if timeout is None else timeout)
    link.send(data, deadline)
    drained = link.drained(deadline)
    if drained is False:
        raise NotTaken
    answers: dict[int, int] = {}
    if ask_status and link.two_way and printer not in _SILENT:
        for n in (1, 2, 4):
            left = deadline - time.monotonic()
            answer = link.ask(DLE_EOT + bytes([n]), min(STATUS_TIMEOUT_S, left)) if left > 0 else None
            if answer is None:
                break  # a printer without status answers none; one that stopped answering is done
            answers[n] = answer
    if link.foreign():
        raise NotAPrinter
    problem = status_problem(answers)
    if problem:
        raise StatusProblem(problem)
    if answers:
        return "the printer took it and reports no problem"
    # No status: acknowledged bytes may still sit unread in the printer's network buffer, so a
    # network printer must also read to the end (it closes its side after ours is shut).
    closed = link.close_peer_wait(deadline)
    if link.foreign():
        raise NotAPrinter
    if closed is False:
        raise Unconfirmed
    if ask_status and link.two_way and printer:
        _SILENT.add(printer)  # it took the job without answering status: a clone, ask it no more
    if closed:
        return "the printer read every byte and closed the connection"
    if drained:
        return "the printer took every byte (it does not answer status)"
    return "sent (this connection cannot say whether the printer took it)"


class Unconfirmed(Exception):
    """The printer's network stack took the bytes but the printer neither answered status nor
    read to the end: it may have printed (a clone that keeps the line open) or not (hung)."""


class StatusProblem(Exception):
    """The printer took the job but its status says it cannot print it (paper, cover, error)."""

    @property
    def message(self) -> str:
        return str(self.args[0])
