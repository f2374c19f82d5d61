"""The kiosk's colours, type sizes and style sheet, in one place, with their contrast computed.

Every text colour is paired with the background it sits on; `contrast_ratio` is WCAG 2's (relative
luminance of sRGB), and the tests hold every pair to 4.5:1 and the result messages to 7:1. Type
sizes are multiples of the application font, so a person (or the tests) who doubles the system
text size doubles the kiosk's text too.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from kiosk.core.resources import font_path

MIN_TARGET_PX = 44  # WCAG 2.5.5 target size: the smallest side of anything you can touch


@dataclass(frozen=True)
class Pair:
    foreground: str
    background: str


# Name → (text colour, the background it is drawn on).
PALETTE: dict[str, Pair] = {
    "page": Pair("#0b0c0c", "#ffffff"),
    "hint": Pair("#383f43", "#ffffff"),
    "primary": Pair("#ffffff", "#1d4f91"),        # main buttons
    "secondary": Pair("#1d4f91", "#ffffff"),      # outlined buttons
    "focus": Pair("#0b0c0c", "#ffdd00"),          # whatever has the keyboard focus
    "pressed": Pair("#ffffff", "#0b2a55"),
    "error": Pair("#8b1a1a", "#ffffff"),          # the forgotten-ticket form's "not found"
    "welcome": Pair("#ffffff", "#1b5e20"),        # result: checked in
    "problem": Pair("#0b0c0c", "#fff4d6"),        # result: please see the desk (calm, not red)
    "staff": Pair("#0b0c0c", "#e8ecef"),          # the staff screens
}
RESULT_PAIRS = ("welcome", "problem")
MIN_CONTRAST = 4.5
MIN_RESULT_CONTRAST = 7.0

# Sizes as multiples of the application font's point size.
SCALE = {"title": 3.0, "headline": 2.6, "body": 1.7, "button": 1.8, "small": 1.35, "input": 2.0,
         "pad": 2.4}

FONT_FAMILY = "DejaVu Sans"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of "#rrggbb"."""
    text = colour.lstrip("#")
    r, g, b = (int(text[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def base_point_size() -> float:
    app = QApplication.instance()
    size = app.font().pointSizeF() if isinstance(app, QApplication) else 10.0
    return max(size, 9.0)


def font(role: str, bold: bool = False) -> QFont:
    f = QFont(FONT_FAMILY)
    f.setPointSizeF(base_point_size() * SCALE[role])
    f.setBold(bold)
    return f


def register_fonts() -> None:
    """The shipped DejaVu Sans draws Welsh (ŵ, ŷ) and most names on any machine."""
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        QFontDatabase.addApplicationFont(str(font_path(name)))


def style_sheet() -> str:
    p = PALETTE
    pt = base_point_size()
    return f"""
    #kioskRoot, #kioskRoot QScrollArea, #kioskRoot QScrollArea > QWidget > QWidget,
    #kioskRoot QScrollArea > QWidget[footer="true"] {{
        background: {p['page'].background}; color: {p['page'].foreground};
    }}
    QLabel {{ color: {p['page'].foreground}; background: transparent; }}
    QLabel[role="hint"] {{ color: {p['hint'].foreground}; }}
    QLabel[role="error"] {{ color: {p['error'].foreground}; font-weight: bold; }}
    QPushButton {{
        min-height: {MIN_TARGET_PX}px; min-width: {MIN_TARGET_PX}px;
        padding: {pt * 0.9:.0f}px {pt * 2:.0f}px; border-radius: 10px;
        background: {p['primary'].background}; color: {p['primary'].foreground};
        border: 3px solid {p['primary'].background};
    }}
    QPushButton[kind="secondary"] {{
        background: {p['secondary'].background}; color: {p['secondary'].foreground};
        border: 3px solid {p['secondary'].foreground};
    }}
    QPushButton:pressed, QPushButton[kind="secondary"]:pressed {{
        background: {p['pressed'].background}; color: {p['pressed'].foreground};
    }}
    QPushButton:focus, QPushButton[kind="secondary"]:focus {{
        background: {p['focus'].background}; color: {p['focus'].foreground};
        border: 4px solid {p['focus'].foreground};
    }}
    QLineEdit {{
        min-height: {MIN_TARGET_PX}px; padding: 6px 12px; border: 3px solid {p['page'].foreground};
        border-radius: 8px; background: {p['page'].background}; color: {p['page'].foreground};
    }}
    QLineEdit:focus {{ border: 5px solid {p['secondary'].foreground}; }}
    QComboBox {{ color: {p['page'].foreground}; }}
    QScrollBar:vertical {{ width: 22px; background: {p['staff'].background}; }}
    QScrollBar::handle:vertical {{ background: {p['hint'].foreground}; min-height: {MIN_TARGET_PX}px;
                                   border-radius: 6px; }}
    QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
    QCheckBox {{ min-height: {MIN_TARGET_PX}px; color: {p['page'].foreground}; }}
    QCheckBox::indicator {{ width: {MIN_TARGET_PX - 8}px; height: {MIN_TARGET_PX - 8}px; }}
    QCheckBox:focus {{ background: {p['focus'].background}; color: {p['focus'].foreground}; }}
    """
