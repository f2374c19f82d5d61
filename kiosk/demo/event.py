"""The demo event: a realistic Open Space community day to try the app with no real data."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from kiosk.core.textfold import fold
from kiosk.importer.plan import record_import
from kiosk.store.datadir import DataDir
from kiosk.store.event_store import EventStore

DEMO_SLUG = "demo"
DEMO_NAME = "Cymru & Éire Health Improvement Community Day"
DEMO_VENUE = "Pierhead Hall, Cardiff Bay"
TICKETS_PDF = "demo-tickets.pdf"

FIRST_NAMES = [
    "Siân", "Dafydd", "Rhys", "Ffion", "Angharad", "Gwenllïan", "Llŷr", "Aled", "Ceri", "Iolo",
    "Eleri", "Owain", "Nia", "Gethin", "Bethan", "Cerys", "Elin", "Emyr", "Gwawr", "Hywel",
    "Siobhán", "Pádraig", "Seán", "Aoife", "Niamh", "Caoimhe", "Ciarán", "Orla", "Éanna", "Róisín",
    "Tadhg", "Saoirse", "Oisín", "Gráinne", "Máire", "Clodagh", "Darragh", "Eimear", "Cillian",
    "Priya", "Aisha", "Mohammed", "Imran", "Fatima", "Ravi", "Anjali", "Yusuf", "Mei", "Wei",
    "Olivia", "Amelia", "Isla", "George", "Harry", "Jack", "Emily", "Sophie", "Thomas", "James",
    "Chloe", "Hannah", "Lucy", "Daniel", "Rachel", "Fiona", "Callum", "Morag", "Euan", "Kirsty",
    "Łukasz", "Zofia", "Oluwaseun", "Chidi", "Adaeze", "Kwame", "Zainab", "Tomasz", "Agnieszka",
]
LAST_NAMES = [
    "Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Hughes", "Lewis", "Morgan",
    "Griffiths", "Price", "Rees", "Pritchard", "ap Gruffydd", "Llywelyn", "Prydderch", "Gwynedd",
    "Ó Súilleabháin", "Ní Bhriain", "Mac Giolla Phádraig", "Ó Conchúir", "O'Brien", "Murphy",
    "Kelly", "Byrne", "Ryan", "Ó Dónaill", "Nic Aodha", "McCarthy", "Fitzgerald", "Breathnach",
    "Patel", "Khan", "Begum", "Ahmed", "Singh", "Chowdhury", "Hussain", "Chen", "Wong", "Okafor",
    "Adeyemi", "Mensah", "Kowalski", "Nowak", "Wiśniewska", "Smith", "Taylor", "Brown", "Wilson",
    "Johnson", "Walker", "Wright", "Robinson", "Thompson", "White", "MacLeod", "Campbell",
    "Stewart", "Fraser", "Clarke", "Hall", "Green", "Baker", "Harris", "Turner", "Cooper",
]
LONG_NAMES = [
    ("Gwenllïan Angharad", "Llewellyn-ap-Rhys Prydderch-Vaughan"),
    ("Maximilian Alexander", "Featherstonehaugh-Cholmondeley"),
    ("Siobhán Máire", "Mac Giolla Phádraig Ní Chonchubhair"),
    ("Oluwaseun Adebayo", "Adeyemi-Okonkwo-Williams"),
]
ORGANISATIONS = [
    "Betsi Cadwaladr University Health Board", "Cardiff and Vale University Health Board",
    "Swansea Bay University Health Board", "Aneurin Bevan University Health Board",
    "Hywel Dda University Health Board", "Public Health Wales", "Improvement Cymru",
    "Health Education and Improvement Wales", "Welsh Ambulance Services NHS Trust",
    "Velindre University NHS Trust", "Health Service Executive", "HSE South West",
    "Royal College of Nursing Wales", "Macmillan Cancer Support", "Age Cymru", "Mind Cymru",
    "Cardiff University", "Swansea University", "University College Cork", "Trinity College Dublin",
    "Gwynedd Council", "City of Cardiff Council", "Cork City Council", "Care Inspectorate Wales",
    "Bevan Commission", "The Health Foundation", "NHS England", "Healthcare Improvement Scotland",
    "Tenovus Cancer Care", "Alzheimer's Society Cymru", "Carers Wales", "Cwm Taf Morgannwg UHB",
]
JOB_TITLES = ["Staff Nurse", "Quality Improvement Lead", "GP", "Consultant Physician", "Physiotherapist",
              "Pharmacist", "Service Manager", "Patient Representative", "Researcher", "Midwife",
              "Occupational Therapist", "Programme Manager", "Healthcare Support Worker",
              "Improvement Advisor", "Director of Nursing", "Data Analyst", "Social Worker"]
TICKET_TYPES = [("Member", 70), ("Guest", 12), ("Facilitator", 5), ("Speaker", 6), ("Staff", 7)]
PRONOUNS = ["she/her", "he/him", "they/them", "hi/ei", "e/fe", "she/they"]
ACCESS_NEEDS = ["Wheelchair user: step-free access and accessible seating",
                "Hearing loop, please seat near the front", "BSL interpreter requested",
                "Quiet room during breaks", "Large-print materials", "Assistance dog"]
DIETARY = ["Vegetarian", "Vegan", "Gluten-free", "Halal", "Kosher", "Nut allergy (severe)",
           "Dairy-free", "Coeliac"]
_SECRET_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # pretix-style: no o, 1, i, l
# The organiser's own questions on the sign-up form (kept as each attendee's other answers), and
# "How will you join?" (kiosk/core/attendance.py reads the mode from the answer).
PHOTO_CONSENT, FIRST_TIME, INTERACTION = "Photo consent", "First community day?", "Interaction preference"
INTERACTION_ANSWERS = [("Green: happy to chat", 70), ("Yellow: only people I know", 20),
                       ("Red: please don't approach me", 10)]
ONLINE_ANSWER, BOTH_ANSWER, IN_PERSON_ANSWER = "Online (Teams link)", "In person and online", "In person"
CANCELLED_ON_THE_DAY = 3  # people who rang this morning to say they cannot come


def _secret(rng: random.Random) -> str:
    return "".join(rng.choice(_SECRET_ALPHABET) for _ in range(32))


def demo_attendees(count: int = 300, seed: int = 2026) -> list[dict]:
    """Attendee payloads for the demo: deterministic, so every newcomer sees the same day."""
    rng = random.Random(seed)
    types = [t for t, weight in TICKET_TYPES for _ in range(weight)]
    people, codes = [], set()
    for i in range(count):
        if i < len(LONG_NAMES) and count >= 50:
            first, last = LONG_NAMES[i]
        else:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        code = _secret(rng)
        while code in codes:
            code = _secret(rng)
        codes.add(code)
        ticket_type = rng.choice(types)
        org = rng.choice(ORGANISATIONS)
        email_user = "".join(ch for ch in fold(f"{first}.{last}") if ch.isascii() and (ch.isalnum() or ch == "."))
        values = {
            "first_name": first, "last_name": last, "full_name": f"{first} {last}",
            "email": f"{email_user or 'guest'}{i}@example.org", "organisation": org,
            "job_title": rng.choice(JOB_TITLES), "ticket_type": ticket_type,
            "booking_ref": f"CYM{1000 + i // 2:04d}",
            "pronouns": rng.choice(PRONOUNS) if rng.random() < 0.4 else "",
            "access_needs": rng.choice(ACCESS_NEEDS) if rng.random() < 0.08 else "",
            "dietary_needs": rng.choice(DIETARY) if rng.random() < 0.2 else "",
            "status": "void" if rng.random() < 0.02 else "valid",
            "notes": "Speaker: send to green room" if ticket_type == "Speaker" else "",
        }
        people.append({"code": code, "set": {**values, "source": "import"}})
    _answer_questions(people, seed)
    return people


def _answer_questions(people: list[dict], seed: int) -> None:
    """The sign-up form's answers. Their own random stream, so the people drawn above (and the
    morning's arrivals) stay as they were; online-only people are among those not arrived yet,
    past the first hundred rows and with no access needs, so a demo check-in of an early or an
    access-needs row still admits."""
    rng = random.Random(seed + 16)
    arrived = {p["code"] for p in _morning_sample(people)}
    interaction = [a for a, weight in INTERACTION_ANSWERS for _ in range(weight)]
    for i, person in enumerate(people):
        values = person["set"]
        answers: dict[str, str] = {}
        if rng.random() < 0.9:  # some left the questions blank
            answers[PHOTO_CONSENT] = "No" if rng.random() < 0.12 else "Yes"
            answers[FIRST_TIME] = "Yes" if rng.random() < 0.3 else "No"
            answers[INTERACTION] = rng.choice(interaction)
        roll = rng.random()
        join = IN_PERSON_ANSWER
        if i >= 100 and person["code"] not in arrived and not values["access_needs"] and roll < 0.1:
            join = ONLINE_ANSWER
        elif roll > 0.95:
            join = BOTH_ANSWER
        values["attendance"] = join
        values["extra"] = answers  # "How will you join?" is read into attendance, as an import does


def ensure_demo(data: DataDir, attendees: int = 300, tickets: bool = True) -> tuple[EventStore, bool]:
    """Open the demo event, creating it the first time. Returns (store, created).

    With tickets=False the sample tickets' PDF is left for `demo_tickets_job` to write on another
    thread: the window must not wait seconds for a sheet nobody has asked to open yet."""
    if data.exists(DEMO_SLUG):
        data.use(DEMO_SLUG)
        store = data.open(DEMO_SLUG)
        created = False
    else:
        store = data.create(DEMO_SLUG, DEMO_NAME, date.today().isoformat(), DEMO_VENUE)
        people = demo_attendees(attendees)
        with store.write():
            record_import(store, people)
            _record_morning_arrivals(store, people)
            _record_cancellations(store, people)
            _record_kiosk_notices(store, people)
        _build_grid(store, people)
        created = True
    job = demo_tickets_job(store) if tickets else None
    if job is not None:
        job()
    return store, created


def is_demo(store: EventStore) -> bool:
    return store.path.parent.name == DEMO_SLUG


def demo_tickets_job(store: EventStore) -> Callable[[], Path] | None:
    """The demo's sample tickets still to be written, as a call that needs no database (so it can
    run on a worker thread); None when the sheet is there already or this is not the demo."""
    out = tickets_pdf_path(store)
    if not is_demo(store) or out.exists():
        return None
    from kiosk.print.draw.tickets import imported_tickets, write_tickets

    people = imported_tickets(store)  # read here, on the caller's thread and connection
    name = store.event_info().get("name", "")

    def write() -> Path:
        write_tickets(people, out, name, f"Sample tickets: {name}")
        return out

    return write


SPACES = [("Main Hall", 120, "Reserved seats at the front"), ("Ystafell Gŵyr", 30, ""),
          ("Cork Room", 25, "Stairs only"), ("Library", 15, ""), ("Garden", None, "Step-free via the café"),
          ("Some Place Else", None, "")]
# Structured access flags (kiosk/grid/access.py) and the one hybrid space, by name.
SPACE_FLAGS = {"Main Hall": {"step_free": True, "hearing_loop": True, "seating": True},
               "Ystafell Gŵyr": {"step_free": True, "seating": True}, "Library": {"quiet": True, "seating": True}}
HYBRID = {"Main Hall": "https://meet.example.org/main-hall"}
SLOTS = [("10:00", "10:45", "", False), ("10:45", "11:00", "Break", True), ("11:00", "11:45", "", False),
         ("11:45", "12:30", "", False), ("12:30", "13:30", "Lunch", True), ("13:30", "14:15", "", False),
         ("14:15", "15:00", "", False)]
TOPICS = ["Wellbeing at work", "Making patient data work for us", "Social prescribing that sticks",
          "Welsh-language care in practice", "Small changes, big gains", "Reducing hospital waits",
          "Co-producing with carers", "Digital exclusion in rural areas", "Green health: NHS net zero",
          "Frailty at the front door", "What we learnt from Covid wards", "Peer support for new nurses",
          "Measuring what matters", "Quality improvement on a shoestring", "Sleep and shift work",
          "Community pharmacy first"]


def _build_grid(store: EventStore, people: list[dict]) -> None:
    """A marketplace half way through: sessions placed, one clash, one pinned, two parked."""
    from kiosk.grid.editor import GridEditor

    editor = GridEditor(store)
    rng = random.Random(11)
    for name, capacity, access in SPACES:
        editor.add_space(name, capacity, access, HYBRID.get(name, ""), **SPACE_FLAGS.get(name, {}))
    for start, end, label, is_break in SLOTS:
        editor.add_slot(start, end, label, is_break)
    names = [p["set"]["full_name"] for p in people if len(p["set"]["full_name"]) < 30]
    cells = [(space, start) for start, _, _, is_break in SLOTS if not is_break for space, _, _ in SPACES[:5]]
    rng.shuffle(cells)
    reports_rng = random.Random(13)  # its own, so the conveners drawn above stay as they were
    for i, title in enumerate(TOPICS):
        conveners = [rng.choice(names)] + ([rng.choice(names)] if i % 5 == 0 else [])
        if i >= 14:  # still at the marketplace: not placed yet
            editor.propose(title, conveners)
            continue
        space, start = cells[i] if i != 13 else cells[0]  # the last one lands on the first: a clash
        session = editor.propose(title, conveners, space=space, slot=start)
        if i == 0:
            editor.pin(session.id)
        if start == "10:00" and i % 2 == 0:  # the first sessions are over: reports written at the desk
            _report(editor, session.id, title, reports_rng, names)


def _report(editor, session_id: str, title: str, rng: random.Random, names: list[str]) -> None:
    from kiosk.grid.reports import Action

    editor.report(session_id, participants=rng.randrange(6, 30),
                  key_points=f"What works in {title.lower()} is already happening in pockets.\n"
                             "People want to share what they tried, not start again.",
                  actions=[Action("Set up a shared page of what each team tried", rng.choice(names)),
                           Action("Bring this back to the next community day", rng.choice(names))],
                  involve=["Patients' and carers' council", "Health board improvement team"])


def _record_morning_arrivals(store: EventStore, people: list[dict]) -> None:
    """A quarter of the room arrived in the last hour, so the charts have a shape from the start."""
    rng = random.Random(7)
    opening = datetime.now(UTC) - timedelta(hours=1)
    valid = [p for p in people if p["set"]["status"] == "valid"]
    arrived = rng.sample(valid, len(valid) // 4)  # the same sample as _morning_sample draws
    for person in arrived:
        at = int(opening.timestamp() * 1000) + rng.randrange(55 * 60 * 1000)
        store.record("checkin", {"code": person["code"], "device": rng.choice(["Desk 1", "Desk 2"]),
                                 "at_ms": at})


def _morning_sample(people: list[dict]) -> list[dict]:
    valid = [p for p in people if p["set"]["status"] == "valid"]
    return random.Random(7).sample(valid, len(valid) // 4)


def _record_cancellations(store: EventStore, people: list[dict]) -> None:
    """A few rang this morning: "cancelled on the day" at the desk (their status register)."""
    arrived = {p["code"] for p in _morning_sample(people)}
    waiting = [p for i, p in enumerate(people) if i >= 100 and p["set"]["status"] == "valid"
               and p["code"] not in arrived and p["set"].get("attendance") == IN_PERSON_ANSWER
               and not p["set"]["access_needs"]]
    for person in waiting[-CANCELLED_ON_THE_DAY:]:
        store.record("attendee.upsert", {"code": person["code"], "set": {"status": "cancelled"}})


def tickets_pdf_path(store: EventStore) -> Path:
    return store.path.parent / TICKETS_PDF


def _record_kiosk_notices(store: EventStore, people: list[dict]) -> None:
    """Two people with access needs checked themselves in at the kiosk a few minutes ago, so the
    desks show a notice (issue 16); Desk 1 has already seen to the first."""
    from kiosk.attendees.notices import acknowledge, raise_notice
    from kiosk.core.hlc import wall_ms
    from kiosk.selfservice.rules import ACCESS_NEEDS_NOTICE, access_needs_text

    now = wall_ms()
    waiting = [p for p in people if p["set"]["status"] == "valid" and p["set"]["access_needs"]]
    waiting = [p for p in waiting if not store.conn.execute(
        "SELECT 1 FROM active_checkins WHERE code = ?", (p["code"],)).fetchone()]
    for i, person in enumerate(waiting[:2]):
        at = now - (9 - 5 * i) * 60_000
        store.record("checkin", {"code": person["code"], "device": "Kiosk", "at_ms": at})
        notice = raise_notice(store, ACCESS_NEEDS_NOTICE, person["code"],
                              access_needs_text(person["set"]["access_needs"]), "Kiosk", at)
        if i == 0:
            acknowledge(store, notice, "Desk 1", at + 90_000)
