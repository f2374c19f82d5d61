"""The `kiosk grid …` commands: glue from arguments to the grid editor and exports."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.cli.base import Commands, emit, open_event
from kiosk.core.errors import UsageError
from kiosk.core.files import write_atomic
from kiosk.grid.model import Grid, Session


def register(commands: Commands) -> None:
    grid = commands.group("grid", show, "the Open Space session grid")
    cmd = grid.add

    space = grid.group("space", show, "add, rename or remove a space")
    p = space.add("add", space_add, "add a space")
    p.add_argument("name")
    p.add_argument("--capacity", type=int)
    _space_options(p, adding=True)
    p = space.add("edit", space_edit, "change a space's access, online link or capacity")
    p.add_argument("name")
    p.add_argument("--capacity", type=int)
    _space_options(p, adding=False)
    p = space.add("rename", space_rename, "rename a space")
    p.add_argument("name")
    p.add_argument("new_name")
    p = space.add("remove", space_remove, "remove a space (its sessions are parked)")
    p.add_argument("name")

    slot = grid.group("slot", show, "add or remove a time slot")
    p = slot.add("add", slot_add, "add a slot")
    p.add_argument("start", metavar="HH:MM")
    p.add_argument("end", metavar="HH:MM")
    p.add_argument("--label", default="")
    p.add_argument("--break", dest="is_break", action="store_true", help="a break or lunch: no sessions")
    p = slot.add("remove", slot_remove, "remove a slot (its sessions are parked)")
    p.add_argument("start", metavar="HH:MM")

    p = cmd("propose", propose, "add a session from the marketplace")
    p.add_argument("title")
    p.add_argument("--convener", action="append", required=True, help="repeat for co-conveners")
    p.add_argument("--description", default="")
    p.add_argument("--space")
    p.add_argument("--slot", metavar="HH:MM")
    p.add_argument("--first-free", action="store_true", help="place it in the earliest empty cell")
    p = cmd("move", move, "move a session")
    p.add_argument("id")
    p.add_argument("--space", required=True)
    p.add_argument("--slot", required=True, metavar="HH:MM")
    p.add_argument("--force", action="store_true", help="move it even if pinned")
    p = cmd("swap", swap, "swap two sessions' places")
    p.add_argument("id")
    p.add_argument("other")
    p = cmd("park", park, "take a session off the grid (it keeps everything else)")
    p.add_argument("id")
    p.add_argument("--force", action="store_true")
    for name, handler in (("pin", pin), ("unpin", unpin)):
        p = cmd(name, handler, f"{name} a session so bulk actions leave it where it is")
        p.add_argument("id")
    p = cmd("merge", merge, "merge a session into another (both conveners kept)")
    p.add_argument("id")
    p.add_argument("into_id")
    p = cmd("report", report, "record a session's report (what is not given stays as it was)")
    p.add_argument("id", help="the session's id, or the slip's QR text (session:ID)")
    p.add_argument("--participants", metavar="N", help="how many took part")
    p.add_argument("--key-points", metavar="TEXT")
    p.add_argument("--action", action="append", metavar="TEXT|OWNER",
                   help="an action and who will do it; repeat for more (replaces the actions recorded)")
    p.add_argument("--involve", action="append", metavar="TEXT",
                   help="a person or group to involve; repeat for more (replaces the list)")
    cmd("show", show, "the grid")
    p = cmd("export", export, "export the grid")
    p.add_argument("--format", required=True,
                   choices=["pdf", "a3", "csv", "json", "ics", "html", "proceedings", "doors", "actions"])
    p.add_argument("--out", type=Path, required=True)
    p = cmd("print", print_list, "print the grid as a list (thermal printer) or the A4 grid")
    p.add_argument("--printer", metavar="NAME", help="default: the slips printer")
    p = cmd("slip", slip, "a session slip: a PDF, or printed on a printer")
    p.add_argument("id")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, metavar="FILE.pdf")
    where.add_argument("--printer", metavar="NAME")


def _space_options(p: argparse.ArgumentParser, adding: bool) -> None:
    from kiosk.grid.access import FLAGS

    p.add_argument("--access", default="" if adding else None,
                   help="anything else about access, in words (e.g. 'lift at the back')")
    p.add_argument("--online-link", default="" if adding else None, metavar="URL",
                   help="a hybrid space: the https:// address people join from afar" +
                   ("" if adding else "; \"\" takes it away"))
    for name, _symbol, words in FLAGS:
        flag = "--" + name.replace("_", "-")
        if adding:
            p.add_argument(flag, action="store_true", help=words)
        else:
            p.add_argument(flag, action=argparse.BooleanOptionalAction, default=None, help=words)


def _flag_args(args: argparse.Namespace) -> dict:
    from kiosk.grid.access import FLAG_NAMES

    return {name: getattr(args, name) for name in FLAG_NAMES}


def _space_json(space) -> dict:
    from dataclasses import asdict

    return {"id": space.id, "name": space.name, "space": asdict(space)}


def _editor_do(args: argparse.Namespace, action):
    with open_event(args) as event:
        return action(event.grid)


def _session_json(session: Session) -> dict:
    return {"id": session.id, "session": session.to_json()}


def space_add(args: argparse.Namespace) -> int:
    space = _editor_do(args, lambda e: e.add_space(args.name, args.capacity, args.access, args.online_link,
                                                   **_flag_args(args)))
    emit(args, _space_json(space), f"Added space {space.name} ({space.id})")
    return 0


def space_edit(args: argparse.Namespace) -> int:
    from kiosk.grid.access import access_line, online_text

    space = _editor_do(args, lambda e: e.edit_space(args.name, args.access, args.online_link, args.capacity,
                                                    **_flag_args(args)))
    said = "; ".join(p for p in (access_line(space), online_text(space)) if p) or "no access details"
    emit(args, _space_json(space), f"{space.name}: {said}")
    return 0


def space_rename(args: argparse.Namespace) -> int:
    space = _editor_do(args, lambda e: e.rename_space(args.name, args.new_name))
    emit(args, {"id": space.id, "name": space.name}, f"Renamed to {space.name}")
    return 0


def space_remove(args: argparse.Namespace) -> int:
    parked = _editor_do(args, lambda e: e.remove_space(args.name))
    emit(args, {"removed": args.name, "parked": [s.id for s in parked]},
         f"Removed {args.name}; parked {len(parked)} session(s)")
    return 0


def slot_add(args: argparse.Namespace) -> int:
    slot = _editor_do(args, lambda e: e.add_slot(args.start, args.end, args.label, args.is_break))
    emit(args, {"id": slot.id, "start": slot.start, "end": slot.end, "break": slot.is_break},
         f"Added slot {slot.title}")
    return 0


def slot_remove(args: argparse.Namespace) -> int:
    parked = _editor_do(args, lambda e: e.remove_slot(args.start))
    emit(args, {"removed": args.start, "parked": [s.id for s in parked]},
         f"Removed the {args.start} slot; parked {len(parked)} session(s)")
    return 0


def propose(args: argparse.Namespace) -> int:
    session = _editor_do(args, lambda e: e.propose(args.title, args.convener, args.description, args.space,
                                                     args.slot, args.first_free))
    emit(args, _session_json(session), f"Session {session.id}: {session.title}")
    return 0


def move(args: argparse.Namespace) -> int:
    session = _editor_do(args, lambda e: e.move(args.id, args.space, args.slot, args.force))
    emit(args, _session_json(session), f"Moved {session.id}")
    return 0


def swap(args: argparse.Namespace) -> int:
    _editor_do(args, lambda e: e.swap(args.id, args.other))
    emit(args, {"swapped": [args.id.upper(), args.other.upper()]}, f"Swapped {args.id} and {args.other}")
    return 0


def park(args: argparse.Namespace) -> int:
    session = _editor_do(args, lambda e: e.park(args.id, args.force))
    emit(args, _session_json(session), f"Parked {session.id}")
    return 0


def pin(args: argparse.Namespace) -> int:
    session = _editor_do(args, lambda e: e.pin(args.id, True))
    emit(args, _session_json(session), f"Pinned {session.id}")
    return 0


def unpin(args: argparse.Namespace) -> int:
    session = _editor_do(args, lambda e: e.pin(args.id, False))
    emit(args, _session_json(session), f"Unpinned {session.id}")
    return 0


def merge(args: argparse.Namespace) -> int:
    session = _editor_do(args, lambda e: e.merge(args.id, args.into_id))
    emit(args, _session_json(session), f"Merged {args.id.upper()} into {session.id}: {', '.join(session.conveners)}")
    return 0


def report(args: argparse.Namespace) -> int:
    from kiosk.grid.reports import parse_action, report_of, session_in_scan

    actions = None if args.action is None else [parse_action(a) for a in args.action]
    session_id = session_in_scan(args.id) or args.id
    session = _editor_do(args, lambda e: e.report(session_id, args.participants, args.key_points, actions,
                                                  args.involve))
    report = report_of(session)
    emit(args, {"id": session.id, "report": report.to_json()},
         f"Report saved for {session.id} “{session.title}”: {len(report.actions)} action(s)")
    return 0


def _text_grid(grid: Grid) -> str:
    from kiosk.grid.access import access_line, online_text

    lines = [f"{space.name}: " + "; ".join(p for p in (access_line(space), online_text(space)) if p)
             for space in grid.spaces if access_line(space) or space.online_link]
    for slot in grid.slots:
        lines.append(f"{slot.title}{'  (break)' if slot.is_break else ''}")
        for space in grid.spaces:
            for session in grid.cell(space.id, slot.id):
                clash = "  CLASH" if len(grid.cell(space.id, slot.id)) > 1 else ""
                pinned = " [pinned]" if session.pinned else ""
                conveners = ", ".join(session.conveners)
                lines.append(f"  {space.name:20} {session.id} {session.title} — {conveners}{pinned}{clash}")
    if grid.parked:
        lines.append("Parked:")
        lines += [f"  {s.id} {s.title} — {', '.join(s.conveners)}" for s in grid.parked]
    return "\n".join(lines) or "The grid is empty: add spaces and slots."


def show(args: argparse.Namespace) -> int:
    grid = _editor_do(args, lambda e: e.grid())
    emit(args, grid.to_json(), _text_grid(grid))
    return 0


def export(args: argparse.Namespace) -> int:
    from kiosk.grid import exports

    with open_event(args) as event:
        grid = event.grid.grid()
        info = event.info()
        slug = event.slug
        if args.format in ("pdf", "a3", "proceedings", "doors"):
            from kiosk.grid import pdf

            if args.format == "proceedings":
                pdf.proceedings(grid, info, args.out)
            elif args.format == "doors":
                pdf.door_signs(grid, info, args.out)
            else:
                pdf.grid_pdf(grid, info, args.out, "A3" if args.format == "a3" else "A4")
            event.remember_written(args.out)
            emit(args, {"out": str(args.out), "format": args.format, "sessions": len(grid.sessions)},
                 f"Wrote the grid as {args.format} to {args.out}")
            return 0
        if args.format == "actions":
            from kiosk.grid.pdf import in_time_order
            from kiosk.grid.reports import actions_csv

            content = actions_csv(grid, in_time_order(grid))
        elif args.format == "csv":
            content = exports.to_csv(grid)
        elif args.format == "json":
            content = exports.to_json(grid, info)
        elif args.format == "ics":
            content = exports.to_ics(grid, info, slug)
        else:
            content = exports.to_html(grid, info)
    try:
        write_atomic(args.out, content, "utf-8-sig" if args.format in ("csv", "actions") else "utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {args.out}: {exc.strerror or exc}") from exc
    event.remember_written(args.out)
    emit(args, {"out": str(args.out), "format": args.format, "sessions": len(grid.sessions)},
         f"Wrote the grid as {args.format} to {args.out}")
    return 0


def print_list(args: argparse.Namespace) -> int:
    from kiosk.print.queue import wait_for

    with open_event(args) as event:
        queue = event.print_queue
        job = wait_for(queue, queue.enqueue_grid_list(args.printer).id)
    emit(args, {"job": job.to_json(), "status": job.state},
         f"{'Printed' if job.state == 'done' else 'Not printed: ' + job.error} the grid on {job.printer}")
    return 0 if job.state == "done" else 1


def slip(args: argparse.Namespace) -> int:
    from kiosk.grid import pdf

    if args.printer:
        from kiosk.print.queue import wait_for

        with open_event(args) as event:
            session = event.grid.session(args.id)
            queue = event.print_queue
            job = wait_for(queue, queue.enqueue_slip(session.id, args.printer).id)
        emit(args, {"job": job.to_json(), "status": job.state},
             f"{'Printed' if job.state == 'done' else 'Not printed: ' + job.error} slip {session.id} on {job.printer}")
        return 0 if job.state == "done" else 1
    with open_event(args) as event:
        session = event.grid.session(args.id)
        pdf.slip_pdf(event.grid.grid(), session, event.info(), args.out, qr=f"session:{session.id}")
    emit(args, {"out": str(args.out), "id": session.id}, f"Wrote the slip for {session.id} to {args.out}")
    return 0
