"""Lines of a receipt slip, wrapped by the app before a thermal printer sees them.

A receipt printer left to itself breaks a line at whatever column it reaches, mid-word, and an
image line drawn wider than the paper is simply cut off. So every slip line is wrapped here at
word boundaries: text lines by the printer font's columns (double width counts double), image
lines by their drawn width in dots (the caller passes a measure). A word longer than a whole line
is broken, so nothing ever runs off the paper.

Typographic quotes, dashes and the ellipsis are not in the printer's code page (cp858); as their
ASCII look-alikes the line stays crisp printer text instead of becoming an image.

No Qt here: the image side hands in its own measure.
"""

from __future__ import annotations

from collections.abc import Callable

Measure = Callable[[str], float]

_ASCII_LOOKALIKES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ",
})


def transliterate(text: str) -> str:
    """Curly quotes, dashes, the ellipsis and odd spaces as their plain ASCII look-alikes."""
    return text.translate(_ASCII_LOOKALIKES)


def wrap(text: str, limit: float, measure: Measure, hang: str | None = None) -> list[str]:
    """Lines of at most `limit` (as `measure` counts), broken at spaces; a word longer than a line
    is broken where it must be. The line's own indent is kept, and continuation lines hang two
    spaces further in (or by `hang`) so a wrapped entry still reads as one; an indent that would
    take half the line is dropped. Blank text gives no lines."""
    words = _glue_dashes(text.split())
    if not words:
        return []
    lead = text[:len(text) - len(text.lstrip(" "))]
    if hang is None:
        hang = lead + "  " if lead else ""
    if lead and measure(lead) > limit / 2:
        lead = ""
    if hang and measure(hang) > limit / 2:
        hang = ""
    lines: list[str] = []
    current = lead
    for word in words:
        candidate = f"{current} {word}" if current.strip() else current + word
        if measure(candidate) <= limit:
            current = candidate
            continue
        if current.strip():
            lines.append(current)
            current = hang
        while measure(current + word) > limit:  # longer than a whole line: break it
            n, piece = _longest_prefix(current, word, limit, measure)
            lines.append(current + piece)
            word, current = word[n:], hang
        current += word
    if current.strip():
        lines.append(current)
    return lines


HYPHEN_ADDED = "-"
DASHES = ("-", "\u2013", "\u2014", "\u2015")


def _glue_dashes(words: list[str]) -> list[str]:
    """A dash standing alone between spaces ("iechyd — trafodaeth", "10:00 – 10:45") stays on
    its line with the word before it: a line never starts with a dash."""
    glued: list[str] = []
    for word in words:
        if word in DASHES and glued:
            glued[-1] += " " + word
        else:
            glued.append(word)
    return glued


def _hyphenates(before: str, after: str) -> bool:
    """A word broken between these characters gets a hyphen: letters of an alphabet that writes
    one. Not after a hyphen it already has, and not in CJK or Thai (lines break anywhere there)."""
    return (before.isalpha() and after.isalpha() and ord(before) < 0x0E00 and ord(after) < 0x0E00)


def _longest_prefix(current: str, word: str, limit: float, measure: Measure) -> tuple[int, str]:
    """How many of word's characters fit after `current` (at least one, so wrapping ends) and
    the piece to print,
    with a hyphen added where it breaks between letters ("Llanfairpwllgwyngyll-" / "gogerych…");
    after its own last hyphen when one fits ("Welsh-" / "language"). Never before a combining
    mark, which belongs to the letter it follows."""
    import unicodedata

    def piece(n: int) -> str:
        return word[:n] + (HYPHEN_ADDED if n < len(word) and _hyphenates(word[n - 1], word[n]) else "")

    low, high = 1, len(word)
    while low < high:  # the widest prefix that fits, by halving: long words cost log(n) measures
        mid = (low + high + 1) // 2
        if measure(current + piece(mid)) <= limit:
            low = mid
        else:
            high = mid - 1
    hyphen = word.rfind("-", 0, low)
    if hyphen > 0:
        return hyphen + 1, word[:hyphen + 1]
    while 1 < low < len(word) and unicodedata.combining(word[low]):
        low -= 1
    return low, piece(low)


def wrap_columns(text: str, columns: int, double_width: bool = False) -> list[str]:
    """Wrapped for a printer font of `columns` characters a line; double-width characters take two."""
    per_char = 2 if double_width else 1
    return wrap(text, max(per_char, columns), lambda line: len(line) * per_char)
