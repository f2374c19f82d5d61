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
    normalise_check,
    normalise_code,
    pairing_text,
    parse_pairing_payload,
    read_pairing_text,
    security_check,
)

FP = "YAYVNQJ5KDT5WOTU5RK3MFCBV6AGWG76FTDYCIZKB5SP3ZQT5J2A"  # a certificate's SHA-256, base32


def test_a_pairing_text_reads_back_as_made():
    # Version 1: a plain-HTTP hub, as earlier versions showed it (still read).
    text = pairing_text("http://192.168.1.20:8787/", "k7qm 3xpd hw9r")
    assert text == "kiosk-pair:1;http://192.168.1.20:8787;K7QM-3XPD-HW9R"
    assert read_pairing_text(text) == ("http://192.168.1.20:8787", "K7QM-3XPD-HW9R", "")
    assert read_pairing_text(f"  {text.upper()}\r\n") == ("http://192.168.1.20:8787", "K7QM-3XPD-HW9R", "")
    assert parse_pairing_payload(text) == ("http://192.168.1.20:8787", "K7QM-3XPD-HW9R", "")
    ipv6 = pairing_text("http://[fd00::2]:8787", "ABC123DEF456789ABC")
    assert read_pairing_text(ipv6) == ("http://[fd00::2]:8787", "ABC123-DEF456-789ABC", "")
    # Version 2: a laptop sharing over HTTPS, with its certificate's fingerprint.
    text = pairing_text("https://192.168.1.20:8787", "K7QM-3XPD-HW9R", FP)
    assert text == f"kiosk-pair:2;https://192.168.1.20:8787;K7QM-3XPD-HW9R;{FP}"
    assert read_pairing_text(text) == ("https://192.168.1.20:8787", "K7QM-3XPD-HW9R", FP)
    assert read_pairing_text(text).fingerprint == FP
    assert read_pairing_text(f" {text.upper()}\n") == ("https://192.168.1.20:8787", "K7QM-3XPD-HW9R", FP)
    assert read_pairing_text(text.lower()) == ("https://192.168.1.20:8787", "K7QM-3XPD-HW9R", FP)
    assert parse_pairing_payload(text) == ("https://192.168.1.20:8787", "K7QM-3XPD-HW9R", FP)
    # The longest address a laptop can have still makes a text well inside the limit (a small QR).
    longest = pairing_text("https://[fd00:1234:5678:9abc:def0:1234:5678:9abc]:65535", "K7QM-3XPD-HW9R", FP)
    assert len(longest) < pairing.MAX_PAIRING_TEXT // 2


@pytest.mark.parametrize("text, words", [
    ("kiosk-pair:3;https://10.0.0.2:8787;K7QM-3XPD-HW9R;" + FP, "newer version of Event Kiosk"),
    ("kiosk-pair:2;https://10.0.0.2:8787;K7QM-3XPD-HW9R", "damaged or cut short"),  # fingerprint lost
    ("kiosk-pair:2;https://10.0.0.2:8787;K7QM-3XPD-HW9R;" + FP[:-1], "damaged or cut short"),
    ("kiosk-pair:2;https://10.0.0.2:8787;K7QM-3XPD-HW9R;" + FP[:-1] + "1", "damaged or cut short"),  # not base32
    ("kiosk-pair:2;https://10.0.0.2:8787;K7QM-3XPD-HW9R;" + FP + ";x", "damaged or cut short"),
    ("kiosk-pair:2;http://10.0.0.2:8787;K7QM-3XPD-HW9R;" + FP, "not a hub address"),  # a pin needs TLS
    ("kiosk-pair:2;https://10.0.0.2:8787;K7QM-3XPD-HW91;" + FP, "pairing code is not right"),
    ("kiosk-pair:1;https://10.0.0.2:8787;K7QM-3XPD-HW9R;" + FP, "damaged or cut short"),
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


def test_the_security_check_is_the_fingerprints_start_typed_as_a_person_would():
    assert security_check(FP) == "YAYV-NQJ5-KDT5-WOTU"
    for typed in ("YAYV-NQJ5-KDT5-WOTU", " yayv nqj5 kdt5 w0tu ", "yayvnqj5kdt5wotu"):
        assert normalise_check(typed) == FP[:16]
    assert normalise_check("  ") == ""  # left empty: no check typed
    for bad in ("YAYV-NQJ5-KDT5", "YAYV-NQJ5-KDT5-WOTU-AAAA", "YAYV-NQJ5-KDT5-WOT9", "ÄAYV-NQJ5-KDT5-WOTU"):
        with pytest.raises(UsageError, match="security check is not right"):
            normalise_check(bad)


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
    offer = PairingOffer("day", "Desk 2", "K7QM-3XPD-HW9R", "https://192.168.1.20:8787",
                         pairing_text("https://192.168.1.20:8787", "K7QM-3XPD-HW9R", FP), 0.0)
    assert offer.address_words == "192.168.1.20:8787"
    address = lan_address()  # None on a machine with no network, else not loopback
    assert address is None or not address.startswith("127.")
