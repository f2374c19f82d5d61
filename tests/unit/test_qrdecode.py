"""QR decoding of camera frames and the repeat filter: generated ticket scenes, real zxing-cpp."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from kiosk.camera.qrdecode import INVERT_EVERY, QrReader, RepeatFilter, decode_qr

from tests.support import qr_scenes
from tests.support.qr_scenes import EVENTBRITE_CODE, KINDS, PRETIX_CODE, blank, scene

TICKET_URL = "https://ti.to/tickets/ti_p5kR8sQ2uVx"


@cache
def cached(kind: str, text: str, seed: int = 1) -> np.ndarray:
    return scene(kind, text, seed).gray


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("text", [PRETIX_CODE, EVENTBRITE_CODE])
def test_every_scene_decodes(kind, text):
    gray = cached(kind, text)
    assert gray.shape == (720, 1280)
    assert decode_qr(gray, 1280, 720) == [text]


@pytest.mark.parametrize("seed", [2, 3])
@pytest.mark.parametrize("kind", ["glare", "folded", "blurred", "small"])
def test_hard_scenes_decode_with_other_noise(kind, seed):
    assert decode_qr(cached(kind, PRETIX_CODE, seed), 1280, 720) == [PRETIX_CODE]


def test_a_ticket_url_decodes_rotated():
    assert decode_qr(cached("rotated_45", TICKET_URL), 1280, 720) == [TICKET_URL]


def test_scenes_are_what_they_say():
    """The defects are really there: the small code is small, low contrast is faint, glare
    saturates, blur softens edges — so a pass is not a pass on clean images."""
    def dark_extent(gray: np.ndarray) -> int:
        rows = np.where((gray < 50).sum(axis=1) > 0)[0]  # ink; the desk is never this dark
        return int(rows.max() - rows.min())

    assert dark_extent(cached("small", EVENTBRITE_CODE)) < 70
    assert dark_extent(cached("clean", PRETIX_CODE)) > 200
    faint = cached("low_contrast", PRETIX_CODE)[250:450, 520:810]
    assert faint.min() > 80 and faint.max() < 175
    assert (cached("glare", PRETIX_CODE) == 255).sum() > 500
    edges = lambda g: np.abs(np.diff(g.astype(int), axis=1)).max()  # noqa: E731
    assert edges(cached("blurred", PRETIX_CODE)) < edges(cached("clean", PRETIX_CODE)) / 2


def test_a_code_washed_out_by_glare_is_not_read():
    """The decoder is not handed anything it cannot lose: half the code gone, no result."""
    gray = cached("clean", PRETIX_CODE).copy()
    gray[:, 640:] = 250
    assert decode_qr(gray, 1280, 720) == []
    assert decode_qr(blank(), 1280, 720) == []


def test_a_mirrored_frame_decodes():
    """Some cameras mirror their frames themselves (selfie mode): the code reads the same."""
    mirrored = np.ascontiguousarray(cached("rotated_15", PRETIX_CODE)[:, ::-1])
    assert decode_qr(mirrored, 1280, 720) == [PRETIX_CODE]


def test_row_stride_and_buffers():
    gray = cached("rotated_15", PRETIX_CODE)
    padded = np.zeros((720, 1296), np.uint8)  # rows padded as a video plane's may be
    padded[:, :1280] = gray
    raw = padded.tobytes()
    assert decode_qr(raw, 1280, 720, 1296) == [PRETIX_CODE]
    assert decode_qr(memoryview(raw), 1280, 720, 1296) == [PRETIX_CODE]
    assert decode_qr(gray.tobytes(), 1280, 720) == [PRETIX_CODE]


def test_packed_yuyv_luma_is_read_in_place():
    gray = cached("clean", EVENTBRITE_CODE)
    yuyv = np.full((720, 2560), 128, np.uint8)  # Y U Y V …: luma in every other byte
    yuyv[:, 0::2] = gray
    assert decode_qr(yuyv.tobytes(), 1280, 720, 2560, pixel_stride=2) == [EVENTBRITE_CODE]
    uyvy = np.full((720, 2560), 128, np.uint8)
    uyvy[:, 1::2] = gray
    assert decode_qr(uyvy.tobytes(), 1280, 720, 2560, pixel_stride=2, offset=1) == [EVENTBRITE_CODE]


def test_light_on_dark_codes_are_found_every_few_frames():
    inverted = 255 - cached("clean", PRETIX_CODE)
    assert decode_qr(inverted, 1280, 720) == []
    assert decode_qr(inverted, 1280, 720, invert=True) == [PRETIX_CODE]
    reader = QrReader()
    results = [reader.read(inverted, 1280, 720) for _ in range(INVERT_EVERY)]
    assert results.count([PRETIX_CODE]) == 1 and results[-1] == [PRETIX_CODE]


def test_two_codes_in_one_frame():
    left = cached("clean", PRETIX_CODE)[:, 440:900]
    right = cached("clean", EVENTBRITE_CODE)[:, 440:900]
    both = np.ascontiguousarray(np.hstack([left, right]))
    assert sorted(decode_qr(both, both.shape[1], both.shape[0])) == sorted([PRETIX_CODE, EVENTBRITE_CODE])


def test_unknown_scene_kind():
    with pytest.raises(ValueError):
        qr_scenes.scene("sideways")


# -- the repeat filter ----------------------------------------------------------------------------

class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_code_held_in_view_is_one_scan():
    clock = FakeClock()
    repeat = RepeatFilter(3.0, clock)
    reported = []
    for _ in range(300):  # ten seconds at 30 frames a second
        reported += repeat.new(["A"])
        clock.now += 1 / 30
    assert reported == ["A"]


def test_window_runs_from_the_last_sighting():
    clock = FakeClock()
    repeat = RepeatFilter(3.0, clock)
    assert repeat.new(["A"]) == ["A"]
    for _ in range(3):  # seen every 2.9 s: never out of view for the window, so never again
        clock.now += 2.9
        assert repeat.new(["A"]) == []
    clock.now += 3.0
    assert repeat.new(["A"]) == []      # exactly the window: still the same scan
    clock.now += 3.01
    assert repeat.new(["A"]) == ["A"]   # away longer than the window: a new scan


def test_frames_without_the_code_do_not_end_the_scan():
    clock = FakeClock()
    repeat = RepeatFilter(3.0, clock)
    reported = []
    for frame in range(90):
        reported += repeat.new(["A"] if frame % 4 == 0 else [])  # read on one frame in four
        clock.now += 1 / 30
    assert reported == ["A"]


def test_codes_are_filtered_independently():
    clock = FakeClock()
    repeat = RepeatFilter(3.0, clock)
    assert repeat.new(["A", "B"]) == ["A", "B"]
    clock.now += 1
    assert repeat.new(["B", "C"]) == ["C"]
    clock.now += 2.5  # A last seen 3.5 s ago, B and C 2.5 s ago
    assert repeat.new(["A", "B", "C"]) == ["A"]
    repeat.reset()
    assert repeat.new(["B"]) == ["B"]


def test_old_codes_are_forgotten():
    clock = FakeClock()
    repeat = RepeatFilter(3.0, clock)
    for i in range(100):
        repeat.new([f"code-{i}"])
        clock.now += 1
    assert len(repeat._last_seen) <= 65
    assert repeat.new(["code-99"]) == []
