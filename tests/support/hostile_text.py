"""Text a bad or hostile kiosk may push into a grid (the hub accepts any text in its fields), and
how to read it back from the calendar feed: shared by the feed's unit and end-to-end tests."""

from __future__ import annotations

import re

# What a bad or hostile push may put in a session (the hub accepts any text in these fields).
HOSTILE = [
    "Evil\r\nATTENDEE;RSVP=TRUE:mailto:victim@example.com",
    "lone\rCR\nthen LF\r\n\r\nand CRLF twice",
    'semi;colon,comma\\back\\slash "double" \'single\'',
    "C:\\New folder\\N is not a line break; \\n neither",
    "<script>alert('x')</script> & <b>bold</b>",
    "END:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected",
    "line\u2028separator\u2029paragraph\x85next line\x0bvertical\x0cform feed\x07bell\x1b[31mred",
    "Ystafell Gŵyr · Łukasz Ødegård · 東京 · " + "long " * 30,
]
STANDARD_VEVENT = {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION"}
STANDARD_CALENDAR = {"VERSION", "PRODID", "CALSCALE", "X-WR-CALNAME"}


def as_read_back(text: str) -> str:
    """What the feed can carry: iCalendar TEXT has one line break (LF); controls are not TEXT."""
    text = re.sub("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", "\n", text)
    return re.sub("[\x00-\x08\x0e-\x1b\x1f\x7f]", "", text)


def unescape(value: str) -> str:
    """RFC 5545 3.3.11 TEXT, read back."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def unfolded_lines(feed: str) -> list[str]:
    """The content lines, as any reader unfolds them; split on every character some reader (Python's
    str.splitlines among them) takes as a line end."""
    return feed.replace("\r\n ", "").replace("\r\n\t", "").splitlines()
