"""What each `kiosk` subcommand does: thin glue from arguments to the core engine and back."""

from __future__ import annotations

import argparse
from contextlib import closing

from kiosk.attendees.checkin import Desk, Status
from kiosk.cli.main import emit
from kiosk.store.datadir import DataDir, resolve_data_dir, slugify
from kiosk.core.errors import KioskError, RefusedError, UsageError
from kiosk.core.model import iso_local
from kiosk.store.event_store import EventStore


def _data(args: argparse.Namespace) -> DataDir:
    return DataDir(resolve_data_dir(getattr(args, "data", None)))


def _store(args: argparse.Namespace) -> EventStore:
    return _data(args).open_current(getattr(args, "device", None))


# -- events ---------------------------------------------------------------------------------------

def event_create(args: argparse.Namespace) -> int:
    with closing(_data(args).create(args.slug, args.name, args.date, args.venue)) as store:
        info = store.event_info()
    emit(args, {"slug": args.slug, **info, "current": True},
         f"Created event {args.slug!r} ({info.get('name')}) and made it current.")
    return 0


def event_list(args: argparse.Namespace) -> int:
    events = _data(args).list_events()
    lines = [f"{'*' if e.current else ' '} {e.slug:20} {e.date:10}  {e.name}" for e in events]
    emit(args, {"events": [e.to_json() for e in events]}, "\n".join(lines) or "No events yet.")
    return 0


def event_use(args: argparse.Namespace) -> int:
    _data(args).use(args.slug)
    emit(args, {"current": args.slug}, f"Current event: {args.slug}")
    return 0


def device(args: argparse.Namespace) -> int:
    data = _data(args)
    if args.name is not None:
        data.set_device_name(args.name)
    device_id, name = data.device()
    emit(args, {"id": device_id, "name": name}, f"This desk: {name} ({device_id})")
    return 0


# -- import -------------------------------------------------------------------------------------

def import_file(args: argparse.Namespace) -> int:
    from kiosk.importer.plan import apply_import, parse_mapping_overrides, plan_import

    overrides = parse_mapping_overrides(args.map)
    data = _data(args)
    slug = data.current_slug()
    store = data.open(slug, getattr(args, "device", None)) if slug else None
    try:
        plan = plan_import(args.file, store, args.format, overrides)
        if not args.dry_run and (plan.creates or plan.updates):
            if store is None:  # an import into an empty data dir creates the event
                new_slug = _free_slug(data, slugify(args.file.stem))
                store = data.create(new_slug, args.file.stem)
            apply_import(store, plan)
    finally:
        if store is not None:
            store.close()
    result = plan.to_json()
    result["dry_run"] = args.dry_run
    lines = [f"{'Would import' if args.dry_run else 'Imported'} {args.file.name} as {plan.format}: "
             f"{plan.rows} rows, {len(plan.creates)} new, {len(plan.updates)} updated, "
             f"{plan.unchanged} unchanged, {len(plan.errors)} with errors."]
    lines += [f"  row {e.row}: {e.error}" for e in plan.errors[:50]]
    lines += [f"  row {w.row}: warning: {w.error}" for w in plan.warnings[:20]]
    emit(args, result, "\n".join(lines))
    imported = len(plan.creates) + len(plan.updates) + plan.unchanged
    return 1 if plan.errors and imported == 0 else 0


def _free_slug(data: DataDir, base: str) -> str:
    slug, n = base, 2
    while data.exists(slug):
        slug = f"{base[:58]}-{n}"
        n += 1
    return slug


# -- desk actions -------------------------------------------------------------------------------

_STATUS_TEXT = {
    Status.CHECKED_IN: "CHECKED IN",
    Status.ALREADY_CHECKED_IN: "ALREADY CHECKED IN",
    Status.UNKNOWN: "UNKNOWN TICKET",
    Status.VOID: "VOID TICKET",
    Status.INVALID: "INVALID SCAN",
}


def checkin(args: argparse.Namespace) -> int:
    with closing(_store(args)) as store:
        result = Desk(store).check_in(args.code)
    text = _STATUS_TEXT[result.status]
    if result.attendee:
        text += f": {result.attendee.display_name} ({result.attendee.ticket_type})"
    if result.previous:
        text += f", first at {iso_local(result.previous.at_ms)} on {result.previous.device}"
    emit(args, result.to_json(), text)
    return 0 if result.ok else 1


def undo(args: argparse.Namespace) -> int:
    with closing(_store(args)) as store:
        result = Desk(store).undo(args.code)
    name = result.attendee.display_name if result.attendee else args.code
    emit(args, result.to_json(), f"{result.status.replace('_', ' ')}: {name}")
    return 0 if result.status == "undone" else 1


def show(args: argparse.Namespace) -> int:
    with closing(_store(args)) as store:
        desk = Desk(store)
        _, found = desk.lookup(args.code)
        attendee = desk.attendee(found) if found else None
    if attendee is None:
        raise RefusedError(f"unknown ticket {args.code!r}")
    lines = [f"{k}: {v}" for k, v in attendee.to_json().items() if v not in ("", [], {})]
    emit(args, {"attendee": attendee.to_json()}, "\n".join(lines))
    return 0


