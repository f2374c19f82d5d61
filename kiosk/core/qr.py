"""QR codes: the module matrix, as merged rectangles for vector drawing, or as an image.

Tickets, badges and session slips all draw the same codes: error correction M, the smallest
version that holds the data, the data mask chosen by the standard's penalty rules.

Made fast, as a badge is ~half QR code otherwise: the `qrcode` package scores the eight masked
symbols module by module in Python (~5 ms for a pretix secret on the 2-core machine). Here the
symbol is placed once without a mask (kiosk/core/qr_encode.py for ticket-like codes, else
`qrcode`), the eight masked symbols are derived from it with numpy (a mask only flips the data
modules) and scored with numpy by ISO/IEC 18004:2015 7.8.3.1, before the format and version
information are added, exactly as segno's `encoder.mask_scores` scores them (tests compare); the
lowest score wins, ties to the lower mask number. ~0.5 ms in all.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

import numpy as np

from kiosk.core.qr_encode import data_region, info_region, qrcode_symbol, unmasked

ERROR = "m"
_FORMAT_MASK = 0x5412
_ERROR_BITS = {"l": 0b01, "m": 0b00, "q": 0b11, "h": 0b10}


@lru_cache(maxsize=256)  # a badge is drawn for the preview and again to print: one code, once
def qr_matrix(data: str) -> np.ndarray:
    """The symbol's modules without a quiet zone: a square bool array, True for dark, row 0 at
    the top."""
    base = unmasked(data)
    if base is None:  # not a ticket-like code: qrcode places it (with mask 0, undone here)
        m0 = qrcode_symbol(data)
        base = m0 ^ (_mask_patterns(m0.shape[0])[0] & data_region(m0.shape[0]))
    size = base.shape[0]
    candidates = base[None, :, :] ^ (_mask_patterns(size) & data_region(size))  # (8, size, size)
    scored = candidates.copy()
    scored[:, info_region(size)] = 0  # scored without format/version information, as segno does
    best = int(np.argmin(_penalties(scored)))
    symbol = candidates[best]
    _put_format(symbol, best)
    result = symbol.astype(bool)
    result.flags.writeable = False  # cached and shared: nobody may change it
    return result


@lru_cache(maxsize=256)
def qr_rects(data: str) -> tuple[int, tuple[tuple[int, int, int, int], ...]]:
    """The symbol's width in modules and its dark modules as rectangles (x, y, w, h) in modules
    from the top-left: runs along each row, and equal runs in following rows merged into one
    taller rectangle. Drawn as one filled path, a code is a few hundred numbers, not an image."""
    matrix = qr_matrix(data)
    size = matrix.shape[0]
    padded = np.zeros((size, size + 2), dtype=np.int8)
    padded[:, 1:-1] = matrix
    edges = np.diff(padded, axis=1)
    rows, starts = np.nonzero(edges == 1)  # row by row, left to right
    widths = np.nonzero(edges == -1)[1] - starts
    # Runs with the same x and width in consecutive rows become one rectangle.
    order = np.lexsort((rows, widths, starts))
    x, w, y = starts[order], widths[order], rows[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (x[1:] != x[:-1]) | (w[1:] != w[:-1]) | (y[1:] != y[:-1] + 1)
    first = np.flatnonzero(new)
    heights = np.diff(np.append(first, len(order)))
    rects = np.stack([x[first], y[first], w[first], heights], axis=1)
    rects = rects[np.lexsort((rects[:, 0], rects[:, 1]))]  # top to bottom, left to right
    return size, tuple(map(tuple, rects.tolist()))


def qr_pdf_ops(data: str, x: float, y_top: float, module: float) -> str:
    """PDF page operators that draw the code: the symbol's square white, then its dark modules
    black, its top-left corner at (x, y_top) in PDF points (y up), `module` points per module.
    The graphics state is saved and restored around them, so the caller's colours stay."""
    size, rects = qr_rects(data)
    body = " re ".join(map("%d %d %d %d".__mod__, rects)) + " re"
    # In module units, y down; one path filled once: no hairline seams between modules.
    return (f"q {module:.6f} 0 0 {-module:.6f} {x:.4f} {y_top:.4f} cm 1 g 0 0 {size} {size} re f "
            f"0 g {body} f Q")


def qr_image(data: str, border: int = 2, box: int = 8) -> Any:
    """A black-on-white PIL image of the code: `box` pixels per module, `border` light modules
    round it."""
    from PIL import Image

    matrix = qr_matrix(data)
    pixels = np.full((matrix.shape[0] + 2 * border,) * 2, 255, dtype=np.uint8)
    pixels[border:border + matrix.shape[0], border:border + matrix.shape[0]][matrix] = 0
    pixels = np.kron(pixels, np.ones((box, box), dtype=np.uint8))
    return Image.fromarray(pixels)  # grey ("L"): reportlab embeds one byte a pixel, not three


# -- the masks (cached per size) ------------------------------------------------------------------

