"""Which name goes on a badge's big line, and which on the line under it.

The big line is the first name people call someone by; the line under it is the surname. A name
particle is never a first name: a lone full name split at its first space ("de la Cruz" → first
"de", last "la Cruz", as imports and walk-ins once stored it) would otherwise give a badge reading "de".
With no first name to trust, the big line holds the whole name as given (fitted to the box) and
the line under it stays empty: guessing a first name from a full name goes wrong for too many
people (family name first, several given names, particles).
"""

from __future__ import annotations

from kiosk.core.model import Attendee, joined_name
from kiosk.core.names import PARTICLES, is_particle_only

__all__ = ["PARTICLES", "badge_names", "is_particle_only"]


def badge_names(attendee: Attendee) -> tuple[str, str]:
    """(big line, line under it) for a badge: the first name and the surname, or the whole name
    and nothing when there is no first name a badge can use."""
    first, last = attendee.first_name.strip(), attendee.last_name.strip()
    whole = " ".join(attendee.display_name.split())
    if not first or is_particle_only(first):
        return whole or joined_name(first, last), ""
    if not last:
        # A full name that begins with the first name: the rest of it is the surname.
        full = " ".join(attendee.full_name.split())
        if full.casefold().startswith(first.casefold() + " "):
            last = full[len(first) + 1:]
    return first, "" if last.casefold() == first.casefold() else last
