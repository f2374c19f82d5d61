"""After importing a list whose codes the app made: the tickets PDF and the mail-merge CSV.

Nobody on a sign-up list has a ticket yet, so the app writes one per person (their name and a QR
of their code, eight to a page: print them or mail them) and, if asked, a CSV of code, names and
email for a mail merge. Both are owner-only (they hold names and emails), written whole, and by
default kept in the event's folder so that erasing the event erases them too.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from kiosk.attendees.export import remember_if_in_data_folder, spreadsheet_safe
from kiosk.core.files import atomic_path
from kiosk.importer.generated import save_secret
from kiosk.importer.plan import ImportPlan
from kiosk.print.draw.tickets import tickets_of, write_tickets
from kiosk.store.event_store import EventStore

CSV_COLUMNS = ("Ticket code", "First name", "Last name", "Full name", "Email")


@dataclass(frozen=True)
class MadeTickets:
    count: int
    pdf: Path
    csv: Path | None = None


def keep_secret(store: EventStore, plan: ImportPlan) -> None:
    """Before writing a plan with made codes: the secret they came from goes with the event, so a
    re-import makes the same codes (kiosk/importer/generated.py)."""
    if plan.code_secret is not None and plan.generated:
        save_secret(store, plan.code_secret)


def _stem(file_name: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "-", Path(file_name).stem).strip("-")[:40] or "list"


def default_tickets_pdf(store: EventStore, file_name: str) -> Path:
    """In the event's folder, named after the list: tickets-signups.pdf."""
    return store.path.parent / f"tickets-{_stem(file_name)}.pdf"


def default_codes_csv(store: EventStore, file_name: str) -> Path:
    return store.path.parent / f"codes-{_stem(file_name)}.csv"


def write_made_tickets(store: EventStore, plan: ImportPlan, pdf: Path | None = None,
                       codes_csv: Path | None = None) -> MadeTickets:
    """The tickets PDF (and the CSV when asked) of everyone in the plan whose code was made."""
    pdf = Path(pdf) if pdf is not None else default_tickets_pdf(store, plan.file)
    tickets = tickets_of(store, plan.generated)
    event_name = store.event_info().get("name", "")
    count = write_tickets(tickets, pdf, event_name, f"Tickets: {event_name}")
    remember_if_in_data_folder(store, pdf)
    if codes_csv is not None:
        write_codes_csv(store, plan.generated, Path(codes_csv))
    return MadeTickets(count, pdf, Path(codes_csv) if codes_csv is not None else None)


def write_codes_csv(store: EventStore, codes: list[str], out: Path) -> int:
    """Code, names and email of each person, for a mail merge; neutralised against formulas."""
    people = {row[0]: row for row in _people(store, codes)}
    # utf-8-sig so Excel opens Welsh and Irish names correctly.
    with atomic_path(out, ".csv") as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for code in dict.fromkeys(codes):
            if code in people:
                writer.writerow([spreadsheet_safe(v) for v in people[code]])
    remember_if_in_data_folder(store, out)
    return len(people)


def _people(store: EventStore, codes: list[str]) -> list[tuple]:
    found: list[tuple] = []
    wanted = list(dict.fromkeys(codes))
    for start in range(0, len(wanted), 500):
        part = wanted[start:start + 500]
        found += store.conn.execute(
            "SELECT code, first_name, last_name, full_name, email FROM attendees "
            f"WHERE code IN ({', '.join('?' * len(part))})", part).fetchall()
    return found
