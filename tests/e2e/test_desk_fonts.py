"""A name no font on this laptop covers, printed from the desk: the banner says so in words (not
"the printer is not answering"), and nothing reaches the printer."""

from __future__ import annotations

import pytest

from kiosk.print.draw import fonts
from kiosk.print.printers import PrinterRegistry

from tests.support.event_data import add_attendee


@pytest.fixture
def shipped_fonts_only(monkeypatch):
    monkeypatch.setenv(fonts.FONT_DIRS_ENV, "")
    fonts.forget()
    yield
    fonts.forget()


def test_an_ethiopic_name_fails_in_words_on_the_desk(qtbot, window, shipped_fonts_only):
    add_attendee(window.store, "CODE-ETH", first_name="አበበ", last_name="በቀለ")
    window.print_badge("CODE-ETH")
    qtbot.waitUntil(lambda: window.printer_banner.isVisible(), timeout=10000)
    text = window.printer_banner.text()
    assert text.startswith("No font for Ethiopic on this laptop, so the badge for ticket CODE-ETH was not printed.")
    assert "Latin letters" in text
    assert "not answering" not in text and "when it is back" not in text
    assert not list(PrinterRegistry(window.data).default_pdf_folder().glob("*.pdf"))
