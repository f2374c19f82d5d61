"""Which font draws which character, and what a name needs that no font on this laptop has.

The shipped fonts come first: DejaVu Sans (Latin, Greek, Cyrillic, Arabic, Hebrew, many symbols),
then Noto Sans for the Indian scripts most used in UK and Irish communities (Devanagari,
Gurmukhi, Bengali, Gujarati, Tamil, Malayalam). Any other script (CJK, Sinhala, Ethiopic, …) is
drawn only with a font found on the system, in the folders `KIOSK_FONT_DIRS` names (separated
like PATH; empty means none: tests use that to print on "a machine with only the shipped fonts")
or else the operating system's usual font folders.

Coverage is read from each font's own character map before anything is drawn, so a name no font
covers fails in words ("No font for Ethiopic on this laptop") instead of printing as the font's
empty-glyph boxes, which the vector drawing fills into black bars. Emoji no font draws in outline
are left out and the rest of the name kept: colour emoji fonts hold bitmaps, which cannot become
the vector outlines a badge PDF is drawn with, and most badge printers are black and white.
"""

from __future__ import annotations

import os
import re
import struct
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from kiosk.core.errors import RefusedError
from kiosk.core.resources import font_path
from kiosk.print.backends.base import PrintError

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
FONT_DIRS_ENV = "KIOSK_FONT_DIRS"

# (regular, bold) in the order they are tried for a character.
SHIPPED = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    *((f"NotoSans{script}-Regular.ttf", f"NotoSans{script}-Bold.ttf")
      for script in ("Devanagari", "Gurmukhi", "Bengali", "Gujarati", "Tamil", "Malayalam")),
)


