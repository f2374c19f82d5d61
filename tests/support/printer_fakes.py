"""Network printers for tests: real TCP listeners on 127.0.0.1 that keep every byte.

TcpPrinter is an ESC/POS printer: it answers Epson's real-time status queries (DLE EOT n) with
the bytes it is given, or never (a clone), or never reads at all (a printer that took the
connection and hung). FakeBrother is a Brother QL on TCP 9100 that answers a job with its 32-byte
status packets, or stays silent. FakeZebra is a Zebra on TCP 9100 answering ~HS; zpl_labels reads
its jobs back, graphics decoded to images.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from dataclasses import dataclass

from PIL import Image

ONLINE = {1: 0x12, 2: 0x12, 4: 0x12}  # online, no cover open or error, paper present
PAPER_END = {1: 0x1A, 2: 0x32, 4: 0x72}  # offline, stopped for paper end, roll sensor: paper end
COVER_OPEN = {1: 0x1A, 2: 0x16, 4: 0x12}
SMALL_WINDOW = 4096  # a printer's own receive buffer is a few KB, not a desktop's megabytes


class _Listener:
    def __init__(self, port: int = 0, rcvbuf: int | None = None) -> None:
        self.jobs: list[bytes] = []
        self.connections = 0
        self._held: list[socket.socket] = []
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if rcvbuf:  # set before listen(): accepted sockets inherit it, and with it a small window
            self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self._sock.bind(("127.0.0.1", port))
        self.port = self._sock.getsockname()[1]
        self._sock.listen(5)
        self._sock.settimeout(0.2)
        self._running = True
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while self._running:
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            self._handle(conn)

    def _handle(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def wait_for_job(self, timeout: float = 5) -> bytes:
        deadline = time.monotonic() + timeout
        while not self.jobs and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.jobs[0]

    def close(self) -> None:
        self._running = False
        self._thread.join(2)
        for conn in self._held:
            with contextlib.suppress(OSError):
                conn.close()
        self._sock.close()


class TcpPrinter(_Listener):
    """An ESC/POS printer on raw TCP. `status` maps n of DLE EOT n to the byte it answers (None:
    a clone that answers no status); with read=False it accepts and never reads a byte; `pause`
    seconds between 1 KB reads makes a slow printer (set it to 0 to speed it up again)."""

    def __init__(self, port: int = 0, status: dict[int, int] | None = ONLINE, read: bool = True,
                 rcvbuf: int | None = None, pause: float = 0.0) -> None:
        self.status = status
        self.read = read
        self.pause = pause
        self.received = 0  # bytes read so far, over every connection
        self.queries: list[int] = []
        super().__init__(port, SMALL_WINDOW if pause and rcvbuf is None else rcvbuf)

    def _handle(self, conn: socket.socket) -> None:
        if not self.read:
            self._held.append(conn)  # keep it open, read nothing: the sender's buffers fill
            return
        with conn:
            conn.settimeout(5)
            data = bytearray()
            while True:
                try:
                    chunk = conn.recv(1024 if self.pause else 65536)
                except (TimeoutError, OSError):
                    break
                if not chunk:
                    break
                data += chunk
                self.received += len(chunk)
                if self.pause:
                    time.sleep(self.pause)
                if len(data) >= 3 and data[-3:-1] == b"\x10\x04" and self.status and data[-1] in self.status:
                    self.queries.append(data[-1])
                    with contextlib.suppress(OSError):
                        conn.sendall(bytes([self.status[data[-1]]]))
            self.jobs.append(strip_status_queries(bytes(data)))

    @property
    def uri(self) -> str:
        return f"escpos+tcp://127.0.0.1:{self.port}"


def strip_status_queries(data: bytes) -> bytes:
    """The job without the real-time status queries sent after it (a printer never prints them)."""
    while len(data) >= 3 and data[-3:-1] == b"\x10\x04" and data[-1] in (1, 2, 3, 4):
        data = data[:-3]
    return data


def brother_status(status_type: int, phase: int = 0, errors: int = 0) -> bytes:
    """A QL-800's 32-byte status packet (status type 0: reply, 1: printing completed, 2: error,
    6: phase change; phase 0 waiting to receive, 1 printing; errors: error bytes 1 | 2 << 8)."""
    packet = bytearray(32)
    packet[0:8] = b"\x80\x20\x42\x34\x38\x30\x30\x00"
    packet[8], packet[9] = errors & 0xFF, errors >> 8
    packet[10], packet[11] = 62, 0x0A  # 62 mm continuous tape
    packet[18], packet[19] = status_type, phase
    return bytes(packet)


class FakeBrother(_Listener):
    """A Brother QL on TCP 9100: answers the job's status request, then says it printed it once
    the job's last byte (0x1A, print with feed) came and the line went quiet. With answer=False it
    reads everything and says nothing; errors puts those error bits in every packet."""

    def __init__(self, answer: bool = True, errors: int = 0) -> None:
        self.answer = answer
        self.errors = errors
        super().__init__()

    def _handle(self, conn: socket.socket) -> None:
        threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(0.05)
            data, replied, printed = bytearray(), False, False
            while self._running:
                try:
                    chunk = conn.recv(65536)
                except TimeoutError:
                    if self.answer and data.endswith(b"\x1a") and not printed:
                        printed = True
                        conn.sendall(brother_status(6, 1, self.errors) + brother_status(1, 1, self.errors)
                                     + brother_status(6, 0, self.errors))
                    continue
                except OSError:
                    break
                if not chunk:
                    break
                data += chunk
                if self.answer and not replied and b"\x1biS" in data:
                    replied = True
                    conn.sendall(brother_status(0, 0, self.errors))
            self.jobs.append(bytes(data))

    @property
    def uri(self) -> str:
        return f"brother+tcp://127.0.0.1:{self.port}"


def zebra_status(paper_out: bool = False, paused: bool = False, head_open: bool = False) -> bytes:
    """A Zebra's answer to ~HS: three STX … ETX CR LF strings (ZPL II guide, ~HS)."""
    first = f"030,{int(paper_out)},{int(paused)},0609,000,0,0,0,000,0,0,0"
    second = f"001,0,{int(head_open)},0,0,2,4,0,00000000,1,000"
    return b"".join(b"\x02" + s.encode() + b"\x03\r\n" for s in (first, second, "1234,0"))


