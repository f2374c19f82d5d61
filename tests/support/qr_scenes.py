"""Synthetic camera frames of a ticket QR code, for the camera tests and benchmark.

Clean, rotated, blurred, faint, small, glare and folded: no camera and no image files needed.

A scene is an 8-bit grey 1280×720 frame: a textured desk, the ticket (paper or a phone screen)
placed by a homography, 3×3 supersampled so small codes are anti-aliased the way a lens blurs
them, then the scene's defect (blur, glare, a fold) and a little sensor noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

WIDTH, HEIGHT = 1280, 720
# A 21-digit Eventbrite barcode (QR version 1) and a 32-character pretix secret (version 3, like
# the demo's tickets): the two ends of what a desk scans.
EVENTBRITE_CODE = "881234500111000011001"
PRETIX_CODE = "k7qz3m9xw2bh5rtc8ndp4vgj6yaes2fu"
KINDS = ("clean", "rotated_15", "rotated_45", "rotated_90", "blurred", "low_contrast", "small",
         "glare", "folded")


@dataclass(frozen=True)
class Scene:
    kind: str
    text: str
    gray: np.ndarray  # (HEIGHT, WIDTH) uint8, C-contiguous


def qr_modules(text: str, border: int = 2) -> np.ndarray:
    """The code's modules (True = dark) with a quiet zone, as the ticket sheet prints it (level M)."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border)
    qr.add_data(text)
    qr.make(fit=True)
    return np.array(qr.get_matrix(), dtype=bool)


def scene(kind: str, text: str | None = None, seed: int = 1) -> Scene:
    """One frame of the named kind (see KINDS)."""
    if kind not in KINDS:
        raise ValueError(f"unknown scene {kind!r}")
    text = text or (EVENTBRITE_CODE if kind == "small" else PRETIX_CODE)
    rng = np.random.default_rng(seed)
    modules = qr_modules(text)
    ink, paper = (100.0, 150.0) if kind == "low_contrast" else (28.0, 235.0)
    size = {"small": 60.0}.get(kind, 300.0)         # code edge in frame pixels, quiet zone included
    angle = {"rotated_15": 15, "rotated_45": 45, "rotated_90": 90}.get(kind, 3)  # hands are never level
    tilt = 0.00035 if kind == "folded" else 0.00008  # perspective: the far edge is smaller
    h = _placement(len(modules), size, angle, tilt, (WIDTH * 0.52, HEIGHT * 0.48))
    frame = _render(modules, np.linalg.inv(h), ink, paper, kind == "folded", _desk(rng), kind == "glare")
    if kind == "glare":
        # A ceiling light on a phone screen: a bright blob over a corner of the code, where the
        # paper white saturates and black modules turn light grey (28 → 228 at its centre).
        # Stronger, a version-1 code loses more modules than its error correction restores.
        frame = frame + _blob(WIDTH * 0.52 + 45, HEIGHT * 0.48 - 40, 55.0, 200.0)
    if kind == "blurred":
        frame = _box_blur(frame, 3, passes=3)     # ≈ Gaussian σ 3 px: a hand moving, focus off
    elif kind != "small":
        frame = _box_blur(frame, 1, passes=1)     # every lens softens a little
    frame = frame + rng.normal(0, 3.0, frame.shape)
    return Scene(kind, text, np.ascontiguousarray(np.clip(frame, 0, 255).astype(np.uint8)))


def scenes(seed: int = 1) -> list[Scene]:
    return [scene(kind, seed=seed) for kind in KINDS]


def blank(seed: int = 1) -> np.ndarray:
    """The desk with no ticket in view: most frames a desk camera sees."""
    rng = np.random.default_rng(seed)
    frame = _box_blur(_desk(rng), 1, passes=1) + rng.normal(0, 3.0, (HEIGHT, WIDTH))
    return np.ascontiguousarray(np.clip(frame, 0, 255).astype(np.uint8))