@cache
def _mask_patterns(size: int) -> np.ndarray:
    i, j = np.indices((size, size))
    patterns = np.stack([
        (i + j) % 2 == 0, i % 2 == 0, j % 3 == 0, (i + j) % 3 == 0,
        (i // 2 + j // 3) % 2 == 0, (i * j) % 2 + (i * j) % 3 == 0,
        ((i * j) % 2 + (i * j) % 3) % 2 == 0, ((i + j) % 2 + (i * j) % 3) % 2 == 0,
    ]).astype(np.uint8)
    patterns.flags.writeable = False
    return patterns


def _put_format(symbol: np.ndarray, mask: int) -> None:
    data = (_ERROR_BITS[ERROR] << 3) | mask
    rem = data << 10
    for bit in range(14, 9, -1):
        if rem & (1 << bit):
            rem ^= 0x537 << (bit - 10)
    bits = [(((data << 10) | rem) ^ _FORMAT_MASK) >> i & 1 for i in range(15)]
    size = symbol.shape[0]
    for i in range(6):
        symbol[i, 8] = bits[i]
    symbol[7, 8], symbol[8, 8], symbol[8, 7] = bits[6], bits[7], bits[8]
    for i in range(9, 15):
        symbol[8, 14 - i] = bits[i]
    for i in range(8):
        symbol[8, size - 1 - i] = bits[i]
    for i in range(8, 15):
        symbol[size - 15 + i, 8] = bits[i]
    symbol[size - 8, 8] = 1  # the dark module


# -- the penalty score (segno's encoder.mask_scores, on all eight symbols at once) --------------

def _penalties(symbols: np.ndarray) -> np.ndarray:
    count, size, _ = symbols.shape
    lines = np.concatenate([symbols, symbols.transpose(0, 2, 1)])  # rows, then columns as rows
    scores = (_run_scores(lines) + _finder_like_scores(lines)).reshape(2, count).sum(axis=0)
    same = ((symbols[:, 1:, 1:] == symbols[:, 1:, :-1]) & (symbols[:, 1:, 1:] == symbols[:, :-1, 1:])
            & (symbols[:, 1:, 1:] == symbols[:, :-1, :-1]))
    scores += 3 * same.sum(axis=(1, 2))
    dark = symbols.sum(axis=(1, 2))
    for k in range(count):  # in floats exactly as segno does, so ties break the same way
        percent = float(dark[k]) / (size ** 2)
        scores[k] += 10 * int(abs(percent * 100 - 50) / 5)
    return scores


def _run_scores(lines: np.ndarray) -> np.ndarray:
    """N1: a run of 5 + i modules of one colour along a line scores 3 + i."""
    count, rows, size = lines.shape
    padded = np.full((count, rows, size + 2), 2, dtype=np.int8)  # no run crosses a line's end
    padded[:, :, 1:-1] = lines
    flat = padded.ravel()
    change = np.flatnonzero(flat[1:] != flat[:-1])
    runs = np.diff(change)
    long = runs >= 5
    owner = change[:-1][long] // (rows * (size + 2))
    return np.bincount(owner, weights=runs[long] - 2, minlength=count).astype(np.int64)


def _finder_like_scores(lines: np.ndarray) -> np.ndarray:
    """N3: 40 for each dark-light-dark-dark-dark-light-dark with four light modules before or
    after it (or at either end of the line), found left to right as segno finds them: after one
    that counts, the search goes on past its end, so the overlapping ones 4 or 6 modules on
    are not counted."""
    count, rows, size = lines.shape
    window = np.zeros((count, rows, size - 6), dtype=np.int16)  # 7 modules as a 7-bit number
    for t in range(7):
        window = (window << 1) | lines[:, :, t:size - 6 + t]
    hits = window == 0b1011101  # (count, rows, size - 6)
    dark = np.zeros((count, rows, size + 1), dtype=np.int16)
    np.cumsum(lines, axis=2, out=dark[:, :, 1:])
    start = np.arange(size - 6)
    before = dark[:, :, start] - dark[:, :, np.maximum(start - 4, 0)]
    after = dark[:, :, np.minimum(start + 11, size)] - dark[:, :, start + 7]
    counts = hits & ((before == 0) | (after == 0))  # at a line's end the outside counts as light
    scores = counts.sum(axis=2)  # (count, rows)
    # One that counts hides the ones starting 4 or 6 modules on (they overlap it), and one
    # hidden hides nothing: the few lines where that happens are gone through in order.
    overlap = (counts[:, :, :-4] & hits[:, :, 4:]).any(axis=2) | (counts[:, :, :-6] & hits[:, :, 6:]).any(axis=2)
    for k, row in zip(*np.nonzero(overlap), strict=True):
        counted, end = 0, -1
        for idx in np.flatnonzero(hits[k, row]).tolist():
            if idx >= end and counts[k, row, idx]:
                counted += 1
                end = idx + 7
        scores[k, row] = counted
    return 40 * scores.sum(axis=1).astype(np.int64)
