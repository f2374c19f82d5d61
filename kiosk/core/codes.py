"""Ticket codes as scanners deliver them: trimming, URL unwrapping and rejection of malformed input."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

MAX_CODE_LENGTH = 512

# Query parameters that ticketing systems use to carry the code in a ticket URL.
_CODE_PARAMS = ("code", "ticket", "secret", "barcode", "qr", "t", "c", "id")
_URL_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


# C0 and C1 controls, DEL and lone surrogates: what a scanner's noise or a printer command looks like.
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def has_control_chars(text: str) -> bool:
    return _CONTROL_RE.search(text) is not None


def normalise_code(raw: object) -> str | None:
    """Return the ticket code carried by a scan, or None when the input is malformed.

    Accepts a raw code, or a URL whose last path segment or a well-known query parameter holds
    it. Scanners append CR, LF or Tab; those and surrounding whitespace are trimmed. Anything
    longer than 512 characters or containing control characters is rejected.
    """
    if not isinstance(raw, str):
        return None
    if len(raw) > MAX_CODE_LENGTH * 4:  # cheap guard before any work on scanner noise
        return None
    text = raw.strip()
    if not text or len(text) > MAX_CODE_LENGTH or has_control_chars(text):
        return None
    if _URL_RE.match(text):
        return _code_from_url(text)
    return text


def _code_from_url(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    params = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=False)}
    for name in _CODE_PARAMS:
        value = params.get(name, "").strip()
        if value and not has_control_chars(value):
            return value
    segments = [unquote(s) for s in parts.path.split("/") if s.strip()]
    if segments:
        code = segments[-1].strip()
        if code and not has_control_chars(code):
            return code
    return None
