"""A session's report, captured on the day: how many took part, the key points, the actions (each
with an owner) and the people to involve. Its rules, how a slip's QR names a session, and the
actions CSV.

The report's parts are separate registers of the session (kiosk/ops/grid.py), so a count typed
on one laptop and actions typed on another both stay after a sync. Reports written by an older
laptop as free text (the session's `report` field) are still read and shown.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from kiosk.attendees.checkin import clean_text
from kiosk.attendees.export import spreadsheet_safe
from kiosk.core.errors import UsageError
from kiosk.grid.model import Grid, Session
from kiosk.ops.grid import (
    MAX_ACTION_TEXT,
    MAX_ACTIONS,
    MAX_INVOLVE,
    MAX_INVOLVE_TEXT,
    MAX_KEY_POINTS,
    MAX_OWNER,
    MAX_PARTICIPANTS,
)

SCAN_PREFIX = "session:"  # what a session slip's QR holds (kiosk/grid/printouts.py)
_SCAN = re.compile(r"^session:([A-Z0-9]{2,12})$", re.IGNORECASE)


def session_in_scan(raw: str) -> str | None:
    """The session id a scanned slip names ('session:S4KQ7Z'), or None for anything else."""
    match = _SCAN.match(raw.strip())
    return match.group(1).upper() if match else None


@dataclass(frozen=True)
class Action:
    text: str
    owner: str

    def to_json(self) -> dict[str, str]:
        return {"text": self.text, "owner": self.owner}


@dataclass
class Report:
    participants: int | None = None
    key_points: str = ""
    actions: list[Action] = field(default_factory=list)
    involve: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.participants is None and not (self.key_points or self.actions or self.involve)

    def to_json(self) -> dict:
        return {"participants": self.participants, "key_points": self.key_points,
                "actions": [a.to_json() for a in self.actions], "involve": list(self.involve)}


def report_of(session: Session) -> Report:
    """The session's report; an older laptop's free-text report fills the parts left empty."""
    old = session.report or {}
    participants = session.participants
    if participants is None and str(old.get("participants", "")).strip().isdigit():
        participants = int(str(old["participants"]).strip())
    key_points = session.key_points or "\n".join(
        p for p in (old.get("key_points", ""), old.get("actions", "")) if p)
    actions = [Action(a.get("text", ""), a.get("owner", "")) for a in session.actions if isinstance(a, dict)]
    return Report(participants, key_points, actions, list(session.involve))


# -- the rules a report is written by (the CLI and the form share them) -----------------------

def parse_participants(text: str | int | None) -> int | None:
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    try:
        number = int(str(text).strip())
    except ValueError:
        raise UsageError(f"participants must be a number of people, not {str(text)[:40]!r}") from None
    if not 0 <= number <= MAX_PARTICIPANTS:
        raise UsageError(f"participants must be between 0 and {MAX_PARTICIPANTS:,}")
    return number


def clean_key_points(text: str) -> str:
    cleaned = clean_text(text, multiline=True, limit=MAX_KEY_POINTS + 1)  # said, never cut silently
    if len(cleaned) > MAX_KEY_POINTS:
        raise UsageError(f"the key points are {len(cleaned):,} characters; keep them under {MAX_KEY_POINTS:,}")
    return cleaned


def parse_action(text: str) -> Action:
    """'TEXT|OWNER' as typed on the command line."""
    what, bar, who = text.rpartition("|")
    if not bar:
        raise UsageError(f"an action needs an owner: write it as \"what to do|who\" ({text[:40]!r})")
    return clean_action(what, who)


def clean_action(text: str, owner: str) -> Action:
    what, who = clean_text(text), clean_text(owner)
    if not what:
        raise UsageError(f"the action for {who!r} says nothing to do" if who else "an action needs words")
    if not who:
        raise UsageError(f"who will do “{what[:60]}”? Each action needs an owner")
    if len(what) > MAX_ACTION_TEXT:
        raise UsageError(f"an action is {len(what)} characters; keep each under {MAX_ACTION_TEXT}")
    if len(who) > MAX_OWNER:
        raise UsageError(f"an owner is {len(who)} characters; keep it under {MAX_OWNER}")
    return Action(what, who)


def clean_actions(actions: list[Action]) -> list[Action]:
    if len(actions) > MAX_ACTIONS:
        raise UsageError(f"{len(actions)} actions; a report holds at most {MAX_ACTIONS}")
    return [clean_action(a.text, a.owner) for a in actions]


def clean_involve(names: list[str]) -> list[str]:
    cleaned = [c for c in dict.fromkeys(clean_text(n) for n in names) if c]
    if len(cleaned) > MAX_INVOLVE:
        raise UsageError(f"{len(cleaned)} people to involve; a report holds at most {MAX_INVOLVE}")
    for name in cleaned:
        if len(name) > MAX_INVOLVE_TEXT:
            raise UsageError(f"“{name[:40]}…” is {len(name)} characters; keep each under {MAX_INVOLVE_TEXT}")
    return cleaned


# -- the actions CSV ---------------------------------------------------------------------------

def actions_csv(grid: Grid, in_order: list[Session]) -> str:
    """One row per action: session, space, slot, action, owner; each cell safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["session", "space", "slot", "action", "owner"])
    for session in in_order:
        report = report_of(session)
        if not report.actions:
            continue
        space, slot = grid.space(session.space_id), grid.slot(session.slot_id)
        placed = grid.is_placed(session) and space is not None and slot is not None
        for action in report.actions:
            row = [session.title, space.name if placed and space else "",
                   f"{slot.start}–{slot.end}" if placed and slot else "", action.text, action.owner]
            writer.writerow([spreadsheet_safe(v) for v in row])
    return out.getvalue()
