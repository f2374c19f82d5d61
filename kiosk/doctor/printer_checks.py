"""Each configured printer: can it be reached, and is it ready (paper, cover, paused)?

Nothing is printed unless a test page is asked for. Network printers get a TCP connection with a
short timeout and, where their protocol has one, the same status question the backend asks
before a job (ESC/POS DLE EOT, Zebra ~HS). System printers (CUPS, the Windows spooler) are asked
through Qt's print support, as the system backend prints through it.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from kiosk.core.errors import KioskError
from kiosk.doctor.checks import MIN_FREE_BYTES, folder_free
from kiosk.doctor.report import FAIL, OK, WARN, Check
from kiosk.print.printers import PrinterConfig, PrinterRegistry

if TYPE_CHECKING:
    from kiosk.print.backends.escpos_link import TcpLink

CONNECT_TIMEOUT_S = 2.0
STATUS_TIMEOUT_S = 1.0
DEFAULT_PORTS = {"escpos+tcp": 9100, "brother+tcp": 9100, "zpl+tcp": 9100}
_SWITCHED_ON = ("Check the printer is switched on, on the same network as this laptop, and still at that "
                "address (most printers print their address when a button is held at start-up).")


def _title(config: PrinterConfig) -> str:
    return f"Printer '{config.name}'"


def printers(registry: PrinterRegistry) -> list[Check]:
    return [printer(config) for config in registry.printers().values()]


def printer(config: PrinterConfig) -> Check:
    scheme = config.scheme
    if scheme == "pdf":
        return _pdf_folder(config)
    if scheme in DEFAULT_PORTS:
        return _network(config)
    if scheme in ("escpos+usb", "brother+usb"):
        return _usb(config)
    if scheme in ("escpos+serial", "escpos+file", "brother+file"):
        return _device_file(config)
    if scheme == "system":
        from kiosk.doctor.qt_checks import system_printer

        return system_printer(config)
    return Check(_title(config), FAIL, f"'{config.uri}' is not a kind of printer this version knows.",
                 "Remove it and add it again under Printers…")


def _pdf_folder(config: PrinterConfig) -> Check:
    folder = Path(config.uri.split(":", 1)[1]).expanduser()
    where = folder
    while not where.exists() and where != where.parent:
        where = where.parent
    if not (where.is_dir() and os.access(where, os.W_OK | os.X_OK)):
        return Check(_title(config), FAIL, f"Badges go to the folder {folder}, which cannot be written.",
                     "Choose a folder of your own for this PDF printer under Printers…")
    if where != folder and not _can_make_folder_in(where):
        # /proc, a read-only or pseudo file system: "writable" to root, yet no folder can be made
        return Check(_title(config), FAIL, f"Badges go to the folder {folder}, which does not exist and cannot "
                     "be made there.", "Choose a folder of your own for this PDF printer under Printers…")
    if folder_free(folder) < MIN_FREE_BYTES:
        return Check(_title(config), WARN, f"Badges go to the folder {folder}; its disk is almost full.",
                     "Free some space on that disk.")
    return Check(_title(config), OK, f"Badges are saved as PDF files in {folder}.")


def _can_make_folder_in(parent: Path) -> bool:
    """Whether a folder can be made in `parent`: tried with an empty one, removed at once."""
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".kiosk-check-", dir=parent))
    except OSError:
        return False
    return True


def _network(config: PrinterConfig) -> Check:
    parts = urlsplit(config.uri)
    host, port = parts.hostname or "", parts.port or DEFAULT_PORTS[config.scheme]
    where = f"{host}:{port}"
    from kiosk.print.backends.escpos_link import TcpLink

    try:
        link = TcpLink(host, port, CONNECT_TIMEOUT_S)  # the backends' own connection
    except OSError:
        return Check(_title(config), FAIL, f"Nothing answers at {where}.", _SWITCHED_ON)
    try:
        problem = _status_problem(config, link)
        if problem == "":  # no status answer: a web server waits for a line's end, so end ours and listen
            link.close_peer_wait(time.monotonic() + STATUS_TIMEOUT_S)
        foreign = link.foreign() or (config.scheme == "zpl+tcp" and bool(link.heard))  # a Zebra says only ~HS
    finally:
        link.close()
    if foreign:  # a web server or some other service on the printer's port
        return Check(_title(config), FAIL, f"What answers at {where} is not a printer.",
                     "Check the printer's address and port (a printer's port is usually 9100).")
    if problem:
        what, _, todo = problem.partition(":")
        todo = re.sub(r"\s*\(.*\)\s*$", "", todo).strip()  # "(the badge may come out then)": no job here
        return Check(_title(config), FAIL, f"The printer at {where} {what.strip()}.",
                     (todo[:1].upper() + todo[1:] + ".") if todo else "Check the printer's lights and display.")
    return Check(_title(config), OK, f"Answers at {where}" + ("" if problem is not None else " and is ready") + ".")


def _status_problem(config: PrinterConfig, link: TcpLink) -> str | None:
    """The printer's trouble in words, "" when it answered nothing about its state (some ESC/POS
    clones, every Brother on TCP), None when it said it is ready."""
    if config.scheme == "zpl+tcp":
        from kiosk.print.backends import zebra

        answer = zebra.host_status(link, STATUS_TIMEOUT_S)
        return "" if answer is None else zebra.status_problem(answer)
    if config.scheme == "escpos+tcp":
        from kiosk.print.backends import escpos_link
        from kiosk.print.backends.escpos_backend import EscposBackend

        if not EscposBackend(config).speaks_status():
            return ""
        answers: dict[int, int] = {}
        for n in (1, 2, 4):
            byte = link.ask(escpos_link.DLE_EOT + bytes([n]), STATUS_TIMEOUT_S)
            if byte is None:
                return ""
            answers[n] = byte
        return escpos_link.status_problem(answers)
    return ""


def _usb(config: PrinterConfig) -> Check:
    vid, pid = (int(x, 16) for x in urlsplit(config.uri).netloc.split(":"))
    try:
        import usb.core
    except ImportError:
        return Check(_title(config), WARN, "USB printers cannot be checked here (pyusb is not installed).",
                     "Print a test badge from Printers… to check it.")
    try:
        found = usb.core.find(idVendor=vid, idProduct=pid)
    except Exception:  # no USB library (libusb) on this system
        return Check(_title(config), WARN, "USB printers cannot be checked on this laptop (no USB library).",
                     "Print a test badge from Printers… to check it.")
    if found is None:
        return Check(_title(config), FAIL, f"No USB printer {vid:04x}:{pid:04x} is plugged in.",
                     "Plug the printer's USB cable into this laptop and switch the printer on.")
    return Check(_title(config), OK, f"USB printer {vid:04x}:{pid:04x} is plugged in.")


def _device_file(config: PrinterConfig) -> Check:
    path = Path(urlsplit(config.uri).path)
    if not path.exists():
        return Check(_title(config), FAIL, f"{path} is not there: the printer is not plugged in.",
                     "Plug the printer into this laptop and switch it on.")
    if not os.access(path, os.W_OK):
        return Check(_title(config), FAIL, f"This user may not write to {path}.",
                     "Ask whoever set up this laptop to let this user use the printer (on Linux, the 'lp' "
                     "or 'dialout' group).")
    return Check(_title(config), OK, f"{path} is there and can be written.")


def test_page(registry: PrinterRegistry, name: str) -> Check:
    """Print a test badge (no one's name on it) on one printer, as Printers… → Print test badge."""
    from kiosk.core.model import Attendee
    from kiosk.print.backends import PrintError, make_backend
    from kiosk.print.backends.base import Document
    from kiosk.print.draw.badge_pdf import BadgeRenderer
    from kiosk.print.draw.layout import load_layout

    title = f"Test badge on '{name}'"
    try:
        config = registry.get(name)
    except KioskError as exc:
        return Check(title, FAIL, exc.message, "Give the name of a printer 'kiosk printers list' shows.")
    sample = Attendee("TEST-BADGE", first_name="Test", last_name="Badge", full_name="Test Badge",
                      organisation="Printer check", ticket_type="Staff")
    try:
        layout = dataclasses.replace(load_layout(config.layout or "badge-4x3", registry.data.root), sheet=None)
        with tempfile.TemporaryDirectory(prefix="kiosk-doctor-") as tmp:
            pdf = Path(tmp) / "test.pdf"
            BadgeRenderer(layout, "Test badge").write([sample], pdf)
            where = make_backend(config).print_document(Document(pdf, layout.width, layout.height, "test-badge"))
    except (PrintError, KioskError) as exc:
        return Check(title, FAIL, f"The test badge did not print: {exc.message}",
                     "Fix what it says, then print the test badge again.")
    return Check(title, OK, f"Printed ({where}). Check it came out whole and the QR code is sharp.")
