"""`kiosk event …`, `kiosk device` and `kiosk purge`: which events this laptop holds, and its name."""

from __future__ import annotations

import argparse
from contextlib import closing

from kiosk.cli.base import Commands, data_dir, emit
from kiosk.core.errors import RefusedError, UsageError
from kiosk.store.datadir import Erased


def register(commands: Commands) -> None:
    event = commands.group("event", event_list, "create, list and switch events")
    p = event.add("create", event_create, "create an event and make it current")
    p.add_argument("slug")
    p.add_argument("--name", required=True)
    p.add_argument("--date", metavar="YYYY-MM-DD")
    p.add_argument("--venue")
    event.add("list", event_list, "list the events in the data directory")
    p = event.add("use", event_use, "make an event current")
    p.add_argument("slug")
    p = event.add("repair", event_repair, "set a damaged event's folder aside (kept, not deleted) so it can "
                  "be paired from the hub or created again")
    p.add_argument("slug")

    p = commands.add("purge", purge, "erase the current event's data from this machine: its database, the "
                     "badges and slips printed for it to a PDF folder, its exports in the data folder")
    p.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    p.add_argument("--all", action="store_true",
                   help="erase every event in the data folder, the whole prints/ folder and a SQLite hub's "
                        "folder kept there (hub/: stop that hub first); this machine's settings, printers "
                        "and staff PIN stay")

    p = commands.add("device", device, "show or set this desk's name")
    p.add_argument("--name")


def event_create(args: argparse.Namespace) -> int:
    with closing(data_dir(args).create(args.slug, args.name, args.date, args.venue)) as store:
        info = store.event_info()
    emit(args, {"slug": args.slug, **info, "current": True},
         f"Created event {args.slug!r} ({info.get('name')}) and made it current.")
    return 0


def event_list(args: argparse.Namespace) -> int:
    events = data_dir(args).list_events()
    lines = [f"{'*' if e.current else ' '} {e.slug:20} {e.date:10}  {e.name}"
             + (f"  (cannot be opened: {e.problem})" if e.problem else "") for e in events]
    emit(args, {"events": [e.to_json() for e in events]}, "\n".join(lines) or "No events yet.")
    return 0


def event_use(args: argparse.Namespace) -> int:
    data_dir(args).use(args.slug)
    emit(args, {"current": args.slug}, f"Current event: {args.slug}")
    return 0


def event_repair(args: argparse.Namespace) -> int:
    aside = data_dir(args).set_aside(args.slug)
    emit(args, {"slug": args.slug, "set_aside": str(aside)},
         f"Set the damaged event {args.slug!r} aside as {aside}. Pair this laptop with the hub again "
         "(kiosk sync pair) to download it, or create it again.")
    return 0


def device(args: argparse.Namespace) -> int:
    data = data_dir(args)
    if args.name is not None:
        data.set_device_name(args.name)
    device_id, name = data.device()
    emit(args, {"id": device_id, "name": name}, f"This desk: {name} ({device_id})")
    return 0


def purge(args: argparse.Namespace) -> int:
    data = data_dir(args)
    if getattr(args, "all", False):
        if not args.yes:
            raise UsageError(f"this erases every event in {data.root} and its hub folder: add --yes")
        slugs, erased = data.purge_all()
        emit(args, {"purged": slugs, "removed": erased.to_json()},
             f"Erased {len(slugs)} event{'' if len(slugs) == 1 else 's'} from this machine: {_said(erased)}.")
        return 0
    slug = data.current_slug()
    if slug is None:
        raise RefusedError("no current event to purge")
    if not args.yes:
        raise UsageError(f"this erases every record of event {slug!r} on this machine: add --yes")
    erased = data.purge(slug)
    emit(args, {"purged": slug, "removed": erased.to_json()}, f"Erased event {slug!r}: {_said(erased)}.")
    return 0


def _said(erased: Erased) -> str:
    """How many files, of which prints and exports, and the folders (never a file's name)."""
    files = f"{erased.files} file{'' if erased.files == 1 else 's'}"
    parts = [f"{erased.prints} printed to a PDF folder"] if erased.prints else []
    parts += [f"{erased.exports} export{'' if erased.exports == 1 else 's'}"] if erased.exports else []
    where = "; folders removed: " + ", ".join(erased.folders) if erased.folders else ""
    return files + (f" ({', '.join(parts)})" if parts else "") + where
