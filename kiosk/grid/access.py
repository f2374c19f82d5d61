"""How a space's access flags and online link are said: words with a symbol, never a colour alone.

Every place that shows a space (the grid window, display mode, the printed grid, door signs, the
.ics feed and the public page) takes its words from here, so a hearing loop reads the same on the
wall as on a phone. The symbols are in DejaVu Sans (embedded in the PDFs, present on venue laptops):
no emoji, which many laptops cannot draw, and each in the PDFs' embedded font, so a printed
sign keeps its words as text a screen reader and a search can find.
"""

from __future__ import annotations

from kiosk.grid.model import Space

# (field, symbol, words): the order a person looking for a room scans for them.
FLAGS: tuple[tuple[str, str, str], ...] = (
    ("step_free", "♿", "Step-free"),
    ("hearing_loop", "∿", "Hearing loop"),   # a signal in the air
    ("quiet", "☾", "Quiet space"),
    ("seating", "┳", "Seating"),             # a bench
)
FLAG_NAMES = tuple(name for name, _, _ in FLAGS)


def flags_of(space: Space) -> list[tuple[str, str]]:
    """(symbol, words) for each flag the space has, in FLAGS order."""
    return [(symbol, words) for name, symbol, words in FLAGS if getattr(space, name, False)]


def flags_text(space: Space, sep: str = " · ") -> str:
    """'♿ Step-free · Ⓣ Hearing loop', or '' when the space has no flags."""
    return sep.join(f"{symbol} {words}" for symbol, words in flags_of(space))


# Shorter words for a projector's column heading, where one line must hold them all.
SHORT = {"step_free": "Step-free", "hearing_loop": "Loop", "quiet": "Quiet", "seating": "Seats"}


def flags_short(space: Space) -> str:
    """'♿ Step-free  ∿ Loop': each flag still a symbol and a word, in the least room."""
    return "  ".join(f"{symbol} {SHORT[name]}" for name, symbol, _ in FLAGS if getattr(space, name, False))


def flags_symbols(space: Space) -> str:
    """'♿ ∿': the symbols alone, for a column too narrow for words (the legend gives them)."""
    return " ".join(symbol for name, symbol, _ in FLAGS if getattr(space, name, False))


def legend(spaces: list[Space]) -> str:
    """'♿ Step-free · ∿ Hearing loop': the words of every symbol these spaces use, once."""
    return " · ".join(f"{symbol} {words}" for name, symbol, words in FLAGS
                      if any(getattr(space, name, False) for space in spaces))


def access_line(space: Space, sep: str = " · ") -> str:
    """The flags, then the free-text access note: all a space says about getting in and taking part."""
    return sep.join(p for p in (flags_text(space, sep), space.access) if p)


def short_link(url: str) -> str:
    """The link as people read it aloud: without the scheme and a trailing slash."""
    for scheme in ("https://", "http://"):
        if url.lower().startswith(scheme):
            url = url[len(scheme):]
            break
    return url.rstrip("/")


def online_text(space: Space) -> str:
    """'Online too: meet.example.org/room-1', or '' for a space only in the room."""
    return f"Online too: {short_link(space.online_link)}" if space.online_link else ""
