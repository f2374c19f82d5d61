"""Ticket codes made for lists that have none (sign-up forms, spreadsheets), and what they are made from.

A made code is `S-` and 12 characters of an alphabet read aloud easily (no 0/O, 1/I): 60 bits of
a keyed hash (HMAC-SHA256) of the person's *stable key* under a secret kept with the event. So:

- Unguessable: without the event's secret, knowing someone's email says nothing of their code.
- Re-importing the same list makes the same codes, so nobody is imported twice and the tickets
  already sent still scan, even after a volunteer corrected a name at the desk.
- The secret is event information (synced like the event's name), so a desk that imports the
  list after syncing makes the same codes too. Two desks that import before they ever synced
  make different secrets; the later one wins, and only a re-import after that would duplicate.

The stable key (decided here, documented in the README): the email address, trimmed and in
lower case, when the row has one (with an @) (someone who filled in a form twice is one person); otherwise
the full name and the organisation, each folded (case, accents, spaces). Changing the email (or,
with no email, the name or organisation) in the list makes a new person with a new code.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from kiosk.core.textfold import fold
from kiosk.store.event_store import EventStore

CODE_KEY = "import_code_key"  # the event information entry that holds the secret
PREFIX = "S-"
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols: 5 bits each
_LENGTH = 12


def new_secret() -> str:
    return secrets.token_hex(32)


def event_secret(store: EventStore | None) -> str | None:
    """The event's secret for made codes, or None when it has none yet (or there is no event)."""
    if store is None:
        return None
    return store.event_info().get(CODE_KEY) or None


def save_secret(store: EventStore, secret: str) -> None:
    """Keep the secret a plan made with the event, before any of its codes are written."""
    if event_secret(store) != secret:
        store.update_event_info(**{CODE_KEY: secret})


def _folded(text: str) -> str:
    return " ".join(fold(text).split())


def stable_key(values: dict[str, str]) -> str | None:
    """Who a row without a code is, for matching it with a code made before; None: cannot tell."""
    email = values.get("email", "").strip().lower()
    if "@" in email:  # not "anonymous", as Microsoft Forms writes for a form open to anyone
        return "email:" + email
    name = _folded(values.get("full_name", "")) or _folded(
        f"{values.get('first_name', '')} {values.get('last_name', '')}")
    if not name:
        return None
    return f"name:{name}|{_folded(values.get('organisation', ''))}"


def describe_key(key: str) -> str:
    """What two rows share, in words ("the same email")."""
    return "the same email" if key.startswith("email:") else "the same name and organisation"


def made_code(secret: str, key: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), key.encode("utf-8"), hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(_LENGTH):
        chars.append(_ALPHABET[number & 31])
        number >>= 5
    return PREFIX + "".join(chars)
