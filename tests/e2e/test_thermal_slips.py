"""Session slips and the grid list on receipt printers, read back from what the printer received.

A loopback ESC/POS printer keeps the bytes; they are decoded as the printer would print them (text
in the code page, GS v 0 raster images) and every line is checked to be whole on the paper: text
lines within the profile's columns, image lines with no ink at the paper's edges and every word
drawn. 80 mm (576 dots, 48 columns) and 58 mm (384 dots, 32 columns) paper.
"""

from __future__ import annotations

import pytest

from kiosk.print.backends.base import Slip
from kiosk.print.backends.escpos_backend import EscposBackend
from kiosk.print.draw.slip_lines import transliterate
from kiosk.print.printers import PrinterConfig

from tests.support.cli import kiosk_json
from tests.support.escpos_decode import Printed, decode, ink_bands, ink_columns, words_in_band
from tests.support.printer_fakes import TcpPrinter

PROFILES = [("TM-T20II", 576, 48), ("POS-5890", 384, 32)]
CODE_PAGE = {"TM-T20II": "cp858", "POS-5890": "cp858", "TM-T88II": "cp850", "TM-U220": "cp437", "simple": "cp437"}
TITLE_PIXELS, BODY_PIXELS = 44, 22  # as drawn: a word gap is wider than a quarter of the size

WELSH = "Gwasanaethau iechyd ŵyr a’r “gymuned” – Ystafell Gŵyr"
IRISH = "Sláinte agus folláine san ionad oibre agus sa phobal ‘áitiúil’"
SLIPS = [
    Slip(WELSH, ("Siân Jones, Dafydd ap Gwilym, Łukasz Nowak", "10:00–11:00, Ystafell Gŵyr", "Diwrnod Iechyd"),
         "session:S1"),
    Slip(IRISH, ("Seán Ó Súilleabháin, Aoife Ní Bhriain", "11:30–12:30, Seomra Mór", "Lá Sláinte"),
         "session:S2"),
    Slip("Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch ŵ",
         ("Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch",), ""),
    Slip("Iechyd meddwl yn y gymuned", ("प्रिया शर्मा, ਹਰਪ੍ਰੀਤ ਕੌਰ", "Main Hall"), ""),  # shipped Noto fonts
]


def fits_page(text: str, code_page: str = "cp858") -> bool:
    try:
        transliterate(text).encode(code_page)
    except UnicodeEncodeError:
        return False
    return True


