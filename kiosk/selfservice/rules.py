"""The self-service kiosk's rules, without Qt: what an attendee may see, exact look-up of a
forgotten ticket, and what each outcome tells the public and the staff.

The kiosk stands in a public place. It shows at most a first name and a last initial, never a
list of names, and never anyone's email, booking reference or organisation; problems get a calm
message that sends the person to the registration desk, while the detail goes to the staff.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from kiosk.attendees.checkin import CheckinResult, Status
from kiosk.core.names import is_particle_only
from kiosk.core.textfold import fold
from kiosk.store.event_store import EventStore

MAX_FIRST_NAME = 24        # a first name longer than this is cut with "…" on the welcome screen
MIN_REFERENCE = 3          # a shorter booking reference is never looked up

# Bidi embedding, override and isolate marks are dropped, so a name cannot reorder or hide the
# text around it on a public screen; control characters become spaces.
_BIDI_RE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")
_PUNCT_FOLDS = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "‐": "-", "‑": "-", "–": "-",
                              "—": "-"})


def clean_public(text: object) -> str:
    """NFC text with control and bidi-override characters removed and whitespace collapsed."""
    value = unicodedata.normalize("NFC", "" if text is None else str(text))
    return " ".join(_CONTROL_RE.sub(" ", _BIDI_RE.sub("", value)).split())


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, never splitting a letter from its combining marks."""
    if len(text) <= limit:
        return text
    end = limit - 1
    while end > 0 and _is_mark(text[end]):
        end -= 1
    return text[:end].rstrip() + "…"


def _initial(last: str) -> str:
    """The first letter of a surname with its combining marks ("O'Neill" → "O", "Ó Súilleabháin"
    → "Ó"), skipping leading punctuation."""
    for i, ch in enumerate(last):
        if ch.isalnum():
            end = i + 1
            while end < len(last) and _is_mark(last[end]):
                end += 1
            return last[i:end]
    return ""


def public_name(first: str, last: str) -> str:
    """What the public screen may show of a person: "Priya B.", or "" when there is no first name
    (the screen then says only "Welcome")."""
    first, last = clean_public(first), clean_public(last)
    if not first or is_particle_only(first):  # "de" of "de la Cruz" is nobody's first name
        return ""
    first = _cut(first, MAX_FIRST_NAME)
    initial = _initial(last)
    return f"{first} {initial}." if initial else first


# -- forgotten tickets ----------------------------------------------------------------------------

def _norm_surname(text: str) -> str:
    return clean_public(text).casefold().translate(_PUNCT_FOLDS)


@dataclass(frozen=True)
class ForgottenLookup:
    code: str | None
    reason: str  # "found", "no_match", "ambiguous", "incomplete"


def lookup_forgotten(store: EventStore, surname: str, reference_or_email: str) -> ForgottenLookup:
    """One ticket whose surname and booking reference (or email) both match exactly, or none.

    The reference or email is the secret and must match exactly (ignoring case). The surname must
    match ignoring case, Unicode normalisation, spacing and apostrophe style; if no one matches that
    way, a match ignoring accents is accepted too, because a kiosk keyboard may have no "ú" or "ŵ".
    Two people sharing the surname on one booking cannot be told apart: no answer then either.
    """
    wanted = _norm_surname(surname)
    reference = clean_public(reference_or_email)
    if not wanted or len(reference) < MIN_REFERENCE:
        return ForgottenLookup(None, "incomplete")
    rows = store.conn.execute(
        "SELECT code, last_name, full_name, email, booking_ref FROM attendees "
        "WHERE booking_ref = ? COLLATE NOCASE OR email = ? COLLATE NOCASE",
        (reference, reference)).fetchall()
    ref_key = reference.casefold()
    exact: set[str] = set()
    loose: set[str] = set()
    for row in rows:
        if ref_key not in (row["booking_ref"].strip().casefold(), row["email"].strip().casefold()):
            continue  # NOCASE folds only ASCII; check the whole string ourselves
        last = row["last_name"] or (row["full_name"].rsplit(" ", 1)[-1] if row["full_name"] else "")
        theirs = _norm_surname(last)
        if not theirs:
            continue
        if theirs == wanted:
            exact.add(row["code"])
        elif fold(theirs) == fold(wanted):
            loose.add(row["code"])
    found = exact or loose
    if len(found) == 1:
        return ForgottenLookup(next(iter(found)), "found")
    return ForgottenLookup(None, "ambiguous" if found else "no_match")



