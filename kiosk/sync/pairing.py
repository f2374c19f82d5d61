"""Joining a hub: pair this device, fetch the event if this laptop has no copy, forget a hub."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from kiosk.core.errors import UsageError
from kiosk.store.datadir import DEFAULT_DEVICE_NAME, DataDir
from kiosk.store.settings import Settings
from kiosk.sync.client import SyncClient, SyncResult
from kiosk.sync.transport import Offline, pair, where

# What `kiosk hub pair` puts in its QR code: the hub address, then the one-time code.
_PAIRING_PAYLOAD = re.compile(r"^(https?://[^\s#]+)#pair=([A-Za-z0-9-]{4,40})$")
# What a laptop sharing its event from the window shows (kiosk/hub/host.py), for the scanner or the
# camera: "kiosk-pair:1;http://192.168.1.20:8787;K7QM-3XPD-HW9R". Semicolons part the fields, as
# neither an address nor a code holds one; the version lets a later format be told apart, and
# refused in words by this one rather than misread.
PAIRING_PREFIX = "kiosk-pair:"
PAIRING_VERSION = "1"
MAX_PAIRING_TEXT = 300  # a scan longer than this is not a pairing code, whatever it holds
# The hub's codes: three groups of six hex digits (`kiosk hub pair`), or of four letters and
# digits that cannot be mistaken for each other (no I, O, 0, 1: read across a desk, typed by hand).
SHORT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_HEX_CODE = re.compile(r"^[0-9A-F]{18}$")
_SHORT_CODE = re.compile(f"^[{SHORT_ALPHABET}]{{12}}$")
_PATH = re.compile(r"^(/[A-Za-z0-9._~-]+)*$")  # a hub behind a proxy may sit under a path
_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253})$")
NOT_A_PAIRING_CODE = ("That is not a pairing code. Scan the QR code shown on the laptop that shares the "
                      "event, or type the address and the code it shows.")


@dataclass(frozen=True)
class Joined:
    event: str
    device: str
    result: SyncResult
    renamed: bool = False  # this laptop took the name the hub gave it (see _take_hub_name)


def parse_pairing_payload(text: str) -> tuple[str, str] | None:
    """(hub URL, code) from a scanned pairing QR, or None when the scan is something else."""
    if text.strip().lower().startswith(PAIRING_PREFIX):
        try:
            return read_pairing_text(text)
        except UsageError:
            return None
    match = _PAIRING_PAYLOAD.match(text.strip())
    return (match.group(1).rstrip("/"), match.group(2).upper()) if match else None


def looks_like_pairing_text(text: str) -> bool:
    """A scan meant as a pairing code, readable or not: the desk answers a damaged one in words
    rather than treating it as a ticket."""
    return text.strip().lower().startswith(PAIRING_PREFIX) or parse_pairing_payload(text) is not None


def pairing_text(hub_url: str, code: str) -> str:
    """The text of a pairing QR code for this hub address and one-time code."""
    text = f"{PAIRING_PREFIX}{PAIRING_VERSION};{check_hub_url(hub_url)};{normalise_code(code)}"
    assert read_pairing_text(text) == (check_hub_url(hub_url), normalise_code(code))
    return text


def read_pairing_text(text: str) -> tuple[str, str]:
    """(hub URL, code) from a scanned or pasted pairing text; UsageError in words when it is not one.

    Strict: the prefix, version 1, an http(s) address with nothing after the port, and a code of
    one of the hub's two shapes. Anything else is refused, never guessed at."""
    text = text.strip()
    if len(text) > MAX_PAIRING_TEXT or not text.lower().startswith(PAIRING_PREFIX):
        raise UsageError(NOT_A_PAIRING_CODE)
    fields = text[len(PAIRING_PREFIX):].split(";")
    if fields and fields[0] != PAIRING_VERSION and fields[0].isdigit():
        raise UsageError("This pairing code was made by a newer version of Event Kiosk. Update the app "
                         "on this laptop, or type the address and the code shown on the sharing laptop.")
    if len(fields) != 3 or fields[0] != PAIRING_VERSION:
        raise UsageError("This pairing code is damaged or cut short. Scan it again, or type the address "
                         "and the code shown on the sharing laptop.")
    return hub_address(fields[1], strict=True), normalise_code(fields[2])


