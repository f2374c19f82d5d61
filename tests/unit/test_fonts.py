"""Fonts for every name: the shipped fonts cover the Indian scripts most used in UK and Irish
communities and shape them right; a name no font covers fails in words before printing; emoji no
font draws in outline are left out, never hollow boxes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from kiosk.core.model import Attendee
from kiosk.event import OpenEvent
from kiosk.print.draw import fonts, text_engine
from kiosk.print.draw.badge_pdf import BadgeRenderer
from kiosk.print.draw.layout import load_layout

from tests.support.cli import kiosk_json
from tests.support.event_data import add_attendee
from tests.support.paths import ROOT

# (first name, surname) in each shipped script, with conjuncts, reordered and split vowel signs.
NAMES = {
    "Noto Sans Devanagari": [("प्रिया", "शर्मा"), ("क्षितिज", "श्रीवास्तव")],
    "Noto Sans Gurmukhi": [("ਗੁਰਪ੍ਰੀਤ", "ਸਿੰਘ")],
    "Noto Sans Bengali": [("সৌমিত্র", "চট্টোপাধ্যায়")],
    "Noto Sans Gujarati": [("કૃષ્ણ", "પટેલ")],
    "Noto Sans Tamil": [("ஸ்ரீநிவாசன்", "கிருஷ்ணன்")],
    "Noto Sans Malayalam": [("ശ്രീക്കുട്ടി", "നായർ")],
}
ETHIOPIC = ("አበበ", "በቀለ")


@pytest.fixture
def shipped_only(monkeypatch):
    """A laptop with only the shipped fonts, as far as the font choice goes (the rendering test
    below also limits Qt's own font list, in a process of its own)."""
    monkeypatch.setenv(fonts.FONT_DIRS_ENV, "")
    fonts.forget()
    yield
    fonts.forget()  # looked up again, with the real folders, by whatever runs next


def test_every_shipped_font_is_there_with_its_licence():
    folder = ROOT / "assets" / "fonts"
    licences = " ".join(p.read_text() for p in folder.glob("*.txt"))
    assert "SIL Open Font License" in licences and "Noto is a trademark" in licences
    for regular, bold in fonts.SHIPPED:
        assert (folder / regular).stat().st_size > 10_000 and (folder / bold).stat().st_size > 10_000
    shipped = {name for pair in fonts.SHIPPED for name in pair}
    assert {p.name for p in folder.glob("*.ttf")} == shipped  # no font shipped unused


def test_cmap_reader_agrees_with_qt_on_every_shipped_font():
    """The coverage check reads fonts itself (no Qt, no extra library): it must see exactly the
    characters Qt's own font loader finds."""
    from PySide6.QtGui import QRawFont

    text_engine.qt_text_ready()
    for face in fonts.shipped_faces():
        for path in (face.regular, face.bold):
            raw = QRawFont(str(path), 20)
            qt = {c for c in range(0x30000) if raw.supportsCharacter(c)} - {0x09}  # Qt counts a tab
            assert fonts.read_cmap(path) == qt, path.name


def test_the_shipped_fonts_cover_the_indian_scripts_and_name_what_they_lack(shipped_only):
    for family, names in NAMES.items():
        for name in names:
            text = " ".join(name)
            assert fonts.missing(text) == "", text
            faces = fonts.faces_for(text)
            assert faces and all(face.shipped for face in faces)
            assert family.replace(" ", "") in faces[0].regular.name
    uncovered = fonts.uncovered_scripts(["Abebe አበበ", "አበበ በቀለ", "සුනිල් Perera", "王小明", "Siân", "प्रिया"])
    assert uncovered == {"Ethiopic": 2, "Sinhala": 1, "Chinese, Japanese or Korean (CJK)": 1}


def test_the_refusal_names_every_missing_script_and_a_free_font(shipped_only):
    with pytest.raises(fonts.MissingFont) as refused:
        fonts.require_fonts(["Abebe አበበ", "", "සුනිල් Perera"], "the badge for ticket X1")
    assert refused.value.message == (
        "No font for Ethiopic and Sinhala on this laptop, so the badge for ticket X1 was not printed. Print it "
        "with the name in Latin letters, or ask the organiser to install a font for them (for example the free "
        "Noto Sans Ethiopic).")
    assert refused.value.scripts == ("Ethiopic", "Sinhala") and refused.value.exit_code == 1
    with pytest.raises(fonts.MissingFont, match=r"No font for Chinese, Japanese or Korean \(CJK\) .*Noto Sans CJK"):
        fonts.require_fonts(["王小明"], "the badge for ticket X2")
    fonts.require_fonts(["प्रिया", "Siân 🎉", ""], "the badge for ticket X3")  # covered: no error


def test_scripts_are_named_in_words_people_know():
    assert [fonts.script_of(ch) for ch in "አසⴰ한か王ℵ"] == [
        "Ethiopic", "Sinhala", "Tifinagh", "Korean (Hangul)", "Japanese (Hiragana)",
        "Chinese, Japanese or Korean (CJK)", "symbols"]
    assert fonts.script_of("\ue000") == "private-use characters"
    assert fonts.script_of("\U0001d504") == "mathematical letters"


def _shaped(text: str) -> list[tuple[str, list[int]]]:
    from PySide6.QtGui import QTextLayout

    layout = QTextLayout(text, text_engine._qt_font(False, text))
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName(), list(run.glyphIndexes())) for run in layout.glyphRuns()]


