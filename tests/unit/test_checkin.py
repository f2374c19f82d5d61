"""The check-in engine: every status, the repeat window, undo, walk-ins and edits."""

import pytest

from kiosk.attendees.checkin import REPEAT_WINDOW_MS, Desk, Status
from kiosk.core.errors import RefusedError, UsageError
from kiosk.store.event_store import EventStore

from tests.support.event_data import add_attendee


class FakeWallClock:
    """Milliseconds we control: the repeat window is about time, and tests must not sleep."""

    def __init__(self, ms: int = 1_700_000_000_000) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


@pytest.fixture
def clock():
    return FakeWallClock()


@pytest.fixture
def desk1(store, clock):
    return Desk(store, clock=clock)


def test_checked_in_then_already_with_when_and_where(store, data_dir, clock, desk1):
    add_attendee(store, "T1", first_name="Siân", access_needs="Step-free route")
    first = desk1.check_in("T1\r\n")
    assert first.status is Status.CHECKED_IN and first.attendee.first_name == "Siân"
    assert first.attendee.access_needs == "Step-free route"

    other = data_dir.open("test-day", device_name="Desk 2")
    clock.ms += 60_000
    again = Desk(other, clock=clock).check_in("T1")
    assert again.status is Status.ALREADY_CHECKED_IN
    assert again.previous.device == store.device_name
    assert again.previous.at_ms == clock.ms - 60_000
    other.close()


def test_same_code_same_device_within_window_is_one_scan(store, clock, desk1):
    add_attendee(store, "T1")
    assert desk1.check_in("T1").status is Status.CHECKED_IN
    clock.ms += REPEAT_WINDOW_MS - 1
    repeat = desk1.check_in("T1")
    assert repeat.status is Status.CHECKED_IN and repeat.repeat
    assert store.conn.execute("SELECT COUNT(*) FROM checkins").fetchone()[0] == 1
    clock.ms += 2
    assert desk1.check_in("T1").status is Status.ALREADY_CHECKED_IN


def test_same_code_on_another_device_within_window_is_already(store, data_dir, clock, desk1):
    add_attendee(store, "T1")
    desk1.check_in("T1")
    other = data_dir.open("test-day", device_name="Desk 2")
    assert Desk(other, clock=clock).check_in("T1").status is Status.ALREADY_CHECKED_IN
    other.close()


@pytest.mark.parametrize("status", ["void", "cancelled"])
def test_void_and_cancelled_tickets(store, desk1, status):
    add_attendee(store, "T1", status=status)
    result = desk1.check_in("T1")
    assert result.status is Status.VOID and result.attendee.code == "T1"
    assert store.conn.execute("SELECT COUNT(*) FROM checkins").fetchone()[0] == 0


@pytest.mark.parametrize("raw", ["", "\r\n", "x" * 600, "T1\x1b@", "a" * 10_000])
def test_invalid_input(desk1, raw):
    assert desk1.check_in(raw).status is Status.INVALID


def test_unknown_code(desk1):
    result = desk1.check_in("NOPE")
    assert result.status is Status.UNKNOWN and result.code == "NOPE"


def test_ticket_url_and_wrong_case(store, desk1):
    add_attendee(store, "ti_p5kR8sQ2uVx")
    assert desk1.check_in("https://ti.to/tickets/ti_p5kR8sQ2uVx").status is Status.CHECKED_IN
    add_attendee(store, "abcdef")
    assert desk1.check_in("ABCDEF").status is Status.CHECKED_IN


def test_undo_then_check_in_again(store, clock, desk1):
    add_attendee(store, "T1")
    desk1.check_in("T1")
    undone = desk1.undo("T1")
    assert undone.status == "undone" and len(undone.undone) == 1
    assert desk1.undo("T1").status == "not_checked_in"
    assert desk1.undo("NOPE").status == "unknown"
    assert desk1.undo("\x00").status == "invalid"
    clock.ms += 10_000
    assert desk1.check_in("T1").status is Status.CHECKED_IN
    kinds = [op.kind for op in store.operations()]
    assert kinds[-3:] == ["checkin", "checkin.undo", "checkin"]


def test_checkin_is_committed_before_it_returns(store, data_dir, desk1):
    add_attendee(store, "T1")
    desk1.check_in("T1")
    # A separate connection (another process, or the app after a crash) sees it at once.
    reader = EventStore(store.path, "x", "x")
    assert reader.conn.execute("SELECT COUNT(*) FROM active_checkins").fetchone()[0] == 1
    reader.close()


def test_walk_in_creates_and_checks_in(store, desk1):
    result = desk1.walk_in("Zoë", "O'Neill", organisation="Mind Cymru", email="zoe@example.org")
    assert result.status is Status.CHECKED_IN and result.code.startswith("W-")
    assert result.attendee.full_name == "Zoë O'Neill" and result.attendee.ticket_type == "Walk-in"
    assert result.attendee.source == "walkin" and result.attendee.checked_in
    assert desk1.check_in(result.code).repeat


@pytest.mark.parametrize("first, last, email", [("", "", ""), ("Ann", "", "not-an-email")])
def test_walk_in_refuses_bad_input(store, desk1, first, last, email):
    with pytest.raises(UsageError):
        desk1.walk_in(first, last, email=email)
    assert store.conn.execute("SELECT COUNT(*) FROM attendees").fetchone()[0] == 0


def test_walk_in_strips_control_characters(desk1):
    result = desk1.walk_in("An\x1bn", "Ex\x00ample\r\nTwo")
    assert result.attendee.first_name == "An n" and result.attendee.last_name == "Ex ample Two"


def test_edit_fixes_name_and_keeps_full_name_in_step(store, desk1):
    add_attendee(store, "T1", first_name="Sian", last_name="Jones")
    edited = desk1.edit("T1", first_name="Siân")
    assert edited.first_name == "Siân" and edited.full_name == "Siân Jones"
    assert store.operations()[-1].payload == {"code": "T1", "set": {"first_name": "Siân", "full_name": "Siân Jones"}}
    with pytest.raises(RefusedError):
        desk1.edit("NOPE", first_name="X")
    with pytest.raises(UsageError):
        desk1.edit("T1", status="maybe")