@cache
def register_fonts() -> tuple[str, str]:
    """DejaVu in reportlab, which draws Latin, Greek and Cyrillic names as real PDF text.

    Registered once per process. Not "ASCII-readable": by default reportlab puts all 95 ASCII
    glyphs into every PDF's font subset (so the raw page text reads as ASCII); this way a subset
    holds only the glyphs drawn, which makes a badge PDF about half the bytes and its fonts
    quicker to subset and compress. Text stays extractable through the fonts' ToUnicode maps."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(SANS, str(font_path("DejaVuSans.ttf")), asciiReadable=False))
    pdfmetrics.registerFont(TTFont(SANS_BOLD, str(font_path("DejaVuSans-Bold.ttf")), asciiReadable=False))
    return SANS, SANS_BOLD


@dataclass(frozen=True)
class Face:
    """One font family: its regular file and, when there is one, its bold file."""

    regular: Path
    bold: Path | None = None
    shipped: bool = False


# -- reading a font's character map (TrueType/OpenType, and the first font of a collection) -----

_OUTLINES = (b"glyf", b"CFF ", b"CFF2")


def _tables(f) -> dict[bytes, tuple[int, int]]:
    head = f.read(12)
    if head[:4] == b"ttcf":  # a collection (.ttc): its first font
        f.seek(12)
        (first,) = struct.unpack(">I", f.read(4))
        f.seek(first)
        head = f.read(12)
    if head[:4] not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        raise ValueError("not a TrueType or OpenType font")
    (count,) = struct.unpack(">H", head[4:6])
    records = f.read(16 * count)
    return {records[i:i + 4]: struct.unpack(">II", records[i + 8:i + 16]) for i in range(0, len(records) - 15, 16)}


def _format4(data: bytes, off: int) -> set[int]:
    (seg2,) = struct.unpack_from(">H", data, off + 6)
    n = seg2 // 2
    ends = struct.unpack_from(f">{n}H", data, off + 14)
    starts = struct.unpack_from(f">{n}H", data, off + 16 + seg2)
    deltas = struct.unpack_from(f">{n}h", data, off + 16 + 2 * seg2)
    range_at = off + 16 + 3 * seg2
    offsets = struct.unpack_from(f">{n}H", data, range_at)
    codes: set[int] = set()
    for i, (start, end, delta, ro) in enumerate(zip(starts, ends, deltas, offsets, strict=True)):
        end = min(end, 0xFFFE)
        if start > end:
            continue
        if ro == 0:
            codes.update(range(start, end + 1))
            if start <= (-delta) & 0xFFFF <= end:  # the one code this segment maps to glyph 0
                codes.discard((-delta) & 0xFFFF)
            continue
        for code in range(start, end + 1):
            (glyph,) = struct.unpack_from(">H", data, range_at + 2 * i + ro + 2 * (code - start))
            if glyph and (glyph + delta) & 0xFFFF:
                codes.add(code)
    return codes


def _format12(data: bytes, off: int) -> set[int]:
    (groups,) = struct.unpack_from(">I", data, off + 12)
    codes: set[int] = set()
    for g in range(groups):
        start, end, glyph = struct.unpack_from(">III", data, off + 16 + 12 * g)
        codes.update(range(start, min(end, 0x10FFFF) + 1))
        if glyph == 0:
            codes.discard(start)
    return codes


@cache
def read_cmap(path: Path) -> frozenset[int]:
    """The characters a font file has a glyph for; empty for a file that is not a usable outline
    font (colour-bitmap emoji fonts, damaged files)."""
    try:
        with open(path, "rb") as f:
            tables = _tables(f)
            if b"cmap" not in tables or not any(t in tables for t in _OUTLINES):
                return frozenset()
            offset, length = tables[b"cmap"]
            f.seek(offset)
            data = f.read(length)
        (count,) = struct.unpack_from(">H", data, 2)
        best: tuple[int, int] | None = None
        for i in range(count):
            platform, encoding, sub = struct.unpack_from(">HHI", data, 4 + 8 * i)
            (fmt,) = struct.unpack_from(">H", data, sub)
            unicode = platform == 0 or (platform == 3 and encoding in (1, 10))
            if unicode and fmt in (4, 12):
                rank = 0 if fmt == 12 else 1
                if best is None or rank < best[0]:
                    best = (rank, sub)
        if best is None:
            return frozenset()
        return frozenset((_format12 if best[0] == 0 else _format4)(data, best[1]))
    except (OSError, ValueError, struct.error):
        return frozenset()


# -- where fonts are ---------------------------------------------------------------------------

def shipped_faces() -> tuple[Face, ...]:
    return tuple(Face(font_path(regular), font_path(bold), shipped=True) for regular, bold in SHIPPED)


def font_dirs() -> list[Path]:
    """The system folders searched for fonts the shipped ones lack."""
    named = os.environ.get(FONT_DIRS_ENV)
    if named is not None:
        return [Path(p) for p in named.split(os.pathsep) if p]
    home = Path.home()
    if sys.platform == "win32":
        windows = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windows / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local/share/fonts", home / ".fonts"]


_STYLED = re.compile(r"bold|italic|oblique|light|thin|black|heavy|medium|semi|extra|demi|condensed|"
                     r"narrow|emoji|color|lastresort", re.IGNORECASE)


def _preference(path: Path) -> tuple[int, int, str]:
    name = path.name.lower()
    family = 0 if name.startswith("notosanscjk") else 1 if name.startswith("notosans") else 2 if "sans" in name else 3
    return family, ("mono" in name) + ("serif" in name) + ("ui" in name), name


@cache
def system_faces() -> tuple[Face, ...]:
    """Outline fonts in the system folders, upright and regular only (a bold file beside its
    regular one is its bold), the Noto Sans families first."""
    found: list[Path] = []
    for folder in font_dirs():
        for root, _dirs, files in os.walk(folder):
            found += [Path(root, f) for f in files if f.lower().endswith((".ttf", ".otf", ".ttc"))]
    names = {p.name: p for p in found}
    faces = []
    for path in sorted(found, key=_preference):
        if _STYLED.search(path.stem.replace("Regular", "")):
            continue
        stem = path.stem.replace("-Regular", "").replace("Regular", "")
        bold = names.get(f"{stem}-Bold{path.suffix}") or names.get(f"{stem}Bold{path.suffix}")
        faces.append(Face(path, bold))
    return tuple(faces)


def face_for(code: int) -> Face | None:
    """The first font with a glyph for this character: shipped fonts first, then the system's."""
    _follow_env()
    return _face_for(code)


