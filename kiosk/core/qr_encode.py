"""The QR symbol before masking, for the codes tickets carry: ASCII up to version 10, level M.

The `qrcode` package spends ~1.5 ms a code in Python loops even with its mask fixed (Reed-Solomon,
module placement); a 1,000-badge sheet is 1,000 codes. Here the same steps (ISO/IEC 18004:2015
7.4-7.7) run on tables made once per version: data bits in one mode for the whole text (numeric,
alphanumeric or byte), the terminator, padding to the codeword boundary and the pad codewords,
Reed-Solomon blocks and their interleaving, and the modules placed along the standard's zig-zag
in one numpy assignment. The function patterns (finders, timing, alignment, version information)
are copied from a symbol `qrcode` made for the same version.

`unmasked(data)` returns None for anything else (non-ASCII text, more than version 10 holds), and
kiosk/core/qr.py asks `qrcode`. tests/unit/test_qr.py checks the symbols are `qrcode`'s, module
for module, for the same mask. (segno, though faster at choosing a mask, pads a stream that
already ends on a codeword boundary with a needless zero codeword, segno issue #148: not used.)
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np

ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_ALNUM_VALUE = {ch: i for i, ch in enumerate(ALPHANUMERIC)}
_ALNUM_ONLY = re.compile(r"[0-9A-Z $%*+\-./:]+\Z")
# Level M, versions 1-10: (EC codewords per block, [(blocks, data codewords per block), …])
# ISO/IEC 18004:2015 Table 9.
_BLOCKS_M = {
    1: (10, [(1, 16)]), 2: (16, [(1, 28)]), 3: (26, [(1, 44)]), 4: (18, [(2, 32)]),
    5: (24, [(2, 43)]), 6: (16, [(4, 27)]), 7: (18, [(4, 31)]), 8: (22, [(2, 38), (2, 39)]),
    9: (22, [(3, 36), (2, 37)]), 10: (26, [(4, 43), (1, 44)]),
}


def unmasked(data: str) -> np.ndarray | None:
    """The symbol's modules (uint8, 1 dark) with the data placed but no mask applied and the
    format areas light, or None when segno must make it."""
    if not data or not data.isascii():
        return None
    bits = None
    version = 0
    for version in _BLOCKS_M:
        bits = _data_bits(data, version)
        if len(bits) <= _data_codewords(version) * 8:
            break
    else:
        return None
    assert bits is not None
    codewords = _with_error_correction(_padded(bits, _data_codewords(version)), version)
    stream = np.unpackbits(np.frombuffer(bytes(codewords), dtype=np.uint8))
    rows, cols = _placement(version)
    symbol = _function_template(version).copy()
    placed = np.zeros(len(rows), dtype=np.uint8)  # the remainder bits past the stream stay light
    placed[:len(stream)] = stream
    symbol[rows, cols] = placed
    return symbol


# -- data bits ----------------------------------------------------------------------------------

def _data_bits(data: str, version: int) -> list[int]:
    small = version < 10  # character count bits: versions 1-9, then 10-26 (all we make)
    out: list[int] = []

    def put(value: int, width: int) -> None:
        out.extend((value >> i) & 1 for i in range(width - 1, -1, -1))

    if data.isdigit():
        put(0b0001, 4)
        put(len(data), 10 if small else 12)
        for i in range(0, len(data), 3):
            group = data[i:i + 3]
            put(int(group), {3: 10, 2: 7, 1: 4}[len(group)])
    elif _ALNUM_ONLY.match(data):
        put(0b0010, 4)
        put(len(data), 9 if small else 11)
        for i in range(0, len(data) - 1, 2):
            put(_ALNUM_VALUE[data[i]] * 45 + _ALNUM_VALUE[data[i + 1]], 11)
        if len(data) % 2:
            put(_ALNUM_VALUE[data[-1]], 6)
    else:
        put(0b0100, 4)
        put(len(data), 8 if small else 16)
        out.extend(np.unpackbits(np.frombuffer(data.encode("ascii"), dtype=np.uint8)).tolist())
    return out


def _data_codewords(version: int) -> int:
    return sum(blocks * size for blocks, size in _BLOCKS_M[version][1])


def _padded(bits: list[int], codewords: int) -> bytes:
    capacity = codewords * 8
    bits = bits + [0] * min(4, capacity - len(bits))  # the terminator
    bits += [0] * (-len(bits) % 8)  # to the codeword boundary: none when already on it
    data = np.packbits(np.array(bits, dtype=np.uint8)).tobytes()
    pad = (b"\xec\x11" * codewords)[:codewords - len(data)]
    return data + pad


# -- Reed-Solomon over GF(256), polynomial 0x11d ------------------------------------------------

@cache
def _gf_tables() -> tuple[list[int], list[int]]:
    exp, log = [0] * 512, [0] * 256
    value = 1
    for i in range(255):
        exp[i] = value
        log[value] = i
        value <<= 1
        if value & 0x100:
            value ^= 0x11D
    for i in range(255, 512):
        exp[i] = exp[i - 255]
    return exp, log


@cache
def _generator_rows(degree: int) -> tuple[int, ...]:
    """For each byte value f, f times the generator polynomial (without its leading 1), its
    `degree` coefficients packed big-endian into one int: a division step is then a shift and
    an XOR of whole ints rather than a loop over the coefficients."""
    exp, log = _gf_tables()
    poly = [1]
    for i in range(degree):  # multiply by (x - α^i)
        poly = [a ^ (exp[log[b] + i] if b else 0) for a, b in zip([*poly, 0], [0, *poly], strict=True)]
    tail = poly[1:]
    return tuple(int.from_bytes(bytes(exp[log[f] + log[g]] if f and g else 0 for g in tail), "big")
                 for f in range(256))


def _ec_block(block: bytes, degree: int) -> bytes:
    """The block's error correction codewords: the remainder of its polynomial divided by the
    generator (ISO/IEC 18004:2015 7.5.2)."""
    rows = _generator_rows(degree)
    top, keep = 8 * (degree - 1), (1 << 8 * degree) - 1
    remainder = 0
    for byte in block:
        remainder = ((remainder << 8) & keep) ^ rows[byte ^ (remainder >> top)]
    return remainder.to_bytes(degree, "big")


def _with_error_correction(data: bytes, version: int) -> list[int]:
    degree, groups = _BLOCKS_M[version]
    blocks, at = [], 0
    for count, size in groups:
        for _ in range(count):
            blocks.append(data[at:at + size])
            at += size
    ec = [_ec_block(block, degree) for block in blocks]
    out = [block[i] for i in range(max(len(b) for b in blocks)) for block in blocks if i < len(block)]
    out += [e[i] for i in range(degree) for e in ec]
    return out


def qrcode_symbol(data: str, version: int | None = None, mask: int = 0) -> np.ndarray:
    """The `qrcode` package's symbol (uint8, no quiet zone) with the given mask, the smallest
    version that holds the data unless one is given. Its mask search is skipped: kiosk/core/qr.py
    chooses the mask."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(version=version, error_correction=ERROR_CORRECT_M, border=0, mask_pattern=mask)
    code.add_data(data)
    code.make(fit=version is None)
    return np.array(code.modules, dtype=np.uint8)


