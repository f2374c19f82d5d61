"""Ticket code normalisation: what scanners send, and what must be refused as invalid."""

import pytest

from kiosk.core.codes import MAX_CODE_LENGTH, normalise_code


@pytest.mark.parametrize("raw, code", [
    ("abc123", "abc123"),
    ("abc123\r\n", "abc123"),
    ("abc123\t", "abc123"),
    ("  abc123 \n", "abc123"),
    ("https://ti.to/tickets/ti_p5kR8sQ2uVx", "ti_p5kR8sQ2uVx"),
    ("https://ti.to/tickets/ti_p5kR8sQ2uVx/", "ti_p5kR8sQ2uVx"),
    ("https://example.org/checkin?code=XYZ-9&lang=cy", "XYZ-9"),
    ("https://example.org/t/ignored?secret=s3cr3t", "s3cr3t"),
    ("https://example.org/t/caf%C3%A9", "café"),
    ("a+b/c==", "a+b/c=="),  # pretix signed secrets are base64: not a URL
    ("x" * MAX_CODE_LENGTH, "x" * MAX_CODE_LENGTH),
])
def test_accepts_codes_and_urls(raw, code):
    assert normalise_code(raw) == code


@pytest.mark.parametrize("raw", [
    "", "   ", "\r\n", "x" * (MAX_CODE_LENGTH + 1), "ab\x1bcd", "ab\x00", "ab\x1d(k",
    "https://", "https://example.org/", "x" * 10_000, None, 42, b"bytes",
])
def test_rejects_malformed_input_without_raising(raw):
    assert normalise_code(raw) is None
