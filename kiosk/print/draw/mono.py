"""Badges for 1-bit printers (ESC/POS thermal, Brother QL, Zebra): the badge PDF's page as black
and white dots, sized to the printer and never dithered.

A thermal printer has only black or nothing, and python-escpos or brother_ql, given a grey image,
dither it: a QR's modules come out ragged and a coloured band becomes a grey speckle under white
text. So the page is rendered here at the printer's own resolution and made 1-bit by us:

- the page is thresholded at mid-grey, which keeps strokes their drawn weight (a coloured text
  gets the threshold half-way between its colour and white, so light colours still print);
- a band becomes solid black with its text white, whatever its colour (every band looks the same
  on paper: the ticket type's words tell them apart);
- the QR is drawn again over its box from its payload, each module a whole number of dots, with
  a quiet zone of 4 modules where the box allows it (never less than 2, as the PDF has).

A badge wider than the paper is turned a quarter so its height runs across the paper, when that
prints it bigger (a 4 × 3 in badge on 80 mm paper: 95 % of its size instead of 71 %).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.print.backends.base import Document, Mark

MM_PER_INCH = 25.4
QUIET_MODULES = 4  # what the QR standard asks
MIN_QUIET_MODULES = 2  # what the layout's own PDF has: used when 4 would make modules smaller
GOOD_MODULE_DOTS = 3  # from 3 dots a module a phone reads it easily: keep the wider quiet zone then
NO_TEXT_DISTANCE = 60  # colour distance under which a band holds no text (only edge blending)


@dataclass(frozen=True)
class MonoPage:
    """A 1-bit page (Pillow mode "1": black is 0) and how it was made."""

    image: Any
    dpi: float  # the page's dots per inch at the printed size (printer dpi × scale)
    scale: float  # printed size / the layout's size
    rotated: bool
    module_dots: int = 0  # dots per QR module (0: no QR was drawn)


def badge_marks(layout, attendee, event_name: str = "") -> tuple[Mark, ...]:
    """Where the layout puts the QR, bands and coloured text on a single badge (none for sheets)."""
    from kiosk.print.draw.badge_pdf import badge_values, qr_payload

    if layout.sheet is not None:
        return ()
    values = badge_values(attendee, event_name)
    marks = []
    for f in layout.fields:
        if f.type == "band":
            marks.append(Mark("band", f.x, f.y, f.w, f.h, layout.band_colour(values.get("ticket_type", ""))))
        elif f.type == "text" and _luma(f.colour) > 16:
            marks.append(Mark("text", f.x, f.y, f.w, f.h, f.colour))
        elif f.type == "qr":
            payload = qr_payload(layout, attendee)
            if payload:  # the whole box: it is the code's clear space, whatever its shape
                marks.append(Mark("qr", f.x, f.y, f.w, f.h, payload=payload))
    return tuple(marks)


def fit(page_w_mm: float, page_h_mm: float, dpi: float, across_dots: int | None,
        rotate: bool | None = None, enlarge: bool = False, along_dots: int | None = None) -> tuple[bool, float]:
    """Whether to turn the page and at what scale, to print it on paper `across_dots` wide (and,
    for a die-cut label, `along_dots` long).

    rotate None: turn it when that prints it bigger. enlarge: fill the paper's width even when the
    page is smaller (a Brother label is made for its roll), else never above its own size."""
    if across_dots is None:
        return bool(rotate), 1.0
    paper_mm = across_dots / dpi * MM_PER_INCH
    length_mm = along_dots / dpi * MM_PER_INCH if along_dots else None

    def scale(across_mm: float, along_mm: float) -> float:
        s = paper_mm / across_mm
        if length_mm is not None:
            s = min(s, length_mm / along_mm)
        return s if enlarge else min(1.0, s)

    if rotate is None:
        rotate = page_w_mm > paper_mm and scale(page_h_mm, page_w_mm) > scale(page_w_mm, page_h_mm) + 1e-9
    return rotate, scale(page_h_mm, page_w_mm) if rotate else scale(page_w_mm, page_h_mm)


def mono_page(document: Document, dpi: float, across_dots: int | None = None, *,
              rotate: bool | None = None, enlarge: bool = False, along_dots: int | None = None) -> MonoPage:
    """The document's first page as 1-bit dots for a printer of `dpi` whose head is `across_dots`
    wide (None: the page at its own size). The image is exactly `across_dots` wide (and
    `along_dots` long, when given), the badge centred on the paper."""
    from PIL import Image

    from kiosk.print.draw.raster import render_page, to_pil

    page_w, page_h = document.width_mm, document.height_mm
    rotated, scale = fit(page_w, page_h, dpi, across_dots, rotate, enlarge, along_dots)
    across_mm = page_h if rotated else page_w
    across = round(across_mm * scale / MM_PER_INCH * dpi)
    if across_dots is not None:
        across = min(across, across_dots)
    # the resolution that gives the page exactly `across` dots across the paper
    page_dpi = max(1.0, across / (across_mm / MM_PER_INCH))
    rgb = to_pil(render_page(document.pdf, page_dpi))
    image, modules = _one_bit(rgb, document.marks, page_dpi)
    if rotated:
        # clockwise: the badge's left edge comes out of the printer first, its top on the right
        image = image.transpose(Image.Transpose.ROTATE_270)
    if across_dots is not None:
        size = (across_dots, along_dots or image.height)  # a die-cut label takes its exact size
        if size != image.size:
            framed = Image.new("1", size, 1)
            framed.paste(image, ((size[0] - image.width) // 2, (size[1] - image.height) // 2))
            image = framed
    return MonoPage(image, page_dpi, scale, rotated, modules)


def _one_bit(rgb, marks: tuple[Mark, ...], dpi: float) -> tuple[Any, int]:
    import numpy as np
    from PIL import Image

    pixels = np.asarray(rgb, dtype=np.int16)  # H × W × 3
    luma = np.asarray(rgb.convert("L"), dtype=np.int16)
    ink = luma < 128  # True: a black dot
    boxes = [(mark, _box(mark, dpi, ink.shape)) for mark in marks]
    for mark, (x0, y0, x1, y1) in boxes:
        if mark.kind == "text" and x1 > x0 and y1 > y0:
            # half-way between the text's colour and the paper: a grey or coloured text keeps its weight
            cut = (255 + _luma(mark.colour)) / 2
            ink[y0:y1, x0:x1] = luma[y0:y1, x0:x1] < cut
    for mark, (x0, y0, x1, y1) in boxes:
        if mark.kind == "band" and x1 > x0 and y1 > y0:
            ink[y0:y1, x0:x1] = ~_band_text(pixels[y0:y1, x0:x1], _rgb(mark.colour))
    modules = 0
    for mark, (x0, y0, x1, y1) in boxes:
        if mark.kind == "qr" and mark.payload and x1 > x0 and y1 > y0:
            ink[y0:y1, x0:x1] = False
            modules = _draw_qr(ink, mark.payload, (x0, y0, x1, y1))
    return Image.fromarray(np.where(ink, 0, 255).astype(np.uint8)).convert("1", dither=Image.Dither.NONE), modules


def _box(mark: Mark, dpi: float, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """The mark's box in whole pixels (rounded outwards a little: it takes the blended edge too)."""
    import math

    per_mm = dpi / MM_PER_INCH
    height, width = shape[0], shape[1]
    x0 = max(0, math.floor(mark.left * per_mm))
    y0 = max(0, math.floor(mark.top * per_mm))
    x1 = min(width, math.ceil((mark.left + mark.width) * per_mm))
    y1 = min(height, math.ceil((mark.top + mark.height) * per_mm))
    return x0, y0, x1, y1


