"""Which name goes on a badge's big line, and which on the line under it.

The big line is the first name people call someone by; the line under it is the surname. A name
particle is never a first name: a lone full name split at its first space ("de la Cruz" → first
"de", last "la Cruz", as imports and walk-ins store it) would otherwise give a badge reading "de".
With no first name to trust, the big line holds the whole name as given (fitted to the box) and
the line under it stays empty: guessing a first name from a full name goes wrong for too many
people (family name first, several given names, particles).
"""

from __future__ import annotations

from kiosk.core.model import Attendee, joined_name

# Words that begin a surname, never a given name on their own, matched as whole words without
# regard to case: Dutch, German, French, Spanish, Portuguese, Italian, Welsh (ap, ab, ferch),
# Irish (Ó, Ní, Nic, Mac, Mhic, Uí, Ua written apart), Scottish (Mac, Mc written apart), Arabic.
# "O'Brien", "MacDonald" and "McNeil" are one word: whole surnames, never matched here. A few
# (Van, Di, Del, Al) are also given names: such a person gets the whole name on the big line,
# which is never wrong, where the particle alone would be.
PARTICLES = frozenset({
    "de", "del", "della", "dei", "degli", "di", "da", "das", "do", "dos", "du", "des", "d'", "d’",
    "la", "le", "les", "lo", "van", "von", "vom", "zu", "zum", "zur", "der", "den", "ter", "ten", "het",
    "'t", "’t", "op", "in", "y", "e",
    "ap", "ab", "ferch", "verch",
    "ó", "o", "o'", "o’", "ní", "nic", "mac", "mc", "mhic", "uí", "ua", "bean",
    "al", "el", "al-", "el-", "bin", "bint", "ibn",
})


def is_particle_only(text: str) -> bool:
    """True when every word of `text` is a surname particle ("de", "de la", "van der", "Ní")."""
    words = text.casefold().split()
    return bool(words) and all(word in PARTICLES for word in words)


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
