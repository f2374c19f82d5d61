"""The `kiosk pin …` commands: set, clear and show the staff PIN that guards kiosk mode."""

from __future__ import annotations

import argparse
import getpass
import sys

from kiosk.cli.base import Commands, data_dir, emit
from kiosk.core.errors import UsageError
from kiosk.selfservice.staff_pin import StaffPin, check_pin_format


def register(commands: Commands) -> None:
    pin = commands.group("pin", pin_status, "set or clear the staff PIN that guards kiosk mode")
    p = pin.add("set", pin_set, "set the staff PIN (4–12 digits), asked twice")
    p.add_argument("--stdin", action="store_true", help="read the PIN from one line of standard input")
    pin.add("clear", pin_clear, "remove the staff PIN (kiosk mode will not start)")
    pin.add("status", pin_status, "whether a PIN is set, and any lockout")


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
    StaffPin(data_dir(args)).set(pin)
    emit(args, {"set": True}, "Staff PIN set. Kiosk mode asks for it to leave, and for settings and statistics.")
    return 0


def pin_clear(args: argparse.Namespace) -> int:
    had = StaffPin(data_dir(args)).clear()
    emit(args, {"set": False, "cleared": had},
         "Staff PIN removed." if had else "There was no staff PIN.")
    return 0


def pin_status(args: argparse.Namespace) -> int:
    status = StaffPin(data_dir(args)).status()
    text = "A staff PIN is set." if status["set"] else "No staff PIN: set one with 'kiosk pin set'."
    if status["locked_for_s"]:
        text += f" Locked after wrong PINs for another {status['locked_for_s']:.0f} s."
    emit(args, status, text)
    return 0
