"""Measures and draws badge text in reportlab, in any script a font on this laptop covers.

Latin, Greek and Cyrillic are drawn as real PDF text in the embedded DejaVu fonts. Scripts that
need shaping or right-to-left ordering (Arabic, Hebrew, Indic, Thai) and characters DejaVu does
not have (CJK) are shaped by Qt's text engine (HarfBuzz: Indic conjuncts and reordered vowel
signs, joined Arabic) in the fonts `fonts.faces_for` picks, and drawn as vector outlines in the
same PDF: reportlab alone draws Arabic as unjoined letters and Devanagari as loose glyphs. Those
names are not selectable text in the PDF. CJK needs a CJK font on the system (fonts-noto-cjk).

A character no font has is never drawn (it would be a box, filled black as an outline): callers
that must not lose it check first with `fonts.require_fonts`; emoji without an outline font are
left out (see fonts.py).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache

from kiosk.core.resources import font_path
from kiosk.print.draw import fonts
from kiosk.print.draw.fonts import SANS, SANS_BOLD, Face, register_fonts
from kiosk.print.draw.textfit import LEADING

_COMPLEX = re.compile(
    "[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
    "\ufb1d-\ufdff\ufe70-\ufeff\U00010e60-\U00010e7f]"
)


@cache
def _dejavu_cmap() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    face = pdfmetrics.getFont(SANS).face
    return frozenset(face.charToGlyph)


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_STRONG_LTR = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u052f]")


def is_rtl(text: str) -> bool:
    """True when the first strongly directional letter is Hebrew or Arabic."""
    rtl, ltr = _RTL.search(text), _STRONG_LTR.search(text)
    return rtl is not None and (ltr is None or rtl.start() < ltr.start())


def needs_qt(text: str) -> bool:
    """True when reportlab cannot draw this text right: it needs shaping or another font."""
    if text.isascii():
        return False
    if _COMPLEX.search(text):
        return True
    cmap = _dejavu_cmap()
    return any(ord(ch) not in cmap for ch in text if not ch.isspace())


def drawable(text: str) -> str:
    """The text as it is drawn: without characters no font has (never a box), and without emoji
    no font has in outline (fonts.printable)."""
    if text.isascii() and text.isprintable():  # the common case, measured many times a badge
        return text
    text = fonts.printable(text)
    lost = fonts.missing(text)
    return "".join(ch for ch in text if ch not in lost) if lost else text


_NAMES = ("first_name", "last_name", "full_name")


def check_badge_fonts(values: Mapping[str, str], sources: Iterable[str], code: str) -> None:
    """Before a badge is drawn: every value it shows has a font (fonts.MissingFont naming the
    scripts otherwise), and no name left empty because it was only emoji (a badge without its name
    is no badge). The job then fails in words and nothing reaches the printer."""
    sources = tuple(dict.fromkeys(sources))
    shown = [values.get(source, "") for source in sources]
    fonts.require_fonts(shown, f"the badge for ticket {code}")
    for source in _NAMES:
        if source in sources and values.get(source, "").strip() and not drawable(values[source]).strip():
            raise fonts.MissingFont(
                f"The name on ticket {code} is only emoji, which badges do not print, so its badge was "
                "not printed. Give the name in letters first.", ["emoji"])


def reportlab_font(bold: bool) -> str:
    register_fonts()
    return SANS_BOLD if bold else SANS


def measure(text: str, size: float, bold: bool) -> float:
    """Width of text in points at `size`."""
    text = drawable(text)
    if needs_qt(text):
        return _qt_width(text, bold) * size / _QT_PIXELS * _qt_fit(text, bold)[0]
    return _string_width()(text, reportlab_font(bold), size)


@cache
def _string_width():
    """reportlab's stringWidth, imported once: an import statement costs more than the measuring."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth


def draw(canvas, text: str, size: float, bold: bool, x: float, baseline: float) -> None:
    """Draw text with its left end at x and its baseline at `baseline` (PDF points, y up)."""
    text = drawable(text)
    if not needs_qt(text):
        canvas.setFont(reportlab_font(bold), size)
        canvas.drawString(x, baseline, text)
        return
    factor, shift = _qt_fit(text, bold)
    scale = size / _QT_PIXELS * factor
    baseline += shift * size
    path = canvas.beginPath()
    for kind, px, py, extra in _qt_outline(text, bold):
        if kind == "M":
            path.moveTo(x + px * scale, baseline - py * scale)
        elif kind == "L":
            path.lineTo(x + px * scale, baseline - py * scale)
        else:
            (c1x, c1y), (c2x, c2y) = extra
            path.curveTo(x + c1x * scale, baseline - c1y * scale, x + c2x * scale,
                         baseline - c2y * scale, x + px * scale, baseline - py * scale)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1, fillMode=1)  # non-zero winding, as glyphs are drawn


