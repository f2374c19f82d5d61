"""`kiosk notices [--all]` and `kiosk notices ack ID`: what the desks are asked to act on.

A notice is raised when someone with access needs checks themselves in at the kiosk; it stays
open on every desk until someone acknowledges it (the first acknowledgement is kept).
"""

from __future__ import annotations

import argparse
from datetime import datetime

from kiosk.attendees.notices import Notice
from kiosk.cli.base import Commands, emit, open_event


def register(commands: Commands) -> None:
    group = commands.group("notices", show, "notices for staff (open ones; --all for every one)")
    group.parser.add_argument("--all", action="store_true",
                              help="include notices already acknowledged")
    group.parser.add_argument("--device", metavar="NAME", default=argparse.SUPPRESS)
    p = group.add("ack", ack, "acknowledge a notice: this desk has seen to it")
    p.add_argument("id", help="the notice's id, as `kiosk notices` shows it (N-…)")
    p.add_argument("--device", metavar="NAME", default=argparse.SUPPRESS)


def _clock(at: str | None) -> str:
    return datetime.fromisoformat(at).strftime("%H:%M") if at else ""


def _line(notice: Notice) -> str:
    data = notice.to_json()
    who = f"{notice.name} ({notice.code})" if notice.name else notice.code
    line = f"{notice.id}  {_clock(data['at'])} {notice.device}: {who}: {notice.text}"
    if not notice.open:
        line += f"  [acknowledged by {notice.acknowledged_by} at {_clock(data['acknowledged_at'])}]"
    return line


def show(args: argparse.Namespace) -> int:
    with open_event(args) as event:
        notices = event.notices(include_acknowledged=args.all)
    if notices:
        text = "\n".join(_line(n) for n in notices)
    else:
        text = "No notices." if args.all else "No open notices."
    emit(args, {"notices": [n.to_json() for n in notices]}, text)
    return 0


def ack(args: argparse.Namespace) -> int:
    with open_event(args) as event:
        before = event.notices(include_acknowledged=False)
        notice = event.acknowledge_notice(args.id)
        device = event.device_name
    already = all(n.id != notice.id for n in before)
    data = notice.to_json()
    if already:
        text = (f"{notice.id} was already acknowledged by {notice.acknowledged_by} "
                f"at {_clock(data['acknowledged_at'])}.")
    else:
        text = f"Acknowledged {notice.id} ({notice.name or notice.code}) as {device}."
    emit(args, {"notice": data, "already_acknowledged": already}, text)
    return 0
