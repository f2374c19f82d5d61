"""Export formats of ticketing systems: header aliases, auto-detection and status vocabularies.

Headers are compared after normalising (case, accents, punctuation: "Order #" → "order number"),
and each format lists aliases rather than exact names, because exports change from year to year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kiosk.core.textfold import fold

CODE = "code"
IMPORT_FIELDS = (CODE, "first_name", "last_name", "full_name", "email", "organisation", "job_title",
                 "pronouns", "ticket_type", "booking_ref", "status", "access_needs", "dietary_needs",
                 "notes", "attendance")

# What a person sees for each field (the mapping step's drop-downs, the preview): never the names above.
FIELD_LABELS: dict[str, str] = {
    CODE: "Ticket code", "first_name": "First name", "last_name": "Last name",
    "full_name": "Full name", "email": "Email", "organisation": "Organisation",
    "job_title": "Job title", "pronouns": "Pronouns", "ticket_type": "Ticket type",
    "booking_ref": "Booking reference", "status": "Ticket status", "access_needs": "Access needs",
    "dietary_needs": "Dietary needs", "notes": "Notes", "attendance": "In person or online",
}
# A column's choice besides a field: kept under its own heading, or left out.
EXTRA, SKIP = "extra", "skip"
CHOICE_LABELS: dict[str, str] = {**FIELD_LABELS, EXTRA: "Other detail (kept as it is)",
                                 SKIP: "Not imported"}


def normalise_header(header: str) -> str:
    text = fold(header.replace("#", " number ").replace("_", " "))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


@dataclass(frozen=True)
class Preset:
    name: str
    label: str
    signature: frozenset[str] = frozenset()
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    void_flag_headers: tuple[str, ...] = ()  # a non-empty cell here means the ticket is void


GENERIC_ALIASES: dict[str, tuple[str, ...]] = {
    CODE: ("ticket code", "code", "barcode", "barcode number", "qr code", "qr", "ticket secret",
           "secret", "ticket barcode", "ticket id", "ticket number", "ticket reference"),
    "first_name": ("first name", "firstname", "given name", "forename", "first"),
    "last_name": ("last name", "lastname", "surname", "family name", "last"),
    "full_name": ("full name", "name", "attendee name", "attendee", "delegate name", "participant"),
    "email": ("email", "email address", "e mail", "attendee email", "e mail address"),
    "organisation": ("organisation", "organization", "company", "company name", "employer",
                     "organisation name", "organization name", "affiliation", "institution", "org"),
    "job_title": ("job title", "role", "job role", "position", "job"),
    "pronouns": ("pronouns", "pronoun", "your pronouns"),
    "ticket_type": ("ticket type", "ticket", "type", "category", "ticket name", "registration type",
                    "ticket category", "product"),
    "booking_ref": ("booking reference", "booking ref", "order reference", "order number",
                    "order id", "order code", "order", "reference", "booking id", "booking number"),
    "status": ("status", "ticket status", "attendee status"),
    "access_needs": ("access needs", "accessibility", "accessibility needs", "access requirements",
                     "accessibility requirements"),
    "dietary_needs": ("dietary needs", "dietary requirements", "dietary", "diet", "allergies"),
    "notes": ("notes", "note", "comments", "staff notes"),
    # In person, online or both (kiosk/core/attendance.py reads the answer).
    "attendance": ("attendance", "attendance mode", "attendance type", "attendance method",
                   "how will you join", "how will you attend", "how will you be joining",
                   "how will you be attending", "joining", "joining method", "joining mode",
                   "in person or online", "online or in person", "participation", "participation mode",
                   "mode of attendance", "attending"),
}

# Custom questions arrive as their full text ("Do you have any dietary requirements?").
KEYWORD_RULES: tuple[tuple[str, str], ...] = (
    ("pronoun", "pronouns"),
    ("dietar", "dietary_needs"),
    ("allerg", "dietary_needs"),
    ("accessib", "access_needs"),
    ("access need", "access_needs"),
    ("access requirement", "access_needs"),
    ("how will you join", "attendance"),
    ("how will you attend", "attendance"),
    ("in person or online", "attendance"),
    ("online or in person", "attendance"),
)

EVENTBRITE = Preset(
    "eventbrite", "Eventbrite attendee report",
    frozenset({"order number", "attendee number", "ticket type", "attendee status", "order type",
               "price tier", "total paid", "order date", "quantity", "qty", "barcode number"}),
    {
        CODE: ("barcode number", "barcode", "attendee number"),
        "first_name": ("first name",), "last_name": ("last name",), "email": ("email",),
        "organisation": ("company", "organisation", "organization"), "job_title": ("job title",),
        "ticket_type": ("ticket type",), "booking_ref": ("order number",),
        "status": ("attendee status",),
    },
)
TITO = Preset(
    "tito", "Tito tickets export",
    frozenset({"ticket reference", "unique ticket url", "void status", "ticket full name",
               "ticket first name", "ticket email", "order reference", "ticket created date",
               "unique order url", "ticket company name"}),
    {
        # The QR carries the ticket's slug, the last segment of its unique URL.
        CODE: ("unique ticket url", "ticket reference"),
        "first_name": ("ticket first name",), "last_name": ("ticket last name",),
        "full_name": ("ticket full name",), "email": ("ticket email",),
        "organisation": ("ticket company name",), "job_title": ("ticket job title",),
        "ticket_type": ("ticket", "release"), "booking_ref": ("order reference",),
    },
    void_flag_headers=("void status",),
)
PRETIX = Preset(
    "pretix", "pretix order positions",
    frozenset({"order code", "position id", "product", "variation", "attendee name",
               "ticket secret", "attendee email", "order date", "secret"}),
    {
        CODE: ("ticket secret", "secret"),
        "full_name": ("attendee name",),
        "first_name": ("attendee name given name", "attendee name first name"),
        "last_name": ("attendee name family name", "attendee name last name"),
        "email": ("attendee email", "email"), "organisation": ("company", "attendee company"),
        "ticket_type": ("product",), "booking_ref": ("order code",), "status": ("status", "order status"),
    },
)
TICKETTAILOR = Preset(
    "tickettailor", "Ticket Tailor issued tickets",
    frozenset({"barcode", "full name", "order id", "voided at", "ticket type", "issued ticket id",
               "ticket type name", "event id", "first name", "last name"}),
    {
        CODE: ("barcode",), "full_name": ("full name",), "first_name": ("first name",),
        "last_name": ("last name",), "email": ("email",), "booking_ref": ("order id",),
        "ticket_type": ("ticket type", "ticket type name", "ticket name"), "status": ("status",),
    },
    void_flag_headers=("voided at",),
)
GENERIC = Preset("generic", "Generic spreadsheet")
# How the mapping step names a detected format: "Looks like an Eventbrite export (CSV)".
_IN_WORDS = {"eventbrite": "an Eventbrite export", "tito": "a Tito export", "pretix": "a pretix export",
             "tickettailor": "a Ticket Tailor export", "generic": "a spreadsheet or sign-up form"}

PRESETS: dict[str, Preset] = {p.name: p for p in (EVENTBRITE, TITO, PRETIX, TICKETTAILOR, GENERIC)}
_MIN_SIGNATURE = 3


def detect(headers: list[str]) -> Preset:
    normalised = {normalise_header(h) for h in headers}
    best, best_score = GENERIC, 0
    for preset in PRESETS.values():
        score = len(preset.signature & normalised)
        if score >= _MIN_SIGNATURE and score > best_score:
            best, best_score = preset, score
    return best


def map_columns(headers: list[str], preset: Preset, overrides: dict[str, str] | None = None
                ) -> dict[str, int]:
    """field → column index: the preset's aliases first, then generic ones, then question keywords.

    overrides maps a header (as written or normalised) to a field and wins over everything.
    """
    normalised = [normalise_header(h) for h in headers]
    mapping: dict[str, int] = {}
    taken: set[int] = set()

    def claim(field_name: str, index: int) -> None:
        mapping[field_name] = index
        taken.add(index)

    for header, field_name in (overrides or {}).items():
        wanted = normalise_header(header)
        index = next((i for i, h in enumerate(normalised) if h == wanted), None)
        if index is None:
            raise KeyError(header)
        mapping.pop(field_name, None)
        claim(field_name, index)
    flag_headers = set(preset.void_flag_headers)
    for aliases in (preset.aliases, GENERIC_ALIASES):
        for field_name in IMPORT_FIELDS:
            if field_name in mapping:
                continue
            for alias in aliases.get(field_name, ()):
                index = next((i for i, h in enumerate(normalised)
                              if h == alias and i not in taken and h not in flag_headers), None)
                if index is not None:
                    claim(field_name, index)
                    break
    for i, header in enumerate(normalised):
        if i in taken:
            continue
        for keyword, field_name in KEYWORD_RULES:
            if keyword in header and field_name not in mapping:
                claim(field_name, i)
                break
    return mapping


def void_flag_columns(headers: list[str], preset: Preset) -> list[int]:
    wanted = set(preset.void_flag_headers)
    return [i for i, h in enumerate(headers) if normalise_header(h) in wanted]


_VALID = {"", "valid", "attending", "checked in", "paid", "p", "n", "pending", "confirmed", "active",
          "complete", "completed", "issued", "registered", "booked", "ok", "yes", "true", "placed",
          "free", "approved", "not checked in"}
_VOID = {"void", "voided", "invalid", "expired", "e", "deleted", "transferred", "blocked", "no show"}
_CANCELLED = {"cancelled", "canceled", "c", "refunded", "not attending", "declined",
              "refund", "cancelled by attendee", "rejected"}
_FLAG_FALSE = {"", "false", "no", "0", "not void", "valid", "n"}


def status_from_text(text: str) -> str | None:
    """valid, void or cancelled for a ticketing system's status word; None when unrecognised."""
    value = normalise_header(text)
    if value in _VALID:
        return "valid"
    if value in _CANCELLED:
        return "cancelled"
    if value in _VOID:
        return "void"
    return None


def is_void_flag(text: str) -> bool:
    return normalise_header(text) not in _FLAG_FALSE


def format_in_words(preset_name: str, source: str) -> str:
    """"Looks like an Eventbrite export (CSV)" for a preset and reader.read_rows' description."""
    what = _IN_WORDS.get(preset_name, "a spreadsheet")
    if source == "xlsx":
        kind = "Excel workbook"
    elif "delimiter '\\t'" in source:
        kind = "tab-separated text"
    elif "delimiter ';'" in source:
        kind = "CSV with semicolons"
    else:
        kind = "CSV"
    return f"Looks like {what} ({kind})"