def _cmap_glyphs(text: str) -> list[int]:
    from PySide6.QtGui import QRawFont

    raw = QRawFont(str(fonts.face_for(ord(text[0])).regular), 20)  # type: ignore[union-attr]
    return [raw.glyphIndexesForString(ch)[0] for ch in text]


@pytest.mark.parametrize("family, conjunct", [
    ("Noto Sans Devanagari", "क्ष"), ("Noto Sans Bengali", "ক্ষ"), ("Noto Sans Gujarati", "ક્ષ"),
    ("Noto Sans Tamil", "க்ஷ"), ("Noto Sans Malayalam", "ക്ക")])
def test_conjuncts_become_one_glyph_not_three(shipped_only, family, conjunct):
    """Drawn glyph by glyph (as reportlab would), क + ् + ष shows a stray virama; shaped, it is the
    single conjunct glyph the font has for it."""
    text_engine.qt_text_ready()
    [(used, glyphs)] = _shaped(conjunct)
    assert used == family
    assert len(glyphs) == 1 and glyphs[0] not in _cmap_glyphs(conjunct)


@pytest.mark.parametrize("syllable", ["कि", "কি", "કિ", "ਕਿ"])
def test_the_i_vowel_sign_is_drawn_before_its_consonant(shipped_only, syllable):
    text_engine.qt_text_ready()
    [(_family, glyphs)] = _shaped(syllable)
    consonant = _cmap_glyphs(syllable)[0]
    assert glyphs[1] == consonant and glyphs[0] != consonant


# -- the printed badge, on a machine with only the shipped fonts -----------------------------------

_CHILD = r'''
import json, sys
from pathlib import Path
from kiosk.core.model import Attendee
from kiosk.print.draw import fonts
from kiosk.print.draw.badge_pdf import BadgeRenderer
from kiosk.print.draw.layout import load_layout

out, names = Path(sys.argv[1]), json.loads(sys.argv[2])
layout = load_layout("badge-4x3")
renderer = BadgeRenderer(layout, "Community Day")
renderer.write([Attendee(code=f"T{i}", first_name=first, last_name=last, ticket_type="Guest")
                for i, (first, last) in enumerate(names)], out)
bold = {f.source: f.font == "bold" for f in layout.fields}
drawn = [{"source": d.source, "text": d.text, "size": d.size, "line": [d.left, d.top, d.right, d.bottom],
          "field": list(d.box), "bold": bold[d.source]} for d in renderer.drawn]
refused = out.with_name("ethiopic.pdf")
try:
    BadgeRenderer(layout).write([Attendee(code="ETH", first_name=sys.argv[3], last_name=sys.argv[4])], refused)
    error = ""
except fonts.MissingFont as exc:
    error = exc.message
print(json.dumps({"drawn": drawn, "error": error, "written": refused.exists()}))
'''
DPI = 300


def _dark(image) -> np.ndarray:
    """Where the page is black text (the coloured band is not), from a QImage."""
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    rgb = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes()).reshape(h, -1)[:, :w * 3].reshape(h, w, 3)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    high, low = np.maximum(np.maximum(r, g), b), np.minimum(np.minimum(r, g), b)
    return (high < 128) & (high - low < 60)


