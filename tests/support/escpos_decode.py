"""Reads back what an ESC/POS printer was sent, as the printer would put it on paper.

Text is decoded in the code page selected (ESC t n, by the profile's table) with the print mode
(ESC ! / GS ! sizes, ESC E bold, ESC a alignment) each character was printed in; GS v 0 raster
images come back as 1-bit Pillow images; native QR codes (GS ( k) as their data. A command this
does not know fails the test rather than being skipped: then the test knows nothing for sure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image


@dataclass
class TextLine:
    text: str
    columns: int  # printer columns the line takes: a double-width character takes two
    align: str
    bold: bool
    double_height: bool
    double_width: bool


@dataclass
class Printed:
    """Everything the printer put on paper, in order: TextLine, Image.Image or ("qr", data)."""

    items: list = field(default_factory=list)

    @property
    def lines(self) -> list[TextLine]:
        return [i for i in self.items if isinstance(i, TextLine)]

    @property
    def images(self) -> list[Image.Image]:
        return [i for i in self.items if isinstance(i, Image.Image)]

    @property
    def qr(self) -> list[str]:
        return [i[1] for i in self.items if isinstance(i, tuple) and i[0] == "qr"]

    cut: bool = False


def decode(data: bytes, profile: str = "") -> Printed:
    from escpos.capabilities import get_profile

    pages = get_profile(profile or None).profile_data["codePages"]
    out = Printed()
    state = {"align": "left", "bold": False, "dw": False, "dh": False, "page": "CP437"}
    chars: list[tuple[str, int]] = []  # (character, width in columns)
    line_style: dict = {}
    qr_store = b""
    i = 0

    def flush() -> None:
        nonlocal chars, line_style
        style = line_style or state
        out.items.append(TextLine("".join(c for c, _ in chars), sum(w for _, w in chars), style["align"],
                                  style["bold"], style["dh"], style["dw"]))
        chars, line_style = [], {}

    while i < len(data):
        b = data[i]
        if b == 0x0A:
            flush()
            i += 1
        elif b == 0x1B:
            cmd = data[i + 1]
            if cmd == ord("@"):
                state.update(align="left", bold=False, dw=False, dh=False)
                i += 2
            elif cmd == ord("t"):
                state["page"] = pages[str(data[i + 2])]
                i += 3
            elif cmd == ord("!"):
                n = data[i + 2]
                state.update(bold=bool(n & 0x08), dh=bool(n & 0x10), dw=bool(n & 0x20))
                i += 3
            elif cmd == ord("E"):
                state["bold"] = bool(data[i + 2] & 1)
                i += 3
            elif cmd == ord("a"):
                state["align"] = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center",
                                  50: "right"}[data[i + 2]]
                i += 3
            elif cmd in (ord("d"), ord("M"), ord("-"), ord("{"), ord("G"), ord("2") - 0):
                i += 2 if cmd == ord("2") else 3
            else:
                raise AssertionError(f"unknown command ESC {cmd:#04x} at byte {i}")
        elif b == 0x1D:
            cmd = data[i + 1]
            if cmd == ord("!"):
                n = data[i + 2]
                state.update(dw=(n >> 4) >= 1, dh=(n & 0x0F) >= 1)
                i += 3
            elif cmd == ord("v") and data[i + 2] == ord("0"):
                x_bytes = data[i + 4] | data[i + 5] << 8
                height = data[i + 6] | data[i + 7] << 8
                raw = data[i + 8:i + 8 + x_bytes * height]
                # 1 bits are ink; Pillow's mode "1" reads 1 as white, so invert
                image = Image.frombytes("1", (x_bytes * 8, height), bytes(255 - c for c in raw))
                out.items.append(image)
                i += 8 + x_bytes * height
            elif cmd == ord("(") and data[i + 2] == ord("k"):
                length = data[i + 3] | data[i + 4] << 8
                body = data[i + 5:i + 5 + length]
                if body[:2] == b"1P":  # store the QR data
                    qr_store = body[3:]
                elif body[:2] == b"1Q":  # print it
                    out.items.append(("qr", qr_store.decode("ascii")))
                i += 5 + length
            elif cmd == ord("V"):
                out.cut = True
                i += 3 if data[i + 2] in (0, 1, 48, 49) else 4
            elif cmd in (ord("B"), ord("b")):
                i += 3
            else:
                raise AssertionError(f"unknown command GS {cmd:#04x} at byte {i}")
        elif b < 0x20:
            raise AssertionError(f"unknown control byte {b:#04x} at byte {i}")
        else:
            if not chars:
                line_style = dict(state)
            chars.append((bytes([b]).decode(state["page"].lower()), 2 if state["dw"] else 1))
            i += 1
    if chars:
        flush()
    return out


def ink_columns(image: Image.Image) -> list[int]:
    """How many inked dots each column of an image has."""
    width, height = image.size
    pixels = image.load()
    return [sum(1 for y in range(height) if pixels[x, y] == 0) for x in range(width)]


def ink_bands(image: Image.Image, join: int = 3) -> list[Image.Image]:
    """The image cut into its lines of text: runs of rows with ink, split at blank rows (a gap of
    `join` rows or fewer is inside a line: an accent over a capital)."""
    width, height = image.size
    pixels = image.load()
    inked = [any(pixels[x, y] == 0 for x in range(width)) for y in range(height)]
    runs: list[list[int]] = []
    start = None
    for y, has in enumerate([*inked, False]):
        if has and start is None:
            start = y
        elif not has and start is not None:
            if runs and start - runs[-1][1] <= join:
                runs[-1][1] = y
            else:
                runs.append([start, y])
            start = None
    return [image.crop((0, top, width, bottom)) for top, bottom in runs]


def words_in_band(band: Image.Image, gap: int) -> int:
    """Words on one drawn line: ink runs separated by blank gaps wider than `gap` dots."""
    columns = ink_columns(band)
    words, blank, seen = 0, 0, False
    for count in columns:
        if count:
            if not seen or blank > gap:
                words += 1
            seen, blank = True, 0
        else:
            blank += 1
    return words


def paper(printed: Printed, width: int, mono_font: str) -> Image.Image:
    """What the roll would look like: text lines in a 12 × 24-dot monospaced font (font A) with
    their size, weight and alignment, the raster images as sent, QR codes as a marked box. For
    looking at, not for checking: the checks read the decoded lines and images themselves."""
    from PIL import ImageDraw, ImageFont

    parts: list[Image.Image] = []
    for item in printed.items:
        if isinstance(item, Image.Image):
            parts.append(item.convert("L"))
        elif isinstance(item, TextLine):
            scale_w, scale_h = (2 if item.double_width else 1), (2 if item.double_height else 1)
            font = ImageFont.truetype(mono_font, 20)
            line = Image.new("L", (len(item.text) * 12, 30), 255)
            draw = ImageDraw.Draw(line)
            draw.text((0, 3), item.text, font=font, fill=0, stroke_width=1 if item.bold else 0, stroke_fill=0)
            line = line.resize((line.width * scale_w, line.height * scale_h))
            row = Image.new("L", (width, line.height), 255)
            x = {"left": 0, "center": (width - line.width) // 2, "right": width - line.width}[item.align]
            row.paste(line, (max(0, x), 0))
            parts.append(row)
        else:
            box = Image.new("L", (width, 200), 255)
            draw = ImageDraw.Draw(box)
            draw.rectangle(((width - 180) // 2, 10, (width + 180) // 2, 190), outline=0, width=3)
            draw.text(((width - 140) // 2, 90), f"QR {item[1][:14]}", fill=0)
            parts.append(box)
    out = Image.new("L", (width + 24, sum(p.height for p in parts) + 24), 200)
    y = 12
    for part in parts:
        out.paste(part, (12, y))
        y += part.height
    return out
