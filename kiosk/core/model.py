"""Attendee fields and the value types the engine hands to the CLI, the UI and sync."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from kiosk.core.attendance import attendance_mode
from kiosk.core.names import split_full_name

# The attendee fields an import can fill; each is a last-writer-wins register in the store.
FIELDS: tuple[str, ...] = (
    "first_name", "last_name", "full_name", "email", "organisation", "job_title", "pronouns",
    "ticket_type", "booking_ref", "status", "access_needs", "dietary_needs", "notes", "attendance",
)
# Registers beyond the plain fields: extra answers (a dict) and where the attendee came from
# ("import", "walkin").
REGISTERS: tuple[str, ...] = FIELDS + ("extra", "source")
STATUSES: tuple[str, ...] = ("valid", "void", "cancelled")
MAX_FIELD_LENGTH = 2000


def iso_local(ms: int) -> str:
    """A UTC millisecond timestamp as an ISO 8601 string in the machine's local time zone."""
    return datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone().isoformat(timespec="seconds")


def complete_names(values: dict[str, str]) -> None:
    """Fill full_name from first and last, or split a lone full name into first and last."""
    first, last, full = values.get("first_name", ""), values.get("last_name", ""), values.get("full_name", "")
    if full and not (first or last):
        values["first_name"], values["last_name"] = split_full_name(full)
    elif (first or last) and not full:
        values["full_name"] = joined_name(first, last)


def joined_name(first: str, last: str) -> str:
    return " ".join(p for p in (first, last) if p)


@dataclass(frozen=True)
class Admission:
    """One recorded check-in of a ticket: when, and on which desk."""

    op_id: str
    at_ms: int
    device: str

    def to_json(self) -> dict:
        return {"at": iso_local(self.at_ms), "device": self.device}


@dataclass
class Attendee:
    code: str
    first_name: str = ""
    last_name: str = ""
    full_name: str = ""
    email: str = ""
    organisation: str = ""
    job_title: str = ""
    pronouns: str = ""
    ticket_type: str = ""
    booking_ref: str = ""
    status: str = "valid"
    access_needs: str = ""
    dietary_needs: str = ""
    notes: str = ""
    attendance: str = ""  # what the file or the desk said; attendance_mode reads it
    source: str = ""
    extra: dict = field(default_factory=dict)
    admissions: list[Admission] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return self.full_name or joined_name(self.first_name, self.last_name)

    @property
    def attendance_mode(self) -> str:
        """in_person, online or both (kiosk/core/attendance.py)."""
        return attendance_mode(self.attendance, self.ticket_type)

    @property
    def checked_in(self) -> bool:
        return bool(self.admissions)

    @classmethod
    def from_row(cls, row, admissions: list[Admission] | None = None) -> Attendee:
        values = {name: row[name] for name in FIELDS}
        return cls(
            code=row["code"], source=row["source"], extra=json.loads(row["extra"] or "{}"),
            admissions=admissions or [], **values,
        )

    def to_json(self) -> dict:
        data = asdict(self)
        data["name"] = self.display_name
        data["checked_in"] = self.checked_in
        data["attendance"] = self.attendance_mode
        data["admissions"] = [a.to_json() for a in self.admissions]
        return data
