"""The access and dietary briefing for venue and catering staff (`kiosk export needs`).

Who has access needs or dietary needs, whether they are here yet, and how many people need each
diet, among those who come in person (someone joining online only is counted, not listed). It
leaves out everything else about a person: never an email or a phone number. Those are not even
read from the database, and free text that holds one (an attendee who wrote "call my carer on
07700 900123" under access needs) has it replaced before it is written, because the briefing is
printed and left on a catering table.

Dietary needs are counted by their text, normalised for case, Unicode form and spacing ("Vegan"
and " vegan " are one need, shown as the spelling most people used). A whole answer is one need:
"Vegetarian, no mushrooms" is not split, since commas in free text do not reliably separate
needs. Answers that say there is no need ("None", "N/A", "-") count as no need.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kiosk.attendees.export import spreadsheet_safe
from kiosk.core.attendance import ONLINE, attendance_mode
from kiosk.core.files import atomic_path
from kiosk.store.event_store import EventStore

NO_NEED = frozenset({"", "none", "n/a", "na", "n.a.", "no", "nil", "-", "--", "nothing", "not applicable",
                     "none.", "no.", "none needed", "no requirements", "none required"})
REMOVED = "[contact details removed]"
_EMAIL = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+\.[^\s<>()\[\],;:\"']+")
# A run of 9 or more digits, allowing the spaces, dots, dashes and brackets phone numbers are
# written with (+44 (0)7700 900-123): times ("10:00") and counts never come near 9 digits.
_PHONE = re.compile(r"\+?\(?\d(?:[\d\s().\-/]{7,}\d)")


def without_contacts(text: str) -> str:
    """Free text with any email address or phone number replaced."""
    text = _EMAIL.sub(REMOVED, text)
    return _PHONE.sub(lambda m: REMOVED if sum(ch.isdigit() for ch in m.group()) >= 9 else m.group(), text)


def need_text(value: str) -> str:
    """A need as stored, cleaned for the briefing: "" when the answer says there is none."""
    text = " ".join(unicodedata.normalize("NFC", value or "").split())
    return "" if text.casefold() in NO_NEED else without_contacts(text)


def need_key(value: str) -> str:
    """What two dietary answers share when they are the same need (case and spacing ignored)."""
    return need_text(value).casefold()


@dataclass(frozen=True)
class NeedsRow:
    name: str
    access_needs: str
    dietary_needs: str
    checked_in: bool


@dataclass(frozen=True)
class DietCount:
    need: str        # the spelling most people used
    people: int
    checked_in: int


@dataclass
class NeedsBriefing:
    event: dict[str, str]
    rows: list[NeedsRow] = field(default_factory=list)
    diets: list[DietCount] = field(default_factory=list)
    made_at: datetime = field(default_factory=datetime.now)
    online_only: int = 0  # people with a need left out: they join online only

    @property
    def access_count(self) -> int:
        return sum(1 for r in self.rows if r.access_needs)

    def to_json(self) -> dict:
        return {"people": len(self.rows), "access_needs": self.access_count,
                "checked_in": sum(1 for r in self.rows if r.checked_in), "online_only_left_out": self.online_only,
                "dietary_counts": [{"need": d.need, "people": d.people, "checked_in": d.checked_in}
                                   for d in self.diets]}


def needs_briefing(store: EventStore, event: dict[str, str]) -> NeedsBriefing:
    """Everyone with a valid ticket who has an access or dietary need and comes in person (or
    both ways), by name: someone joining online only needs no seat, route or lunch at the venue,
    and is counted apart (`online_only`)."""
    # Only the columns the briefing shows, and what says how someone joins: email, phone and the
    # import's other answers are never read.
    rows = store.conn.execute(
        "SELECT a.full_name, a.first_name, a.last_name, a.access_needs, a.dietary_needs, a.attendance, "
        "a.ticket_type, EXISTS (SELECT 1 FROM active_checkins c WHERE c.code = a.code) AS here "
        "FROM attendees a WHERE a.status = 'valid' AND (a.access_needs != '' OR a.dietary_needs != '')"
    ).fetchall()
    people: list[NeedsRow] = []
    online_only = 0
    for r in rows:
        access, diet = need_text(r["access_needs"]), need_text(r["dietary_needs"])
        if not (access or diet):
            continue
        if attendance_mode(r["attendance"], r["ticket_type"]) == ONLINE and not r["here"]:
            online_only += 1  # here after all: in the room, so in the briefing
            continue
        name = " ".join((r["full_name"] or f"{r['first_name']} {r['last_name']}").split())
        people.append(NeedsRow(without_contacts(name) or "(no name)", access, diet, bool(r["here"])))
    people.sort(key=lambda p: (p.name.casefold(), p.name))
    return NeedsBriefing(event, people, count_diets(people), online_only=online_only)


def count_diets(people: list[NeedsRow]) -> list[DietCount]:
    """People per dietary need, most first; each need under the spelling most of them used."""
    spellings: dict[str, Counter[str]] = {}
    here: Counter[str] = Counter()
    for p in people:
        key = p.dietary_needs.casefold()
        if not key:
            continue
        spellings.setdefault(key, Counter())[p.dietary_needs] += 1
        here[key] += p.checked_in
    counts = [DietCount(min(s, key=lambda t: (-s[t], *_shouting(t), t)), sum(s.values()), here[key])
              for key, s in spellings.items()]
    return sorted(counts, key=lambda d: (-d.people, d.need.casefold()))


def _shouting(text: str) -> tuple[bool, bool]:
    """Between spellings used as often, "Vegan" reads better than "VEGAN" or "vegan"."""
    return text.isupper(), not text[:1].isupper()


COLUMNS = ("name", "access_needs", "dietary_needs", "checked_in")


def write_needs_csv(briefing: NeedsBriefing, out: Path) -> None:
    """One row a person, then the dietary counts under a blank row; owner-only, as every export."""
    with atomic_path(Path(out), ".csv") as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for p in briefing.rows:
            writer.writerow([spreadsheet_safe(v) for v in
                             (p.name, p.access_needs, p.dietary_needs, "yes" if p.checked_in else "no")])
        writer.writerow([])
        writer.writerow(["dietary_need", "people", "checked_in"])
        for d in briefing.diets:
            writer.writerow([spreadsheet_safe(d.need), d.people, d.checked_in])