def _placement(count: int, size: float, angle_deg: float, tilt: float, centre: tuple[float, float]) -> np.ndarray:
    """Homography from module coordinates (0..count) to frame pixels."""
    scale = size / count
    a = np.deg2rad(angle_deg)
    c, s = np.cos(a), np.sin(a)
    to_centre = np.array([[1, 0, -count / 2], [0, 1, -count / 2], [0, 0, 1.0]])
    rotate = np.array([[scale * c, -scale * s, 0], [scale * s, scale * c, 0], [0, 0, 1.0]])
    perspective = np.array([[1, 0, 0], [0, 1, 0], [0, tilt, 1.0]])  # x, y shrink as y grows
    place = np.array([[1, 0, centre[0]], [0, 1, centre[1]], [0, 0, 1.0]])
    return place @ perspective @ rotate @ to_centre


def _desk(rng: np.random.Generator) -> np.ndarray:
    """A wooden-ish desk in frame light: a gradient with low-frequency streaks."""
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    base = 95 + 40 * x / WIDTH + 15 * np.sin(y / 37.0 + rng.uniform(0, 6)) + 8 * np.sin(x / 11.0 + y / 90.0)
    return base


def _render(modules: np.ndarray, inverse: np.ndarray, ink: float, paper: float, folded: bool,
            background: np.ndarray, screen: bool) -> np.ndarray:
    """Paper (or a screen with a bezel) carrying the code, 3×3 supersampled onto the desk."""
    count = len(modules)
    margin = 3.0 if not screen else 6.0           # paper/screen around the quiet zone, in modules
    total = np.zeros((HEIGHT, WIDTH), np.float32)
    covered = np.zeros((HEIGHT, WIDTH), np.float32)
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    for dy in (-1 / 3, 0, 1 / 3):
        for dx in (-1 / 3, 0, 1 / 3):
            px, py = x + 0.5 + dx, y + 0.5 + dy
            w = inverse[2, 0] * px + inverse[2, 1] * py + inverse[2, 2]
            u = (inverse[0, 0] * px + inverse[0, 1] * py + inverse[0, 2]) / w
            v = (inverse[1, 0] * px + inverse[1, 1] * py + inverse[1, 2]) / w
            shade = np.ones_like(u)
            if folded:
                # Folded in half across the middle and opened again (~155°): the lower half bends away
                # (foreshortened and skewed), sits in its own shadow, and the crease is a dark line.
                crease = count / 2
                below = v > crease
                v = np.where(below, crease + (v - crease) / 0.92, v)
                u = np.where(below, u - 0.03 * (v - crease), u)
                shade = np.where(below, 0.78, 1.0) * (1 - 0.35 * np.exp(-((v - crease) / 0.6) ** 2))
            inside = (u >= -margin) & (u < count + margin) & (v >= -margin) & (v < count + margin)
            iu = np.clip(u.astype(np.int32), 0, count - 1)
            iv = np.clip(v.astype(np.int32), 0, count - 1)
            in_code = (u >= 0) & (u < count) & (v >= 0) & (v < count)
            dark = in_code & modules[iv, iu]
            value = np.where(dark, ink, paper) * shade
            if screen:  # a phone: black bezel outside the lit screen
                lit = (u >= -margin / 2) & (u < count + margin / 2) & (v >= -margin / 2) & (v < count + margin / 2)
                value = np.where(lit, value, 12.0)
            total += np.where(inside, value, 0)
            covered += inside
    return (total + background * (9 - covered)) / 9


def _blob(cx: float, cy: float, radius: float, strength: float) -> np.ndarray:
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    return strength * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * radius ** 2))


def _box_blur(image: np.ndarray, radius: int, passes: int) -> np.ndarray:
    out = image.astype(np.float32)
    k = 2 * radius + 1
    for _ in range(passes):
        for axis in (0, 1):
            padded = np.pad(out, [(radius + 1, radius) if a == axis else (0, 0) for a in (0, 1)], mode="edge")
            summed = np.cumsum(padded, axis=axis, dtype=np.float64)
            hi = np.take(summed, np.arange(k, k + out.shape[axis]), axis=axis)
            lo = np.take(summed, np.arange(0, out.shape[axis]), axis=axis)
            out = ((hi - lo) / k).astype(np.float32)
    return out