def normalise_code(text: str) -> str:
    """A typed or scanned code in the hub's own form: capitals, grouped with dashes. Spaces and
    dashes may be typed anywhere or left out; UsageError in words when it is not a code."""
    bare = re.sub(r"[\s-]", "", text).upper()
    if _SHORT_CODE.match(bare):
        return "-".join(bare[i:i + 4] for i in range(0, 12, 4))
    if _HEX_CODE.match(bare):
        return "-".join(bare[i:i + 6] for i in range(0, 18, 6))
    if not bare:
        raise UsageError("Type the pairing code shown on the sharing laptop, or scan its QR code.")
    raise UsageError("That pairing code is not right. It has 12 letters and digits, like K7QM-3XPD-HW9R: "
                     "check it against the sharing laptop's screen.")


def hub_address(text: str, strict: bool = False) -> str:
    """A hub address as a person types it: "192.168.1.20:8787" or with http:// in front.
    strict (a scanned code): the scheme must be there. UsageError in words when it is not one."""
    text = text.strip().rstrip("/")
    if not strict and text and "://" not in text:
        text = "http://" + text
    bad = UsageError("That is not a hub address. Type it as the sharing laptop shows it, "
                     "for example 192.168.1.20:8787.")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise bad from None
    authority = parts.netloc
    host = authority.rsplit(":", 1)[0] if port is not None else authority
    if (parts.scheme not in ("http", "https") or not parts.hostname or not _PATH.match(parts.path)
            or parts.query or parts.fragment or parts.username or parts.password or not _HOST.match(host)):
        raise bad
    return f"{parts.scheme}://{authority}{parts.path}"  # the scheme in small letters (caps lock on a scanner)


def check_hub_url(url: str) -> str:
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"not a hub address: {url!r} (expected e.g. http://192.168.1.20:8787)")
    return url


def join(data: DataDir, hub_url: str, code: str, ca_pem: str = "") -> Joined:
    """Pair with a hub; with no copy of the event here yet, download it. Makes it the current event.

    ca_pem: the certificate of the CA that signed an HTTPS hub's certificate, when the system
    does not already trust it."""
    hub_url = check_hub_url(hub_url)
    try:
        answer = pair(hub_url, code.strip(), ca_pem)
    except Offline as exc:
        if exc.why == "refused":  # nothing listens there: the code was never seen, so still good
            raise Offline(f"Nothing is answering at {where(hub_url)}. Check the address, that the sharing "
                          "laptop has pressed Start, and that both laptops are on the same network.") from None
        # The hub may have paired us and its answer been lost on the way back: the code still
        # works until its token is used (hub_backend.may_redeem), so staff need not make another.
        raise Offline(f"pairing did not finish: {exc.message}; try again with the same code") from None
    renamed = _take_hub_name(data, answer.get("device"))
    slug = answer["event"]
    if data.exists(slug):
        data.use(slug)
        store = data.open(slug)
    else:
        store = data.create(slug, answer.get("name", slug), record_info=False)
    with store, SyncClient(store) as client:
        client.configure(hub_url, answer["token"], ca_pem)
        result = client.sync_once()
    return Joined(slug, answer["device"], result, renamed)


def _take_hub_name(data: DataDir, given: object) -> bool:
    """The hub names each desk it pairs ("Desk 2"); a laptop still called by the default name
    takes it, so its check-ins and the sharing laptop agree on who it is. A name someone chose
    stays. True when this laptop was renamed (and is then never asked its name at first run)."""
    if not isinstance(given, str) or not given.strip() or data.device()[1] != DEFAULT_DEVICE_NAME:
        return False
    try:
        data.set_device_name(given)
    except UsageError:  # a name this app would refuse from a person (over 60 characters)
        return False
    Settings.update(data, desk_named=True)
    return given.strip() != DEFAULT_DEVICE_NAME