def _ink(mask: np.ndarray) -> np.ndarray:
    ys, xs = np.nonzero(mask)
    return mask[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


def _reference(text: str, size: float, bold: bool, shaped: bool) -> np.ndarray:
    """The name drawn by Qt's own text painter in the shipped font: shaped, or one character at a
    time (what drawing glyph by glyph gives)."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter

    face = fonts.face_for(ord(text[0]))
    assert face is not None and face.shipped and face.bold is not None
    family = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(face.regular)))[0]
    QFontDatabase.addApplicationFont(str(face.bold))
    em = size / 72 * DPI
    image = QImage(int(em * (len(text) * 0.9 + 1)), int(em * 2.6), QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(DPI / 0.0254))
    image.setDotsPerMeterY(round(DPI / 0.0254))
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    font = QFont()
    font.setFamilies([family])
    font.setBold(bold)
    font.setPointSizeF(size)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    x = 10.0
    for piece in ([text] if shaped else list(text)):
        painter.drawText(QPointF(x, em * 2), piece)
        x += painter.fontMetrics().horizontalAdvance(piece)
    painter.end()
    return _ink(_dark(image))


def _overlap(printed: np.ndarray, reference: np.ndarray) -> float:
    """Intersection over union of two ink masks, the reference scaled onto the printed one."""
    scaled = Image.fromarray(reference.astype(np.uint8) * 255).resize(printed.shape[::-1], Image.Resampling.BILINEAR)
    ref = np.asarray(scaled) > 127
    return float((printed & ref).sum() / (printed | ref).sum())


@pytest.mark.slow
def test_indian_names_print_shaped_with_only_the_shipped_fonts_and_ethiopic_fails_in_words(tmp_path):
    """The badge PDF made in a process whose Qt sees only assets/fonts (fontconfig limited to it)
    and whose font search has no system folders, rendered at 300 dpi and compared with Qt's own
    shaped drawing of each name: the same ink (no black bars, no loose glyphs), inside its line."""
    from kiosk.print.draw.raster import render_page

    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                      f'<dir>{ROOT / "assets" / "fonts"}</dir><cachedir>{tmp_path / "fc-cache"}</cachedir>'
                      f'</fontconfig>')
    env = {**os.environ, "FONTCONFIG_FILE": str(config), fonts.FONT_DIRS_ENV: "", "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(ROOT)}
    names = [name for family in NAMES.values() for name in family]
    pdf = tmp_path / "badges.pdf"
    ran = subprocess.run([sys.executable, "-c", _CHILD, str(pdf), json.dumps(names), *ETHIOPIC], env=env,
                         capture_output=True, text=True, timeout=180)
    assert ran.returncode == 0, ran.stderr[-3000:]
    result = json.loads(ran.stdout)
    assert result["error"].startswith("No font for Ethiopic on this laptop, so the badge for ticket ETH "
                                      "was not printed.")
    assert not result["written"]  # failed before anything was drawn for the printer

    text_engine.qt_text_ready()
    firsts = [d for d in result["drawn"] if d["source"] == "first_name"]
    lasts = [d for d in result["drawn"] if d["source"] == "last_name"]
    assert [d["text"] for d in firsts] == [first for first, _ in names]
    assert [d["text"] for d in lasts] == [last for _, last in names]
    for page, lines in enumerate(zip(firsts, lasts, strict=True)):
        dark = _dark(render_page(pdf, DPI, page))
        for d in lines:
            left, top, right, bottom = (round(v / 25.4 * DPI) for v in d["line"])
            field_top, field_bottom = (round(v / 25.4 * DPI) for v in (d["field"][1], d["field"][3]))
            area = dark[field_top:field_bottom + 1, left - 3:right + 4]
            rows = np.nonzero(area.any(axis=1))[0] + field_top
            assert top - 2 <= rows.min() and rows.max() <= bottom + 2, (d["text"], rows.min(), rows.max(), top, bottom)
            printed = _ink(area)
            assert printed.mean() < 0.6, d["text"]  # letters, not solid bars
            same = _overlap(printed, _reference(d["text"], d["size"], d["bold"], shaped=True))
            loose = _overlap(printed, _reference(d["text"], d["size"], d["bold"], shaped=False))
            # Anti-aliasing differs more at 18 pt than at 66 pt; loose glyphs stay far off at both.
            assert same > (0.95 if d["size"] >= 30 else 0.78) and loose < 0.45, (d["text"], same, loose)


# -- failing in words, and emoji ----------------------------------------------------------------

def test_a_name_no_font_covers_fails_its_print_job_in_words(shipped_only, store, data_dir):
    add_attendee(store, "ETH", first_name=ETHIOPIC[0], last_name=ETHIOPIC[1])
    add_attendee(store, "DEV", first_name="प्रिया", last_name="शर्मा")
    with OpenEvent(data_dir, store) as event:
        event.save_settings(auto_print="always")
        arrival = event.check_in("ETH")
        assert arrival.badge_job is not None
        job = event.print_queue.run_once(arrival.badge_job.id)
        assert job is not None and job.state == "failed"
        assert job.error.startswith("No font for Ethiopic on this laptop, so the badge for ticket ETH was not printed")
        assert "Latin letters" in job.error
        prints = event.printers.default_pdf_folder()
        assert not list(prints.glob("*.pdf"))
        # Trying again by itself cannot help: it is not retried with the printer faults, and it
        # is not held as "it may have printed" either; staff can still retry it by hand.
        queue, now = event.print_queue, event.print_queue.clock
        queue.clock = lambda: now() + 3_600_000  # an hour on: any printer fault's backoff is over
        assert queue.run_once() is None and not job.held
        queue.clock = now
        assert event.print_queue.print_now(job.id).attempts == 2
        arrival = event.check_in("DEV")
        assert arrival.badge_job is not None
        assert event.print_queue.run_once(arrival.badge_job.id).state == "done"  # type: ignore[union-attr]
        assert len(list(prints.glob("*.pdf"))) == 1


def test_emoji_no_font_has_are_left_out_and_the_name_kept(shipped_only, tmp_path):
    drawable = text_engine.drawable
    assert drawable("Priya 🎉 Sharma") == "Priya Sharma"
    assert drawable("👩🏽\u200d💻 Ann") == "Ann"
    assert drawable("🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f Dafydd") == "Dafydd"
    assert drawable("Zoë ♥\ufe0f") == "Zoë ♥"  # DejaVu has the heart: drawn in outline, in black
    assert drawable("Siân\x07") == "Siân"
    assert all(fonts.face_for(ord(ch)) for ch in "Zoë ♥".replace(" ", ""))
    out = tmp_path / "b.pdf"
    people = [Attendee(code="E1", first_name="Priya 🎉", last_name="Sharma 🪷", organisation="🚀 Rocket Club")]
    BadgeRenderer(load_layout("badge-4x3")).write(people, out)
    text = PdfReader(out).pages[0].extract_text()
    assert "Priya" in text and "Sharma" in text and "Rocket Club" in text
    assert not any(ch in text for ch in "🎉🪷🚀\ufffd")
    with pytest.raises(fonts.MissingFont, match="only emoji"):
        BadgeRenderer(load_layout("badge-4x3")).write([Attendee(code="E2", first_name="🎉🎉", last_name="Jones")],
                                                      tmp_path / "c.pdf")
    assert not (tmp_path / "c.pdf").exists()


@pytest.mark.slow
def test_printers_fonts_lists_the_scripts_no_font_covers(shipped_only, store, data_dir):
    add_attendee(store, "ETH", first_name=ETHIOPIC[0], last_name=ETHIOPIC[1])
    add_attendee(store, "SIN", first_name="සුනිල්", last_name="Perera")
    add_attendee(store, "DEV", first_name="प्रिया", last_name="शर्मा")
    add_attendee(store, "LAT", first_name="Siân", last_name="Ó Súilleabháin")
    out = kiosk_json(data_dir.root, "printers", "fonts", expect=1)  # inherits KIOSK_FONT_DIRS=""; 1: some have none
    assert out["uncovered"] == {"Ethiopic": 1, "Sinhala": 1} and out["attendees"] == 4
    assert out["font_dirs"] == []


def test_cjk_names_take_the_glyph_forms_of_their_language():
    families = ("Noto Sans CJK JP", "Noto Sans CJK KR", "Noto Sans CJK SC", "Noto Sans Mono CJK SC")
    assert text_engine._region_family(families, "田中 さくら") == "Noto Sans CJK JP"
    assert text_engine._region_family(families, "김민준") == "Noto Sans CJK KR"
    assert text_engine._region_family(families, "王小明") == "Noto Sans CJK SC"
    assert text_engine._region_family(("WenQuanYi Zen Hei",), "王小明") == "WenQuanYi Zen Hei"


def test_cjk_prints_with_a_system_font_where_there_is_one(tmp_path):
    """CJK is not shipped (tens of MB): with fonts-noto-cjk installed a Chinese name prints."""
    fonts.forget()
    face = fonts.face_for(ord("王"))
    if face is None:
        pytest.skip("no CJK font on this machine (fonts-noto-cjk)")
    assert not face.shipped
    out = tmp_path / "cjk.pdf"
    renderer = BadgeRenderer(load_layout("badge-4x3"))
    renderer.write([Attendee(code="C1", first_name="小明", last_name="王")], out)
    from kiosk.print.draw.raster import render_page

    [line] = [d for d in renderer.drawn if d.source == "first_name"]
    dark = _dark(render_page(out, 150))
    left, top, right, bottom = (round(v / 25.4 * 150) for v in (line.left, line.top, line.right, line.bottom))
    ink = dark[top:bottom, left:right]
    assert 0.1 < ink.mean() < 0.6  # strokes, not bars and not nothing