class FakeZebra(_Listener):
    """A Zebra label printer on TCP 9100: keeps every format and answers each ~HS with its status
    (answer=False: a printer that answers none); with read=False it accepts and never reads."""

    def __init__(self, answer: bool = True, read: bool = True, rcvbuf: int | None = None, **status: bool) -> None:
        self.answer = answer
        self.read = read
        self.status = status
        self.queries = 0
        super().__init__(rcvbuf=rcvbuf)

    def _handle(self, conn: socket.socket) -> None:
        if not self.read:
            self._held.append(conn)
            return
        threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            data = bytearray()
            while self._running:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    break
                if not chunk:
                    break
                data += chunk
                while data.count(b"~HS") > self.queries:
                    self.queries += 1
                    if self.answer:
                        conn.sendall(zebra_status(**self.status))
            self.jobs.append(bytes(data).replace(b"~HS", b""))

    @property
    def uri(self) -> str:
        return f"zpl+tcp://127.0.0.1:{self.port}"


@dataclass
class ZplLabel:
    """One ^XA … ^XZ format: its commands by name (PW: "812") and its ^GF graphic as an image."""

    commands: dict[str, str]
    image: Image.Image | None


def zpl_labels(data: bytes) -> list[ZplLabel]:
    """Every format in a ZPL job, its graphic decoded as a printer would (ASCII hex, with or
    without Zebra's compression). A command the parser does not know fails the test."""
    text = data.decode("ascii")
    labels = []
    for body in re.findall(r"\^XA(.*?)\^XZ", text, flags=re.S):
        commands: dict[str, str] = {}
        image = None
        for command in re.split(r"(?=\^)", body.strip()):
            command = command.strip()
            if not command:
                continue
            name, params = command[1:3], command[3:]
            assert name in ("PW", "LL", "LH", "PO", "MM", "FO", "GF", "FS", "PQ"), f"unknown ZPL ^{name}"
            commands[name] = params
            if name == "GF":
                image = _graphic(params)
        labels.append(ZplLabel(commands, image))
    return labels


def _graphic(params: str) -> Image.Image:
    kind, total, _field, per_row, data = params.split(",", 4)
    assert kind == "A", "only ASCII hex graphics are decoded"
    total_bytes, row_bytes = int(total), int(per_row)
    width = row_bytes * 2  # hex digits per dot row
    rows: list[str] = []
    current, count = "", 0
    for ch in data:
        if ch in "\r\n":
            continue
        if "G" <= ch <= "Y":
            count += ord(ch) - ord("G") + 1
        elif "g" <= ch <= "z":
            count += (ord(ch) - ord("g") + 1) * 20
        elif ch == ":":
            assert not current and rows and not count, "':' repeats a whole previous row"
            rows.append(rows[-1])
        elif ch in ",!":
            assert not count
            current = current.ljust(width, "0" if ch == "," else "F")
        else:
            assert ch in "0123456789ABCDEFabcdef", f"not hex: {ch!r}"
            current += ch * (count or 1)
            count = 0
        if len(current) >= width:
            assert len(current) == width, "a run crossed a row's end"
            rows.append(current)
            current = ""
    assert not current and len(rows) * row_bytes == total_bytes, "the graphic's size does not match its data"
    raw = bytes.fromhex("".join(rows))
    # a set bit prints a dot; Pillow's mode "1" reads a set bit as white
    return Image.frombytes("1", (row_bytes * 8, len(rows)), bytes(255 - b for b in raw))
