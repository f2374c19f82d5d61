"""Joining a hub: pair this device, fetch the event if this laptop has no copy, forget a hub."""

from __future__ import annotations

import hmac
import re
import ssl
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlsplit

from kiosk.core.errors import KioskError, RefusedError, UsageError
from kiosk.store.datadir import DEFAULT_DEVICE_NAME, DataDir
from kiosk.store.event_store import EventStore
from kiosk.store.settings import Settings
from kiosk.sync.client import SyncClient, SyncResult
from kiosk.sync.transport import (
    CodeRefused,
    Offline,
    Untrusted,
    certificate_fingerprint,
    fetch_certificate,
    pair,
    where,
)

# What `kiosk hub pair` puts in its QR code: the hub address, then the one-time code.
_PAIRING_PAYLOAD = re.compile(r"^(https?://[^\s#]+)#pair=([A-Za-z0-9-]{4,40})$")
# What a laptop sharing its event from the window shows (kiosk/hub/host.py), for the scanner or the
# camera: "kiosk-pair:2;https://192.168.1.20:8787;K7QM-3XPD-HW9R;<fingerprint>", the fingerprint
# being the SHA-256 of the hub's own certificate (kiosk/hub/selfsigned.py), so the desk that scans
# it trusts exactly that certificate. Version 1 ("kiosk-pair:1;http://…;CODE", no fingerprint) is
# what earlier versions showed for a plain-HTTP hub, and is still read. Semicolons part the fields,
# as neither an address, a code nor a fingerprint holds one; the version lets a later format be
# told apart, and refused in words by this one rather than misread.
PAIRING_PREFIX = "kiosk-pair:"
PAIRING_VERSION = "2"
PLAIN_VERSION = "1"  # no fingerprint: a plain-HTTP hub
MAX_PAIRING_TEXT = 300  # a scan longer than this is not a pairing code, whatever it holds
# The hub's codes: three groups of six hex digits (`kiosk hub pair`), or of four letters and
# digits that cannot be mistaken for each other (no I, O, 0, 1: read across a desk, typed by hand).
SHORT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_HEX_CODE = re.compile(r"^[0-9A-F]{18}$")
_SHORT_CODE = re.compile(f"^[{SHORT_ALPHABET}]{{12}}$")
# SHA-256 in base32 capitals without padding (kiosk/hub/selfsigned.py): 52 characters. Its first
# 16 (80 bits) are the "security check" the sharing laptop shows beside its code, for a person who
# types rather than scans: too many bits to find another certificate that starts the same.
_FINGERPRINT = re.compile(r"^[A-Z2-7]{52}$")
CHECK_LENGTH = 16
_CHECK = re.compile(f"^[A-Z2-7]{{{CHECK_LENGTH}}}$")
# base32 has no 0, 1 or 8: typed, they can only be O, I and B.
_CHECK_TYPOS = str.maketrans("018", "OIB")
_PATH = re.compile(r"^(/[A-Za-z0-9._~-]+)*$")  # a hub behind a proxy may sit under a path
_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253})$")
DAMAGED = ("This pairing code is damaged or cut short. Scan it again, or type the address and the code "
           "shown on the sharing laptop.")
NOT_THE_LAPTOP = ("The laptop at {where} is not the one whose code you scanned, so nothing was sent to it "
                  "and this laptop was not paired. Check that both laptops are on the same network and scan "
                  "the code again. If this happens again, tell the organiser: another computer on this "
                  "network may be pretending to be the sharing laptop.")
NOT_THE_CHECK = ("The security check you typed does not match the laptop at {where}, so nothing was sent to "
                 "it and this laptop was not paired. Check each letter of the security check and the address "
                 "against the sharing laptop's screen (the check is under the code), then try again. If they "
                 "match, tell the organiser: another computer on this network may be answering at that address.")
CODE_REFUSED = ("That code was not accepted: it is mistyped, already used by another desk, or more than 15 "
                "minutes old. Check it against the sharing laptop's screen, or ask there for a new one (it "
                "shows a new code after each desk joins).")
NOT_A_PAIRING_CODE = ("That is not a pairing code. Scan the QR code shown on the laptop that shares the "
                      "event, or type the address and the code it shows.")


@dataclass(frozen=True)
class Joined:
    event: str
    device: str
    result: SyncResult
    renamed: bool = False  # this laptop took the name the hub gave it (see _take_hub_name)
    kept_apart: str = ""  # this laptop's own event of the hub's event's name, left as it was


class Pairing(NamedTuple):
    """What a pairing QR says: the hub's address, the one-time code and, for a hub with its own
    certificate, that certificate's fingerprint ("" when the QR has none)."""

    url: str
    code: str
    fingerprint: str = ""