@lru_cache(maxsize=65536)
def _face_for(code: int) -> Face | None:
    for face in shipped_faces():
        if code in read_cmap(face.regular):
            return face
    for face in system_faces():
        if code in read_cmap(face.regular):
            return face
    return None


def forget() -> None:
    """Look for fonts again (after KIOSK_FONT_DIRS changed, or fonts were installed)."""
    for cached in (read_cmap, system_faces, _face_for, _printable, _missing):
        cached.cache_clear()


_ENV_SEEN: list[str | None] = [os.environ.get(FONT_DIRS_ENV)]


def _follow_env() -> None:
    """What was found is forgotten when KIOSK_FONT_DIRS changes (a test, `kiosk doctor` after a
    setting), so a cached answer from other folders never stands in for these."""
    now = os.environ.get(FONT_DIRS_ENV)
    if now != _ENV_SEEN[0]:
        _ENV_SEEN[0] = now
        forget()


# -- what a text needs --------------------------------------------------------------------------

_IGNORABLE = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
              (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
              (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0x1BCA0, 0x1BCA3),
              (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))
_EMOJI = ((0x203C, 0x203C), (0x2049, 0x2049), (0x2122, 0x2139), (0x2194, 0x21AA), (0x231A, 0x23FF),
          (0x24C2, 0x24C2), (0x25AA, 0x25FE), (0x2600, 0x27BF), (0x2934, 0x2935), (0x2B05, 0x2B55),
          (0x3030, 0x3030), (0x303D, 0x303D), (0x3297, 0x3299), (0x20E3, 0x20E3), (0x1F000, 0x1FAFF))


def _within(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= code <= high for low, high in ranges)


def needs_no_glyph(ch: str) -> bool:
    """Spaces, joiners, direction marks, variation selectors: invisible, so no font needs them."""
    return ch.isspace() or _within(ord(ch), _IGNORABLE)


def is_emoji(ch: str) -> bool:
    return _within(ord(ch), _EMOJI)


def printable(text: str) -> str:
    """The text without control characters, emoji presentation selectors and emoji that no font
    has in outline (with the joiners and modifiers of those emoji); the rest of it kept."""
    _follow_env()
    return _printable(text)


@lru_cache(maxsize=4096)
def _printable(text: str) -> str:
    if text.isascii() and text.isprintable():
        return text
    out: list[str] = []
    dropping = dropped = False
    for ch in text:
        code = ord(ch)
        if code in (0xFE0E, 0xFE0F) or 0xE0020 <= code <= 0xE007F or (
                unicodedata.category(ch) == "Cc" and not ch.isspace()):
            continue
        if is_emoji(ch) and face_for(code) is None:
            while out and out[-1] == "\u200d":  # the joiner that tied it to a kept emoji
                out.pop()
            dropping = dropped = True
            continue
        if dropping and code == 0x200D:
            continue
        dropping = False
        out.append(ch)
    result = "".join(out)
    return re.sub(r"[ \t]{2,}", " ", result).strip() if dropped else result


@lru_cache(maxsize=4096)
def _missing(text: str) -> str:
    if text.isascii():
        return ""
    return "".join(dict.fromkeys(ch for ch in printable(text) if not needs_no_glyph(ch) and face_for(ord(ch)) is None))


def missing(text: str) -> str:
    """The characters of the text (once each) that no font on this laptop has a glyph for."""
    _follow_env()
    return _missing(text)


def faces_for(text: str) -> tuple[Face, ...]:
    """The fonts that draw this text, in the order the text first needs them."""
    faces: dict[Face, None] = {}
    for ch in text:
        if not needs_no_glyph(ch):
            face = face_for(ord(ch))
            if face is not None:
                faces[face] = None
    return tuple(faces)


# -- naming a script for people -----------------------------------------------------------------

