"""`kiosk doctor [--json] [--test-page PRINTER]`: is this laptop ready for the doors to open?

Exit 0 when nothing fails (warnings included: a desk without a camera still checks people in),
1 when something must be fixed first. --json prints {"checks": [{name, status, detail, advice}], "ok"}.
"""

from __future__ import annotations

import argparse

from kiosk.cli.base import Commands, data_dir, emit

_MARK = {"ok": "ok  ", "warn": "WARN", "fail": "FAIL"}


def register(commands: Commands) -> None:
    p = commands.add("doctor", doctor, "check this laptop before the doors open: disk, fonts, printers, "
                                       "camera, hub, sound")
    p.add_argument("--test-page", metavar="PRINTER", help="also print a test badge on this printer")


def doctor(args: argparse.Namespace) -> int:
    from kiosk.doctor.run import run_checks

    report = run_checks(data_dir(args), getattr(args, "device", None), args.test_page)
    lines = []
    for check in report.checks:
        lines.append(f"[{_MARK[check.status]}] {check.name}: {check.detail}")
        if check.advice and check.status != "ok":
            lines.append(f"       {check.advice}")
    lines.append(report.summary())
    emit(args, report.to_json(), "\n".join(lines))
    return 0 if report.ok else 1