def parse_pairing_payload(text: str) -> Pairing | None:
    """(hub URL, code, fingerprint) from a scanned pairing QR, or None when the scan is something else."""
    if text.strip().lower().startswith(PAIRING_PREFIX):
        try:
            return read_pairing_text(text)
        except UsageError:
            return None
    match = _PAIRING_PAYLOAD.match(text.strip())
    return Pairing(match.group(1).rstrip("/"), match.group(2).upper()) if match else None


def looks_like_pairing_text(text: str) -> bool:
    """A scan meant as a pairing code, readable or not: the desk answers a damaged one in words
    rather than treating it as a ticket."""
    return text.strip().lower().startswith(PAIRING_PREFIX) or parse_pairing_payload(text) is not None


def pairing_text(hub_url: str, code: str, fingerprint: str = "") -> str:
    """The text of a pairing QR code for this hub address and one-time code: version 2 with the
    hub certificate's fingerprint (an https address), version 1 without (a plain-HTTP hub)."""
    url, code = check_hub_url(hub_url), normalise_code(code)
    if fingerprint:
        text = f"{PAIRING_PREFIX}{PAIRING_VERSION};{url};{code};{fingerprint}"
    else:
        text = f"{PAIRING_PREFIX}{PLAIN_VERSION};{url};{code}"
    assert read_pairing_text(text) == (url, code, fingerprint), "not a pairing text this app reads back"
    return text


def read_pairing_text(text: str) -> Pairing:
    """(hub URL, code, fingerprint) from a scanned or pasted pairing text; UsageError in words when
    it is not one.

    Strict: the prefix; version 2 with an https address, a code and a certificate fingerprint, or
    version 1 with an http(s) address and a code; an address with nothing after the port, and a
    code of one of the hub's two shapes. Anything else is refused, never guessed at."""
    text = text.strip()
    if len(text) > MAX_PAIRING_TEXT or not text.lower().startswith(PAIRING_PREFIX):
        raise UsageError(NOT_A_PAIRING_CODE)
    fields = text[len(PAIRING_PREFIX):].split(";")
    if fields and fields[0] not in (PAIRING_VERSION, PLAIN_VERSION) and fields[0].isdigit():
        raise UsageError("This pairing code was made by a newer version of Event Kiosk. Update the app "
                         "on this laptop, or type the address and the code shown on the sharing laptop.")
    if fields[0] == PLAIN_VERSION and len(fields) == 3:
        return Pairing(hub_address(fields[1], strict=True), normalise_code(fields[2]))
    if fields[0] != PAIRING_VERSION or len(fields) != 4:
        raise UsageError(DAMAGED)
    url = hub_address(fields[1], strict=True)
    if not url.startswith("https://"):  # a fingerprint pins a certificate: only TLS has one
        raise UsageError("That is not a hub address. Type it as the sharing laptop shows it, "
                         "for example 192.168.1.20:8787.")
    fingerprint = fields[3].upper()  # a scanner with caps lock on: base32 has one case
    if not _FINGERPRINT.match(fingerprint):
        raise UsageError(DAMAGED)
    return Pairing(url, normalise_code(fields[2]), fingerprint)


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


def security_check(fingerprint: str) -> str:
    """What the sharing laptop shows to type: the fingerprint's first 16 characters, grouped."""
    head = fingerprint[:CHECK_LENGTH]
    return "-".join(head[i:i + 4] for i in range(0, CHECK_LENGTH, 4))


def normalise_check(text: str) -> str:
    """A typed security check in the form compared ("YAYVNQJ5KDT5WOTU"): spaces and dashes anywhere
    or none, any case, 0/1/8 read as O/I/B. "" when nothing is typed; UsageError in words when it
    cannot be one."""
    bare = re.sub(r"[\s-]", "", text).upper().translate(_CHECK_TYPOS)
    if not bare or _CHECK.match(bare):
        return bare
    raise UsageError("That security check is not right. It has 16 letters and digits, like YAYV-NQJ5-KDT5-WOTU, "
                     "under the code on the sharing laptop's screen: check it against that screen.")


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


