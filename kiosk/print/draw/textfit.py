"""Fits a name into a box: wrap at spaces, then shrink, and only at the smallest size break long
words or cut with an ellipsis. The result never overflows or clips."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Measure = Callable[[str, float], float]  # (text, size in pt) → width in pt
LEADING = 1.15


@dataclass(frozen=True)
class Fitted:
    size: float
    lines: tuple[str, ...]

    @property
    def height(self) -> float:
        return self.size * LEADING * len(self.lines)


def _wrap(words: list[str], size: float, width: float, measure: Measure) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and measure(candidate, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _fits(lines: list[str], size: float, width: float, height: float, max_lines: int, measure: Measure) -> bool:
    return (len(lines) <= max_lines and size * LEADING * len(lines) <= height + 0.01
            and all(measure(line, size) <= width + 0.01 for line in lines))


def _break_chars(text: str, size: float, width: float, measure: Measure) -> list[str]:
    lines, current = [], ""
    for ch in text:
        if current and measure(current + ch, size) > width:
            lines.append(current.rstrip())
            current = ch.lstrip()
        else:
            current += ch
    if current:
        lines.append(current)
    return lines


def fit_text(text: str, width: float, height: float, max_size: float, min_size: float,
             max_lines: int, measure: Measure) -> Fitted:
    """The largest size (in 0.5 pt steps) at which the text fits the box in ≤ max_lines."""
    words = text.split()
    if not words:
        return Fitted(max_size, ())
    # Never more lines than the box is tall, even at the smallest size.
    max_lines = max(1, min(max_lines, int(height // (min_size * LEADING)) or 1))
    size = max_size
    while size >= min_size:
        lines = _wrap(words, size, width, measure)
        if _fits(lines, size, width, height, max_lines, measure):
            return Fitted(size, tuple(lines))
        size -= 0.5
    size = min_size
    while size * LEADING > height and size > 1:  # a box smaller than min_size: still never clip
        size -= 0.5
    if all(measure(word, size) <= width for word in words):
        # Every word fits a line: wrap at spaces and end the last line that fits with "…",
        # rather than breaking words ("Gene / ral Practitioners").
        lines = _wrap(words, size, width, measure)
    else:
        lines = _break_chars(" ".join(words), size, width, measure)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and measure(last + "…", size) > width:
            last = last.rsplit(" ", 1)[0] if " " in last.strip() else last[:-1]  # whole words first
        lines[-1] = last.rstrip() + "…"
    return Fitted(size, tuple(lines))