class AttemptLimiter:
    """Slows down guessing at the forgotten-ticket form: after `max_failures` misses within
    `window_s`, the form sends everyone to the desk for `cooldown_s`."""

    def __init__(self, max_failures: int = 5, window_s: float = 300, cooldown_s: float = 120,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures, self.window_s, self.cooldown_s, self.clock = max_failures, window_s, cooldown_s, clock
        self._failures: deque[float] = deque()
        self._blocked_until = 0.0

    def allowed(self) -> bool:
        return self.clock() >= self._blocked_until

    def failed(self) -> None:
        now = self.clock()
        self._failures.append(now)
        while self._failures and now - self._failures[0] > self.window_s:
            self._failures.popleft()
        if len(self._failures) >= self.max_failures:
            self._blocked_until = now + self.cooldown_s
            self._failures.clear()

    def succeeded(self) -> None:
        self._failures.clear()


# -- outcomes -------------------------------------------------------------------------------------

# Public message keys; the interface turns each into words in the chosen language.
PRINTING = "printing"            # checked in, the badge is on its way
PRINTED = "printed"              # checked in, the badge is ready at the printer
BADGE_AT_DESK = "badge_at_desk"  # checked in; the badge was printed before (pre-printed): the desk has it
PRINT_FAILED = "print_failed"    # checked in, but the badge could not be printed
NOT_FOUND = "not_found"          # unknown or unreadable ticket
CANNOT_USE = "cannot_use"        # void or cancelled ticket
ALREADY_IN = "already_in"        # admitted before
FORGOT_NO_MATCH = "forgot_no_match"
FORGOT_LIMIT = "forgot_limit"    # too many misses at the forgotten-ticket form
ERROR = "error"                  # the kiosk itself failed (database, disk)
PROBLEMS = (PRINT_FAILED, BADGE_AT_DESK, NOT_FOUND, CANNOT_USE, ALREADY_IN, FORGOT_LIMIT, ERROR)


@dataclass(frozen=True)
class KioskOutcome:
    """What the kiosk shows and says about one attempt, and what staff are told."""

    message: str                 # a public message key (above)
    admitted: bool = False       # the person is checked in (a welcome)
    name: str = ""               # the public name: "Priya B." or ""
    code: str | None = None      # the ticket, for printing; never shown
    print_badge: bool = False    # a badge should be queued now
    staff: str = ""              # the detail for the staff screen and the log; "" when routine
    sound: str = "checked_in"    # an OutcomeSounds cue

    @property
    def needs_desk(self) -> bool:
        return self.message in PROBLEMS


def _who(result: CheckinResult) -> str:
    a = result.attendee
    return f"{result.code} ({a.display_name})" if a else str(result.code)


def _clock(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000).strftime("%H:%M")


def outcome_for(result: CheckinResult) -> KioskOutcome:
    """Map a check-in to what the kiosk does next."""
    if result.status is Status.CHECKED_IN:
        a = result.attendee
        name = public_name(a.first_name, a.last_name) if a else ""
        return KioskOutcome(PRINTING, True, name, result.code, print_badge=not result.repeat)
    if result.status is Status.ALREADY_CHECKED_IN:
        when = f" at {_clock(result.previous.at_ms)} on {result.previous.device}" if result.previous else ""
        return KioskOutcome(ALREADY_IN, staff=f"ticket {_who(result)} was already checked in{when}",
                            sound="already_checked_in")
    if result.status is Status.VOID:
        state = result.attendee.status if result.attendee else "void"
        return KioskOutcome(CANNOT_USE, staff=f"ticket {_who(result)} is {state}", sound="void")
    if result.status is Status.ONLINE_ONLY:
        # Not refused: the desk decides (Admit in person). The public screen asks them, calmly,
        # to see the desk, with the notice tone rather than the refusal's.
        return KioskOutcome(CANNOT_USE, staff=f"ticket {_who(result)} is registered to join online; "
                                              "admit in person at the desk", sound="already_checked_in")
    if result.status is Status.UNKNOWN:
        code = (result.code or "")[:60]
        return KioskOutcome(NOT_FOUND, staff=f"unknown ticket code {code!r}", sound="unknown")
    return KioskOutcome(NOT_FOUND, staff="the scan was not a ticket code", sound="invalid")


def with_print_problem(outcome: KioskOutcome, message: str, staff: str) -> KioskOutcome:
    """The same welcome, now telling the person to see the desk about their badge."""
    return replace(outcome, message=message, print_badge=False, staff=staff,
                   sound="already_checked_in" if message == BADGE_AT_DESK else "invalid")


def error_outcome(staff: str) -> KioskOutcome:
    return KioskOutcome(ERROR, staff=staff, sound="invalid")


# -- a ticket scanned again ---------------------------------------------------------------------

# One more scan of a ticket this soon after its welcome is the person making sure: welcomed again.
# Later, or a second time, it may be the ticket handed to someone else: sent to the desk, noted.
REWELCOME_S = 10


@dataclass
class Welcome:
    """The last welcome the kiosk showed, for judging a re-scan of the same ticket."""

    outcome: KioskOutcome
    at: float                 # when it was first shown (seconds, the kiosk's clock)
    rescanned: bool = False   # the one quiet re-scan has been used


def rescan_outcome(welcomed: Welcome | None, result: CheckinResult, now: float,
                   still_on_screen: Callable[[], bool]) -> KioskOutcome | None:
    """The ticket just welcomed, scanned again: its welcome (nothing reprinted) when it is the
    same person making sure, else "already checked in" with the detail for staff; None when this
    scan is not a re-scan of that ticket. `still_on_screen` tells whether that welcome still shows
    (it may be waiting for a slow badge: the person is still here)."""
    if welcomed is None or result.code != welcomed.outcome.code:
        return None
    if result.status is Status.CHECKED_IN and result.repeat:
        return replace(welcomed.outcome, staff="")  # the engine's repeat: one scan read twice
    if result.status is not Status.ALREADY_CHECKED_IN:
        return None
    age = now - welcomed.at
    if not welcomed.rescanned and (age <= REWELCOME_S or still_on_screen()):
        welcomed.rescanned = True
        return replace(welcomed.outcome, staff="")
    outcome = outcome_for(result)
    return replace(outcome, staff=f"{outcome.staff}; scanned again here {age:.0f} s after its "
                                  "welcome, so not welcomed again (the ticket may have been passed on)")


# -- notices for staff ----------------------------------------------------------------------------

ACCESS_NEEDS_NOTICE = "access_needs"


def staff_notice_for(result: CheckinResult) -> tuple[str, str] | None:
    """(kind, text) of the notice a self-service admission raises for the desks, or None.

    Someone with recorded access needs who checks themselves in may need a person to meet them
    (a step-free route, a seat near the loop, an interpreter): every desk is told, by name, with
    the needs as recorded. The public screen never shows them; it welcomes the person as usual.
    Only a new admission raises one: the same scan read twice, or a ticket already in, does not.
    """
    if result.status is not Status.CHECKED_IN or result.repeat or result.attendee is None:
        return None
    needs = result.attendee.access_needs.strip()
    if not needs:
        return None
    return ACCESS_NEEDS_NOTICE, access_needs_text(needs)


def access_needs_text(needs: str) -> str:
    return f"Access needs: {needs.strip()}"
