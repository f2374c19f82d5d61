"""Self-service rules: the public name, exact look-up of forgotten tickets, outcomes per result."""

from __future__ import annotations

import pytest

from kiosk.attendees.checkin import Desk
from kiosk.selfservice import rules as ss

from tests.support.event_data import add_attendee


@pytest.mark.parametrize("first, last, shown", [
    ("Priya", "Banerjee", "Priya B."),
    ("Priya", "", "Priya"),
    ("", "Banerjee", ""),
    ("Seán", "Ó Súilleabháin", "Seán Ó."),
    ("Sea\u0301n", "O\u0301 Su\u0301illeabha\u0301in", "Seán Ó."),  # decomposed accents → NFC
    ("Zoë", "O'Neill", "Zoë O."),
    ("Anna", "'t Hooft", "Anna t."),
    ("Jan", "van der Berg", "Jan v."),
    ("Mary Jane", "Smith-Jones", "Mary Jane S."),
    ("Андрій", "Шевченко", "Андрій Ш."),
    ("محمد", "العلي", "محمد ا."),
    ("伟", "张", "伟 张."),
    ("  Siân\t", "\nJones ", "Siân J."),
    ("Ev\u202eil", "Bad\x00name", "Evil B."),  # bidi override and control characters removed
    ("de", "la Cruz", ""),  # a particle is nobody's first name: the kiosk says only "Welcome"
    ("van der", "Berg", ""),
])
def test_public_name(first, last, shown):
    assert ss.public_name(first, last) == shown


def test_a_long_first_name_is_cut_without_splitting_a_letter():
    name = ss.public_name("Maximiliane" * 3, "Zed")
    assert name.endswith("… Z.") and len(name) <= ss.MAX_FIRST_NAME + 3
    underlined = ss.public_name("a\u0332" * 30, "Zed").split("…")[0]  # no precomposed form
    assert underlined.count("a") == underlined.count("\u0332") > 0


@pytest.fixture
def people(store):
    add_attendee(store, "T-1", first_name="Priya", last_name="Banerjee", email="priya@example.org",
                 booking_ref="ORD-1001")
    add_attendee(store, "T-2", first_name="Siân", last_name="Ó Súilleabháin", email="sian@example.org",
                 booking_ref="ORD-1002")
    # One booking for a family: the same reference for three people, two sharing a surname.
    add_attendee(store, "T-3", first_name="Gwen", last_name="Evans", booking_ref="ORD-2000",
                 email="family@example.org")
    add_attendee(store, "T-4", first_name="Dai", last_name="Evans", booking_ref="ORD-2000",
                 email="family@example.org")
    add_attendee(store, "T-5", first_name="Nia", last_name="O’Brien", booking_ref="ORD-2000",
                 email="family@example.org")
    add_attendee(store, "T-6", first_name="No", last_name="Reference")
    return store


@pytest.mark.parametrize("surname, ref, code", [
    ("Banerjee", "ORD-1001", "T-1"),
    ("banerjee", "ord-1001", "T-1"),
    ("  BANERJEE ", " priya@EXAMPLE.org ", "T-1"),
    ("Ó Súilleabháin", "ORD-1002", "T-2"),
    ("o suilleabhain", "sian@example.org", "T-2"),   # a kiosk keyboard without accents
    ("O'Brien", "ORD-2000", "T-5"),                  # a straight apostrophe for a curly one
    ("o’brien", "family@example.org", "T-5"),
])
def test_forgotten_ticket_found_by_surname_and_reference_or_email(people, surname, ref, code):
    assert ss.lookup_forgotten(people, surname, ref).code == code


