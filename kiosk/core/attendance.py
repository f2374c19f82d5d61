"""How an attendee takes part: in person, online or both, read from what the ticketing export said.

The attendee's `attendance` register keeps what the file (or the desk) said: a mode's own name
("online"), a sign-up form's answer ("I'll join online via Teams") or nothing. The mode is read
from it here, and when it says nothing we can read, from the ticket type's name ("Online ticket",
"Hybrid pass"). Reading it at use rather than at import keeps the import path unchanged and lets a
corrected ticket type correct the mode too; `kiosk edit --attendance` writes a mode's own name,
which wins over the ticket type.
"""

from __future__ import annotations

import re

from kiosk.core.textfold import fold

IN_PERSON, ONLINE, BOTH = "in_person", "online", "both"
MODES: tuple[str, ...] = (IN_PERSON, ONLINE, BOTH)
MODE_WORDS = {IN_PERSON: "in person", ONLINE: "online", BOTH: "in person and online"}

# Words in an answer or a ticket type's name. "Hybrid" means both; a person "joining remotely" is
# online; "in person", "at the venue" and "on site" are in person; an answer naming both is both.
_BOTH = re.compile(r"\b(both|hybrid|in person and online|online and in person)\b")
_ONLINE = re.compile(r"\b(online|virtual|virtually|remote|remotely|zoom|teams|livestream|live stream|"
                     r"stream|streaming|webinar|on line)\b")
_IN_PERSON = re.compile(r"\b(in person|inperson|venue|on site|onsite|face to face|physical|physically|"
                        r"attending in person|at the event)\b")


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def mode_from_text(text: str) -> str | None:
    """The mode an answer names, or None when it names none ("", "Yes", "Not sure")."""
    if not text:
        return None
    if text in MODES:
        return text
    words = _words(text)
    if words.replace(" ", "_") in MODES:
        return words.replace(" ", "_")
    if _BOTH.search(words):
        return BOTH
    online, in_person = _ONLINE.search(words) is not None, _IN_PERSON.search(words) is not None
    if online and in_person:
        return BOTH
    if online:
        return ONLINE
    if in_person:
        return IN_PERSON
    return None


def mode_from_ticket_type(ticket_type: str) -> str | None:
    """"Online", "Virtual", "Remote" in a ticket type's name → online; "Hybrid" → both."""
    if not ticket_type:
        return None
    words = _words(ticket_type)
    if re.search(r"\bhybrid\b", words):
        return BOTH
    if re.search(r"\b(online|virtual|remote)\b", words):
        return ONLINE
    return None


def attendance_mode(answer: str | None, ticket_type: str | None) -> str:
    """in_person, online or both: the answer's mode, else the ticket type's, else in person."""
    return mode_from_text(answer or "") or mode_from_ticket_type(ticket_type or "") or IN_PERSON
