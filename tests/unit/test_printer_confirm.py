"""A job is done only when the printer took it: real TCP printers on loopback that read nothing,
answer status, run out of paper, or (Brother QL) say "printing completed" or nothing at all."""

from __future__ import annotations

import time

import pytest

from kiosk.print.backends import escpos_link
from kiosk.print.backends.base import Document, PrintError
from kiosk.print.backends.escpos_backend import EscposBackend
from kiosk.print.printers import PrinterConfig, PrinterRegistry
from kiosk.print.queue import PrintQueue, wait_for

from tests.support.event_data import add_attendee
from tests.support.printer_fakes import PAPER_END, SMALL_WINDOW, FakeBrother, TcpPrinter

SILENT_TIMEOUT_S = 2.0  # the tests' deadline for a printer that never reads (the app's is 10 s)


@pytest.fixture
def registry(data_dir):
    return PrinterRegistry(data_dir)


@pytest.fixture
def queue(store, registry):
    add_attendee(store, "T2", first_name="Łukasz", last_name="Nowak")
    return PrintQueue(store, registry)


@pytest.fixture
def short_deadline(monkeypatch):
    monkeypatch.setattr(escpos_link, "TAKE_TIMEOUT_S", SILENT_TIMEOUT_S)


def _nothing_printed(queue, store) -> None:
    """No badge recorded as printed (a held job shows only as a possible print)."""
    assert all(p.uncertain for p in queue.previous_prints("T2"))
    assert store.conn.execute("SELECT COUNT(*) FROM badge_prints").fetchone()[0] == 0


def test_a_printer_that_never_reads_fails_the_badge_with_a_reason(queue, registry, store, short_deadline):
    printer = TcpPrinter(read=False, rcvbuf=SMALL_WINDOW)
    try:
        registry.add("thermal", printer.uri, profile="TM-T20II")
        job = queue.enqueue_badge("T2", printer="thermal")
        started = time.monotonic()
        failed = queue.run_once()
        took = time.monotonic() - started
    finally:
        printer.close()
    assert failed.state == "failed" and not failed.held  # it has nothing: a retry cannot double
    assert "took the connection but did not take the badge" in failed.error
    assert "check it is on and has paper" in failed.error
    assert SILENT_TIMEOUT_S - 0.5 < took < SILENT_TIMEOUT_S + 3
    assert queue.job(job.id).done_ms is None
    _nothing_printed(queue, store)


def test_a_printer_that_never_reads_but_whose_window_holds_the_badge_is_not_done(queue, registry, store,
                                                                               short_deadline):
    printer = TcpPrinter(read=False)  # a desktop-sized receive buffer: every byte is acknowledged
    try:
        registry.add("thermal", printer.uri, profile="TM-T20II")
        started = time.monotonic()
        failed = queue.run_once(queue.enqueue_badge("T2", printer="thermal").id)
        took = time.monotonic() - started
    finally:
        printer.close()
    assert failed.state == "failed" and "did not confirm" in failed.error, failed.error
    assert failed.held  # its network stack has the badge: staff look before it goes again
    assert took < SILENT_TIMEOUT_S + 3
    _nothing_printed(queue, store)


def _tall_badge(tmp_path, length_mm: float) -> Document:
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "tall.pdf"
    page = canvas.Canvas(str(pdf), pagesize=(72 * mm, length_mm * mm))
    for y in range(0, int(length_mm), 4):  # stripes: a raster that does not compress to nothing
        page.rect(5 * mm, y * mm, 60 * mm, 2 * mm, fill=1)
    page.save()
    return Document(pdf, 72, length_mm, "tall")


def test_a_raster_bigger_than_the_socket_buffers_to_a_printer_that_never_reads(tmp_path, short_deadline):
    document = _tall_badge(tmp_path, 1500)
    printer = TcpPrinter(read=False, rcvbuf=SMALL_WINDOW)
    backend = EscposBackend(PrinterConfig("thermal", printer.uri, profile="TM-T20II"))
    dummy = backend._dummy()
    from kiosk.print.draw.raster import render_page, to_pil

    dummy.image(to_pil(render_page(document.pdf, 203)), impl="bitImageRaster")
    assert len(dummy.output) > 300_000  # a few hundred KB: more than the buffers hold
    try:
        started = time.monotonic()
        with pytest.raises(PrintError) as failed:
            backend.print_document(document)
        took = time.monotonic() - started
    finally:
        printer.close()
    assert "did not take the badge" in failed.value.message and not failed.value.maybe_printed
    assert took < SILENT_TIMEOUT_S + 3


def test_a_printer_that_reads_and_answers_online_paper_ok_is_done(queue, registry, store):
    printer = TcpPrinter()
    try:
        registry.add("thermal", printer.uri, profile="TM-T20II")
        started = time.monotonic()
        job = wait_for(queue, queue.enqueue_badge("T2", printer="thermal").id)
        took = time.monotonic() - started
        data = printer.wait_for_job()
    finally:
        printer.close()
    assert job.state == "done", job.error
    assert printer.queries == [1, 2, 4]  # printer status, offline cause, paper sensor
    assert data.endswith(b"\x1dV\x00") and b"\x1dv0" in data
    assert took < 3
    assert len(queue.previous_prints("T2")) == 1