def join(data: DataDir, hub_url: str, code: str, ca_pem: str = "", fingerprint: str = "") -> Joined:
    """Pair with a hub; with no copy of the event here yet, download it. Makes it the current event.

    ca_pem: the certificate of the CA that signed an HTTPS hub's certificate, when the system
    does not already trust it. fingerprint: from a scanned pairing QR (version 2), the SHA-256 of
    the hub's own certificate, or its first 16 characters typed as the security check: the
    certificate the hub shows is checked against it before the code is sent, and is then the one
    this laptop trusts for that hub (as ca_pem)."""
    hub_url = check_hub_url(hub_url)
    if fingerprint:
        ca_pem = pinned_certificate(hub_url, fingerprint)
    try:
        answer = pair(hub_url, code.strip(), ca_pem)
    except CodeRefused:  # the hub said no to the code itself (a 401): words for what to do
        raise RefusedError(CODE_REFUSED) from None
    except Untrusted:
        raise Untrusted(f"this laptop cannot check the hub at {where(hub_url)}: its certificate is not trusted, "
                        "so the code was not sent to it. If it is a laptop sharing its event, scan the QR code "
                        "on its screen, or type the security check shown under its code as well; for an "
                        "organiser's hub, choose its CA certificate.") from None
    except Offline as exc:
        if exc.why == "refused":  # nothing listens there: the code was never seen, so still good
            raise Offline(f"Nothing is answering at {where(hub_url)}. Check the address, that the sharing "
                          "laptop has pressed Start sharing, and that both laptops are on the same network.") from None
        if hub_url.startswith("http://") and exc.why == "other" and _speaks_tls(hub_url):
            raise UsageError(f"The hub at {where(hub_url)} only takes secure connections. Scan the QR code "
                             "on the sharing laptop's screen, or type the security check shown under its "
                             "code as well.") from None
        # The hub may have paired us and its answer been lost on the way back: the code still
        # works until its token is used (hub_backend.may_redeem), so staff need not make another.
        raise Offline(f"pairing did not finish: {exc.message}; try again with the same code") from None
    renamed = _take_hub_name(data, answer.get("device"))
    slug = local = answer["event"]
    store = None
    if data.exists(slug):
        store = data.open(slug)
        if _never_shared(store) and isinstance(answer.get("head"), int) and answer["head"] > 0:
            # This laptop's own event of the same name (its own demo, say), and the hub's is
            # another with a history of its own: joined as it is, the two would mix (every demo
            # check-in twice). The hub's goes into a folder of its own; this one is left as it was.
            store.close()
            store, local = None, _free_slug(data, slug)
        else:
            data.use(slug)
    if store is None:
        store = data.create(local, answer.get("name", slug), record_info=False)
    with store, SyncClient(store) as client:
        client.configure(hub_url, answer["token"], ca_pem)
        result = client.sync_once()
    return Joined(local, answer["device"], result, renamed, slug if local != slug else "")


def _never_shared(store: EventStore) -> bool:
    """Made on this laptop and never synced: no hub token, nothing ever pulled from one."""
    return (not store.get_meta("sync.token", "") and store.get_meta("sync.pulled", "0") == "0"
            and store.conn.execute("SELECT 1 FROM ops WHERE local = 0 LIMIT 1").fetchone() is None)


def _free_slug(data: DataDir, slug: str) -> str:
    """The event's name with the first free number after it: day-2, day-3, …"""
    stem = slug[:59]
    return next(f"{stem}-{n}" for n in range(2, 10_000) if not data.exists(f"{stem}-{n}"))


def pinned_certificate(hub_url: str, fingerprint: str) -> str:
    """The certificate the hub at hub_url shows (PEM), when its fingerprint is the one scanned (or
    starts with the security check typed); RefusedError in words when another certificate answers
    (nothing is sent to it, not even the code: an impostor on the network learns nothing it could
    pair with)."""
    fingerprint = fingerprint.upper()
    if not hub_url.startswith("https://") or not (_FINGERPRINT.match(fingerprint) or _CHECK.match(fingerprint)):
        raise UsageError(DAMAGED)
    try:
        der = fetch_certificate(hub_url)
    except Offline as exc:
        if exc.why == "refused":
            raise Offline(f"Nothing is answering at {where(hub_url)}. Check that the sharing laptop has "
                          "pressed Start sharing, and that both laptops are on the same network.") from None
        raise
    if der is None or not hmac.compare_digest(certificate_fingerprint(der)[:len(fingerprint)], fingerprint):
        # Typed (the short check) or scanned (the whole fingerprint): a typo is likelier than an
        # impostor in the first case, so it is said first.
        words = NOT_THE_CHECK if _CHECK.match(fingerprint) else NOT_THE_LAPTOP
        raise RefusedError(words.format(where=where(hub_url)))
    return ssl.DER_cert_to_PEM_cert(der)


def _speaks_tls(hub_url: str) -> bool:
    """Whether a hub reached by http:// answers TLS on the same port (a laptop sharing securely
    whose address was typed without https)."""
    try:
        return fetch_certificate("https://" + hub_url.split("://", 1)[1]) is not None
    except KioskError:
        return False


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
