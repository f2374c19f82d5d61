"""`kiosk printers|print|badge|layouts`: printers, the print queue, and badges drawn into a PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.cli.base import Commands, data_dir, emit, open_event
from kiosk.core.errors import UsageError
from kiosk.print.printers import PrinterRegistry


def register(commands: Commands) -> None:
    printers = commands.group("printers", printers_list, "list, add and choose printers")
    p = printers.add("add", printers_add, "add or replace a printer")
    p.add_argument("name")
    p.add_argument("uri", help="escpos+tcp://HOST:PORT, escpos+usb://VID:PID, escpos+serial:///dev/…, "
                               "escpos+file:///dev/…, brother+tcp://HOST, zpl+tcp://HOST[:PORT] (Zebra), "
                               "system:QUEUE or pdf:DIR")
    p.add_argument("--layout", default="", help="badge layout for this printer")
    p.add_argument("--profile", default="", help="ESC/POS printer model, e.g. TM-T20II")
    p.add_argument("--dpi", type=int, choices=[203, 300], default=0, help="a Zebra's dots per inch (default 203)")
    p.add_argument("--cut", action="store_true", help="a Zebra with a cutter: cut each badge off (default: tear-off)")
    p = printers.add("remove", printers_remove, "forget a printer")
    p.add_argument("name")
    p = printers.add("use", printers_use, "print badges or slips on this printer")
    p.add_argument("purpose", choices=["badges", "slips"])
    p.add_argument("name")
    printers.add("list", printers_list, "list printers")
    printers.add("system", printers_system, "list the OS's printers")
    printers.add("fonts", printers_fonts, "scripts in this event's names that no font on this laptop covers "
                                          "(exit 1 when there are any)")

    printing = commands.group("print", print_queue, "print badges through the print queue")
    p = printing.add("badge", print_badge, "queue a badge and print it")
    p.add_argument("code")
    p.add_argument("--printer", help="a printer name (default: the badge printer)")
    p.add_argument("--again", action="store_true", help="print even if it was printed before")
    p.add_argument("--no-wait", action="store_true", help="queue it and return at once")
    printing.add("queue", print_queue, "this desk's print jobs")

    p = commands.add("badge", badge, "draw badges into a PDF (the PDF-folder printer)")
    p.add_argument("codes", nargs="*", metavar="CODE")
    p.add_argument("--all", action="store_true", help="every valid attendee, sorted by surname")
    p.add_argument("--not-printed", action="store_true", help="every valid attendee whose badge was never printed")
    p.add_argument("--mark-printed", action="store_true",
                   help="record these badges as printed (after pre-printing them)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    p.add_argument("--layout", default="badge-4x3", help="a layout name (kiosk layouts)")
    p.add_argument("--qr", choices=["ticket", "contact", "none"], help="what the badge's QR holds")

    commands.add("layouts", layouts, "list the badge layouts")


def printers_list(args: argparse.Namespace) -> int:
    registry = PrinterRegistry(data_dir(args))
    printers = registry.printers()
    purposes = registry.purposes()
    lines = [f"{name:15} {p.uri}" + "".join(f"  [{k}]" for k, v in purposes.items() if v == name)
             + f"\n{'':15} {_details(p)}" for name, p in printers.items()]
    emit(args, {"printers": [p.to_json() for p in printers.values()], "purposes": purposes}, "\n".join(lines))
    return 0


def _details(printer) -> str:
    """How a printer is set up, so staff can check it without opening config.json."""
    from kiosk.print.queue import DEFAULT_LAYOUT

    parts = [f"layout {printer.layout or DEFAULT_LAYOUT + ' (the default)'}"]
    if printer.scheme == "zpl+tcp":
        parts.append(f"{printer.dpi or 203} dpi, {'cut' if printer.cut else 'tear-off'}")
    elif printer.scheme.startswith(("escpos+", "brother+")):
        parts.append(f"model {printer.profile or 'not set (the common one)'}")
    return "; ".join(parts)


def printers_add(args: argparse.Namespace) -> int:
    printer = PrinterRegistry(data_dir(args)).add(args.name, args.uri, args.layout, args.profile, args.dpi, args.cut)
    emit(args, {"printer": printer.to_json()}, f"Added printer {printer.name}: {printer.uri}")
    return 0


def printers_remove(args: argparse.Namespace) -> int:
    PrinterRegistry(data_dir(args)).remove(args.name)
    emit(args, {"removed": args.name}, f"Removed printer {args.name}")
    return 0


def printers_use(args: argparse.Namespace) -> int:
    registry = PrinterRegistry(data_dir(args))
    registry.assign(args.purpose, args.name)
    emit(args, {"purposes": registry.purposes()}, f"{args.purpose.capitalize()} print on {args.name}")
    return 0


def printers_system(args: argparse.Namespace) -> int:
    from kiosk.print.backends.system import system_printer_names

    names = system_printer_names()
    emit(args, {"system_printers": names}, "\n".join(names) or "No system printers found.")
    return 0


def printers_fonts(args: argparse.Namespace) -> int:
    from kiosk.print.batch import batch_codes
    from kiosk.print.draw import fonts
    from kiosk.print.draw.badge_pdf import badge_values

    with open_event(args) as event:
        event_name = event.info().get("name", "")
        # One text per attendee (everything their badge can show), so the counts are people.
        texts = [" ".join(badge_values(attendee, event_name).values())
                 for code in batch_codes(event.store, not_printed=False)
                 if (attendee := event.attendee(code)) is not None]
    uncovered = fonts.uncovered_scripts(texts)
    if uncovered:
        lines = ["No font on this laptop for:"] + [
            f"  {script:34} {n} attendee{'s' if n != 1 else ''}" for script, n in uncovered.items()]
        lines.append("Those badges will not print until a font for the script is installed (the free Noto "
                     "Sans fonts cover most), or the names are given in Latin letters.")
    else:
        lines = ["Every name and text on this event's badges has a font on this laptop."]
    emit(args, {"uncovered": uncovered, "attendees": len(texts),
                "font_dirs": [str(d) for d in fonts.font_dirs()]}, "\n".join(lines))
    return 1 if uncovered else 0  # a script can stop a badge run before it starts (README: exit codes)


def print_badge(args: argparse.Namespace) -> int:
    from kiosk.print.queue import AlreadyPrinted, wait_for

    with open_event(args) as event:
        queue = event.print_queue
        try:
            job = queue.enqueue_badge(args.code, args.printer, again=args.again)
        except AlreadyPrinted as exc:
            emit(args, {"status": "already_printed", "job": None,
                        "previous": [p.to_json() for p in exc.previous]},
                 f"Not printed: {exc.message} (add --again)")
            return 1
        if not args.no_wait:
            job = wait_for(queue, job.id)
    text = {"done": "Printed", "failed": _failed_words(job), "queued": "Queued"}.get(job.state, job.state)
    emit(args, {"job": job.to_json(), "status": job.state}, f"{text}: badge {job.code} on {job.printer}")
    return 0 if job.state in ("done", "queued") else 1


def _failed_words(job) -> str:
    """What became of a failed job: each kind waits differently (the queue's own rules)."""
    error = job.error.removesuffix(" Print again?").rstrip(".")
    if job.held:  # the printer may have it: nobody prints it again blind
        return f"Perhaps printed ({error}); if it did not come out: kiosk print badge {job.code} --again"
    if job.refused:  # a name no font covers: trying again by itself cannot help
        return f"Not printed ({error}); it is not tried again by itself: print it again once that is fixed"
    return f"Not printed ({error}); the job waits in the queue and is tried again"


def print_queue(args: argparse.Namespace) -> int:
    with open_event(args) as event:
        jobs = event.print_queue.jobs()
    lines = [f"{j.state:9} {j.printer:12} {j.code:34} {j.error}" for j in jobs]
    emit(args, {"jobs": [j.to_json() for j in jobs]}, "\n".join(lines) or "No print jobs.")
    return 0



def badge(args: argparse.Namespace) -> int:
    import dataclasses

    from kiosk.print.batch import batch_codes, mark_printed, write_batch
    from kiosk.print.draw.layout import load_layout

    if sum((bool(args.codes), args.all, args.not_printed)) != 1:
        raise UsageError("name ticket codes, or give --all or --not-printed")
    layout = load_layout(args.layout, data_dir(args).root)
    if args.qr:
        layout = dataclasses.replace(layout, qr=args.qr)
    with open_event(args) as event:
        store = event.store
        if args.codes:
            codes = [event.find(raw).code for raw in args.codes]
        else:
            codes = batch_codes(store, not_printed=args.not_printed)
        count = write_batch(store, codes, layout, args.out)
        if args.mark_printed:
            mark_printed(store, codes, f"pre-print ({layout.name})")
    emit(args, {"out": str(args.out), "badges": count, "layout": layout.name, "marked_printed": args.mark_printed},
         f"Wrote {count} badge{'s' if count != 1 else ''} ({layout.title}) to {args.out}")
    return 0


def layouts(args: argparse.Namespace) -> int:
    from kiosk.print.draw.layout import available_layouts, load_layout

    found = []
    root = data_dir(args).root
    for name in available_layouts(root):
        layout = load_layout(name, root)
        found.append({"name": name, "title": layout.title, "width_mm": layout.width,
                      "height_mm": layout.height,
                      "per_page": layout.sheet.columns * layout.sheet.rows if layout.sheet else 1,
                      "path": str(layout.path)})
    emit(args, {"layouts": found}, "\n".join(f"{f['name']:20} {f['title']}" for f in found))
    return 0


