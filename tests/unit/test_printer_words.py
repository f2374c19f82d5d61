"""Printer problems in words a volunteer can act on: real sockets, device paths and folders that
fail the way they do at an event, run through the backends and the `kiosk` command; never errno
text ("[Errno 111] Connection refused"), a library's log line or "internal error"."""

from __future__ import annotations

import errno
import socket

import pytest

from kiosk.print.backends import make_backend, words
from kiosk.print.backends.base import Document, PrintError
from kiosk.print.printers import PrinterConfig

from tests.support.cli import assert_clean_failure, kiosk, kiosk_json
from tests.support.paths import DATA

CODE = "ti_p5kR8sQ2uVx"


def _closed_port() -> int:
    """A loopback port nothing listens on: connecting is refused, as for a printer switched off."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _no_errno_text(message: str) -> None:
    assert "Errno" not in message and "errno" not in message and "No such file" not in message, message
    assert "internal error" not in message and "Error:" not in message, message


@pytest.mark.parametrize(("exc", "kind", "expected"), [
    (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), words.NETWORK,
     "is not answering at 10.0.0.9:9100: check it is on and connected to this network"),
    (TimeoutError("timed out"), words.NETWORK, "is not answering at 10.0.0.9:9100: it did not reply in time"),
    (OSError(errno.EHOSTUNREACH, "No route to host"), words.NETWORK,
     "is unreachable at 10.0.0.9:9100: this laptop has no way to that address"),
    (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), words.NETWORK,
     "no computer called 10.0.0.9 on this network"),
    (FileNotFoundError(errno.ENOENT, "No such file or directory"), words.FOLDER, "does not exist"),
    (OSError(errno.EROFS, "Read-only file system"), words.FOLDER, "cannot be written to (read-only)"),
    (FileNotFoundError(errno.ENOENT, "No such file or directory"), words.DEVICE, "nothing is plugged in there"),
    (PermissionError(errno.EACCES, "Permission denied"), words.FOLDER, "may not write to the folder"),
    (PermissionError(errno.EACCES, "Permission denied"), words.DEVICE, "'lp' or 'dialout' group"),
])
def test_each_os_error_is_said_in_words(exc, kind, expected):
    where = "10.0.0.9:9100" if kind == words.NETWORK else "/somewhere"
    wrapped = RuntimeError("a library's own wrapper")  # as python-escpos wraps the OS error
    wrapped.__context__ = exc
    said = words.problem(wrapped, where, kind)
    assert expected in said
    _no_errno_text(said)


@pytest.fixture
def document(tmp_path):
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "b.pdf"
    c = canvas.Canvas(str(pdf), pagesize=(288, 216))
    c.drawString(20, 100, "Siân")
    c.save()
    return Document(pdf, 101.6, 76.2, title="Siân Evans")


@pytest.mark.parametrize(("uri", "expected"), [
    ("escpos+tcp://127.0.0.1:{port}", "is not answering at 127.0.0.1:{port}: check it is on and connected"),
    ("brother+tcp://127.0.0.1:{port}", "is not answering at 127.0.0.1:{port}: check it is on and connected"),
    ("zpl+tcp://127.0.0.1:{port}", "is not answering at 127.0.0.1:{port}: check it is on and connected"),
    ("escpos+serial:///dev/nonexistent-printer", "is not answering at /dev/nonexistent-printer: nothing is plugged"),
    ("escpos+file:///nonexistent-dir/lp0", "is not answering at /nonexistent-dir/lp0: nothing is plugged in"),
    ("pdf:/proc/nope", "Cannot write to the PDF folder: the folder /proc/nope does not exist"),
])
def test_an_unreachable_printer_is_said_in_words(document, uri, expected, capfd):
    port = _closed_port()
    backend = make_backend(PrinterConfig("front", uri.format(port=port)))
    with pytest.raises(PrintError) as caught:
        backend.print_document(document)
    assert expected.format(port=port) in caught.value.message
    _no_errno_text(caught.value.message)
    out, err = capfd.readouterr()
    assert "WARNING" not in err and "Failed to connect" not in err, err  # brother_ql's root-logger line
    assert out == ""


def test_unreachable_brother_from_the_command_line_prints_one_plain_line(tmp_path):
    data = tmp_path / "d"
    kiosk_json(data, "import", str(DATA / "tito-2025.csv"))
    port = _closed_port()
    kiosk_json(data, "printers", "add", "ql", f"brother+tcp://127.0.0.1:{port}")
    proc = kiosk(data, "print", "badge", CODE, "--printer", "ql")
    assert proc.returncode == 1
    assert f"is not answering at 127.0.0.1:{port}: check it is on and connected" in proc.stdout
    assert proc.stderr == ""  # brother_ql's "WARNING:root:Failed to connect … [Errno 111]" was here
    assert "Errno" not in proc.stdout


@pytest.mark.parametrize("scheme", ["zpl+tcp", "escpos+tcp", "brother+tcp"])
def test_a_broken_ipv6_address_is_refused_in_words(tmp_path, scheme):
    proc = kiosk(tmp_path / "d", "printers", "add", "x", f"{scheme}://[::1")
    assert_clean_failure(proc, 2)
    assert "internal error" not in proc.stderr and "Invalid IPv6" not in proc.stderr
    assert "address" in proc.stderr


@pytest.mark.parametrize(("args", "expected"), [
    (("x", "zpl+tcp://a b"), "may hold only letters, digits, dots and hyphens (no spaces)"),
    (("x", "zpl+tcp://h:99999"), "the port must be 1–65535"),
    (("x", "escpos+tcp://h:0"), "the port must be 1–65535"),
    (("x", "escpos+tcp://h:ninety"), "is not a number"),
    (("x", "escpos+tcp://h:9100", "--layout", "nope"), "no badge layout 'nope'"),
    (("x", "zpl+tcp://h:9100", "--profile", "TM-T20II"), "it does not apply to a Zebra printer"),
    (("x", "pdf:/tmp/x", "--profile", "TM-T20II"), "it does not apply to the PDF folder"),
    (("x", "brother+tcp://h", "--profile", "QL-9999"), "unknown Brother printer model"),
])
def test_printers_add_refuses_what_cannot_work_in_words(tmp_path, args, expected):
    proc = kiosk(tmp_path / "d", "printers", "add", *args)
    assert_clean_failure(proc, 2)
    assert expected in proc.stderr
    assert [p["name"] for p in kiosk_json(tmp_path / "d", "printers")["printers"]] == ["pdf"]


def test_printers_list_shows_each_printers_layout_model_and_dpi(tmp_path):
    data = tmp_path / "d"
    kiosk_json(data, "printers", "add", "zebra", "zpl+tcp://10.0.0.9", "--dpi", "300", "--cut",
               "--layout", "badge-4x3")
    kiosk_json(data, "printers", "add", "thermal", "escpos+tcp://10.0.0.8:9100", "--profile", "TM-T20II")
    listed = kiosk(data, "printers", "list").stdout
    zebra = listed[listed.index("zebra"):].splitlines()[1]
    thermal = listed[listed.index("thermal"):].splitlines()[1]
    assert "layout badge-4x3" in zebra and "300 dpi, cut" in zebra
    assert "layout badge-4x3 (the default)" in thermal and "model TM-T20II" in thermal


def test_doctor_says_a_missing_pdf_folder_does_not_exist_not_that_its_disk_is_full(tmp_path):
    from kiosk.doctor.printer_checks import printer
    from kiosk.doctor.report import FAIL, OK

    check = printer(PrinterConfig("pdf", "pdf:/proc/nope"))
    assert check.status == FAIL and "does not exist and cannot be made" in check.detail, check
    assert "almost full" not in check.detail
    fine = printer(PrinterConfig("pdf", f"pdf:{tmp_path}/not-yet/badges"))
    assert fine.status == OK, fine
    assert not (tmp_path / "not-yet").exists()  # the check made nothing


def test_a_name_no_font_covers_is_refused_in_words_that_say_it_is_not_retried(data_dir, store, monkeypatch):
    """The PDF folder's refusal ended "; the job waits in the queue": a font refusal is never
    tried again by itself, so the words say so; and `printers fonts` exits 1 for such a name."""
    from kiosk.print.draw import fonts

    from tests.support.event_data import add_attendee

    monkeypatch.setenv(fonts.FONT_DIRS_ENV, "")  # only the shipped fonts: none has Ethiopic
    add_attendee(store, "ETH", first_name="አበበ", last_name="በቀለ")
    proc = kiosk(data_dir.root, "print", "badge", "ETH")
    assert proc.returncode == 1 and proc.stderr == ""
    assert "Ethiopic" in proc.stdout and "not tried again by itself" in proc.stdout, proc.stdout
    assert "waits in the queue" not in proc.stdout
    assert list((data_dir.root / "prints").glob("*.pdf")) == []
    assert kiosk(data_dir.root, "printers", "fonts").returncode == 1
    add_attendee(store, "LAT", first_name="Siân", last_name="Jones")
    assert "Printed" in kiosk(data_dir.root, "print", "badge", "LAT").stdout


def test_pdf_folder_file_names_keep_every_letter_of_an_indic_name(tmp_path):
    from kiosk.print.backends.pdf_folder import safe_name

    assert safe_name("badge-प्रिया शर्मा") == "badge-प्रिया_शर्मा"  # was "badge-प_र_य_…": vowel signs are marks
    assert safe_name("badge-ਗੁਰਪ੍ਰੀਤ ਕੌਰ") == "badge-ਗੁਰਪ੍ਰੀਤ_ਕੌਰ"
    assert safe_name("badge-Siân Ó Súilleabháin") == "badge-Siân_Ó_Súilleabháin"
    assert "/" not in safe_name("badge-../../etc/passwd") and safe_name("..") == "badge"
    backend = make_backend(PrinterConfig("pdf", f"pdf:{tmp_path / 'prints'}"))
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    written = backend.print_document(Document(pdf, 10, 10, title="badge-प्रिया शर्मा"))
    assert written.endswith("-badge-प्रिया_शर्मा.pdf")
