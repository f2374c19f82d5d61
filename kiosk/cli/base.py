"""What every command group shares: how it adds its commands, prints its answer, finds the data.

Each module of kiosk/cli/ has a `register(commands)` function that adds its commands through
`Commands.add` (a command) or `Commands.group` (a command with subcommands); kiosk/cli/main.py
lists the modules. --json prints exactly one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import NoReturn

from kiosk.core.errors import UsageError
from kiosk.event import OpenEvent
from kiosk.store.datadir import DataDir, resolve_data_dir

Handler = Callable[[argparse.Namespace], int]


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, no usage dump: the contract
        raise UsageError(f"{self.prog}: {message}")


def common_options() -> Parser:
    # SUPPRESS lets --data/--json stand before or after the subcommand without one erasing the other.
    common = Parser(add_help=False)
    common.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS,
                        help="data directory (default: $KIOSK_DATA or the user data folder)")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print one JSON object on stdout")
    return common


class Commands:
    """A level of subcommands: `add` puts a command there, `group` a command with its own."""

    def __init__(self, parser: argparse.ArgumentParser, dest: str, common: Parser) -> None:
        self.parser = parser
        self.common = common
        self._sub = parser.add_subparsers(dest=dest, parser_class=Parser)

    def add(self, name: str, handler: Handler, help_text: str, **kw: object) -> argparse.ArgumentParser:
        p = self._sub.add_parser(name, parents=[self.common], help=help_text, description=help_text,
                                 **kw)  # type: ignore[arg-type]
        p.set_defaults(handler=handler)
        return p

    def group(self, name: str, handler: Handler, help_text: str) -> Commands:
        """A command that runs `handler` alone, or one of the subcommands added to what it returns."""
        return Commands(self.add(name, handler, help_text), f"{name.replace('-', '_')}_command", self.common)


def emit(args: argparse.Namespace, payload: dict, text: str) -> None:
    """Print the JSON object under --json, else the person-readable text."""
    if getattr(args, "json", False):
        # ASCII JSON: whatever encoding the pipe has, a committed change is never reported as a
        # failure because a name could not be written out.
        sys.stdout.write(json.dumps(payload, ensure_ascii=True) + "\n")
    else:
        sys.stdout.write(text.rstrip("\n") + "\n")


def data_dir(args: argparse.Namespace) -> DataDir:
    return DataDir(resolve_data_dir(getattr(args, "data", None)))


def open_event(args: argparse.Namespace) -> OpenEvent:
    """The current event, under the desk name --device gives (close it: `with open_event(args) as event`)."""
    return OpenEvent.current(data_dir(args), getattr(args, "device", None))
