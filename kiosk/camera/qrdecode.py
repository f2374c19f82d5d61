"""QR codes from camera frames: zxing-cpp decoding and the one-scan-per-ticket repeat filter.

Decoding reads an 8-bit grey image; the filter makes a code held in front of the camera one scan
rather than thirty a second.

Measured on the generated scenes (kiosk/qr_scenes.py) at 1280×720 on the 2-core VM: one
LocalAverage pass with rotation and downscaling reads every scene (clean, rotated, blurred,
faint, small, glare, folded) in about 1 ms; GlobalHistogram is faster but misses blurred, faint
and folded codes and read nothing LocalAverage missed, so it is not used. Trying the inverted
image too (light-on-dark codes from phones in dark mode) doubles the cost, worst on a busy frame
(8.5 ms on pure noise), so it is done only on every few frames.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

import numpy as np
import zxingcpp

INVERT_EVERY = 4       # every Nth frame also looks for light-on-dark codes
REPEAT_WINDOW_S = 3.0  # the same code within this long of its last sighting is the same scan


def gray_view(gray, width: int, height: int, stride: int | None = None, pixel_stride: int = 1,
              offset: int = 0) -> np.ndarray:
    """A (height, width) uint8 view of a luma plane, without copying: numpy is what lets a
    row stride (and the 2-byte pixel stride of packed YUYV) reach zxing-cpp as they are."""
    if isinstance(gray, np.ndarray) and gray.ndim == 2:
        return gray
    stride = stride or width * pixel_stride
    return np.ndarray((height, width), np.uint8, buffer=gray, offset=offset,
                      strides=(stride, pixel_stride))


def decode_qr(gray, width: int, height: int, stride: int | None = None, *, invert: bool = False,
              pixel_stride: int = 1, offset: int = 0) -> list[str]:
    """The text of every QR code in an 8-bit grey image (bytes, memoryview or numpy array).

    `invert` also looks for light-on-dark codes. Codes that decode to no text are skipped.
    """
    image = gray_view(gray, width, height, stride, pixel_stride, offset)
    # The stub wants BarcodeFormats; one BarcodeFormat is accepted too (read_barcodes' docstring).
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode,  # type: ignore[arg-type]
                                   try_rotate=True, try_downscale=True, try_invert=invert,
                                   binarizer=zxingcpp.Binarizer.LocalAverage)
    texts: list[str] = []
    for barcode in found:
        if barcode.valid and barcode.text and barcode.text not in texts:
            texts.append(barcode.text)
    return texts


class QrReader:
    """decode_qr for a stream of frames: the slower inverted search runs on every Nth frame."""

    def __init__(self, invert_every: int = INVERT_EVERY) -> None:
        self.invert_every = max(1, invert_every)
        self.frames = 0

    def read(self, gray, width: int, height: int, stride: int | None = None, *,
             pixel_stride: int = 1, offset: int = 0) -> list[str]:
        self.frames += 1
        invert = self.frames % self.invert_every == 0
        return decode_qr(gray, width, height, stride, invert=invert, pixel_stride=pixel_stride,
                         offset=offset)


class RepeatFilter:
    """Reports a code once while it stays in view.

    A code seen again within `window_s` of its LAST sighting is the same scan, so a ticket held
    up for ten seconds is one check-in; taken away for longer than the window and shown again,
    it is reported again (and the desk then says "already checked in"). Frames where a code is
    momentarily not read (a hand moving, glare) do not count as taking it away.
    """

    def __init__(self, window_s: float = REPEAT_WINDOW_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.window_s = window_s
        self.clock = clock
        self._last_seen: dict[str, float] = {}

    def new(self, texts: Iterable[str]) -> list[str]:
        """The codes among `texts` (one frame's) not seen within the window; all are re-armed."""
        now = self.clock()
        fresh = []
        for text in texts:
            last = self._last_seen.get(text)
            if last is None or not 0 <= now - last <= self.window_s:
                fresh.append(text)
            self._last_seen[text] = now
        if len(self._last_seen) > 64:  # forget codes long out of view
            self._last_seen = {t: s for t, s in self._last_seen.items() if 0 <= now - s <= self.window_s}
        return fresh

    def reset(self) -> None:
        self._last_seen.clear()