def _band_text(block, fill: tuple[int, int, int]):
    """Which pixels of a band are its text (True), whatever colours the layout chose.

    The text's colour is the one farthest from the band's fill (the edge pixels, blended with the
    paper, are left out of that search); each pixel is text when it is nearer the text's colour
    than the fill's, measured along the line between the two."""
    import numpy as np

    fill_arr = np.array(fill, dtype=np.int16)
    diff = (block - fill_arr).astype(np.int32)
    distance = (diff * diff).sum(axis=2)
    inner = distance[1:-1, 1:-1] if distance.shape[0] > 2 and distance.shape[1] > 2 else distance
    if inner.size == 0 or inner.max() < NO_TEXT_DISTANCE ** 2:
        return np.zeros(distance.shape, dtype=bool)
    y, x = np.unravel_index(int(inner.argmax()), inner.shape)
    offset = 1 if inner is not distance else 0
    text = block[y + offset, x + offset].astype(np.int32) - fill_arr
    along = (diff * text).sum(axis=2) / float((text * text).sum())
    return along > 0.5


def qr_matrix(payload: str):
    """The QR's modules (True: dark), without quiet zone: the very symbol the badge PDF draws
    (kiosk/core/qr.py, error correction M, same mask), so paper and screen carry one code."""
    from kiosk.core.qr import qr_matrix as symbol

    return symbol(payload)


def module_size(modules: int, side_dots: int) -> tuple[int, int]:
    """(dots per module, quiet-zone modules) for a QR of `modules` in a square `side_dots` wide:
    the 4-module quiet zone unless it costs module size below GOOD_MODULE_DOTS, then 2."""
    wide = side_dots // (modules + 2 * QUIET_MODULES)
    narrow = side_dots // (modules + 2 * MIN_QUIET_MODULES)
    if wide >= GOOD_MODULE_DOTS or wide == narrow:
        return wide, QUIET_MODULES
    return narrow, MIN_QUIET_MODULES


def _draw_qr(ink, payload: str, box: tuple[int, int, int, int]) -> int:
    """The code centred in its box (as the badge PDF places it), each module `dots` × `dots`."""
    import numpy as np

    x0, y0, x1, y1 = box
    matrix = qr_matrix(payload)
    dots, _quiet = module_size(matrix.shape[0], min(x1 - x0, y1 - y0))
    if dots < 1:
        return 0
    block = np.kron(matrix, np.ones((dots, dots), dtype=bool))
    left = x0 + (x1 - x0 - block.shape[1]) // 2  # the rest of the box is its quiet zone
    top = y0 + (y1 - y0 - block.shape[0]) // 2
    ink[top:top + block.shape[0], left:left + block.shape[1]] = block
    return dots


def _rgb(colour: str) -> tuple[int, int, int]:
    text = colour.lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    try:
        return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
    except ValueError:
        return 0, 0, 0


def _luma(colour: str) -> float:
    r, g, b = _rgb(colour)
    return 0.299 * r + 0.587 * g + 0.114 * b
