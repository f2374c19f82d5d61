"""`kiosk fields [show|hide QUESTION]`, `kiosk not-arrived`, `kiosk cancel CODE [--undo]`: the
organiser's own questions at the desk, and who is still expected (issue 16)."""

from __future__ import annotations

import argparse

from kiosk.cli.base import Commands, emit, open_event


def register(commands: Commands) -> None:
    fields = commands.group("fields", list_fields,
                            "the import's other questions (photo consent, …), and which the desk shows")
    p = fields.add("show", show_field, "show a question's answers on every desk's check-in result")
    p.add_argument("question", help="the question as the import's column heading says it")
    p = fields.add("hide", hide_field, "stop showing a question's answers at the desk")
    p.add_argument("question")

    p = commands.add("not-arrived", not_arrived, "list who is expected in person and not checked in yet")
    p.add_argument("--ticket-type", default=None, help="only this ticket type")

    p = commands.add("cancel", cancel, "record that someone is not coming after all (cancelled on the day)")
    p.add_argument("code")
    p.add_argument("--undo", action="store_true", help="take a cancellation back: the ticket is valid again")
    p.add_argument("--device", metavar="NAME", default=argparse.SUPPRESS)


def list_fields(args: argparse.Namespace) -> int:
    with open_event(args) as event:
        found = event.questions()
    lines = [f"{'shown ' if q.shown else '      '} {q.name} ({q.answered} answered)" for q in found]
    emit(args, {"fields": [q.to_json() for q in found]},
         "\n".join(lines) or "The import kept no other questions.")
    return 0


def show_field(args: argparse.Namespace) -> int:
    return _set_shown(args, True)


def hide_field(args: argparse.Namespace) -> int:
    return _set_shown(args, False)


def _set_shown(args: argparse.Namespace, shown: bool) -> int:
    with open_event(args) as event:
        name = event.show_question(args.question, shown)
        found = event.questions()
    said = "now shown on every desk's check-in result" if shown else "no longer shown at the desk"
    emit(args, {"field": name, "shown": shown, "fields": [q.to_json() for q in found]}, f"{name!r}: {said}")
    return 0


def not_arrived(args: argparse.Namespace) -> int:
    with open_event(args) as event:
        people = event.not_arrived(args.ticket_type)
    rows = [{"code": a.code, "name": a.display_name, "organisation": a.organisation,
             "ticket_type": a.ticket_type, "booking_ref": a.booking_ref, "attendance": a.attendance_mode}
            for a in people]
    lines = [f"{r['name'][:35]:35} {r['organisation'][:30]:30} {r['ticket_type'][:12]:12} {r['code']}" for r in rows]
    emit(args, {"not_arrived": rows, "count": len(rows)},
         "\n".join(lines + [f"{len(rows)} not arrived yet"]))
    return 0


def cancel(args: argparse.Namespace) -> int:
    with open_event(args) as event:
        code = event.find(args.code).code
        attendee = event.undo_cancel(code) if args.undo else event.cancel_on_the_day(code)
    text = (f"{attendee.display_name}: ticket valid again" if args.undo
            else f"{attendee.display_name}: cancelled on the day (no longer expected)")
    emit(args, {"attendee": attendee.to_json()}, text)
    return 0
