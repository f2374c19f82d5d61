"""The staff PIN that guards the self-service kiosk: hashed, rate-limited, kept on this machine only.

The PIN lives in the data folder's config.json (the "staff_pin" section), which is never synced:
each kiosk has its own. It is stored as an scrypt hash with a random salt; the comparison is
constant-time. After MAX_FAILURES wrong PINs in a row the PIN is refused outright for 30 s,
then 60 s, 120 s … (capped at an hour). The lockout is written to disk, so restarting the app
does not reset it, and a clock set backwards cannot stretch it beyond its period.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.core.errors import UsageError
from kiosk.store.datadir import DataDir

SECTION = "staff_pin"
MAX_FAILURES = 5
FIRST_LOCKOUT_S = 30
MAX_LOCKOUT_S = 3600
_PIN_RE = re.compile(r"[0-9]{4,12}")
# scrypt at 16 MiB of memory: about 50 ms a try on a laptop, so guessing 10^4 PINs offline from a
# stolen config.json costs minutes, not microseconds, while a person at the pad notices nothing.
_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}


@dataclass(frozen=True)
class PinCheck:
    """The answer to one PIN attempt."""

    ok: bool
    reason: str = ""            # "", "wrong", "locked", "not_set"
    tries_left: int = 0         # wrong PINs left before a lockout
    locked_for_s: float = 0.0   # seconds until the PIN is accepted again

    @property
    def locked(self) -> bool:
        return self.reason == "locked"


def check_pin_format(pin: str) -> str:
    if not isinstance(pin, str) or not _PIN_RE.fullmatch(pin):
        raise UsageError("a staff PIN is 4 to 12 digits")
    return pin


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


class StaffPin:
    """Set, clear and check this machine's staff PIN. `clock` returns seconds (wall time, since
    a lockout must survive a restart)."""

    def __init__(self, data: DataDir, clock: Callable[[], float] = time.time) -> None:
        self.data = data
        self.clock = clock

    def _state(self) -> dict:
        return self.data.section(SECTION)

    def is_set(self) -> bool:
        state = self._state()
        return bool(state.get("hash") and state.get("salt"))

    def set(self, pin: str) -> None:
        check_pin_format(pin)
        salt = os.urandom(16)
        digest = _hash(pin, salt, **_SCRYPT)
        self.data.save_section(SECTION, {
            "scheme": "scrypt", **_SCRYPT, "salt": _b64(salt), "hash": _b64(digest),
            "failures": 0, "lockouts": 0, "locked_until": 0.0, "locked_for": 0,
        })

    def clear(self) -> bool:
        """Forget the PIN (and any lockout); True if there was one."""
        had = self.is_set()
        self.data.save_section(SECTION, {})
        return had

    def lockout_remaining(self) -> float:
        """Seconds the PIN is still refused for (0 when it may be tried)."""
        state = self._state()
        remaining = float(state.get("locked_until", 0)) - self.clock()
        if remaining <= 0:
            return 0.0
        # A clock set back must not lock staff out for longer than the period they earned.
        return min(remaining, float(state.get("locked_for", 0)) or remaining)

    def status(self) -> dict:
        state = self._state()
        return {"set": self.is_set(), "failures": int(state.get("failures", 0)),
                "locked_for_s": round(self.lockout_remaining(), 1)}

    def verify(self, pin: str) -> PinCheck:
        state = self._state()
        if not self.is_set():
            return PinCheck(False, "not_set")
        remaining = self.lockout_remaining()
        if remaining > 0:
            # Refused without looking at the PIN: during a lockout even the right one fails.
            return PinCheck(False, "locked", 0, remaining)
        try:
            salt = base64.b64decode(state["salt"])
            expected = base64.b64decode(state["hash"])
            params = {k: int(state.get(k, _SCRYPT[k])) for k in ("n", "r", "p")}
        except (KeyError, ValueError, TypeError):
            return PinCheck(False, "not_set")
        # Hash whatever was typed, even a malformed PIN, so the answer takes the same time.
        typed = pin if isinstance(pin, str) and pin.isascii() else ""
        good = hmac.compare_digest(_hash(typed, salt, **params), expected) and bool(_PIN_RE.fullmatch(typed))
        state = self._state()  # re-read: another window may have counted a failure meanwhile
        if good:
            state.update(failures=0, lockouts=0, locked_until=0.0, locked_for=0)
            self.data.save_section(SECTION, state)
            return PinCheck(True)
        failures = int(state.get("failures", 0)) + 1
        if failures >= MAX_FAILURES:
            lockouts = int(state.get("lockouts", 0)) + 1
            period = min(MAX_LOCKOUT_S, FIRST_LOCKOUT_S * 2 ** (lockouts - 1))
            state.update(failures=0, lockouts=lockouts, locked_until=self.clock() + period, locked_for=period)
            self.data.save_section(SECTION, state)
            return PinCheck(False, "locked", 0, float(period))
        state["failures"] = failures
        self.data.save_section(SECTION, state)
        return PinCheck(False, "wrong", MAX_FAILURES - failures)
