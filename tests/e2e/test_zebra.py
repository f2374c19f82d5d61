"""Zebra label printers (ZPL over TCP 9100), as staff set one up and print to it: a loopback Zebra
keeps what it receives, the ZPL is parsed, its ^GF graphic decoded back to dots and its QR read."""

from __future__ import annotations

import time

import pytest
import zxingcpp

from kiosk.print.backends import escpos_link, zebra
from kiosk.print.printers import PrinterRegistry
from kiosk.print.queue import PrintQueue

from tests.support.cli import assert_clean_failure, kiosk, kiosk_json
from tests.support.event_data import add_attendee
from tests.support.paths import DATA
from tests.support.printer_fakes import SMALL_WINDOW, FakeZebra, zpl_labels

SECRET = "k7x2m9p4w8q3r6t1v5n0y2z4b6c8d0e2"  # a pretix-style 32-character secret
SILENT_TIMEOUT_S = 2.0


@pytest.fixture
def registry(data_dir):
    return PrinterRegistry(data_dir)


@pytest.fixture
def queue(store, registry):
    add_attendee(store, SECRET, first_name="Gwenllian", last_name="Ap Rhys", ticket_type="Speaker")
    return PrintQueue(store, registry)


@pytest.fixture
def short_deadline(monkeypatch):
    monkeypatch.setattr(escpos_link, "TAKE_TIMEOUT_S", SILENT_TIMEOUT_S)


@pytest.mark.parametrize(("dpi", "cut", "size", "mode"), [(203, False, (812, 609), "T"), (300, True, (1200, 900), "C")])
def test_a_badge_sent_to_a_zebra_decodes_to_its_label_with_a_qr_that_reads(queue, registry, dpi, cut, size, mode):
    printer = FakeZebra()
    try:
        registry.add("zebra", printer.uri, layout="badge-4x3", dpi=dpi, cut=cut)
        job = queue.enqueue_badge(SECRET, printer="zebra")
        started = time.monotonic()
        done = queue.run_once(job.id)
        took = time.monotonic() - started
        data = printer.wait_for_job()
    finally:
        printer.close()
    assert done.state == "done", done.error
    assert printer.queries == 1  # it asked the printer's status once, and the answer said all is well
    assert took < zebra.STATUS_TIMEOUT_S + 3
    [label] = zpl_labels(data)
    assert (int(label.commands["PW"]), int(label.commands["LL"])) == size  # 4 × 3 in at the head's dpi
    assert label.commands["MM"] == mode  # cut (^MMC) or tear-off (^MMT), as the printer was set up
    assert label.image is not None and label.image.size[1] == size[1]
    assert label.image.size[0] - size[0] < 8  # whole bytes a row
    assert [r.text for r in zxingcpp.read_barcodes(label.image.convert("L"))] == [SECRET]
    assert SECRET.encode() not in data and b"Gwenllian" not in data  # nothing from the attendee as text


def test_a_zebra_that_never_reads_leaves_the_badge_failed_with_a_reason(queue, registry, store, short_deadline):
    printer = FakeZebra(read=False, rcvbuf=SMALL_WINDOW)
    try:
        registry.add("zebra", printer.uri, layout="badge-4x3")
        job = queue.enqueue_badge(SECRET, printer="zebra")
        started = time.monotonic()
        failed = queue.run_once(job.id)
        took = time.monotonic() - started
    finally:
        printer.close()
    assert failed.state == "failed" and not failed.held
    assert "took the connection but did not take the badge: check it is on and has labels" in failed.error
    assert took < SILENT_TIMEOUT_S + 3
    assert store.conn.execute("SELECT COUNT(*) FROM badge_prints").fetchone()[0] == 0


def test_a_zebra_whose_network_takes_the_badge_but_that_never_answers_is_held(queue, registry, store,
                                                                             short_deadline):
    printer = FakeZebra(read=False)  # a desktop-sized receive window: every byte acknowledged, none read
    try:
        registry.add("zebra", printer.uri, layout="badge-4x3")
        failed = queue.run_once(queue.enqueue_badge(SECRET, printer="zebra").id)
    finally:
        printer.close()
    assert failed.state == "failed" and failed.held, failed.error  # it may have it: staff look first
    assert "did not confirm it" in failed.error and "Check whether the badge came out" in failed.error
    assert store.conn.execute("SELECT COUNT(*) FROM badge_prints").fetchone()[0] == 0


def test_a_zebra_out_of_labels_says_so_and_holds_the_badge(queue, registry):
    printer = FakeZebra(paper_out=True)
    try:
        registry.add("zebra", printer.uri, layout="badge-4x3")
        failed = queue.run_once(queue.enqueue_badge(SECRET, printer="zebra").id)
    finally:
        printer.close()
    assert failed.state == "failed" and failed.held
    assert "is out of labels: load labels" in failed.error


def test_a_zpl_clone_without_status_is_done_once_it_read_everything(queue, registry):
    printer = FakeZebra(answer=False)  # reads to the end, answers no ~HS, closes after us
    try:
        registry.add("zebra", printer.uri, layout="badge-4x3")
        done = queue.run_once(queue.enqueue_badge(SECRET, printer="zebra").id)
    finally:
        printer.close()
    assert done.state == "done", done.error


def test_adding_a_zebra_from_the_command_line(tmp_path):
    data = tmp_path / "d"
    kiosk_json(data, "import", str(DATA / "tito-2025.csv"))
    printer = FakeZebra()
    try:
        added = kiosk_json(data, "printers", "add", "zebra", printer.uri, "--dpi", "300", "--cut")
        assert added["printer"]["dpi"] == 300 and added["printer"]["cut"] is True
        kiosk_json(data, "printers", "use", "badges", "zebra")
        done = kiosk_json(data, "print", "badge", "ti_p5kR8sQ2uVx")
        data_sent = printer.wait_for_job()
    finally:
        printer.close()
    assert done["status"] == "done", done
    [label] = zpl_labels(data_sent)
    assert label.commands["MM"] == "C" and [r.text for r in zxingcpp.read_barcodes(label.image.convert("L"))] == [
        "ti_p5kR8sQ2uVx"]
    assert_clean_failure(kiosk(data, "printers", "add", "z", "zpl+tcp://h:1", "--dpi", "600"), 2)
    assert_clean_failure(kiosk(data, "printers", "add", "z", "zpl+tcp://:9100"), 2)
    assert_clean_failure(kiosk(data, "printers", "add", "t", "escpos+tcp://h:1", "--dpi", "300"), 2)


def test_the_compressed_graphic_gives_back_every_dot():
    """Random rows, blank and full rows, repeated rows, runs past 400 digits: the parser, written
    from the ZPL guide apart from the encoder, reads back the very same dots."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(14)
    for trial in range(120):
        width, height = int(rng.integers(1, 1700)), int(rng.integers(1, 12))
        dots = rng.random((height, width)) < rng.random()
        if trial % 3 == 0:
            dots[:] = dots[0]  # every row the same: ':' after the first
        if trial % 4 == 0:
            dots[:, width // 2:] = False  # blank to the row's end: ','
        if trial % 5 == 0:
            dots[:, width // 3:] = True  # ink to the row's end: '!'
        image = Image.fromarray(np.where(dots, 0, 255).astype(np.uint8)).convert("1")
        [label] = zpl_labels(zebra.zpl_label(image, cut=False))
        assert label.image is not None
        assert (np.asarray(label.image)[:, :width] == np.asarray(image)).all(), trial
        assert not (~np.asarray(label.image)[:, width:]).any()  # the row's padding bits print nothing
