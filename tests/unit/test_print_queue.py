"""The print queue against real parts: a TCP ESC/POS printer on loopback and the PDF folder."""

from __future__ import annotations

import socket
import time

import pytest
from pypdf import PdfReader

from kiosk.core.errors import RefusedError
from kiosk.print.printers import PrinterRegistry
from kiosk.print.queue import INTERRUPTED, AlreadyPrinted, PrintQueue, wait_for

from tests.support.event_data import add_attendee
from tests.support.printer_fakes import FakeBrother, TcpPrinter, strip_status_queries


@pytest.fixture
def registry(data_dir):
    return PrinterRegistry(data_dir)


@pytest.fixture
def queue(store, registry):
    add_attendee(store, "T1", first_name="Siân\x1b@", last_name="Jones\x1dV", ticket_type="Speaker")
    add_attendee(store, "T2", first_name="Łukasz", last_name="Nowak")
    return PrintQueue(store, registry)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_pdf_folder_is_the_default_printer(queue, registry):
    job = wait_for(queue, queue.enqueue_badge("T2").id)
    assert job.state == "done" and job.printer == "pdf" and job.attempts == 1
    files = list(registry.default_pdf_folder().glob("*.pdf"))
    assert len(files) == 1
    page = PdfReader(files[0]).pages[0]
    assert abs(float(page.mediabox.width) - 101.6 / 25.4 * 72) < 0.1
    assert "Łukasz" in page.extract_text()


def test_reprint_is_explicit_and_says_when_and_where(queue, store):
    wait_for(queue, queue.enqueue_badge("T2").id)
    with pytest.raises(AlreadyPrinted) as refused:
        queue.enqueue_badge("T2")
    assert refused.value.previous[0].device == store.device_name
    assert "print again" in refused.value.message
    assert wait_for(queue, queue.enqueue_badge("T2", again=True).id).state == "done"
    assert len(queue.previous_prints("T2")) == 2


def test_escpos_network_printer_gets_raster_and_cut_and_no_injected_commands(queue, registry):
    printer = TcpPrinter()
    try:
        registry.add("thermal", printer.uri, profile="TM-T20II")
        job = wait_for(queue, queue.enqueue_badge("T1", printer="thermal").id)
        assert job.state == "done", job.error
        deadline = time.monotonic() + 5
        while not printer.jobs and time.monotonic() < deadline:
            time.sleep(0.05)
        data = printer.jobs[0]
        assert b"\x1dv0" in data            # GS v 0: a raster image
        assert data.endswith(b"\x1bd\x06\x1dV\x00")  # feed past the cutter, then cut
        assert b"Si" not in data and b"\x1b@Jones" not in data  # the name went as pixels, never as text
        width_bytes = int.from_bytes(data[data.index(b"\x1dv0") + 4:data.index(b"\x1dv0") + 6], "little")
        assert width_bytes * 8 <= 576      # fits the TM-T20II's 576-dot paper
    finally:
        printer.close()


def test_printer_down_job_waits_then_prints_once_when_back(queue, registry, store):
    port = free_port()
    registry.add("thermal", f"escpos+tcp://127.0.0.1:{port}")
    job = queue.enqueue_badge("T2", printer="thermal")
    failed = queue.run_once()
    assert failed.state == "failed" and failed.attempts == 1 and "is not answering at 127.0.0.1" in failed.error
    assert queue.run_once() is None  # backing off, not hammering the printer
    assert queue.waiting() == 1
    printer = TcpPrinter(port)
    try:
        done = queue.print_now(job.id)
        assert done.state == "done" and done.attempts == 2
        assert queue.run_once() is None and queue.waiting() == 0
        time.sleep(0.3)
        assert len(printer.jobs) == 1
    finally:
        printer.close()