_NAME_ENDS = {"LETTER", "SYLLABLE", "SYLLABICS", "SIGN", "DIGIT", "VOWEL", "CONSONANT", "IDEOGRAPH", "UNIFIED",
              "COMPATIBILITY", "CHARACTER", "MARK", "NUMBER", "LIGATURE", "SYMBOL", "PUNCTUATION", "CAPITAL",
              "SMALL", "FRACTION", "TONE", "VIRAMA", "LOGOGRAM", "HIEROGLYPH", "NUMERAL", "FINAL", "MEDIAL",
              "INITIAL", "INDEPENDENT", "DEPENDENT", "COMBINING", "ABBREVIATION", "DANDA", "HALANT",
              "ITERATION", "VOICED", "PROLONGED", "EXTENDED", "SUBJOINED", "REPHA", "STOP", "MODIFIER"}
_SCRIPT_WORDS = {"Cjk": "Chinese, Japanese or Korean (CJK)", "Hangul": "Korean (Hangul)",
                 "Hiragana": "Japanese (Hiragana)", "Katakana": "Japanese (Katakana)",
                 "Halfwidth Katakana": "Japanese (Katakana)", "Canadian": "Canadian syllabics",
                 "Nko": "N'Ko"}


def script_of(ch: str) -> str:
    """The script of a character in words people know ("Ethiopic", "Sinhala"), from its Unicode name."""
    category = unicodedata.category(ch)
    if category == "Co":
        return "private-use characters"
    try:
        words = unicodedata.name(ch).split()
    except ValueError:
        return "characters unknown to Unicode"
    if words[0] == "MATHEMATICAL":
        return "mathematical letters"
    script = []
    for word in words:
        if word in _NAME_ENDS or "-" in word:
            break
        script.append(word)
    if not 1 <= len(script) <= 3 or not category.startswith(("L", "M", "N")) or "SYMBOL" in words:
        return "symbols"
    title = " ".join(script).title()
    return _SCRIPT_WORDS.get(title, title)


def scripts_missing(text: str) -> list[str]:
    """The scripts of the characters no font here draws, in the order the text has them."""
    return list(dict.fromkeys(script_of(ch) for ch in missing(text)))


def uncovered_scripts(names: Iterable[str]) -> dict[str, int]:
    """For each script no font on this laptop covers: how many of the names need it (most first).
    For `kiosk printers fonts` and a doctor's check of an event's names."""
    counts: Counter[str] = Counter()
    for name in names:
        counts.update(set(scripts_missing(name)))
    return dict(counts.most_common())


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


class MissingFont(PrintError, RefusedError):
    """A text needs a script no font on this laptop has: the job fails before anything prints.
    A PrintError for the print queue (the job fails with these words), a KioskError for commands."""

    def __init__(self, message: str, scripts: Iterable[str]) -> None:
        super().__init__(message)
        self.scripts = tuple(scripts)


def require_fonts(texts: Iterable[str], what: str) -> None:
    """Raise MissingFont, naming the scripts, when a font lacks any character of the texts.
    `what` says what is not printed ("the badge for ticket ABC")."""
    scripts: list[str] = []
    for text in texts:
        scripts += [s for s in scripts_missing(text) if s not in scripts]
    if not scripts:
        return
    examples = [f"Noto Sans {s}" for s in scripts if s[:1].isupper() and " " not in s]
    if any(s.startswith(("Chinese", "Japanese", "Korean")) for s in scripts):
        examples.insert(0, "Noto Sans CJK")
    hint = f" (for example the free {examples[0]})" if examples else ""
    raise MissingFont(
        f"No font for {_joined(scripts)} on this laptop, so {what} was not printed. Print it with "
        f"the name in Latin letters, or ask the organiser to install a font for "
        f"{'it' if len(scripts) == 1 else 'them'}{hint}.", scripts)


def is_font_problem(error: str) -> bool:
    """Whether a print job's error is a text no font here draws (MissingFont's words), not a
    printer problem: the desk shows it as it is, and it does not go away by waiting."""
    return error.startswith("No font for ") or (error.startswith("The name on ticket ") and "only emoji" in error)