# -- the symbol's layout, once per size or version ----------------------------------------------

def _alignment_centres(version: int) -> list[int]:
    if version == 1:
        return []
    count = version // 7 + 2
    step = 26 if version == 32 else (version * 4 + count * 2 + 1) // (count * 2 - 2) * 2
    size = version * 4 + 17
    return [6] + sorted(size - 7 - i * step for i in range(count - 1))


@cache
def data_region(size: int) -> np.ndarray:
    """True where data modules are (what a mask flips): not the finder patterns with their
    separators and format areas, the timing lines, the alignment patterns or version areas."""
    version = (size - 17) // 4
    function = np.zeros((size, size), dtype=bool)
    function[:9, :9] = function[:9, -8:] = function[-8:, :9] = True
    function[6, :] = function[:, 6] = True
    centres = _alignment_centres(version)
    corners = {(6, 6), (6, size - 7), (size - 7, 6)}  # where the finder patterns are
    for r in centres:
        for c in centres:
            if (r, c) not in corners:
                function[r - 2:r + 3, c - 2:c + 3] = True
    if version >= 7:
        function[:6, -11:-8] = function[-11:-8, :6] = True
    region = ~function
    region.flags.writeable = False
    return region.astype(np.uint8)


@cache
def info_region(size: int) -> np.ndarray:
    """The format areas, the dark module and (version 7 up) the version areas."""
    info = np.zeros((size, size), dtype=bool)
    info[8, :9] = info[:9, 8] = True
    info[8, -8:] = info[-8:, 8] = True
    info[6, 8] = info[8, 6] = False  # the timing lines cross there
    if size >= 45:
        info[:6, -11:-8] = info[-11:-8, :6] = True
    info.flags.writeable = False
    return info



@cache
def _function_template(version: int) -> np.ndarray:
    """qrcode's function patterns for this version, data modules and format areas light."""
    made = qrcode_symbol("0", version)
    size = made.shape[0]
    symbol = made.copy()
    symbol[data_region(size).astype(bool)] = 0
    symbol[info_region(size)] = 0
    if size >= 45:  # the version information is the same whatever the data: keep it
        symbol[:6, -11:-8] = made[:6, -11:-8]
        symbol[-11:-8, :6] = made[-11:-8, :6]
    symbol.flags.writeable = False
    return symbol


@cache
def _placement(version: int) -> tuple[np.ndarray, np.ndarray]:
    """The data modules in the order the bit stream fills them: two-module columns from the
    right, up then down, skipping the vertical timing line."""
    size = version * 4 + 17
    region = data_region(size)
    rows: list[int] = []
    cols: list[int] = []
    right, upward = size - 1, True
    while right > 0:
        if right == 6:
            right -= 1
        for step in range(size):
            row = size - 1 - step if upward else step
            for col in (right, right - 1):
                if region[row, col]:
                    rows.append(row)
                    cols.append(col)
        upward = not upward
        right -= 2
    return np.array(rows), np.array(cols)