def check_on_paper(printed: Printed, title: str, lines: tuple[str, ...], width: int, columns: int,
                   code_page: str = "cp858", joined_script: bool = False) -> None:
    """Every character of every line on the paper, in the right style, in order. Words on image
    lines are counted by the blank between them: wider than a quarter of the font's size in Latin
    script (wider than the gaps inside a word), any blank of 4 dots or more in scripts whose letters
    join along a headline (Devanagari, Gurmukhi)."""
    def fits(text: str) -> bool:
        return fits_page(text, code_page)

    expected_text = [w for line in (title, *lines) if fits(line) for w in transliterate(line).split()]
    text_words = [w for line in printed.lines for w in line.text.split()]
    if all(len(w) <= columns // 2 for w in expected_text):
        assert text_words == expected_text  # nothing lost, nothing cut, in order
    # a word too long for a line: broken with a hyphen, every letter kept
    assert "".join(text_words).replace("-", "") == "".join(expected_text).replace("-", "")
    for line in printed.lines:
        assert line.columns <= columns, line  # the printer never has to break it
        assert line.text == line.text.rstrip()
    title_lines = [line for line in printed.lines if line.double_width]
    if fits(title):
        assert " ".join(t.text for t in title_lines) == transliterate(title)
        assert all(t.bold and t.double_height and t.align == "center" for t in title_lines)
    else:
        assert not title_lines
    body = [line for line in printed.lines if not line.double_width]
    assert all(not line.bold and not line.double_height and line.align == "left" for line in body)

    as_images = [line for line in (title, *lines) if not fits(line)]
    assert len(printed.images) == len(as_images)
    for image, line in zip(printed.images, as_images, strict=True):
        assert image.width == width
        ink = ink_columns(image)
        assert not any(ink[-3:]) and not any(ink[:1]), f"ink at the paper's edge: {line!r}"
        pixels = image.load()
        assert not any(pixels[x, y] == 0 for x in range(width) for y in (0, image.height - 1)), line
        size = TITLE_PIXELS if line == title else BODY_PIXELS
        words = sum(words_in_band(band, 3 if joined_script else size // 4) for band in ink_bands(image))
        if all(len(w) < 20 for w in line.split()):
            assert words == len(transliterate(line).split()), (line, words)
        else:  # broken to fit: its pieces count as words
            assert words > len(transliterate(line).split()), (line, words)
        if line == title:  # centred, like the text title: as much blank each side (± a letter)
            first = next(x for x, n in enumerate(ink) if n)
            last = max(x for x, n in enumerate(ink) if n)
            assert abs(first - (width - 1 - last)) < size, (first, last)


@pytest.mark.parametrize(("profile", "width", "columns"), PROFILES)
@pytest.mark.parametrize("slip", SLIPS, ids=["welsh", "irish", "long-word", "indic"])
def test_a_slip_is_whole_on_the_paper(slip, profile, width, columns):
    printer = TcpPrinter()
    try:
        EscposBackend(PrinterConfig("thermal", printer.uri, profile=profile)).print_slip(slip)
        job = printer.wait_for_job()
        printed = decode(job, profile)
    finally:
        printer.close()
    assert job.startswith(b"\x1b@")  # ESC @ first: nothing left set by the last job (double size, bold)
    assert not any(line.text.lstrip().startswith("-") for line in printed.lines)
    check_on_paper(printed, slip.title, slip.lines, width, columns, joined_script=slip is SLIPS[3])
    assert printed.qr == ([slip.qr] if slip.qr else [])
    assert printed.cut == (profile == "TM-T20II")  # the 58 mm model's profile has no cutter
    # the Welsh title and the ŵ lines went as images; the Irish slip is all printer text
    assert bool(printed.images) == (slip.title != IRISH)
    for image in printed.images:  # letters, not solid bars: a glyph's box is mostly paper
        for band in ink_bands(image):
            inked = sum(ink_columns(band))
            assert inked < 0.5 * band.width * band.height, inked


@pytest.mark.parametrize(("profile", "width", "columns"), [("TM-T88II", 512, 42), ("TM-U220", 400, 33),
                                                           ("simple", 512, 42)])
def test_models_without_cp858_print_in_the_nearest_code_page(profile, width, columns, capfd):
    printer = TcpPrinter()
    try:
        EscposBackend(PrinterConfig("thermal", printer.uri, profile=profile)).print_slip(SLIPS[1])
        printed = decode(printer.wait_for_job(), profile)
    finally:
        printer.close()
    check_on_paper(printed, SLIPS[1].title, SLIPS[1].lines, width, columns, CODE_PAGE[profile])
    assert not capfd.readouterr().out  # python-escpos's note on a profile without a width stays off stdout


@pytest.mark.parametrize(("profile", "width", "columns"), PROFILES)
def test_grid_print_keeps_every_convener_on_the_paper(tmp_path, profile, width, columns):
    data = tmp_path / "d"
    kiosk_json(data, "event", "create", "day", "--name", "Diwrnod Iechyd – Lá Sláinte", "--date", "2026-11-23")
    for space in ("Main Hall", "Ystafell Gŵyr", "Seomra Mór"):
        kiosk_json(data, "grid", "space", "add", space)
    kiosk_json(data, "grid", "slot", "add", "10:00", "11:00")
    kiosk_json(data, "grid", "slot", "add", "11:00", "11:30", "--break", "--label", "Coffee")
    kiosk_json(data, "grid", "slot", "add", "11:30", "12:30")
    sessions = [
        (WELSH, ["Siân Jones", "Dafydd ap Gwilym"], "Ystafell Gŵyr", "10:00"),
        (IRISH, ["Seán Ó Súilleabháin", "Aoife Ní Bhriain"], "Seomra Mór", "10:00"),
        ("Iechyd meddwl i bobl ifanc yng Nghymru", ["Gwenllian ap Rhys", "Łukasz Nowak"], "Ystafell Gŵyr",
         "11:30"),
        ("Wellbeing at work for staff on every ward and every shift", ["Priya Patel"], "Main Hall", "11:30"),
    ]
    for title, conveners, space, slot in sessions:
        args = [a for name in conveners for a in ("--convener", name)]
        kiosk_json(data, "grid", "propose", title, *args, "--space", space, "--slot", slot)
    printer = TcpPrinter()
    try:
        kiosk_json(data, "printers", "add", "thermal", printer.uri, "--profile", profile)
        done = kiosk_json(data, "grid", "print", "--printer", "thermal")
        assert done["status"] == "done", done
        printed = decode(printer.wait_for_job(), profile)
    finally:
        printer.close()
    order = {"Main Hall": 0, "Ystafell Gŵyr": 1, "Seomra Mór": 2}
    lines = ["10:00-11:00"]
    for title, conveners, space, slot in sorted(sessions, key=lambda s: (s[3], order[s[2]])):
        if slot == "11:30" and "11:00-11:30 Coffee" not in lines:
            lines += ["11:00-11:30 Coffee", "11:30-12:30"]
        lines.append(f"  {space}: {title} ({', '.join(conveners)})")
    check_on_paper(printed, "Diwrnod Iechyd – Lá Sláinte", tuple(lines), width, columns)
    text = " ".join(" ".join(line.text for line in printed.lines).split())
    assert "Seán Ó Súilleabháin, Aoife Ní Bhriain)" in text and "(Priya Patel)" in text
    assert len(printed.images) == 2  # the two Ystafell Gŵyr lines, with their conveners
