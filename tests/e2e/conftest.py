"""Fixtures for the end-to-end tests: the desk window, and a real hub process on each backend."""

from __future__ import annotations

import pytest

from kiosk.ui.desk_window import DeskWindow
from kiosk.ui.scanner import ScanTiming

from tests.support.event_data import add_attendee
from tests.support.hub import hub_on
from tests.support.hub_backends import hub_db_fixture  # noqa: F401  (the hub_db fixture)


@pytest.fixture
def window(qtbot, data_dir, store):
    add_attendee(store, "CODE-0001", first_name="Siân", last_name="Jones", organisation="HEIW",
                 access_needs="Wheelchair user: step-free route")
    add_attendee(store, "CODE-0002", first_name="Seán", last_name="Ó Súilleabháin", ticket_type="Speaker",
                 notes="Speaker: send to green room")
    add_attendee(store, "CODE-VOID", first_name="Vera", last_name="Void", status="void")
    win = DeskWindow(data_dir, store, ScanTiming(max_gap_ms=40, min_length=4, end_pause_ms=70))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.index is not None, timeout=5000)
    yield win
    win.close()


@pytest.fixture
def hub(hub_db, tmp_path):
    """A real hub process on loopback, on SQLite and (with KIOSK_TEST_PG_DSN) on PostgreSQL."""
    hub = hub_on(hub_db, tmp_path / "hub-data")
    hub.start()
    yield hub
    hub.kill()