# -- Qt shaping ---------------------------------------------------------------------------------

_QT_PIXELS = 200  # outlines are made at this pixel size and scaled: integer sizes only in Qt


@cache
def qt_text_ready() -> str:
    """Start Qt's text engine if nothing has (a command, the print worker); the font family.

    Printing needs only Qt's GUI part. The windows create their QApplication before anything
    prints, so this makes a QGuiApplication only in a process with no window (the command line).
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    if QGuiApplication.instance() is None:
        qt_text_ready.app = QGuiApplication([])  # type: ignore[attr-defined]  # kept alive
    families = []
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(font_path(name)))
        families += QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else "DejaVu Sans"


@cache
def _qt_family(face: Face) -> tuple[str, ...]:
    """Qt's family names for a font file (a CJK collection has one per region), added to Qt's
    fonts for this process with its bold."""
    from PySide6.QtGui import QFontDatabase

    qt_text_ready()
    families = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(face.regular)))
    if face.bold is not None:
        QFontDatabase.addApplicationFont(str(face.bold))
    return tuple(families)


_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def _region_family(families: tuple[str, ...], text: str) -> str:
    """From a CJK collection, the family whose glyph forms suit the name: Japanese with kana,
    Korean with Hangul, else Simplified Chinese (the most common Chinese names at UK events)."""
    want = " JP" if _KANA.search(text) else " KR" if _HANGUL.search(text) else " SC"
    return next((f for f in families if f.endswith(want) and "Mono" not in f), families[0])


def _families(text: str) -> list[str]:
    """The families for Qt to draw the text with, in the order the text needs them: Qt takes
    each character from the first family that has it, then shapes each run in its own font."""
    names = [_region_family(families, text) for face in fonts.faces_for(text) if (families := _qt_family(face))]
    return names or [qt_text_ready()]


def _qt_font(bold: bool, text: str = ""):
    from PySide6.QtGui import QFont

    font = QFont()
    font.setFamilies(_families(text))
    font.setPixelSize(_QT_PIXELS)
    font.setBold(bold)
    return font


@lru_cache(maxsize=512)
def _qt_width(text: str, bold: bool) -> float:
    from PySide6.QtGui import QFontMetricsF

    return QFontMetricsF(_qt_font(bold, text)).horizontalAdvance(text)


# The line box callers lay text out in, in ems: the top of a line is LINE_ASCENT above the
# baseline (badge_pdf's _ASCENT) and the next line starts LEADING below that top. DejaVu's Latin
# keeps to it; Tamil, Gurmukhi and Gujarati marks reach ~0.32 below the baseline, so their ink
# would run into the next line or field.
LINE_ASCENT = 0.9
LINE_DESCENT = LEADING - LINE_ASCENT


@lru_cache(maxsize=512)
def _qt_fit(text: str, bold: bool) -> tuple[float, float]:
    """(scale, shift up in ems) that keep a shaped line's ink inside its line box: a line taller
    than the box is drawn that much smaller (at most a few per cent for the shipped scripts),
    one that only hangs out of it is moved in."""
    ys = [y for _kind, _x, y, extra in _qt_outline(text, bold)
          for y in (y, *(c[1] for c in extra or ()))]  # control points bound a curve
    if not ys:
        return 1.0, 0.0
    ascent, descent = -min(ys) / _QT_PIXELS, max(ys) / _QT_PIXELS
    factor = min(1.0, LEADING / (ascent + descent)) if ascent + descent > 0 else 1.0
    ascent, descent = ascent * factor, descent * factor
    if descent > LINE_DESCENT:
        return factor, descent - LINE_DESCENT
    if ascent > LINE_ASCENT:
        return factor, LINE_ASCENT - ascent
    return factor, 0.0


@lru_cache(maxsize=256)
def _qt_outline(text: str, bold: bool) -> tuple:
    from PySide6.QtGui import QPainterPath

    path = QPainterPath()
    path.addText(0, 0, _qt_font(bold, text), text)
    # (kind, x, y, the two control points of a curve or None)
    commands: list[tuple[str, float, float, tuple[tuple[float, float], tuple[float, float]] | None]] = []
    i, count = 0, path.elementCount()
    while i < count:
        e = path.elementAt(i)
        if e.isMoveTo():
            commands.append(("M", e.x, e.y, None))
            i += 1
        elif e.isLineTo():
            commands.append(("L", e.x, e.y, None))
            i += 1
        else:  # CurveTo: this element is the first control point, then two data elements
            c2, end = path.elementAt(i + 1), path.elementAt(i + 2)
            commands.append(("C", end.x, end.y, ((e.x, e.y), (c2.x, c2.y))))
            i += 3
    return tuple(commands)