def test_queue_survives_a_restart_and_holds_a_job_that_may_have_printed(queue, store, data_dir, registry):
    registry.add("thermal", f"escpos+tcp://127.0.0.1:{free_port()}")
    job = queue.enqueue_badge("T2", printer="thermal")
    waiting = queue.enqueue_badge("T1", printer="thermal")
    # The app dies while the first job is being printed; the second had not started.
    store.conn.execute("INSERT OR REPLACE INTO print_attempts (job_id, state) VALUES (?, 'printing')", (job.id,))
    store.close()
    reopened = data_dir.open("test-day")
    again = PrintQueue(reopened, registry)
    assert again.recover() == 1
    registry.add("thermal", "pdf:" + str(data_dir.root / "elsewhere"))  # a working printer now
    assert again.run_once().id == waiting.id  # the one that never started prints
    assert again.run_once() is None  # the interrupted one is not printed again blind
    held = again.job(job.id)
    assert held.state == "failed" and held.held and held.error == INTERRUPTED
    assert again.print_now(job.id).state == "failed"  # a plain retry does not release it either
    # The kiosk is refused and sent to the desk; the desk's guard sees a possible print.
    with pytest.raises(AlreadyPrinted) as refused:
        again.enqueue_badge("T2")
    assert refused.value.previous[-1].uncertain and "may have printed" in refused.value.message
    again.cancel(job.id)  # the kiosk's "cancel what failed" leaves it for the desk
    assert again.job(job.id).held
    # Staff confirm: the same job prints, once.
    assert again.enqueue_badge("T2", again=True).id == job.id
    assert again.run_once().state == "done"
    assert len(list((data_dir.root / "elsewhere").glob("*.pdf"))) == 2
    assert [p.uncertain for p in again.previous_prints("T2")] == [False]
    reopened.close()


def test_staff_may_say_a_held_job_did_print(queue, store, registry):
    job = queue.enqueue_badge("T2")
    store.conn.execute("INSERT OR REPLACE INTO print_attempts (job_id, state) VALUES (?, 'printing')", (job.id,))
    assert queue.recover() == 1
    with pytest.raises(RefusedError):
        queue.confirm_printed(queue.enqueue_badge("T1").id)  # not held: nothing to decide
    assert queue.confirm_printed(job.id).state == "done"
    assert [p.uncertain for p in queue.previous_prints("T2")] == [False]
    assert queue.jobs(("queued",))[0].code == "T1"


def test_printer_uris_are_checked(registry):
    from kiosk.core.errors import UsageError

    for bad in ("lpt1", "escpos+tcp://", "escpos+usb://zz:1", "escpos+serial:ttyUSB0", "pdf:", "http://x"):
        with pytest.raises(UsageError):
            registry.add("p", bad)
    registry.add("usb", "escpos+usb://04b8:0202")
    registry.assign("badges", "usb")
    assert registry.for_purpose("badges").name == "usb"
    registry.remove("usb")
    assert registry.for_purpose("badges").name == "pdf"


def _decode_brother(data: bytes, folder) -> list:
    """Decode Brother raster instructions back into images with brother_ql's own analyser."""
    import io

    from brother_ql.reader import BrotherQLReader
    from PIL import Image

    reader = BrotherQLReader(io.BufferedReader(io.BytesIO(data)))
    reader.filename_fmt = str(folder / "label{counter:04d}.png")
    reader.analyse()
    return [Image.open(p) for p in sorted(folder.glob("label*.png"))]


@pytest.mark.parametrize("layout_name, label, length", [("brother-62x100", "62x100", 1109),
                                                        ("brother-62mm", "62", None)])
def test_brother_raster_decodes_to_the_label_size(tmp_path, layout_name, label, length):
    from kiosk.core.model import Attendee
    from kiosk.print.backends.base import Document
    from kiosk.print.backends.brother import BrotherBackend
    from kiosk.print.draw.badge_pdf import BadgeRenderer
    from kiosk.print.draw.layout import load_layout
    from kiosk.print.printers import PrinterConfig

    layout = load_layout(layout_name)
    assert layout.brother_label == label
    pdf = tmp_path / "badge.pdf"
    BadgeRenderer(layout, "Day").write([Attendee("c", first_name="Siân", last_name="Jones",
                                                 full_name="Siân Jones", ticket_type="Speaker")], pdf)
    data = BrotherBackend(PrinterConfig("ql", "brother+tcp://127.0.0.1")).raster(
        Document(pdf, layout.width, layout.height, "badge", layout.brother_label))
    (images,) = [_decode_brother(data, tmp_path)]
    assert len(images) == 1
    image = images[0]
    assert image.width == 720  # the QL head: 696 printable dots plus margins on a 62 mm label
    if length:
        assert image.height == length
    else:  # continuous roll: the badge's 90 mm at 300 dpi, scaled to the 696-dot width
        assert abs(image.height - round(90 / 62 * 696)) <= 3
    dark = sum(1 for px in image.convert("L").tobytes() if px < 128)
    assert 0.05 < dark / (image.width * image.height) < 0.6  # the band, the name, the QR


