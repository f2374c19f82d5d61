"""The `kiosk printers …` and `kiosk print …` commands: glue to the printer registry and queue."""

from __future__ import annotations

import argparse
from contextlib import closing

from kiosk.cli.main import emit
from kiosk.cli.commands import _data, _store
from kiosk.print.printers import PrinterRegistry


def printers_list(args: argparse.Namespace) -> int:
    registry = PrinterRegistry(_data(args))
    printers = registry.printers()
    purposes = registry.purposes()
    lines = [f"{name:15} {p.uri}" + "".join(f"  [{k}]" for k, v in purposes.items() if v == name)
             for name, p in printers.items()]
    emit(args, {"printers": [p.to_json() for p in printers.values()], "purposes": purposes}, "\n".join(lines))
    return 0


def printers_add(args: argparse.Namespace) -> int:
    printer = PrinterRegistry(_data(args)).add(args.name, args.uri, args.layout, args.profile)
    emit(args, {"printer": printer.to_json()}, f"Added printer {printer.name}: {printer.uri}")
    return 0


def printers_remove(args: argparse.Namespace) -> int:
    PrinterRegistry(_data(args)).remove(args.name)
    emit(args, {"removed": args.name}, f"Removed printer {args.name}")
    return 0


def printers_use(args: argparse.Namespace) -> int:
    registry = PrinterRegistry(_data(args))
    registry.assign(args.purpose, args.name)
    emit(args, {"purposes": registry.purposes()}, f"{args.purpose.capitalize()} print on {args.name}")
    return 0


def printers_system(args: argparse.Namespace) -> int:
    from kiosk.print.backends.system import system_printer_names

    names = system_printer_names()
    emit(args, {"system_printers": names}, "\n".join(names) or "No system printers found.")
    return 0


def print_badge(args: argparse.Namespace) -> int:
    from kiosk.print.queue import AlreadyPrinted, PrintQueue, wait_for

    data = _data(args)
    with closing(_store(args)) as store:
        queue = PrintQueue(store, PrinterRegistry(data))
        try:
            job = queue.enqueue_badge(args.code, args.printer, again=args.again)
        except AlreadyPrinted as exc:
            emit(args, {"status": "already_printed", "job": None,
                        "previous": [p.to_json() for p in exc.previous]},
                 f"Not printed: {exc.message} (add --again)")
            return 1
        if not args.no_wait:
            job = wait_for(queue, job.id)
    text = {"done": "Printed", "failed": f"Not printed ({job.error}); the job waits in the queue",
            "queued": "Queued"}.get(job.state, job.state)
    emit(args, {"job": job.to_json(), "status": job.state}, f"{text}: badge {job.code} on {job.printer}")
    return 0 if job.state in ("done", "queued") else 1


def print_queue(args: argparse.Namespace) -> int:
    from kiosk.print.queue import PrintQueue

    with closing(_store(args)) as store:
        queue = PrintQueue(store, PrinterRegistry(_data(args)))
        jobs = queue.jobs()
    lines = [f"{j.state:9} {j.printer:12} {j.code:34} {j.error}" for j in jobs]
    emit(args, {"jobs": [j.to_json() for j in jobs]}, "\n".join(lines) or "No print jobs.")
    return 0
