"""The pairing QR's text and the typed code: made, read back strictly, refused in words."""

from __future__ import annotations

import re

import pytest

from kiosk.core.errors import UsageError
from kiosk.hub import store as hub_store
from kiosk.hub.host import PairingOffer, lan_address
from kiosk.hub.store import HubStore
from kiosk.sync import pairing
from kiosk.sync.pairing import (
    hub_address,
    looks_like_pairing_text,
    normalise_code,
    pairing_text,
    parse_pairing_payload,
    read_pairing_text,
)


def test_a_pairing_text_reads_back_as_made():
    text = pairing_text("http://192.168.1.20:8787/", "k7qm 3xpd hw9r")
    assert text == "kiosk-pair:1;http://192.168.1.20:8787;K7QM-3XPD-HW9R"
    assert read_pairing_text(text) == ("http://192.168.1.20:8787", "K7QM-3XPD-HW9R")
    assert read_pairing_text(f"  {text.upper()}\r\n") == ("http://192.168.1.20:8787", "K7QM-3XPD-HW9R")
    assert parse_pairing_payload(text) == ("http://192.168.1.20:8787", "K7QM-3XPD-HW9R")
    ipv6 = pairing_text("http://[fd00::2]:8787", "ABC123DEF456789ABC")
    assert read_pairing_text(ipv6) == ("http://[fd00::2]:8787", "ABC123-DEF456-789ABC")


@pytest.mark.parametrize("text, words", [
    ("kiosk-pair:2;http://10.0.0.2:8787;K7QM-3XPD-HW9R", "newer version of Event Kiosk"),
    ("kiosk-pair:1;http://10.0.0.2:8787", "damaged or cut short"),
    ("kiosk-pair:1;http://10.0.0.2:8787;K7QM-3XPD-HW9R;extra", "damaged or cut short"),
    ("kiosk-pair:v1;http://10.0.0.2:8787;K7QM-3XPD-HW9R", "damaged or cut short"),
    ("kiosk-pair:1;10.0.0.2:8787;K7QM-3XPD-HW9R", "not a hub address"),  # a scanned address has its scheme
    ("kiosk-pair:1;javascript:alert(1);K7QM-3XPD-HW9R", "not a hub address"),
    ("kiosk-pair:1;file:///etc/passwd;K7QM-3XPD-HW9R", "not a hub address"),
    ("kiosk-pair:1;http://user:pw@10.0.0.2;K7QM-3XPD-HW9R", "not a hub address"),
    ("kiosk-pair:1;http://10.0.0.2:8787/?x=1;K7QM-3XPD-HW9R", "not a hub address"),
    ("kiosk-pair:1;http://10.0.0.2:99999;K7QM-3XPD-HW9R", "not a hub address"),
    ("kiosk-pair:1;http://10.0.0.2:8787;K7QM-3XPD-HW9", "pairing code is not right"),
    ("kiosk-pair:1;http://10.0.0.2:8787;K7QM-3XPD-HW91", "pairing code is not right"),  # 1: not in the alphabet
    ("kiosk-pair:1;http://10.0.0.2:8787;K7QM-3XPD-HW9R\x00", "pairing code is not right"),
    ("kiosk-pair:1;http://10.0.0.2:8787;" + "A" * 400, "not a pairing code"),
    ("CODE-0001", "not a pairing code"),
    ("", "not a pairing code"),
])
def test_a_bad_pairing_text_is_refused_in_words(text, words):
    with pytest.raises(UsageError) as caught:
        read_pairing_text(text)
    message = caught.value.message
    assert words in message
    assert "Error" not in message and "errno" not in message.lower() and "Traceback" not in message
    assert parse_pairing_payload(text) is None


def test_a_damaged_pairing_scan_is_still_known_as_one_but_a_ticket_is_not():
    assert looks_like_pairing_text("kiosk-pair:1;http://10.0.0.2")
    assert looks_like_pairing_text("http://10.0.0.2:8787#pair=ABC123-DEF456-789ABC")  # `kiosk hub pair`'s QR
    assert not looks_like_pairing_text("CODE-0001")
    assert not looks_like_pairing_text("https://example.org/ticket/123")


@pytest.mark.parametrize("typed, code", [
    ("k7qm-3xpd-hw9r", "K7QM-3XPD-HW9R"),
    (" K7QM 3XPD HW9R ", "K7QM-3XPD-HW9R"),
    ("K7QM3XPDHW9R", "K7QM-3XPD-HW9R"),
    ("abc123def456789abc", "ABC123-DEF456-789ABC"),
])
def test_a_typed_code_takes_the_hubs_form(typed, code):
    assert normalise_code(typed) == code


@pytest.mark.parametrize("typed", ["", "   ", "K7QM-3XPD", "K7QM-3XPD-HW9R-AAAA", "ÄÄÄÄ-ÄÄÄÄ-ÄÄÄÄ", "K7QM_3XPD_HW9R"])
def test_a_wrong_typed_code_is_refused_in_words(typed):
    with pytest.raises(UsageError, match="pairing code"):
        normalise_code(typed)


def test_a_typed_address_may_leave_out_http():
    assert hub_address("192.168.1.20:8787") == "http://192.168.1.20:8787"
    assert hub_address(" https://hub.example.org/kiosk/ ") == "https://hub.example.org/kiosk"
    for bad in ("", "192.168.1.20 8787", "ftp://x", "http://", "http://x:0x50", "http://a/b c"):
        with pytest.raises(UsageError, match="not a hub address"):
            hub_address(bad)


def test_the_hub_makes_short_codes_the_desk_reads(tmp_path):
    assert hub_store.SHORT_ALPHABET == pairing.SHORT_ALPHABET
    assert not set("IO01") & set(pairing.SHORT_ALPHABET)
    hub = HubStore(tmp_path / "hub")
    try:
        codes = {hub.new_pairing_code("day", f"Desk {n}", short=True) for n in range(50)}
        assert len(codes) == 50
        for code in codes:
            assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code) and normalise_code(code.lower()) == code
        code = codes.pop()
        token, event, device = hub.pair(normalise_code(code.replace("-", "").lower()))
        assert event == "day" and token
    finally:
        hub.close()


def test_an_offer_says_its_address_in_words():
    offer = PairingOffer("day", "Desk 2", "K7QM-3XPD-HW9R", "http://192.168.1.20:8787",
                         pairing_text("http://192.168.1.20:8787", "K7QM-3XPD-HW9R"), 0.0)
    assert offer.address_words == "192.168.1.20:8787"
    address = lan_address()  # None on a machine with no network, else not loopback
    assert address is None or not address.startswith("127.")
