"""Slip lines wrapped by the app: at words, within the printer's columns, nothing lost."""

from __future__ import annotations

import pytest

from kiosk.print.draw.slip_lines import transliterate, wrap, wrap_columns

TITLES = [
    "Gwasanaethau iechyd ŵyr yn y gymuned: Ystafell Gŵyr",
    "Sláinte agus folláine san ionad oibre agus sa phobal",
    "  Ystafell Gŵyr: Iechyd meddwl i bobl ifanc (Siân Jones, Dafydd ap Gwilym, Łukasz)",
    "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch a'r ardal",
    "x",
]


def _words(lines: list[str]) -> list[str]:
    return " ".join(lines).split()


@pytest.mark.parametrize("columns", [48, 32, 24, 16])
@pytest.mark.parametrize("text", TITLES)
def test_every_line_fits_and_every_word_is_kept_in_order(text, columns):
    lines = wrap_columns(text, columns)
    assert all(len(line) <= columns for line in lines)
    if all(len(word) <= columns - 4 for word in text.split()):  # no word needed breaking
        assert _words(lines) == text.split()
    unbroken = "".join(line.removesuffix("-") if line[-2:-1].isalpha() else line for line in lines)
    assert "".join(unbroken.split()) == "".join(text.split())  # not a letter lost (added hyphens aside)
    assert not any(line.lstrip().startswith("-") for line in lines)


def test_breaks_at_spaces_not_mid_word():
    lines = wrap_columns("Gwasanaethau iechyd yn y gymuned", 16)
    assert lines == ["Gwasanaethau", "iechyd yn y", "gymuned"]


def test_double_width_counts_double():
    title = "Sláinte agus folláine san ionad"  # 31 characters: the printer breaks it mid-word at 24
    lines = wrap_columns(title, 48, double_width=True)
    assert all(len(line) * 2 <= 48 for line in lines) and _words(lines) == title.split()
    assert lines == ["Sláinte agus folláine", "san ionad"]


def test_a_word_longer_than_a_line_is_broken_to_fit():
    word = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
    lines = wrap_columns(f"Croeso i {word}", 24)
    assert lines[0] == "Croeso i" and all(len(line) <= 24 for line in lines)
    assert all(line.endswith("-") for line in lines[1:-1]) and not lines[-1].endswith("-")  # a hyphen marks it
    assert "".join(line.removesuffix("-") for line in lines[1:]) == word
    assert [len(line) for line in lines[1:-1]] == [24, 24]  # the hyphen counted in the line's width


def test_a_spaced_dash_stays_with_the_word_before_it():
    """" — " became " - " on the slip and could open a line, reading like a list item."""
    text = "Gwasanaethau iechyd ŵyr a wyresau — trafodaeth agored 10:00 – 10:45"
    for columns in range(12, 40):
        lines = wrap_columns(transliterate(text), columns)
        assert not any(line.lstrip().startswith("-") for line in lines), (columns, lines)
        assert " ".join(lines) == transliterate(text)


def test_cjk_breaks_without_a_hyphen_and_a_mark_stays_on_its_letter():
    assert all(not line.endswith("-") for line in wrap_columns("東京都渋谷区神宮前一丁目二番三号", 6))
    decomposed = "Nguyễn"  # ê with its tilde, stored decomposed
    for line in wrap_columns(decomposed * 3, 5):
        assert line[:1] not in ("̂", "̃"), line


def test_indent_kept_and_continuations_hang():
    lines = wrap_columns("  Main Hall: Wellbeing at work for staff on every ward (Siân Jones)", 32)
    assert lines[0].startswith("  Main Hall:") and all(line.startswith("    ") for line in lines[1:])
    assert all(len(line) <= 32 for line in lines)
    assert wrap_columns("    " + "word " * 3, 6)[0] == "word"  # an indent that would fill the line goes


def test_blank_gives_no_lines_and_measure_is_any_unit():
    assert wrap_columns("   ", 10) == [] and wrap("", 100, len) == []
    widths = {"i": 3, " ": 4}  # narrow letters: a proportional font, as image lines are measured
    lines = wrap("iiii iiii wwww", 40, lambda t: sum(widths.get(c, 10) for c in t))
    assert lines == ["iiii iiii", "wwww"]


def test_typographic_marks_become_ascii_so_the_line_stays_printer_text():
    text = transliterate("Siân’s “Gŵyl” – 10:00—11:00… \u00a0ok")
    assert text == "Siân's \"Gŵyl\" - 10:00-11:00...  ok"
    assert transliterate("Ł ŵ ŷ é") == "Ł ŵ ŷ é"  # letters are never changed
