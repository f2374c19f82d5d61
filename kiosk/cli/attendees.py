"""`kiosk import|checkin|undo|show|walkin|edit|search|stats|export`: the desk's work, from a terminal."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.attendees.checkin import Status
from kiosk.cli.base import Commands, data_dir, emit, open_event
from kiosk.core.errors import KioskError, UsageError
from kiosk.core.model import iso_local
from kiosk.store.datadir import DataDir, slugify


def register(commands: Commands) -> None:
    p = commands.add("import", import_file, "import attendees from a CSV or .xlsx export")
    p.add_argument("file", type=Path)
    p.add_argument("--format", default="auto",
                   choices=["auto", "eventbrite", "tito", "pretix", "tickettailor", "generic"])
    p.add_argument("--map", action="append", default=[], metavar="HEADER=field",
                   help="read this column as this field (repeatable)")
    p.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")
    p.add_argument("--generate-codes", action="store_true",
                   help="make a ticket code for each row without one (a sign-up form, a spreadsheet); "
                        "the same list imported again gets the same codes")
    p.add_argument("--tickets-pdf", type=Path, metavar="PATH",
                   help="with --generate-codes: where to write the tickets (default: the event's folder)")
    p.add_argument("--codes-csv", type=Path, metavar="PATH",
                   help="with --generate-codes: also write code, names and email for a mail merge")

    for name, handler, text in (("checkin", checkin, "check in a ticket (code or ticket URL)"),
                                ("undo", undo, "undo a ticket's check-in"),
                                ("show", show, "show one attendee")):
        p = commands.add(name, handler, text)
        p.add_argument("code")
        p.add_argument("--device", metavar="NAME", default=argparse.SUPPRESS)
        if name == "checkin":
            p.add_argument("--in-person", action="store_true",
                           help="admit someone registered to join online (they become in person and online)")
        if name == "checkin":
            p.add_argument("--self-service", action="store_true",
                           help="as the self-service kiosk does: someone with access needs raises a notice "
                                "on every desk")

    p = commands.add("walkin", walkin, "register a walk-in and check them in")
    _person_options(p, required_names=True)
    p.add_argument("--device", metavar="NAME", default=argparse.SUPPRESS)

    p = commands.add("edit", edit, "correct an attendee's details")
    p.add_argument("code")
    _person_options(p, required_names=False)
    p.add_argument("--attendance", choices=["in_person", "online", "both"],
                   help="how they take part: only online people are not expected at the venue")
    p.add_argument("--status", choices=["valid", "void", "cancelled"])
    p.add_argument("--notes")

    p = commands.add("search", search, "find attendees by name, email, organisation or reference")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)

    commands.add("stats", stats, "check-in statistics for the current event")

    p = commands.add("export", export, "export data for spreadsheets")
    p.add_argument("what", choices=["checkins", "needs", "not-arrived"])
    p.add_argument("--with-email", action="store_true", help="not-arrived: add an email column")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.csv",
                   help="needs: FILE.pdf or FILE.csv (access and dietary briefing, no email or phone)")


def _person_options(p: argparse.ArgumentParser, required_names: bool) -> None:
    p.add_argument("--first", default=None if not required_names else "")
    p.add_argument("--last", default=None if not required_names else "")
    p.add_argument("--org", default=None)
    p.add_argument("--email", default=None)
    p.add_argument("--ticket-type", default=None)
    p.add_argument("--pronouns", default=None)
    p.add_argument("--job-title", default=None)


# -- import -------------------------------------------------------------------------------------

def import_file(args: argparse.Namespace) -> int:
    from kiosk.importer.made_tickets import keep_secret, write_made_tickets
    from kiosk.importer.plan import NoCodeColumn, parse_mapping_overrides
    from kiosk.importer.plan import plan_import as plan_rows
    from kiosk.importer.run import import_lock, storage_in_words

    def plan_import(path, store, fmt, overrides):
        try:
            return plan_rows(path, store, fmt, overrides, generate_codes=args.generate_codes)
        except NoCodeColumn as exc:
            raise UsageError(f"{exc.message}; name it with --map 'HEADER=code', or add --generate-codes "
                             "to make a code for each person") from None

    if (args.tickets_pdf or args.codes_csv) and not args.generate_codes:
        raise UsageError("--tickets-pdf and --codes-csv go with --generate-codes")
    overrides = parse_mapping_overrides(args.map)
    data = data_dir(args)
    slug = data.current_slug()
    name = args.file.name
    with storage_in_words(name):
        store = data.open(slug, getattr(args, "device", None)) if slug else None
    notes: list[str] = []
    tickets: dict[str, str | None] = {}
    after: list[str] = []  # what was written besides the import, said after it
    try:
        if store is None or args.dry_run:
            plan = plan_import(args.file, store, args.format, overrides)
            if not args.dry_run and (plan.creates or plan.updates):
                # An import into an empty data dir creates the event.
                with storage_in_words(name):
                    store = data.create(_free_slug(data, slugify(args.file.stem)), args.file.stem)
                    keep_secret(store, plan)
                    with import_lock(store, name) as run:
                        run.write(plan.creates + plan.updates)
        else:
            # The lock first, so the plan is made against what the import before this one wrote.
            with import_lock(store, name) as run:
                if run.interrupted is not None:
                    held = run.interrupted
                    notes.append(f"An earlier import of {held.file} stopped after {held.done:,} of "
                                 f"{held.rows:,} attendees; this import completes the list.")
                plan = plan_import(args.file, store, args.format, overrides)
                keep_secret(store, plan)
                run.write(plan.creates + plan.updates)
        if plan.generated and store is not None and not args.dry_run:
            try:
                made = write_made_tickets(store, plan, args.tickets_pdf, args.codes_csv)
            except KioskError as exc:
                raise UsageError(f"imported {name}, but its tickets could not be written: {exc.message}; "
                                 "run the same import again to write them") from exc
            after.append(f"Made ticket codes for {made.count:,} people. Tickets to print or send: {made.pdf}")
            if made.csv is not None:
                after.append(f"Codes for a mail merge: {made.csv}")
            tickets = {"tickets_pdf": str(made.pdf), "codes_csv": str(made.csv) if made.csv else None}
    finally:
        if store is not None:
            store.close()
    result = plan.to_json()
    result["dry_run"] = args.dry_run
    result["notes"] = notes
    result.update(tickets)
    lines = notes + [
        f"{'Would import' if args.dry_run else 'Imported'} {args.file.name} as {plan.format}: "
        f"{plan.rows} rows, {len(plan.creates)} new, {len(plan.updates)} updated, "
        f"{plan.unchanged} unchanged, {len(plan.errors)} with errors."]
    lines += [f"  row {e.row}: {e.error}" for e in plan.errors[:50]]
    lines += [f"  row {w.row}: warning: {w.error}" for w in plan.warnings[:20]]
    lines += after
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
    Status.ONLINE_ONLY: "REGISTERED TO JOIN ONLINE (admit in person with --in-person)",
}


def checkin(args: argparse.Namespace) -> int:
    with open_event(args) as event:
        # The command line records the admission only: badges print from `kiosk print badge`.
        if getattr(args, "self_service", False):
            arrival = event.self_service_check_in(args.code)
        else:
            arrival = event.check_in(args.code, auto_print=False, in_person=args.in_person)
        result = arrival.result
    text = _STATUS_TEXT[result.status]
    if result.attendee:
        text += f": {result.attendee.display_name}"
        if result.attendee.ticket_type:
            text += f" ({result.attendee.ticket_type})"
    if result.previous:
        text += f", first at {iso_local(result.previous.at_ms)} on {result.previous.device}"
    if arrival.notice_id:
        text += f"\nNotice {arrival.notice_id} raised for the desks: access needs"
    emit(args, {**result.to_json(), "notice": arrival.notice_id}, text)
    return 0 if result.ok else 1


def undo(args: argparse.Namespace) -> int:
    with open_event(args) as event:
        result = event.undo(args.code)
    name = result.attendee.display_name if result.attendee else args.code
    emit(args, result.to_json(), f"{result.status.replace('_', ' ')}: {name}")
    return 0 if result.status == "undone" else 1


def show(args: argparse.Namespace) -> int:
    with open_event(args) as event:
        attendee = event.find(args.code)
    lines = [f"{k}: {v}" for k, v in attendee.to_json().items() if v not in ("", [], {})]
    emit(args, {"attendee": attendee.to_json()}, "\n".join(lines))
    return 0


def _person_fields(args: argparse.Namespace) -> dict[str, str | None]:
    return {"first_name": args.first, "last_name": args.last, "organisation": args.org,
            "email": args.email, "ticket_type": args.ticket_type, "pronouns": args.pronouns,
            "job_title": args.job_title}


def walkin(args: argparse.Namespace) -> int:
    fields = {k: v for k, v in _person_fields(args).items() if v is not None}
    with open_event(args) as event:
        result = event.walk_in(auto_print=False, **fields).result
    assert result.attendee is not None
    emit(args, result.to_json(), f"Walk-in checked in: {result.attendee.display_name} ({result.code})")
    return 0


def edit(args: argparse.Namespace) -> int:
    fields = {**_person_fields(args), "status": args.status, "notes": args.notes,
              "attendance": args.attendance}
    changes = {k: v for k, v in fields.items() if v is not None}
    if not changes:
        raise UsageError("nothing to change: give --first, --last, --org, … ")
    with open_event(args) as event:
        attendee = event.edit(event.find(args.code).code, **changes)
    emit(args, {"attendee": attendee.to_json()}, f"Updated {attendee.display_name}")
    return 0


def search(args: argparse.Namespace) -> int:
    if not 1 <= args.limit <= 1000:
        raise UsageError("--limit must be between 1 and 1000")
    with open_event(args) as event:
        hits = event.search_index.search(args.query, args.limit)
    lines = [f"{'✔' if h.checked_in else ' '} {h.name:35} {h.organisation[:30]:30} {h.ticket_type:12} {h.code}"
             for h in hits]
    emit(args, {"results": [h.to_json() for h in hits]}, "\n".join(lines) or "No matches.")
    return 0


def stats(args: argparse.Namespace) -> int:
    with open_event(args) as event:
        result = event.stats()
    lines = [f"Checked in {result.checked_in} of {result.expected} expected"]
    lines += [f"Not arrived yet: {result.not_arrived} expected in person; cancelled: {result.cancelled}"]
    lines += [f"  {t:15} {v['checked_in']:5} / {v['expected']}" for t, v in result.by_ticket_type.items()]
    emit(args, result.to_json(), "\n".join(lines))
    return 0


def _export_not_arrived(args: argparse.Namespace) -> int:
    with open_event(args) as event:
        count = event.export_not_arrived(args.out, args.with_email)
    emit(args, {"out": str(args.out), "rows": count},
         f"Wrote {count} people expected in person and not checked in yet to {args.out}")
    return 0


def export(args: argparse.Namespace) -> int:
    from kiosk.attendees.export import export_checkins

    if args.what == "not-arrived":
        return _export_not_arrived(args)
    if args.what == "needs":
        return _export_needs(args)
    with open_event(args) as event:
        count = export_checkins(event.store, args.out)
    emit(args, {"out": str(args.out), "rows": count}, f"Wrote {count} check-ins to {args.out}")
    return 0


def _export_needs(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() not in (".pdf", ".csv"):
        raise UsageError("export needs writes a .pdf or a .csv: end --out with one of them")
    with open_event(args) as event:
        briefing = event.export_needs(args.out)
    online = f"; {briefing.online_only} more join online only, not listed" if briefing.online_only else ""
    lines = [f"Wrote the access and dietary briefing ({len(briefing.rows)} people, "
             f"{briefing.access_count} with access needs{online}) to {args.out}"]
    lines += [f"  {d.people:4} {d.need} ({d.checked_in} checked in)" for d in briefing.diets]
    emit(args, {"out": str(args.out), **briefing.to_json()}, "\n".join(lines))
    return 0
