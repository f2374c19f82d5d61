"""The `kiosk pin …` commands: set, clear and show the staff PIN that guards kiosk mode."""

from __future__ import annotations

import argparse
import getpass
import sys

from kiosk.cli.main import emit
from kiosk.cli.commands import _data
from kiosk.core.errors import UsageError
from kiosk.selfservice.staff_pin import StaffPin, check_pin_format


def add_pin_parser(command, common, parser_class) -> None:
    pin = command("pin", pin_status, "set or clear the staff PIN that guards kiosk mode")
    sub = pin.add_subparsers(dest="pin_command", parser_class=parser_class)
    p = sub.add_parser("set", parents=[common], help="set the staff PIN (4–12 digits), asked twice")
    p.add_argument("--stdin", action="store_true", help="read the PIN from one line of standard input")
    p.set_defaults(handler=pin_set)
    p = sub.add_parser("clear", parents=[common], help="remove the staff PIN (kiosk mode will not start)")
    p.set_defaults(handler=pin_clear)
    p = sub.add_parser("status", parents=[common], help="whether a PIN is set, and any lockout")
    p.set_defaults(handler=pin_status)


def _read_pin(args: argparse.Namespace) -> str:
    if args.stdin:
        return sys.stdin.readline().strip()
    if not sys.stdin.isatty():
        raise UsageError("no terminal to ask for the PIN on; use 'kiosk pin set --stdin'")
    first = getpass.getpass("New staff PIN (4–12 digits): ")
    check_pin_format(first)
    if getpass.getpass("The same PIN again: ") != first:
        raise UsageError("the two PINs differ; nothing changed")
    return first


def pin_set(args: argparse.Namespace) -> int:
    pin = check_pin_format(_read_pin(args))
    StaffPin(_data(args)).set(pin)
    emit(args, {"set": True}, "Staff PIN set. Kiosk mode asks for it to leave, and for settings and statistics.")
    return 0


def pin_clear(args: argparse.Namespace) -> int:
    had = StaffPin(_data(args)).clear()
    emit(args, {"set": False, "cleared": had},
         "Staff PIN removed." if had else "There was no staff PIN.")
    return 0


def pin_status(args: argparse.Namespace) -> int:
    status = StaffPin(_data(args)).status()
    text = "A staff PIN is set." if status["set"] else "No staff PIN: set one with 'kiosk pin set'."
    if status["locked_for_s"]:
        text += f" Locked after wrong PINs for another {status['locked_for_s']:.0f} s."
    emit(args, status, text)
    return 0
