"""Folds text for search and sorting: case, accents and letters that Unicode does not decompose."""

from __future__ import annotations

import re
import unicodedata

# Letters with no Unicode decomposition, so NFKD leaves them alone; people type them plainly.
_EXTRA_FOLDS = str.maketrans(
    {
        "ł": "l", "đ": "d", "ð": "d", "ø": "o", "ħ": "h", "ŧ": "t", "ı": "i", "ŀ": "l",
        "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ĸ": "k", "ŋ": "n", "ſ": "s",
        "ς": "σ",  # Greek final sigma searches as sigma
        "’": "'", "‘": "'", "ʼ": "'",
    }
)
_TOKEN_SPLIT = re.compile(r"[^\w]+", re.UNICODE)
# Every combining mark in the Basic Multilingual Plane, as one character class: a regex removes
# them many times faster than testing unicodedata.combining() per character.
_COMBINING_RE = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c))) + "]"
)


def fold(text: str) -> str:
    """Lower-case, strip diacritics (Latin and Greek tonos alike) and fold the stubborn letters."""
    if text.isascii():
        return text.lower()
    lowered = text.casefold().translate(_EXTRA_FOLDS)
    stripped = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", lowered))
    return stripped.translate(_EXTRA_FOLDS)


def tokens(text: str) -> list[str]:
    """Folded words of a text. "O'Brien-Smith" gives "o", "brien", "smith" and "obriensmith",
    so people find it however they type the punctuation."""
    if text.isalnum() and text.isascii():  # one plain word, as most email names and references are
        return [text.lower()]
    found: list[str] = []
    for word in fold(text).split():
        parts = [p for p in _TOKEN_SPLIT.split(word) if p]
        found.extend(parts)
        if len(parts) > 1:
            found.append("".join(parts))
    return found
