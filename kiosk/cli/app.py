"""`kiosk demo` and `kiosk` alone: open the desk window (or the self-service kiosk)."""

from __future__ import annotations

import argparse

from kiosk.cli.base import Commands, data_dir, emit
from kiosk.core.errors import KioskError, UsageError
from kiosk.event import OpenEvent


def register(commands: Commands) -> None:
    p = commands.add("demo", demo, "create (once) and open the demo event")
    p.add_argument("--attendees", type=int, default=300, metavar="N")
    p.add_argument("--no-gui", action="store_true", help="create the demo and exit")


def demo(args: argparse.Namespace) -> int:
    from kiosk.demo.event import ensure_demo, tickets_pdf_path

    if not 1 <= args.attendees <= 200_000:
        raise UsageError("--attendees must be between 1 and 200000")
    data = data_dir(args)
    # With a window, the sample tickets are written on a worker thread once it shows (kiosk/ui/
    # demo_tickets.py): a first start must show the desk in seconds, not wait for a PDF.
    store, created = ensure_demo(data, args.attendees, tickets=args.no_gui)
    with OpenEvent(data, store) as event:
        count = event.attendee_count()
        pdf = tickets_pdf_path(store)
        info = event.info()
    later = "" if pdf.exists() else " (being written: ready in a few seconds)"
    emit(args, {"slug": "demo", "name": info.get("name"), "created": created, "attendees": count,
                "tickets_pdf": str(pdf), "data": str(data.root)},
         f"{'Created' if created else 'Opened'} the demo event '{info.get('name')}' "
         f"with {count} attendees.\nSample tickets to scan{later}: {pdf}")
    if args.no_gui:
        return 0
    return open_gui(args)


def open_gui(args: argparse.Namespace) -> int:
    try:
        from kiosk.ui.app import run
    except ImportError as exc:  # Qt's system libraries are missing (a bare Linux)
        raise KioskError(f"the desk window cannot start: {exc}. On Debian or Ubuntu, install what Qt "
                         "needs with scripts/install-system-deps.sh") from None
    return run(args)
