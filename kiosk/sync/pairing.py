"""Joining a hub: pair this device, fetch the event if this laptop has no copy, forget a hub."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from kiosk.core.errors import UsageError
from kiosk.store.datadir import DataDir
from kiosk.sync.client import SyncClient, SyncResult
from kiosk.sync.transport import Offline, pair

# What `kiosk hub pair` puts in its QR code: the hub address, then the one-time code.
_PAIRING_PAYLOAD = re.compile(r"^(https?://[^\s#]+)#pair=([A-Za-z0-9-]{4,40})$")


@dataclass(frozen=True)
class Joined:
    event: str
    device: str
    result: SyncResult


def parse_pairing_payload(text: str) -> tuple[str, str] | None:
    """(hub URL, code) from a scanned pairing QR, or None when the scan is something else."""
    match = _PAIRING_PAYLOAD.match(text.strip())
    return (match.group(1).rstrip("/"), match.group(2).upper()) if match else None


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
        # The hub may have paired us and its answer been lost on the way back: the code still
        # works until its token is used (hub_backend.may_redeem), so staff need not make another.
        raise Offline(f"pairing did not finish: {exc.message}; try again with the same code") from None
    slug = answer["event"]
    if data.exists(slug):
        data.use(slug)
        store = data.open(slug)
    else:
        store = data.create(slug, answer.get("name", slug), record_info=False)
    with store, SyncClient(store) as client:
        client.configure(hub_url, answer["token"], ca_pem)
        result = client.sync_once()
    return Joined(slug, answer["device"], result)
