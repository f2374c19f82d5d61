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


# -- the index against a plain reference ----------------------------------------------------------
# The reference is the index as it first was: every (word, sort name, rowid) entry as one sorted
# string, names before other fields, the rarest query word leading. Whatever the index's layout,
# it must give the same people in the same order.

def _reference(store, query, limit):
    from kiosk.core.textfold import fold, tokens

    names_index, other_index, words_of = [], [], {}
    for rowid, first, last, full, org, email, ref in store.conn.execute(
            "SELECT rowid, first_name, last_name, full_name, organisation, email, booking_ref FROM attendees"):
        names = list(dict.fromkeys(tokens(first) + tokens(last) + (tokens(full) if full != f"{first} {last}" else [])))
        other = [w for w in dict.fromkeys(tokens(org) + tokens(email.replace("@", " ")) + tokens(ref))
                 if w not in names]
        sort_name = fold(f"{last} {first}".strip() or full)
        names_index += [f"{w}\0{sort_name}\0{rowid:012d}" for w in names]
        other_index += [f"{w}\0{sort_name}\0{rowid:012d}" for w in other]
        words_of[rowid] = names + other
    names_index.sort()
    other_index.sort()
    words = list(dict.fromkeys(tokens(query[:200])))
    if not words or limit <= 0:
        return []

    def entries(word):
        return [e for index in (names_index, other_index) for e in index if e.split("\0")[0].startswith(word)]

    lead = min(range(len(words)), key=lambda i: len(entries(words[i])))
    found = []
    for entry in entries(words[lead]):
        rowid = int(entry[-12:])
        if rowid not in found and all(any(t.startswith(w) for t in words_of[rowid]) for w in words):
            found.append(rowid)
    codes = dict(store.conn.execute("SELECT rowid, code FROM attendees"))
    return [codes[r] for r in found[:limit]]


CROWD = [
    # Same sort key, different spellings: between them, by when they were added.
    ("C01", "Sian", "Jones", "Mind Cymru", "sian.jones@example.org", "ORD-10"),
    ("C02", "Siân", "Jones", "Hywel Dda UHB", "sj@example.org", "ORD-10"),
    ("C03", "SIAN", "JONES", "", "", ""),
    # A name word that is also an organisation, email or reference word of the same person.
    ("C04", "Hywel", "Evans", "Hywel Dda UHB", "hywel@hywel.cymru", "HYWEL-1"),
    ("C05", "Mind", "Hughes", "Mind Cymru", "mind@mind.org", "mind"),
    ("C06", "Ødegård", "Ørsted", "Siantech", "o@example.org", "ORD-11"),
    ("C07", "Łukasz", "Ó Súilleabháin", "Straße GmbH", "lukasz@strasse.de", "ORD-12"),
    ("C08", "Mary", "O'Brien-Smith", "Sianco", "mary_obrien@example.org", "BK-77"),
    ("C09", "Παναγιώτης", "Παπαδόπουλος", "ΕΣΥ", "p@example.gr", "ΚΡ-1"),
    ("C10", "Jones", "Sian", "Example Org", "jones@a@b.org", "ord 10"),
    ("C11", "", "", "", "", ""),
]
QUERIES = ["s", "si", "sian", "siân j", "jones", "j s", "hywel", "mind", "mind c", "o", "ob", "o'brien",
           "obriensmith", "example", "org", "ord", "ord 10", "10", "ødegård", "odegard o", "straße",
           "strasse", "παν", "παναγιωτης", "e", "a b", "c", "x", "mary_obrien", "bk 77", "uhb dda h"]


def _crowd(store, people=CROWD):
    for code, first, last, org, email, ref in people:
        add_attendee(store, code, first_name=first, last_name=last, organisation=org, email=email,
                     booking_ref=ref)


@pytest.mark.parametrize("limit", [1, 2, 30])
def test_same_people_in_the_same_order_as_the_reference(store, limit):
    _crowd(store)
    index = SearchIndex(store)
    for query in QUERIES:
        assert codes(index, query, limit) == _reference(store, query, limit), query


def test_same_spelling_of_a_sort_key_goes_by_when_added(store):
    _crowd(store)
    index = SearchIndex(store)
    assert codes(index, "sian jones")[:3] == ["C01", "C02", "C03"]


def test_a_word_shared_by_names_and_other_fields_counts_once(store):
    _crowd(store)
    index = SearchIndex(store)
    assert codes(index, "hywel") == ["C04", "C02"]  # the name first, then the organisation
    assert codes(index, "mind") == ["C05", "C01"]


def test_changes_after_the_build_interleave_in_rank_order(store, data_dir):
    _crowd(store)
    index = SearchIndex(store)
    index.refresh()
    desk = Desk(store)
    desk.edit("C03", first_name="Anwen")  # moves ahead of the other Joneses
    desk.edit("C06", organisation="Mind Cymru")
    desk.edit("C06", organisation="Hywel Dda UHB")  # changed twice: only the last counts
    desk.walk_in("Sian", "Jones")  # the same sort key as the build's C01, C02: after them
    desk.walk_in("Hywel", "Ap Hywel")
    add_attendee(store, "C12", first_name="Sianne", last_name="Aaron", organisation="Mind Cymru",
                 email="sianne@example.org", booking_ref="ORD-10")
    other = data_dir.open("test-day")
    Desk(other).edit("C05", last_name="Zed", first_name="Hywel")
    other.close()
    for query in QUERIES + ["anwen", "anwen j", "ap hywel", "hywel a", "zed", "sianne", "sian j", "si ao"]:
        for limit in (1, 3, 30):
            assert codes(index, query, limit) == _reference(store, query, limit), (query, limit)
    assert codes(index, "jones")[:1] == [h.code for h in index.search("anwen jones")]


def test_a_new_index_is_the_same_as_one_kept_up_to_date(store):
    _crowd(store)
    kept = SearchIndex(store)
    kept.refresh()
    desk = Desk(store)
    for n in range(30):
        desk.walk_in(["Siân", "Hywel", "Mind", "Ødegård"][n % 4], ["Jones", "Evans", "Ó Súilleabháin"][n % 3])
    desk.edit("C01", last_name="Aaronson")
    fresh = SearchIndex(store)
    for query in QUERIES:
        assert codes(kept, query, 30) == codes(fresh, query, 30), query


def test_many_changes_caught_up_one_by_one_also_ask_for_a_rebuild(store):
    from kiosk.attendees.search import _REBUILD_THRESHOLD

    index = SearchIndex(store)
    index.refresh()
    half = _REBUILD_THRESHOLD // 2 + 1
    for batch in range(2):
        with store.write():
            store.record_many("attendee.upsert", [{"code": f"B{batch}-{n}", "set": {"first_name": "Batch",
                                                                                  "status": "valid"}}
                                                  for n in range(half)])
        assert index.needs_rebuild() is (batch == 1)
        index.refresh()  # caught up in place, below the threshold each time
    assert len(codes(index, "batch", 5)) == 5
    assert not index.needs_rebuild()
