"""A receipt slip on an ESC/POS printer: the title big, bold and centred, then the lines.

Lines the printer's code page (cp858, or the nearest the model has) can hold go as printer text,
wrapped by the app at the font's columns so the printer never breaks a word. Lines it cannot hold
(ŵ, ŷ, Ł, Greek, Arabic…) are drawn as images, wrapped at the paper's width and styled like the
text they sit among: the title bold, centred and double height, body lines at the size of the
printer's own font.
"""

from __future__ import annotations

import contextlib
import io
import math

from kiosk.print.backends.base import Slip
from kiosk.print.draw.slip_lines import transliterate, wrap, wrap_columns

# Western European with the euro sign first; sent once, so every byte means one thing. A model
# with none of these (a custom table) gets ASCII as text and everything else as images.
CODE_PAGES = ("CP858", "CP850", "CP1252", "CP437")
DEFAULT_COLUMNS = 42  # python-escpos's default profile's font A
FONT_A_DOTS = 12  # font A is 12 × 24 dots: no printer fits more columns than this allows
BODY_PIXELS = 22  # DejaVu at 22 px has about font A's letter width and cap height (12 × 24 cell)
TITLE_PIXELS = 44  # double width and height, as the title is in text
SIDE_DOTS = 4  # kept clear each side of an image line: no ink at the paper's edge


def printable(text: str) -> str:
    """Text with every control character gone: a name cannot carry ESC, GS or DLE commands."""
    return "".join(ch for ch in text if ch == " " or (ch.isprintable() and not 0x7F <= ord(ch) <= 0x9F))


def code_page_for(printer) -> str | None:
    """The first of CODE_PAGES this printer's profile has, or None."""
    tables = set(printer.profile.profile_data.get("codePages", {}).values())
    return next((page for page in CODE_PAGES if page in tables), None)


def fits_code_page(text: str, code_page: str | None) -> bool:
    try:
        text.encode(code_page.lower() if code_page else "ascii")
    except UnicodeEncodeError:
        return False
    return True


def columns_for(profile_name: str, width_dots: int) -> int:
    """Font A's characters a line, from the model profile; never more than the paper holds."""
    from escpos.capabilities import get_profile

    try:
        fonts = get_profile(profile_name or None).profile_data.get("fonts", {})
        columns = int(fonts.get("0", {}).get("columns") or DEFAULT_COLUMNS)
    except Exception:  # an unknown model name, or a profile without fonts: the common font
        columns = DEFAULT_COLUMNS
    return max(8, min(columns, width_dots // FONT_A_DOTS))


def write_slip(printer, slip: Slip, width: int, columns: int) -> None:
    """The slip's ESC/POS into `printer` (python-escpos), for paper `width` dots wide."""
    code_page = code_page_for(printer)
    if code_page:
        printer.charcode(code_page)
    _block(printer, slip.title, width, columns, code_page, big=True)
    for line in slip.lines:
        _block(printer, line, width, columns, code_page)
    if slip.qr:
        printer.set(align="center")
        try:
            printer.qr(printable(slip.qr), size=6, native=True)
        except Exception:  # a model without native QR: the same code as an image
            printer.qr(printable(slip.qr), size=6, native=False)
        printer.set(align="left")
    printer.cut()


def _block(printer, text: str, width: int, columns: int, code_page: str | None, big: bool = False) -> None:
    text = transliterate(printable(text))
    if not text.strip():
        return
    if fits_code_page(text, code_page):
        # normal_textsize resets double size: bold=False alone would leave the title's size on
        printer.set(align="center" if big else "left", bold=big, normal_textsize=not big,
                    double_height=big, double_width=big)
        for line in wrap_columns(text.strip() if big else text, columns, double_width=big):
            printer.text(line + "\n")
        printer.set(align="left", bold=False, normal_textsize=True)
        return
    with contextlib.redirect_stdout(io.StringIO()):  # python-escpos prints a note for a profile with no
        printer.image(text_image(text, width, big), impl="bitImageRaster", center=False)  # width: not on --json


def text_image(text: str, width: int, big: bool = False):
    """Text in any script as a black-on-white image exactly `width` dots wide, wrapped at words
    so every letter is on the paper (Qt shapes and draws it); big is the title's style."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPainter

    from kiosk.print.draw import text_engine
    from kiosk.print.draw.raster import to_pil

    text_engine.qt_text_ready()
    text = text_engine.drawable(text)  # without characters no font has: never a box on the paper
    # the families that cover this text (the shipped Noto fonts, a system CJK font), as badges use
    font = QFont(text_engine._qt_font(big, text))
    font.setPixelSize(TITLE_PIXELS if big else BODY_PIXELS)
    font.setBold(big)
    metrics = QFontMetricsF(font)

    def measure(line: str) -> float:  # ink can reach past the advance (bold, overhangs): take both
        return max(metrics.horizontalAdvance(line), metrics.tightBoundingRect(line).right() + 1)

    usable = width - 2 * SIDE_DOTS
    lines = wrap(text.strip() if big else text, usable, measure) or [""]
    line_h = math.ceil(max(metrics.height(), metrics.lineSpacing())) + (12 if big else 8)  # ~1/6 in, as text
    image = QImage(width, line_h * len(lines), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(Qt.GlobalColor.black)
    if big:
        side = Qt.AlignmentFlag.AlignHCenter
    else:
        side = Qt.AlignmentFlag.AlignRight if text_engine.is_rtl(text) else Qt.AlignmentFlag.AlignLeft
    for n, line in enumerate(lines):
        painter.drawText(QRectF(SIDE_DOTS, n * line_h, usable, line_h),
                         int(Qt.AlignmentFlag.AlignVCenter | side | Qt.TextFlag.TextSingleLine), line)
    painter.end()
    return to_pil(image)
