"""The `kiosk` command line: a contract other tools and tests drive the product through.

--json prints exactly one JSON object on stdout. Exit 0 on success, 1 when the action was refused
(an unknown ticket, say), 2 on bad usage or unreadable input, with a one-line reason on stderr.
Each command group is a module of kiosk/cli/ with a `register(commands)`; COMMAND_GROUPS lists them.
"""

from __future__ import annotations

import argparse
import logging
import sys

from kiosk import __version__
from kiosk.cli import app, attendees, doctor, events, fields, grid, hub, pin, printing, sync
from kiosk.cli import notices as staff_notices
from kiosk.cli.base import Commands, Parser, common_options
from kiosk.core.errors import KioskError
from kiosk.core.private import restrict_umask

COMMAND_GROUPS = (app, events, attendees, fields, printing, grid, hub, sync, pin, doctor, staff_notices)


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = Parser(prog="kiosk", parents=[common],
                    description="Event-day check-in kiosk and badge printer. With no command, "
                                "opens the desk window on the current event.")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument("--device", metavar="NAME", default=argparse.SUPPRESS,
                        help="this desk's name, shown with every check-in")
    parser.add_argument("--mode", choices=["desk", "kiosk"], default="desk",
                        help="with no command: the staff desk window (default) or the locked-down "
                             "self-service kiosk (needs a staff PIN: kiosk pin set)")
    commands = Commands(parser, "command", common)
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    restrict_umask()  # the desk, the kiosk and the hub: what they create is the user's alone
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    _say_config_warnings()
    try:
        args = build_parser().parse_args(argv)
        handler = getattr(args, "handler", None)
        if handler is None:
            return app.open_gui(args)
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


class _Stderr(logging.StreamHandler):
    """Writes to sys.stderr as it is when a warning is written (tests swap it)."""

    @property
    def stream(self):  # noqa: ANN201
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def _say_config_warnings() -> None:
    """What in config.json was not used goes to stderr, one line each, and the command goes on."""
    log = logging.getLogger("kiosk.config")
    if not any(getattr(h, "kiosk_cli", False) for h in log.handlers):
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("kiosk: warning: %(message)s"))
        handler.kiosk_cli = True  # type: ignore[attr-defined]
        log.addHandler(handler)
        log.propagate = False


def _fail(message: str) -> None:
    line = " ".join(str(message).split())
    sys.stderr.write(("" if line.startswith("kiosk") else "kiosk: ") + line + "\n")
