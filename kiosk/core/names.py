"""Surname particles: the words that begin a surname and are never a given name on their own.

Shared by everything that has to decide which part of a name is the first name: splitting a lone
full name (import, walk-in), the badge's big line, the public kiosk's greeting.
"""

from __future__ import annotations

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


def split_full_name(full: str) -> tuple[str, str]:
    """(first, last) from a lone full name: split at the first space, unless the name begins with
    a particle ("de la Cruz", "van der Berg"), which has no first name to give."""
    words = full.split(" ", 1)
    if is_particle_only(words[0]):
        return "", full
    return words[0], words[1] if len(words) > 1 else ""