def test_a_printer_out_of_paper_fails_and_holds_the_badge(queue, registry, store):
    printer = TcpPrinter(status=PAPER_END)
    try:
        registry.add("thermal", printer.uri, profile="TM-T20II")
        job = queue.enqueue_badge("T2", printer="thermal")
        failed = queue.run_once()
    finally:
        printer.close()
    assert failed.state == "failed" and "out of paper" in failed.error, failed.error
    # The printer has the badge in its buffer and may print it once paper is in: no blind retry.
    assert failed.held and queue.run_once() is None
    assert queue.job(job.id).done_ms is None
    _nothing_printed(queue, store)


def test_a_clone_without_status_is_done_once_it_read_everything(queue, registry, store):
    add_attendee(store, "T3", first_name="Ana", last_name="Silva")
    printer = TcpPrinter(status=None)  # reads to the end, answers nothing, closes after us
    try:
        registry.add("thermal", printer.uri)
        timings = []
        for code in ("T2", "T3"):
            started = time.monotonic()
            job = wait_for(queue, queue.enqueue_badge(code, printer="thermal").id)
            timings.append(time.monotonic() - started)
            assert job.state == "done", job.error
    finally:
        printer.close()
    assert len(printer.jobs) == 2
    assert timings[0] < escpos_link.STATUS_TIMEOUT_S + 2  # one unanswered status query, no more
    assert timings[1] < escpos_link.STATUS_TIMEOUT_S  # known to answer none: not asked again


def test_brother_that_says_printing_completed_is_done_quickly(queue, registry):
    printer = FakeBrother()
    try:
        registry.add("ql", printer.uri, layout="brother-62x100")
        job = queue.enqueue_badge("T2", printer="ql")
        queue.backend_for(registry.get("ql")).raster  # noqa: B018 - warm the imports out of the timing
        started = time.monotonic()
        done = queue.run_once()
        took = time.monotonic() - started
    finally:
        printer.close()
    assert done.id == job.id and done.state == "done", done.error
    assert took < 1.0


def test_brother_that_never_answers_fails_within_the_timeout(queue, registry, store):
    from kiosk.print.backends import brother

    printer = FakeBrother(answer=False)
    try:
        registry.add("ql", printer.uri, layout="brother-62x100")
        queue.enqueue_badge("T2", printer="ql")
        started = time.monotonic()
        failed = queue.run_once()
        took = time.monotonic() - started
    finally:
        printer.close()
    assert failed.state == "failed" and "never answered" in failed.error
    assert failed.held  # it took the label and may have printed it: staff decide
    assert took < brother.FIRST_REPLY_TIMEOUT_S + 1.5
    _nothing_printed(queue, store)


def test_brother_that_reports_no_labels_fails_with_that_reason(queue, registry):
    printer = FakeBrother(errors=0x01)
    try:
        registry.add("ql", printer.uri, layout="brother-62x100")
        queue.enqueue_badge("T2", printer="ql")
        failed = queue.run_once()
    finally:
        printer.close()
    assert failed.state == "failed" and "no labels loaded" in failed.error and not failed.held


class _WebServer:
    """A real web server (the standard library's, as `python -m http.server` runs) on loopback:
    what staff reach when they type a printer's address with the wrong port."""

    def __init__(self) -> None:
        import http.server
        import threading

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep the test's output clean
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize(("scheme", "profile"), [("escpos+tcp", "TM-T20II"), ("escpos+tcp", ""), ("zpl+tcp", "")])
def test_a_web_server_on_the_printers_port_is_not_a_printer(queue, registry, store, scheme, profile, short_deadline):
    """A status-speaking model, the default profile, and a Zebra: the web server's "HTTP/1.0 400
    Bad request" holds an 'r', which passes for a status byte when taken alone."""
    web = _WebServer()
    try:
        registry.add("p", f"{scheme}://127.0.0.1:{web.port}", profile=profile)
        failed = queue.run_once(queue.enqueue_badge("T2", printer="p").id)
    finally:
        web.close()
    assert failed.state == "failed" and not failed.held, failed.error  # nothing printed: not "perhaps printed"
    printer_kind = "a Zebra printer" if scheme == "zpl+tcp" else "a printer"
    assert f"does not answer like {printer_kind}: check the address and port" in failed.error
    _nothing_printed(queue, store)


@pytest.mark.parametrize("scheme", ["escpos+tcp", "zpl+tcp"])
def test_doctor_says_a_web_server_on_the_printers_port_is_not_a_printer(scheme):
    from kiosk.doctor.printer_checks import printer
    from kiosk.doctor.report import FAIL, OK

    from tests.support.printer_fakes import FakeZebra

    web = _WebServer()
    try:
        check = printer(PrinterConfig("p", f"{scheme}://127.0.0.1:{web.port}"))
    finally:
        web.close()
    assert check.status == FAIL and "is not a printer" in check.detail, check
    real = FakeZebra() if scheme == "zpl+tcp" else TcpPrinter()
    try:
        assert printer(PrinterConfig("p", real.uri)).status == OK  # a printer still passes
    finally:
        real.close()
