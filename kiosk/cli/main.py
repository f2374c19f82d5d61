"""The `kiosk` command line: a contract other tools and tests drive the product through.

--json prints exactly one JSON object on stdout. Exit 0 on success, 1 when the action was refused
(an unknown ticket, say), 2 on bad usage or unreadable input, with a one-line reason on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import closing
from pathlib import Path
from typing import Callable, NoReturn

from kiosk import __version__
from kiosk.core.errors import KioskError, RefusedError, UsageError

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, no usage dump: the contract
        raise UsageError(f"{self.prog}: {message}")


def _common() -> argparse.ArgumentParser:
    # SUPPRESS lets --data/--json stand before or after the subcommand without one erasing the other.
    common = _Parser(add_help=False)
    common.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS,
                        help="data directory (default: $KIOSK_DATA or the user data folder)")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print one JSON object on stdout")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = _Parser(prog="kiosk", parents=[common],
                     description="Event-day check-in kiosk and badge printer. With no command, "
                                 "opens the desk window on the current event.")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument("--device", metavar="NAME", default=argparse.SUPPRESS,
                        help="this desk's name, shown with every check-in")
    parser.add_argument("--mode", choices=["desk", "kiosk"], default="desk",
                        help="with no command: the staff desk window (default) or the locked-down "
                             "self-service kiosk (needs a staff PIN: kiosk pin set)")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    def command(name: str, handler: Handler, help_text: str, **kw) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text, **kw)
        p.set_defaults(handler=handler)
        return p

    from kiosk.cli import commands as c
    p = command("demo", c.demo, "create (once) and open the demo event")
    p.add_argument("--attendees", type=int, default=300, metavar="N")
    p.add_argument("--no-gui", action="store_true", help="create the demo and exit")

    event = command("event", c.event_list, "create, list and switch events")
    esub = event.add_subparsers(dest="event_command", parser_class=_Parser)
    p = esub.add_parser("create", parents=[common], help="create an event and make it current")
    p.add_argument("slug")
    p.add_argument("--name", required=True)
    p.add_argument("--date", metavar="YYYY-MM-DD")
    p.add_argument("--venue")
    p.set_defaults(handler=c.event_create)
    p = esub.add_parser("list", parents=[common], help="list the events in the data directory")
    p.set_defaults(handler=c.event_list)
    p = esub.add_parser("use", parents=[common], help="make an event current")
    p.add_argument("slug")
    p.set_defaults(handler=c.event_use)

    p = command("import", c.import_file, "import attendees from a CSV or .xlsx export")
    p.add_argument("file", type=Path)
    p.add_argument("--format", default="auto",
                   choices=["auto", "eventbrite", "tito", "pretix", "tickettailor", "generic"])
    p.add_argument("--map", action="append", default=[], metavar="HEADER=field",
                   help="read this column as this field (repeatable)")
    p.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")

    for name, handler, text in (("checkin", c.checkin, "check in a ticket (code or ticket URL)"),
                                ("undo", c.undo, "undo a ticket's check-in"),
                                ("show", c.show, "show one attendee")):
        p = command(name, handler, text)
        p.add_argument("code")
        p.add_argument("--device", metavar="NAME", default=argparse.SUPPRESS)

    p = command("walkin", c.walkin, "register a walk-in and check them in")
    _person_options(p, required_names=True)
    p.add_argument("--device", metavar="NAME", default=argparse.SUPPRESS)

    p = command("edit", c.edit, "correct an attendee's details")
    p.add_argument("code")
    _person_options(p, required_names=False)
    p.add_argument("--status", choices=["valid", "void", "cancelled"])
    p.add_argument("--notes")

    p = command("search", c.search, "find attendees by name, email, organisation or reference")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)

    command("stats", c.stats, "check-in statistics for the current event")

    p = command("export", c.export, "export data for spreadsheets")
    p.add_argument("what", choices=["checkins"])
    p.add_argument("--out", type=Path, required=True, metavar="FILE.csv")

    p = command("purge", c.purge, "erase the current event's data from this machine")
    p.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")

    p = command("badge", c.badge, "draw badges into a PDF (the PDF-folder printer)")
    p.add_argument("codes", nargs="*", metavar="CODE")
    p.add_argument("--all", action="store_true", help="every valid attendee, sorted by surname")
    p.add_argument("--not-printed", action="store_true", help="every valid attendee whose badge was never printed")
    p.add_argument("--mark-printed", action="store_true",
                   help="record these badges as printed (after pre-printing them)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    p.add_argument("--layout", default="badge-4x3", help="a layout name (kiosk layouts)")
    p.add_argument("--qr", choices=["ticket", "contact", "none"], help="what the badge's QR holds")

    command("layouts", c.layouts, "list the badge layouts")

    from kiosk.cli import printing as pc
    printers = command("printers", pc.printers_list, "list, add and choose printers")
    psub = printers.add_subparsers(dest="printers_command", parser_class=_Parser)
    p = psub.add_parser("add", parents=[common], help="add or replace a printer")
    p.add_argument("name")
    p.add_argument("uri", help="escpos+tcp://HOST:PORT, escpos+usb://VID:PID, escpos+serial:///dev/…, "
                               "escpos+file:///dev/…, system:QUEUE or pdf:DIR")
    p.add_argument("--layout", default="", help="badge layout for this printer")
    p.add_argument("--profile", default="", help="ESC/POS printer model, e.g. TM-T20II")
    p.set_defaults(handler=pc.printers_add)
    p = psub.add_parser("remove", parents=[common], help="forget a printer")
    p.add_argument("name")
    p.set_defaults(handler=pc.printers_remove)
    p = psub.add_parser("use", parents=[common], help="print badges or slips on this printer")
    p.add_argument("purpose", choices=["badges", "slips"])
    p.add_argument("name")
    p.set_defaults(handler=pc.printers_use)
    p = psub.add_parser("list", parents=[common], help="list printers")
    p.set_defaults(handler=pc.printers_list)
    p = psub.add_parser("system", parents=[common], help="list the OS's printers")
    p.set_defaults(handler=pc.printers_system)

    printing = command("print", pc.print_queue, "print badges through the print queue")
    prsub = printing.add_subparsers(dest="print_command", parser_class=_Parser)
    p = prsub.add_parser("badge", parents=[common], help="queue a badge and print it")
    p.add_argument("code")
    p.add_argument("--printer", help="a printer name (default: the badge printer)")
    p.add_argument("--again", action="store_true", help="print even if it was printed before")
    p.add_argument("--no-wait", action="store_true", help="queue it and return at once")
    p.set_defaults(handler=pc.print_badge)
    p = prsub.add_parser("queue", parents=[common], help="this desk's print jobs")
    p.set_defaults(handler=pc.print_queue)

    from kiosk.cli.grid import add_grid_parser

    add_grid_parser(command, common, _Parser)

    from kiosk.cli.sync import add_sync_parsers

    add_sync_parsers(command, common, _Parser)

    from kiosk.cli.pin import add_pin_parser

    add_pin_parser(command, common, _Parser)

    p = command("device", c.device, "show or set this desk's name")
    p.add_argument("--name")
    return parser


def _person_options(p: argparse.ArgumentParser, required_names: bool) -> None:
    p.add_argument("--first", default=None if not required_names else "")
    p.add_argument("--last", default=None if not required_names else "")
    p.add_argument("--org", default=None)
    p.add_argument("--email", default=None)
    p.add_argument("--ticket-type", default=None)
    p.add_argument("--pronouns", default=None)
    p.add_argument("--job-title", default=None)


def emit(args: argparse.Namespace, payload: dict, text: str) -> None:
    """Print the JSON object under --json, else the person-readable text."""
    if getattr(args, "json", False):
        # ASCII JSON: whatever encoding the pipe has, a committed change is never reported as a
        # failure because a name could not be written out.
        sys.stdout.write(json.dumps(payload, ensure_ascii=True) + "\n")
    else:
        sys.stdout.write(text.rstrip("\n") + "\n")


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    try:
        args = build_parser().parse_args(argv)
        handler = getattr(args, "handler", None)
        if handler is None:
            from kiosk.cli import commands
            return commands.open_gui(args)
        return handler(args)
    except KioskError as exc:
        _fail(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        _fail("interrupted")
        return 1
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the contract: a reason on one line, never a traceback
        _fail(f"internal error: {type(exc).__name__}: {exc}")
        return 2


def _fail(message: str) -> None:
    line = " ".join(str(message).split())
    sys.stderr.write(("" if line.startswith("kiosk") else "kiosk: ") + line + "\n")


__all__ = ["main", "build_parser", "emit", "closing", "RefusedError"]