def test_brother_network_printer_receives_the_raster(queue, registry, tmp_path):
    printer = FakeBrother()
    try:
        registry.add("ql", printer.uri, layout="brother-62x100")
        job = wait_for(queue, queue.enqueue_badge("T2", printer="ql").id)
        assert job.state == "done", job.error
        images = _decode_brother(printer.wait_for_job(), tmp_path)
        assert [(im.width, im.height) for im in images] == [(720, 1109)]  # one 62 × 100 mm label
    finally:
        printer.close()


def test_escpos_text_slip_native_qr_sanitised_and_raster_for_other_scripts():
    from kiosk.print.backends.base import Slip
    from kiosk.print.backends.escpos_backend import EscposBackend
    from kiosk.print.printers import PrinterConfig

    printer = TcpPrinter()
    try:
        backend = EscposBackend(PrinterConfig("thermal", printer.uri, profile="TM-T20II"))
        backend.print_slip(Slip("Wellbeing at work\x1b@\x1dV\x00", (
            "Convener: Siân Jones\x1bE\x01", "Room: Ystafell Gŵyr", "11:00-11:45"), "https://x.example/s/42"))
        deadline = time.monotonic() + 5
        while not printer.jobs and time.monotonic() < deadline:
            time.sleep(0.05)
        data = printer.jobs[0]
    finally:
        printer.close()
    assert b"Wellbeing at work" in data and b"11:00-11:45" in data
    assert "Siân".encode("cp858") in data  # â is in the code page: printed as text
    assert b"\x1d(k" in data and b"https://x.example/s/42" in data  # native QR
    assert b"Gw" not in data and b"\x1dv0" in data  # the ŵ line went as pixels, not '?'
    assert b"work\x1b@" not in data and b"Jones\x1bE" not in data  # injected commands stripped


class FakeUsbDevice:
    """Stands in for the one thing we cannot have here, a USB printer, at pyusb's lowest layer:
    python-escpos above it is the real code."""

    class backend:  # noqa: N801 - pyusb exposes a backend object; escpos reads its module
        __module__ = "usb.backend.libusb1"

    def __init__(self) -> None:
        self.written = bytearray()

    def is_kernel_driver_active(self, interface: int) -> bool:
        return False

    def detach_kernel_driver(self, interface: int) -> None:
        pass

    def set_configuration(self) -> None:
        pass

    def reset(self) -> None:
        pass

    def write(self, endpoint: int, data: bytes, timeout: int = 0) -> int:
        self.written += bytes(data)
        return len(data)


def test_escpos_usb_printer_at_the_lowest_layer(queue, registry, monkeypatch):
    import usb.core
    import usb.util

    device = FakeUsbDevice()
    found = []
    monkeypatch.setattr(usb.core, "find", lambda **kw: found.append(kw) or device)
    monkeypatch.setattr(usb.util, "dispose_resources", lambda dev: None)
    registry.add("usb-thermal", "escpos+usb://04b8:0e15", profile="TM-T20II")
    job = wait_for(queue, queue.enqueue_badge("T2", printer="usb-thermal").id)
    assert job.state == "done", job.error
    assert found[0]["idVendor"] == 0x04B8 and found[0]["idProduct"] == 0x0E15
    written = strip_status_queries(bytes(device.written))  # it has no IN endpoint: no answer, no wait
    assert b"\x1dv0" in written and written.endswith(b"\x1dV\x00")
    monkeypatch.setattr(usb.core, "find", lambda **kw: None)  # unplugged
    failed = wait_for(queue, queue.enqueue_badge("T1", printer="usb-thermal").id)
    assert failed.state == "failed" and "is not answering at USB 04b8:0e15: nothing is plugged in there" in failed.error


def test_escpos_serial_printer_on_a_pseudo_terminal(queue, registry):
    """A real serial line: pyserial opens the slave side of a pty, the test reads the master."""
    import os
    import threading

    master, slave = os.openpty()
    received = bytearray()
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            received.extend(chunk)
            if received.endswith(b"\x1dV\x00"):
                done.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        registry.add("serial", f"escpos+serial://{os.ttyname(slave)}", profile="TM-T20II")
        job = wait_for(queue, queue.enqueue_badge("T2", printer="serial").id)
        assert job.state == "done", job.error
        assert done.wait(10)
        assert b"\x1dv0" in received
    finally:
        done.set()
        os.close(slave)
        os.close(master)


def test_escpos_device_file(queue, registry, tmp_path):
    device = tmp_path / "lp0"
    device.touch()
    registry.add("file", f"escpos+file://{device}")
    job = wait_for(queue, queue.enqueue_badge("T2", printer="file").id)
    assert job.state == "done", job.error
    data = device.read_bytes()
    assert b"\x1dv0" in data and data.endswith(b"\x1dV\x00")
