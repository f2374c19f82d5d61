"""The check-in engine: scans, undo, walk-ins and edits at one desk, on top of the event store."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum

from kiosk.core.attendance import MODES
from kiosk.core.codes import has_control_chars, normalise_code
from kiosk.core.errors import RefusedError, UsageError
from kiosk.core.hlc import wall_ms
from kiosk.core.model import FIELDS, MAX_FIELD_LENGTH, STATUSES, Admission, Attendee, complete_names, joined_name
from kiosk.store.event_store import EventStore

# A scanner that reads the same code again within this window is one scan, not a second arrival.
REPEAT_WINDOW_MS = 3000
_WALKIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at a desk


class Status(str, Enum):
    CHECKED_IN = "checked_in"
    ALREADY_CHECKED_IN = "already_checked_in"
    UNKNOWN = "unknown"
    VOID = "void"
    INVALID = "invalid"
    ONLINE_ONLY = "online_only"  # registered to join online: staff decide whether to admit in person


@dataclass
class CheckinResult:
    status: Status
    attendee: Attendee | None = None
    previous: Admission | None = None  # the first admission, when already checked in
    repeat: bool = False               # the same scan seen again within the repeat window
    code: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is Status.CHECKED_IN

    def to_json(self) -> dict:
        return {
            "status": self.status.value,
            "code": self.code,
            "repeat": self.repeat,
            "attendee": self.attendee.to_json() if self.attendee else None,
            "previous": self.previous.to_json() if self.previous else None,
        }


@dataclass
class UndoResult:
    status: str  # "undone", "not_checked_in", "unknown", "invalid"
    attendee: Attendee | None = None
    undone: list[Admission] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "status": self.status,
            "attendee": self.attendee.to_json() if self.attendee else None,
            "undone": [a.to_json() for a in self.undone],
        }


_MULTILINE_FIELDS = frozenset({"notes", "access_needs", "dietary_needs"})


def clean_text(value: object, multiline: bool = False, limit: int = MAX_FIELD_LENGTH) -> str:
    """A field value safe to store and print: control characters become spaces, runs of
    whitespace collapse, and only free-text fields keep their line breaks."""
    text = "" if value is None else str(value)
    if "\n" not in text and not has_control_chars(text):
        return " ".join(text.split())[:limit]
    if has_control_chars(text):
        text = "".join(ch if ch == "\n" or not has_control_chars(ch) else " " for ch in text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    joiner = "\n" if multiline else " "
    return joiner.join(line for line in lines if line)[:limit]


class Desk:
    """Check-in actions as one device performs them."""

    def __init__(self, store: EventStore, clock: Callable[[], int] = wall_ms) -> None:
        self.store = store
        self._clock = clock

    @property
    def device(self) -> str:
        return self.store.device_name

    # -- look-ups -------------------------------------------------------------------------------

    def _find_code(self, code: str) -> str | None:
        conn = self.store.conn
        row = conn.execute("SELECT code FROM attendees WHERE code = ?", (code,)).fetchone()
        if row is None:
            # Caps-lock on a scanner, or a code typed by hand in the wrong case.
            row = conn.execute(
                "SELECT code FROM attendees WHERE code = ? COLLATE NOCASE LIMIT 1", (code,)
            ).fetchone()
        return row[0] if row else None

    def admissions(self, code: str) -> list[Admission]:
        rows = self.store.conn.execute(
            "SELECT op_id, at_ms, device FROM active_checkins WHERE code = ? ORDER BY at_ms, op_id",
            (code,),
        )
        return [Admission(r[0], r[1], r[2]) for r in rows]

    def attendee(self, code: str) -> Attendee | None:
        row = self.store.conn.execute("SELECT * FROM attendees WHERE code = ?", (code,)).fetchone()
        if row is None:
            return None
        return Attendee.from_row(row, self.admissions(code))

    def lookup(self, raw: str) -> tuple[str | None, str | None]:
        """(normalised code, stored code) for a scan; stored code is None when unknown."""
        code = normalise_code(raw)
        if code is None:
            return None, None
        found = self._find_code(code)
        if found is None and isinstance(raw, str) and raw.strip() != code:
            found = self._find_code(raw.strip())  # a QR that holds the whole URL as the code
        return code, found

    # -- actions --------------------------------------------------------------------------------

    def check_in(self, raw: str, in_person: bool = False) -> CheckinResult:
        """Admit the ticket a scan or search names. Durable before it returns checked_in.

        Someone registered to join online only is not admitted (ONLINE_ONLY) unless `in_person`:
        then their attendance becomes "both" in the same transaction, so the change is recorded."""
        code, found = self.lookup(raw)
        if code is None:
            return CheckinResult(Status.INVALID)
        if found is None:
            return CheckinResult(Status.UNKNOWN, code=code)
        with self.store.write():
            attendee = self.attendee(found)
            assert attendee is not None
            if attendee.status != "valid":
                return CheckinResult(Status.VOID, attendee, code=found)
            now = self._clock()
            if attendee.admissions:
                latest = max(attendee.admissions, key=lambda a: a.at_ms)
                if self._is_this_desk(latest) and 0 <= now - latest.at_ms <= REPEAT_WINDOW_MS:
                    return CheckinResult(Status.CHECKED_IN, attendee, repeat=True, code=found)
                return CheckinResult(Status.ALREADY_CHECKED_IN, attendee,
                                     previous=attendee.admissions[0], code=found)
            if attendee.attendance_mode == "online":
                if not in_person:
                    return CheckinResult(Status.ONLINE_ONLY, attendee, code=found)
                self.store.record("attendee.upsert", {"code": found, "set": {"attendance": "both"}})
                attendee.attendance = "both"
            op = self.store.record("checkin", {"code": found, "device": self.device, "at_ms": now})
            attendee.admissions = [Admission(op.id, now, self.device)]
        return CheckinResult(Status.CHECKED_IN, attendee, code=found)

    def _is_this_desk(self, admission: Admission) -> bool:
        """This device under this desk name: two laptops from one image share a hostname."""
        row = self.store.conn.execute("SELECT device FROM ops WHERE id = ?", (admission.op_id,)).fetchone()
        return admission.device == self.device and row is not None and row[0] == self.store.device_id

    def undo(self, raw: str) -> UndoResult:
        code, found = self.lookup(raw)
        if code is None:
            return UndoResult("invalid")
        if found is None:
            return UndoResult("unknown")
        with self.store.write():
            attendee = self.attendee(found)
            assert attendee is not None
            undone = attendee.admissions
            if not undone:
                return UndoResult("not_checked_in", attendee)
            self.store.record("checkin.undo", {"code": found, "checkins": [a.op_id for a in undone]})
            attendee.admissions = []
        return UndoResult("undone", attendee, undone)

    def walk_in(self, first_name: str, last_name: str, organisation: str = "", email: str = "",
                ticket_type: str = "", **fields: str) -> CheckinResult:
        """Register someone who has no ticket and admit them, in one durable step."""
        values = validate_fields({
            "first_name": first_name, "last_name": last_name, "organisation": organisation,
            "email": email, "ticket_type": ticket_type or "Walk-in", **fields,
        })
        if not (values.get("first_name") or values.get("last_name")):
            raise UsageError("a walk-in needs a first or last name")
        complete_names(values)
        with self.store.write():
            code = self._new_walkin_code()
            self.store.record("attendee.upsert", {
                "code": code, "set": {**values, "status": "valid", "source": "walkin"},
            })
            now = self._clock()
            self.store.record("checkin", {"code": code, "device": self.device, "at_ms": now})
            attendee = self.attendee(code)
        return CheckinResult(Status.CHECKED_IN, attendee, code=code)

    def edit(self, code: str, **fields: str) -> Attendee:
        """Change attendee fields (a misspelt name, a late pronoun); unchanged fields are not logged."""
        values = validate_fields(fields)
        with self.store.write():
            attendee = self.attendee(code)
            if attendee is None:
                raise RefusedError(f"unknown ticket {code!r}")
            if "full_name" not in values and attendee.full_name == joined_name(
                    attendee.first_name, attendee.last_name):
                # The full name was only ever first + last: keep it in step with the correction.
                values["full_name"] = joined_name(values.get("first_name", attendee.first_name),
                                                  values.get("last_name", attendee.last_name))
            changed = {k: v for k, v in values.items() if getattr(attendee, k) != v}
            if changed:
                self.store.record("attendee.upsert", {"code": code, "set": changed})
            updated = self.attendee(code)
        assert updated is not None
        return updated

    def _new_walkin_code(self) -> str:
        while True:
            code = "W-" + "".join(secrets.choice(_WALKIN_ALPHABET) for _ in range(8))
            if self._find_code(code) is None:
                return code


def validate_fields(fields: Mapping[str, object]) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, value in fields.items():
        if key not in FIELDS:
            raise UsageError(f"unknown attendee field {key!r}")
        if value is None:
            continue
        values[key] = clean_text(value, multiline=key in _MULTILINE_FIELDS)
    if "status" in values and values["status"] not in STATUSES:
        raise UsageError(f"status must be one of {', '.join(STATUSES)}")
    if values.get("attendance", "") not in ("", *MODES):
        raise UsageError(f"attendance must be one of {', '.join(MODES)}")
    email = values.get("email", "")
    if email and ("@" not in email or " " in email):
        raise UsageError(f"not an email address: {email!r}")
    return values