def _person_fields(args: argparse.Namespace) -> dict[str, str | None]:
    return {"first_name": args.first, "last_name": args.last, "organisation": args.org,
            "email": args.email, "ticket_type": args.ticket_type, "pronouns": args.pronouns,
            "job_title": args.job_title}


def walkin(args: argparse.Namespace) -> int:
    fields = {k: v for k, v in _person_fields(args).items() if v is not None}
    with closing(_store(args)) as store:
        result = Desk(store).walk_in(**fields)
    emit(args, result.to_json(), f"Walk-in checked in: {result.attendee.display_name} ({result.code})")
    return 0


def edit(args: argparse.Namespace) -> int:
    fields = {**_person_fields(args), "status": args.status, "notes": args.notes}
    fields = {k: v for k, v in fields.items() if v is not None}
    if not fields:
        raise UsageError("nothing to change: give --first, --last, --org, … ")
    with closing(_store(args)) as store:
        desk = Desk(store)
        _, found = desk.lookup(args.code)
        if found is None:
            raise RefusedError(f"unknown ticket {args.code!r}")
        attendee = desk.edit(found, **fields)
    emit(args, {"attendee": attendee.to_json()}, f"Updated {attendee.display_name}")
    return 0


def search(args: argparse.Namespace) -> int:
    from kiosk.attendees.search import SearchIndex

    if not 1 <= args.limit <= 1000:
        raise UsageError("--limit must be between 1 and 1000")
    with closing(_store(args)) as store:
        hits = SearchIndex(store).search(args.query, args.limit)
    lines = [f"{'✔' if h.checked_in else ' '} {h.name:35} {h.organisation[:30]:30} {h.ticket_type:12} {h.code}"
             for h in hits]
    emit(args, {"results": [h.to_json() for h in hits]}, "\n".join(lines) or "No matches.")
    return 0


def stats(args: argparse.Namespace) -> int:
    from kiosk.attendees.stats import compute_stats

    with closing(_store(args)) as store:
        result = compute_stats(store)
    lines = [f"Checked in {result.checked_in} of {result.expected} expected"]
    lines += [f"  {t:15} {v['checked_in']:5} / {v['expected']}" for t, v in result.by_ticket_type.items()]
    emit(args, result.to_json(), "\n".join(lines))
    return 0


def export(args: argparse.Namespace) -> int:
    from kiosk.attendees.export import export_checkins

    with closing(_store(args)) as store:
        count = export_checkins(store, args.out)
    emit(args, {"out": str(args.out), "rows": count}, f"Wrote {count} check-ins to {args.out}")
    return 0


def purge(args: argparse.Namespace) -> int:
    data = _data(args)
    slug = data.current_slug()
    if slug is None:
        raise RefusedError("no current event to purge")
    if not args.yes:
        raise UsageError(f"this erases every record of event {slug!r} on this machine: add --yes")
    data.purge(slug)
    emit(args, {"purged": slug}, f"Erased event {slug!r} and all its files.")
    return 0


# -- badges -------------------------------------------------------------------------------------

def badge(args: argparse.Namespace) -> int:
    import dataclasses

    from kiosk.print.batch import batch_codes, mark_printed, write_batch
    from kiosk.print.draw.layout import load_layout

    if sum((bool(args.codes), args.all, args.not_printed)) != 1:
        raise UsageError("name ticket codes, or give --all or --not-printed")
    layout = load_layout(args.layout, _data(args).root)
    if args.qr:
        layout = dataclasses.replace(layout, qr=args.qr)
    with closing(_store(args)) as store:
        if args.codes:
            desk = Desk(store)
            codes = []
            for raw in args.codes:
                _, found = desk.lookup(raw)
                if found is None:
                    raise RefusedError(f"unknown ticket {raw!r}")
                codes.append(found)
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
    root = _data(args).root
    for name in available_layouts(root):
        layout = load_layout(name, root)
        found.append({"name": name, "title": layout.title, "width_mm": layout.width,
                      "height_mm": layout.height,
                      "per_page": layout.sheet.columns * layout.sheet.rows if layout.sheet else 1,
                      "path": str(layout.path)})
    emit(args, {"layouts": found}, "\n".join(f"{l['name']:20} {l['title']}" for l in found))
    return 0


# -- demo and the window ------------------------------------------------------------------------

def demo(args: argparse.Namespace) -> int:
    from kiosk.demo.event import ensure_demo, tickets_pdf_path

    if not 1 <= args.attendees <= 200_000:
        raise UsageError("--attendees must be between 1 and 200000")
    data = _data(args)
    store, created = ensure_demo(data, args.attendees)
    with closing(store):
        count = store.conn.execute("SELECT COUNT(*) FROM attendees").fetchone()[0]
        pdf = tickets_pdf_path(store)
        info = store.event_info()
    emit(args, {"slug": "demo", "name": info.get("name"), "created": created, "attendees": count,
                "tickets_pdf": str(pdf), "data": str(data.root)},
         f"{'Created' if created else 'Opened'} the demo event '{info.get('name')}' "
         f"with {count} attendees.\nSample tickets to scan: {pdf}")
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
