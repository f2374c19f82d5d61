"""Organiser links (the live view's tokens) on SQLite and PostgreSQL, and the numbers the view shows."""

from __future__ import annotations

import pytest

from kiosk.attendees.checkin import Desk
from kiosk.attendees.stats import compute_stats
from kiosk.attendees.tallies import arrivals_by_desk, dietary_counts
from kiosk.core.errors import RefusedError, UsageError
from kiosk.hub.backend import digest
from kiosk.hub.store import HubStore, UnknownEvent
from kiosk.store.datadir import DataDir

from tests.support.event_data import add_attendee, small_grid
from tests.support.hub_backends import hub_db_fixture  # noqa: F401  (the hub_db fixture)


@pytest.fixture
def hub(hub_db):
    store = hub_db.open()
    yield store
    store.close()


def test_an_organiser_link_is_kept_hashed_and_opens_only_its_event(hub: HubStore):
    token, link = hub.new_organiser_link("day", "  Sam   (lead) ")
    assert link.name == "Sam (lead)" and link.event == "day" and len(token) >= 40
    found = hub.organiser(token)
    assert found is not None and found.id == link.id and found.event == "day"
    # Only the hash is stored: the token itself is nowhere in what the backend gives back.
    assert token not in repr(hub.backend.organiser_links("day"))
    assert hub.backend.organiser_link(digest(token)) is not None
    assert hub.organiser(token + "x") is None and hub.organiser("") is None
    other, _ = hub.new_organiser_link("other-day")
    assert hub.organiser(other).event == "other-day"


def test_a_device_token_is_never_an_organiser_token_nor_the_other_way(hub: HubStore):
    device_token, _, _ = hub.pair(hub.new_pairing_code("day", "Desk 1"))
    organiser_token, _ = hub.new_organiser_link("day")
    assert hub.organiser(device_token) is None
    assert hub.authenticate(organiser_token) is None
    assert hub.authenticate(device_token) is not None


def test_a_withdrawn_link_stops_working_and_is_listed_as_withdrawn(hub: HubStore):
    token, link = hub.new_organiser_link("day", "Sam")
    keep, kept = hub.new_organiser_link("day", "Alex")
    hub.revoke_organiser_link("day", link.id.upper())  # as read out, in capitals
    assert hub.organiser(token) is None
    assert hub.organiser(keep) is not None
    listed = {ln.id: ln for ln in hub.organiser_links("day")}
    assert listed[link.id].revoked_at is not None and listed[kept.id].revoked_at is None
    assert listed[link.id].to_json()["revoked"] is True
    hub.revoke_organiser_link("day", link.id)  # again: still withdrawn, no error
    with pytest.raises(RefusedError, match="no organiser link"):
        hub.revoke_organiser_link("other-day", kept.id)  # another event's id does not reach it
    with pytest.raises(RefusedError):
        hub.revoke_organiser_link("day", "nope")
    assert hub.organiser(keep) is not None


def test_bad_link_names_and_events_are_refused_in_words(hub: HubStore):
    with pytest.raises(UsageError, match="at most 60"):
        hub.new_organiser_link("day", "x" * 61)
    with pytest.raises(UsageError, match="invalid event name"):
        hub.new_organiser_link("../etc")


def test_links_survive_reopening_the_hub(hub_db):
    first = hub_db.open()
    token, link = first.new_organiser_link("day")
    first.close()
    again = hub_db.open()
    try:
        assert again.organiser(token).id == link.id
    finally:
        again.close()


def _day(tmp_path):
    store = DataDir(tmp_path / "kiosk").create("day", "Community Day", "2026-11-23", "Pierhead")
    add_attendee(store, "A1", dietary_needs="Vegan", ticket_type="Member")
    add_attendee(store, "A2", dietary_needs=" vegan ", ticket_type="Member")
    add_attendee(store, "A3", dietary_needs="None", ticket_type="Speaker")
    add_attendee(store, "A4", dietary_needs="Halal", ticket_type="Speaker")
    add_attendee(store, "A5", dietary_needs="Vegan", status="void")
    add_attendee(store, "A6", ticket_type="Member")
    desk = Desk(store)
    with store.write():
        for code, device, at in (("A1", "Desk 1", 1000), ("A2", "Desk 2", 2000), ("A4", "Desk 2", 3000),
                                 ("A1", "Desk 2", 4000),  # admitted again elsewhere: counted once, at Desk 1
                                 ("A5", "Desk 1", 5000)):  # a void ticket: not an arrival
            store.record("checkin", {"code": code, "device": device, "at_ms": 1_790_000_000_000 + at})
    desk.undo("A4")  # undone: no longer here
    return store


