"""The abstract printer: takes a rendered badge document and prints it, or says why not."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path


class PrintError(Exception):
    """A printer problem to show staff (off, unplugged, unreachable, out of paper); the job waits.

    `maybe_printed` says the printer took the job's bytes before the problem (it ran out of paper
    with the badge in its buffer, it never said whether it printed): printing it again blind could
    give two badges, so the queue holds the job for staff to decide instead of retrying it."""

    def __init__(self, message: str, *, maybe_printed: bool = False) -> None:
        super().__init__(message)
        self.maybe_printed = maybe_printed

    @property
    def message(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Slip:
    """A text receipt: a big title, lines, and an optional QR (session slips, grid lists, test pages)."""

    title: str
    lines: tuple[str, ...] = ()
    qr: str = ""


@dataclass(frozen=True)
class Mark:
    """A part of the badge a 1-bit printer draws itself rather than thresholding the page: the QR
    (redrawn with whole-dot modules), a coloured band (solid black, its text white) or a coloured
    text (its own threshold). Millimetres from the page's top-left, as in the layout."""

    kind: str  # "qr", "band" or "text"
    left: float
    top: float
    width: float
    height: float
    colour: str = "#000000"  # the band's fill or the text's colour
    payload: str = ""  # what the QR holds


@dataclass(frozen=True)
class Document:
    """One badge (or slip) as the PDF every printer works from."""

    pdf: Path
    width_mm: float
    height_mm: float
    title: str = "badge"
    label: str = ""  # a Brother QL label id (62, 62x100, …) when the layout names one
    slip: Slip | None = None  # what a thermal printer prints as text instead of the PDF
    marks: tuple[Mark, ...] = ()  # where the layout put the QR, bands and coloured text (1-bit printers)


class Backend(ABC):
    def __init__(self, config) -> None:
        self.config = config

    @staticmethod
    def unusable_reason() -> str | None:
        """Why this kind of printer cannot work on this machine (a missing library), or None."""
        return None

    @abstractmethod
    def print_document(self, document: Document) -> str:
        """Print it; return a short note (where it went). Raise PrintError when it cannot.

        Return only once the printer has taken the job (its status says so, or the connection
        drained): the queue records a returned job as printed."""
