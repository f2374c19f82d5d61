"""Registers the shipped TrueType fonts with reportlab, so names in any Latin, Greek or Cyrillic
script draw as letters, not boxes (reportlab's built-in Helvetica cannot draw Ł or ŵ)."""

from __future__ import annotations

from functools import cache

from kiosk.core.resources import font_path

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"


@cache
def register_fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(SANS, str(font_path("DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(SANS_BOLD, str(font_path("DejaVuSans-Bold.ttf"))))
    return SANS, SANS_BOLD