def test_arrivals_by_desk_count_each_ticket_once_at_its_first_desk_and_add_up(tmp_path):
    store = _day(tmp_path)
    with store:
        by_desk = arrivals_by_desk(store)
        assert by_desk == {"Desk 1": 1, "Desk 2": 1}
        assert sum(by_desk.values()) == compute_stats(store).checked_in


def test_dietary_counts_fold_spelling_skip_no_need_and_void_tickets_and_name_no_one(tmp_path):
    from kiosk.attendees.needs_export import needs_briefing

    store = _day(tmp_path)
    with store:
        counts = dietary_counts(store)
        assert counts == [{"need": "Vegan", "people": 2, "checked_in": 2},
                          {"need": "Halal", "people": 1, "checked_in": 0}]
        # The same as the catering briefing's counts.
        briefing = needs_briefing(store, store.event_info())
        assert counts == [{"need": d.need, "people": d.people, "checked_in": d.checked_in} for d in briefing.diets]
        assert "Ann" not in repr(counts)


def test_the_hubs_dashboard_has_the_laptops_statistics_exactly(tmp_path, hub: HubStore):
    from kiosk.attendees.notices import raise_notice

    store = _day(tmp_path)
    with store:
        raise_notice(store, "access_needs", "A6", "Access needs: step-free route", "Kiosk")
        editor = small_grid(store)
        editor.propose("Wellbeing at work", ["Siân"], space="Main Hall", slot="10:00")
        editor.propose("Data we trust", ["Seán"])
        ops, expected = store.operations(), compute_stats(store).to_json()
    device = hub.authenticate(hub.pair(hub.new_pairing_code("day", "Desk 1"))[0])
    hub.push(device, ops)
    view = hub.dashboard("day")
    assert view["stats"] == expected
    assert view["event"] == {"slug": "day", "name": "Community Day", "date": "2026-11-23", "venue": "Pierhead"}
    assert view["arrivals_by_desk"] == [{"desk": "Desk 1", "count": 1}, {"desk": "Desk 2", "count": 1}]
    assert view["dietary"][0] == {"need": "Vegan", "people": 2, "checked_in": 2}
    ten = next(s for s in view["grid"]["slots"] if s["start"] == "10:00")
    assert ten["cells"] == [{"space": "Main Hall", "online": False,
                             "sessions": [{"title": "Wellbeing at work", "conveners": ["Siân"]}]}]
    assert [s["is_break"] for s in view["grid"]["slots"]] == [False, True, False]
    assert view["grid"]["parked"] == ["Data we trust"]
    [notice] = view["notices"]
    assert notice["name"] == "Ann Example" and notice["text"] == "Access needs: step-free route"
    assert notice["device"] == "Kiosk" and notice["acknowledged_at"] is None
    assert "code" not in notice and "A6" not in notice.values()  # a ticket code admits its holder
    with pytest.raises(UnknownEvent):
        hub.dashboard("never-synced")


def test_a_hub_database_from_before_organiser_links_gains_their_table(hub_db):
    """An older hub's database has no organiser_links table: opening it with this version adds it
    (PostgreSQL only runs its schema when something is missing, so the check must name the table)."""
    first = hub_db.open()
    first.pair(first.new_pairing_code("day", "Desk 1"))
    if hub_db.kind == "sqlite":
        with first.backend._lock:
            first.backend._db.execute("DROP TABLE organiser_links")
    else:
        with first.backend._connection() as conn:
            conn.execute("DROP TABLE organiser_links")
    first.close()
    again = hub_db.open()
    try:
        token, _ = again.new_organiser_link("day")
        assert again.organiser(token) is not None
        assert [d.name for d in again.device_list("day")] == ["Desk 1"]
    finally:
        again.close()