@pytest.mark.parametrize("surname, ref, reason", [
    ("Banerjee", "ORD-1002", "no_match"),      # someone else's reference
    ("Banerjee", "ORD-100", "no_match"),       # a prefix is not a match
    ("Baner", "ORD-1001", "no_match"),         # nor is part of a surname
    ("Banerjee", "priya@example", "no_match"),
    ("Banerjee", "%", "incomplete"),
    ("Banerjee", "ORD%", "no_match"),          # no wildcards
    ("Evans", "ORD-2000", "ambiguous"),        # two Evanses on one booking: no answer, not a list
    ("", "ORD-1001", "incomplete"),
    ("Reference", "", "incomplete"),           # an empty reference never matches empty columns
])
def test_forgotten_ticket_refused(people, surname, ref, reason):
    found = ss.lookup_forgotten(people, surname, ref)
    assert found.code is None and found.reason == reason


def test_attempt_limiter():
    now = [0.0]
    limiter = ss.AttemptLimiter(max_failures=3, window_s=60, cooldown_s=30, clock=lambda: now[0])
    for _ in range(2):
        limiter.failed()
    assert limiter.allowed()
    limiter.failed()
    assert not limiter.allowed()
    now[0] += 30
    assert limiter.allowed()
    limiter.failed()
    now[0] += 61
    limiter.failed()
    limiter.failed()
    assert limiter.allowed()  # the first miss fell out of the window


def test_outcomes_never_carry_another_persons_details(people):
    desk = Desk(people)
    welcome = ss.outcome_for(desk.check_in("T-1"))
    assert welcome.admitted and welcome.print_badge and welcome.name == "Priya B."
    assert welcome.message == ss.PRINTING and not welcome.needs_desk
    again = ss.outcome_for(desk.check_in("T-1"))  # the same scan within the repeat window
    assert again.admitted and not again.print_badge
    unknown = ss.outcome_for(desk.check_in("NOPE-123"))
    assert unknown.message == ss.NOT_FOUND and unknown.needs_desk and not unknown.name
    assert "NOPE-123" in unknown.staff and unknown.sound == "unknown"
    invalid = ss.outcome_for(desk.check_in("\x01"))
    assert invalid.message == ss.NOT_FOUND and invalid.sound == "invalid"
    printed = ss.with_print_problem(welcome, ss.PRINT_FAILED, "pdf: disk full")
    assert printed.admitted and printed.needs_desk and not printed.print_badge


def test_void_and_already_checked_in(people, data_dir):
    people.conn  # noqa: B018
    Desk(people).edit("T-2", status="void")
    void = ss.outcome_for(Desk(people).check_in("T-2"))
    assert void.message == ss.CANNOT_USE and "void" in void.staff and "Siân" in void.staff
    other = data_dir.open("test-day", device_name="Desk 2")
    Desk(other).check_in("T-1")
    other.close()
    already = ss.outcome_for(Desk(people).check_in("T-1"))
    assert already.message == ss.ALREADY_IN and "Desk 2" in already.staff and not already.name


def test_a_rescan_is_one_quiet_welcome_then_the_desk():
    from kiosk.attendees.checkin import CheckinResult, Status
    from kiosk.core.model import Admission, Attendee

    person = Attendee(code="C-1", first_name="Siân", last_name="Jones", ticket_type="Member",
                      admissions=[Admission("op-1", 1_000, "Kiosk")])
    first = ss.outcome_for(CheckinResult(Status.CHECKED_IN, person, code="C-1"))
    welcome = ss.Welcome(first, at=100.0)
    again = CheckinResult(Status.ALREADY_CHECKED_IN, person, previous=person.admissions[0], code="C-1")
    assert ss.rescan_outcome(welcome, again, 105.0, lambda: False) == first  # making sure: welcomed
    third = ss.rescan_outcome(welcome, again, 106.0, lambda: True)
    assert third is not None and third.message == ss.ALREADY_IN and "passed on" in third.staff
    other = CheckinResult(Status.ALREADY_CHECKED_IN, person, code="C-2")
    assert ss.rescan_outcome(welcome, other, 106.0, lambda: True) is None  # another ticket: its own outcome
    late = ss.Welcome(first, at=100.0)
    assert ss.rescan_outcome(late, again, 100.0 + ss.REWELCOME_S + 1, lambda: False).message == ss.ALREADY_IN
