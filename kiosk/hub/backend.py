"""The hub's authoritative storage as one small interface: devices, pairing codes, operation logs.

Two implementations keep the same tables and give the same answers: SQLite (sqlite_backend, one
file in the hub folder) and PostgreSQL (postgres_backend, for an organisation whose hub processes
share one server); open_backend picks one. Everything else the hub knows is derived from these and
can be rebuilt. Both are thread-safe, and reads do not wait for a write in progress.

Each event's log numbers its operations 1, 2, 3… in commit order, so "the operations after seq N"
is a cursor that never skips one committed later with a lower number.

A token speaks for one device id (the `device` of the operations its laptop records): the first
push after pairing binds it (bind_device), and a push naming another id is refused. Re-pairing
clears the binding (a laptop replaced under the same name). An id already bound to another device
of the event that is not revoked cannot be bound again: a fresh token cannot take over a desk that
has pushed.

A pairing code is kept once redeemed (marked used) so that a kiosk whose answer was lost on the
way back can redeem it again: see may_redeem for when that is allowed.
"""

from __future__ import annotations

import hashlib
import json
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.core.errors import KioskError
from kiosk.hub.quota import Quota, Usage
from kiosk.ops.base import Operation

PAIRING_TTL_S = 15 * 60
PG_SCHEMES = ("postgresql://", "postgres://")


class HubUnavailable(KioskError):
    """The hub's database cannot be reached now; nothing was changed."""

    exit_code = 2


@dataclass(frozen=True)
class Device:
    event: str
    name: str
    revoked: bool
    # The device id its operations carry (a laptop's data folder's), bound at the first push
    # after pairing: None until then. A token speaks for that one device id only.
    device_id: str | None = None
    token_hash: str = ""


@dataclass(frozen=True)
class DeviceInfo:
    name: str
    paired: bool
    revoked: bool
    last_seen: float | None
    device_id: str | None = None
    quota: Usage | None = None

    def to_json(self) -> dict:
        return {"name": self.name, "paired": self.paired, "revoked": self.revoked, "last_seen": self.last_seen,
                "device_id": self.device_id, "quota": (self.quota or Usage()).to_json()}


@dataclass(frozen=True)
class OrganiserLink:
    """A private link to an event's live view (the organisers' dashboard): its token is kept only
    as a hash, apart from device tokens (it can read the dashboard, never push or pull)."""

    id: str          # short, shown by `kiosk hub organiser-link --list`, named to revoke it
    event: str
    name: str
    created_at: float
    revoked_at: float | None = None

    def to_json(self) -> dict:
        return {"id": self.id, "event": self.event, "name": self.name, "created_at": self.created_at,
                "revoked": self.revoked_at is not None, "revoked_at": self.revoked_at}


@dataclass(frozen=True)
class Entry:
    """One logged operation and its place in its event's log."""

    seq: int
    op: Operation


@dataclass(frozen=True)
class Appended:
    accepted: int     # operations new to the log
    head_before: int  # the event's last seq before them (nothing else was appended in between)
    head: int         # and after them


class HubBackend(Protocol):
    log_id: str  # names this log; a cache built from another log is thrown away

    def describe(self) -> str: ...
    def close(self) -> None: ...
    def add_pairing_code(self, event: str, name: str, code_hash: str, expires: float) -> None: ...
    def redeem_code(self, code_hash: str, token_hash: str, now: float) -> tuple[str, str] | None: ...
    def authenticate(self, token_hash: str, now: float) -> Device | None: ...
    def revoke(self, event: str, name: str) -> bool: ...
    def bind_device(self, device: Device, device_id: str) -> str | None: ...
    def charge(self, device: Device, ops: int, size: int, now: float, quota: Quota) -> tuple[float, str]: ...
    def devices(self, event: str) -> list[DeviceInfo]: ...
    def add_organiser_link(self, link: OrganiserLink, token_hash: str) -> None: ...
    def organiser_link(self, token_hash: str) -> OrganiserLink | None: ...
    def organiser_links(self, event: str) -> list[OrganiserLink]: ...
    def revoke_organiser_link(self, event: str, link_id: str, now: float) -> bool: ...
    def known(self, event: str) -> bool: ...
    def append(self, event: str, ops: list[Operation]) -> Appended: ...
    def read(self, event: str, after: int, limit: int) -> list[Entry]: ...
    def head(self, event: str) -> int: ...


def may_redeem(expires: float, used_at: float | None, revoked: bool, last_seen: float | None,
               now: float) -> bool:
    """Whether a pairing code may be exchanged for a (fresh) device token now; both backends ask this.

    An unused code may be, until it expires. A used one may be again, until the same expiry, only
    while the token it gave has never been presented (last_seen is from before the redeem, or
    none): then the kiosk cannot have received it, as when the hub's answer was cut on its way
    back, and replacing it takes nothing from anyone. Once that token has been used, or the
    device was revoked since, the code is dead.
    """
    if expires < now:
        return False
    if used_at is None:
        return True
    return not revoked and (last_seen is None or last_seen < used_at)


# A device's last_seen is written when its token is first presented after pairing (may_redeem needs
# that at once), then at most this often: not one durable write per pull.
LAST_SEEN_EVERY_S = 5.0


def needs_seen(paired_at: float | None, last_seen: float | None, now: float) -> bool:
    """Whether authenticating now must record last_seen (see LAST_SEEN_EVERY_S)."""
    return (last_seen is None or paired_at is None or last_seen < paired_at
            or not 0 <= now - last_seen < LAST_SEEN_EVERY_S)


def is_dsn(db: str | Path) -> bool:
    return isinstance(db, str) and db.startswith(PG_SCHEMES)


def redact(dsn: str) -> str:
    """The address with its password replaced, fit for messages and logs."""
    parts = urllib.parse.urlsplit(dsn)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        if ":" in userinfo:
            userinfo = userinfo.split(":", 1)[0] + ":***"
        netloc = f"{userinfo}@{host}"
    query = "&".join("password=***" if item.lower().startswith("password=") else item
                     for item in parts.query.split("&")) if parts.query else ""
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def dump_payload(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def unique_by_id(ops: Iterable[Operation]) -> list[Operation]:
    """The first of each id, in order: what a store keeps when a batch repeats an operation."""
    seen: set[str] = set()
    unique = []
    for op in ops:
        if op.id not in seen:
            seen.add(op.id)
            unique.append(op)
    return unique
