"""Search: prefix, multi-word, accent-insensitive, ranked, and in step with changes."""

import pytest

from kiosk.attendees.checkin import Desk
from kiosk.attendees.search import SearchIndex

from tests.support.event_data import add_attendee

PEOPLE = [
    ("S1", "Siân", "Jones", "Betsi Cadwaladr UHB", "sian.jones@example.org", "ORD-1"),
    ("S2", "Seán", "Ó Súilleabháin", "HSE", "sean@example.ie", "ORD-2"),
    ("S3", "Łukasz", "Nowak", "Public Health Wales", "lukasz@example.pl", "ORD-3"),
    ("S4", "Sian", "Ødegård", "Siantech", "s4@example.org", "ORD-4"),
    ("S5", "Anna", "Sianowska", "Mind", "anna@example.org", "ORD-5"),
    ("S6", "Mary", "O'Brien", "Sianco", "mary@example.org", "BK-77"),
]


@pytest.fixture
def index(store):
    for code, first, last, org, email, ref in PEOPLE:
        add_attendee(store, code, first_name=first, last_name=last, organisation=org, email=email,
                     booking_ref=ref)
    return SearchIndex(store)


def codes(index, query, limit=20):
    return [h.code for h in index.search(query, limit)]


def test_accent_insensitive_both_ways(index):
    assert set(codes(index, "sian")) >= {"S1", "S4"}
    assert codes(index, "o suilleabhain") == ["S2"]
    assert codes(index, "Ó SÚILLEABHÁIN") == ["S2"]
    assert codes(index, "lukasz") == ["S3"]
    assert codes(index, "odegard") == ["S4"]
    assert codes(index, "Siân jones") == ["S1"]


def test_ranking_names_before_other_fields_exact_before_prefix(index):
    # Exact first names (alphabetical by surname), then a surname the query prefixes, then an
    # organisation that merely starts with it; each person once.
    assert codes(index, "sian") == ["S1", "S4", "S5", "S6"]


def test_prefix_and_multi_word_any_order(index):
    assert codes(index, "si jo") == ["S1"]
    assert codes(index, "jones si") == ["S1"]
    assert codes(index, "obrien") == ["S6"]
    assert codes(index, "o'brien") == ["S6"]


def test_email_organisation_and_booking_reference(index):
    assert codes(index, "example.pl") == ["S3"]
    assert codes(index, "public health") == ["S3"]
    assert codes(index, "bk-77") == ["S6"]
    assert codes(index, "ord 5") == ["S5"]


def test_limit_and_empty_queries(index):
    assert len(codes(index, "s", limit=2)) == 2
    assert codes(index, "") == [] and codes(index, "  --- ") == [] and codes(index, "zzz") == []


def test_results_follow_edits_checkins_and_new_people(store, index):
    assert codes(index, "sian jones") == ["S1"]
    assert not index.search("sian jones")[0].checked_in
    desk = Desk(store)
    desk.check_in("S1")
    desk.edit("S1", last_name="Jones-Evans")
    assert codes(index, "evans") == ["S1"]
    assert index.search("evans")[0].checked_in
    desk.walk_in("Gwawr", "Pritchard")
    assert len(codes(index, "gwawr")) == 1


def test_index_sees_changes_made_by_another_process(store, data_dir, index):
    assert codes(index, "ffion") == []
    other = data_dir.open("test-day")
    Desk(other).walk_in("Ffion", "Morgan")
    other.close()
    assert len(codes(index, "ffion")) == 1


def test_a_large_change_asks_for_a_rebuild_off_the_gui_thread(store):
    from kiosk.attendees.search import _REBUILD_THRESHOLD, SearchIndex

    index = SearchIndex(store)
    index.refresh()
    assert not index.needs_rebuild()
    with store.write():
        store.record_many("attendee.upsert", [{"code": f"N-{n}", "set": {"first_name": "New", "status": "valid"}}
                                              for n in range(_REBUILD_THRESHOLD + 1)])
    assert index.needs_rebuild()
    index.refresh()
    assert not index.needs_rebuild() and index.search("New", 5)
