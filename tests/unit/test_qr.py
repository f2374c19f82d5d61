"""QR symbols (kiosk/core/qr.py, qr_encode.py): the same modules as the `qrcode` package makes for
the chosen mask, the mask segno's penalty rules choose, drawn as rectangles that cover exactly
the dark modules, and readable by zxing-cpp."""

import random
import string

import numpy as np
import pytest
import zxingcpp

from kiosk.core import qr, qr_encode

PRETIX_SECRET = "dmt9tx69d7h7wwuq4vu5233s33vrhawc"


def payloads(seed: int = 14) -> list[str]:
    """Ticket codes of every mode and length the fast encoder takes (versions 1-10), and some it
    leaves to `qrcode`: past version 10, non-ASCII."""
    rng = random.Random(seed)
    out = ["c1", PRETIX_SECRET, "123456789012345678901", "ABC-123", "MECARD:N:Jones,Siân;ORG:Betsi;;",
           "محمد العلي", "https://example.org/t/" + "x" * 300]
    for length in (1, 2, 7, 17, 20, 32, 44, 63, 90, 120, 154, 180, 213, 214, 260):
        out.append("".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(length)))
        out.append("".join(rng.choice(string.printable[:95]) for _ in range(length)))
        out.append("".join(rng.choice(string.digits) for _ in range(length)))
        out.append("".join(rng.choice(qr_encode.ALPHANUMERIC) for _ in range(length)))
    return out


def chosen_mask(data: str, symbol: np.ndarray) -> int:
    """The mask whose `qrcode` symbol is exactly `symbol` (and check there is only one)."""
    matches = [k for k in range(8) if np.array_equal(qr_encode.qrcode_symbol(data, mask=k), symbol)]
    assert len(matches) == 1, (data, matches)
    return matches[0]


def test_symbols_are_the_qrcode_packages_for_the_chosen_mask_and_the_mask_is_segnos():
    """Every symbol is module for module what `qrcode` makes with that mask (so data modes,
    padding, Reed-Solomon and placement are right), and the mask is the one segno's own penalty
    scores pick (ISO/IEC 18004 7.8.3, scored before the format information, lowest first)."""
    from segno import encoder

    versions = set()
    for data in payloads():
        symbol = qr.qr_matrix(data).astype(np.uint8)
        size = symbol.shape[0]
        versions.add((size - 17) // 4)
        mask = chosen_mask(data, symbol)
        candidates = []
        for k in range(8):
            candidate = qr_encode.qrcode_symbol(data, mask=k)
            candidate[qr_encode.info_region(size)] = 0
            candidates.append(candidate)
        scores = [encoder.evaluate_mask(tuple(bytearray(row) for row in c), size, size) for c in candidates]
        assert qr._penalties(np.stack(candidates)).tolist() == scores, data  # every score, not only the least
        assert mask == scores.index(min(scores)), (data, scores)
    assert set(range(1, 11)) <= versions and max(versions) > 10  # fast path and fallback both checked


def test_penalty_scores_are_segnos_on_random_symbols_with_overlapping_finder_like_runs():
    """Real symbols seldom hold two 1:1:3:1:1 runs that overlap (where segno skips the second):
    random matrices with such runs put in score the same as segno scores them, rule N3 alone
    and all four together."""
    from segno import encoder

    rng = np.random.default_rng(14)
    runs = [[1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1], [1, 0, 1, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1],
            [0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0], [1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1]]
    for _ in range(300):
        size = int(rng.choice([21, 25, 29]))
        m = (rng.random((size, size)) < 0.5).astype(np.uint8)
        for _ in range(int(rng.integers(1, 6))):
            run = runs[int(rng.integers(len(runs)))]
            line, at = int(rng.integers(size)), int(rng.integers(0, size - len(run) + 1))
            if rng.random() < 0.5:
                m[line, at:at + len(run)] = run
            else:
                m[at:at + len(run), line] = run
        theirs = encoder.mask_scores(tuple(bytearray(row) for row in m), size, size)
        assert int(qr._finder_like_scores(np.stack([m, m.T])).sum()) == theirs[2]
        assert int(qr._penalties(m[None])[0]) == sum(theirs)


def test_the_fast_encoder_takes_ticket_codes_and_leaves_the_rest():
    assert qr_encode.unmasked(PRETIX_SECRET) is not None
    assert qr_encode.unmasked("1" * 20) is not None and qr_encode.unmasked("ABC-123") is not None
    assert qr_encode.unmasked("Siân") is None  # non-ASCII: qrcode's UTF-8 bytes, as before
    assert qr_encode.unmasked("x" * 214) is None  # past version 10 (213 bytes at level M)


def test_padding_on_a_codeword_boundary_adds_no_zero_codeword():
    """A byte-mode stream ends on a codeword boundary after its 4-bit terminator: the next
    codeword is the first pad codeword 11101100, not 00000000 (segno's issue #148)."""
    bits = qr_encode._data_bits("c1", 1)
    data = qr_encode._padded(bits, qr_encode._data_codewords(1))
    assert len(bits) + 4 == 32 and data[4:6] == b"\xec\x11"


@pytest.mark.parametrize("data", ["c1", PRETIX_SECRET, "x" * 200, "https://example.org/t/" + "y" * 300])
def test_rectangles_cover_exactly_the_dark_modules(data):
    size, rects = qr.qr_rects(data)
    cover = np.zeros((size, size), dtype=int)
    for x, y, w, h in rects:
        cover[y:y + h, x:x + w] += 1
    assert cover.max() == 1  # no overlaps
    assert np.array_equal(cover == 1, qr.qr_matrix(data))
    runs = int(np.count_nonzero(np.diff(np.pad(qr.qr_matrix(data).astype(int), ((0, 0), (1, 1))), axis=1) == 1))
    assert len(rects) < runs  # runs in following rows were merged


@pytest.mark.parametrize("data", [PRETIX_SECRET, "123456789012345678901", "ABC-123", "MECARD:N:Jones,Siân;ORG:Betsi;;"])
def test_images_read_back(data):
    image = qr.qr_image(data)
    assert image.width == (qr.qr_matrix(data).shape[0] + 4) * 8
    assert [r.text for r in zxingcpp.read_barcodes(np.array(image.convert("L")))] == [data]


def test_the_matrix_is_cached_and_read_only():
    first = qr.qr_matrix(PRETIX_SECRET)
    assert qr.qr_matrix(PRETIX_SECRET) is first
    with pytest.raises(ValueError):
        first[0, 0] = False
