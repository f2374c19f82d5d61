"""The desk window syncs by itself: a real hub process, real sockets, the real background worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from kiosk.attendees.checkin import Desk
from kiosk.store.datadir import DataDir
from kiosk.sync.client import SyncClient
from kiosk.ui.desk_window import DeskWindow

from tests.support.cli import kiosk_json
from tests.support.event_data import add_attendee
from tests.support.hub import paired_kiosk
from tests.support.raw_http import SilentHub

WAIT_MS = 20000  # an outage is noticed within the 5 s backoff, a change within the 3 s interval


@pytest.fixture
def office(hub, tmp_path) -> Path:
    """The organisers' laptop: it loads the attendee list and pushes it to the hub."""
    folder = paired_kiosk(hub, tmp_path / "office", "Office")
    with DataDir(folder).open("day") as store:
        for n in (1, 2, 3):
            add_attendee(store, f"TICKET-{n}", first_name=f"Person{n}", last_name="Example")
        SyncClient(store).sync_once()
    return folder


def open_desk(qtbot, folder: Path) -> DeskWindow:
    data = DataDir(folder)
    window = DeskWindow(data, data.open_current())
    qtbot.addWidget(window)
    window.show()
    return window


def office_sync(folder: Path) -> Desk:
    data = DataDir(folder)
    store = data.open("day", "Office")
    SyncClient(store).sync_once()
    return Desk(store)


def office_sees(folder: Path, code: str) -> list[str]:
    desk = office_sync(folder)
    try:
        return [a.device for a in desk.admissions(code)]
    finally:
        desk.store.close()


def test_desk_pushes_goes_offline_and_catches_up_by_itself(qtbot, hub, office, tmp_path):
    window = open_desk(qtbot, paired_kiosk(hub, tmp_path / "desk1", "Desk 1"))
    try:
        qtbot.waitUntil(lambda: window.sync_button.text().startswith("● Online"), timeout=WAIT_MS)
        assert window.desk.attendee("TICKET-1") is not None  # the list came from the hub

        window.check_in("TICKET-1")  # pushed within moments, with nobody asking
        qtbot.waitUntil(lambda: office_sees(office, "TICKET-1") == ["Desk 1"], timeout=WAIT_MS)
        qtbot.waitUntil(lambda: "nothing waiting" in window.sync_button.text(), timeout=WAIT_MS)

        hub.kill()  # the venue Wi-Fi goes; the desk keeps working
        window.check_in("TICKET-2")
        assert [a.device for a in window.desk.admissions("TICKET-2")] == ["Desk 1"]
        qtbot.waitUntil(lambda: window.sync_button.text().startswith("○ Offline")
                        and "1 waiting" in window.sync_button.text(), timeout=WAIT_MS)

        hub.start()  # back: the office admits the same ticket meanwhile
        office_desk = office_sync(office)
        office_desk.check_in("TICKET-2")
        SyncClient(office_desk.store).sync_once()
        office_desk.store.close()
        qtbot.waitUntil(lambda: len(window.desk.admissions("TICKET-2")) == 2
                        and window.sync_button.text().startswith("● Online · nothing waiting"), timeout=WAIT_MS)
        window.attendee_panel.show_attendee(window.desk.attendee("TICKET-2"))
        shown = window.attendee_panel.values["admissions"].text()
        assert shown.startswith("Admitted twice:") and "Desk 1" in shown and "Office" in shown
    finally:
        window.close()


def test_scanning_the_pairing_qr_joins_the_hub_and_downloads_the_event(qtbot, hub, office, data_dir, store):
    add_attendee(store, "LOCAL-1")
    window = DeskWindow(data_dir, store)
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.sync_button.text().startswith("Working on this laptop only")
        qr = kiosk_json(hub.data, "hub", "pair", "--event", "day", "--device", "Desk 7", "--url", hub.url,
                        *hub.db_args)["qr"]
        window.on_scan(qr)  # what the scanner delivers when it reads the hub's pairing QR
        dialog = window.sync_dialog
        assert dialog is not None and dialog.isVisible()
        assert dialog.url_edit.text() == hub.url and dialog.code_edit.text()
        dialog.pair_button.click()
        qtbot.waitUntil(lambda: window.store.path == data_dir.event_db("day"), timeout=WAIT_MS)
        assert "Paired as Desk 7" in dialog.message.text()
        assert window.desk.attendee("TICKET-3") is not None
        assert data_dir.current_slug() == "day"
        qtbot.waitUntil(lambda: window.sync_button.text().startswith("● Online"), timeout=WAIT_MS)

        # A wrong code is refused in words, and changes nothing.
        dialog.code_edit.setText("AAAAAA-BBBBBB-CCCCCC")
        dialog.pair_button.click()
        qtbot.waitUntil(lambda: dialog.message.text().startswith("Not paired"), timeout=WAIT_MS)
        assert "That code was not accepted: it is mistyped, already used by another desk" in dialog.message.text()
        assert window.store.path == data_dir.event_db("day")
    finally:
        window.close()


def test_unpairing_keeps_the_data_and_stops_syncing(qtbot, hub, office, tmp_path, monkeypatch):
    folder = paired_kiosk(hub, tmp_path / "desk1", "Desk 1")
    window = open_desk(qtbot, folder)
    try:
        qtbot.waitUntil(lambda: window.sync_button.text().startswith("● Online"), timeout=WAIT_MS)
        window.open_sync()
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        window.sync_dialog.unpair_button.click()
        qtbot.waitUntil(lambda: window.sync_button.text().startswith("Working on this laptop only"),
                        timeout=WAIT_MS)
        window.check_in("TICKET-1")
        qtbot.waitUntil(lambda: "1 change not yet shared" in window.sync_button.text(), timeout=WAIT_MS)
        assert window.desk.attendee("TICKET-1") is not None
    finally:
        window.close()


def test_a_revoked_desk_erases_its_copy_and_says_why(qtbot, hub, office, tmp_path, monkeypatch):
    folder = paired_kiosk(hub, tmp_path / "desk1", "Desk 1")
    window = open_desk(qtbot, folder)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    qtbot.waitUntil(lambda: window.sync_button.text().startswith("● Online"), timeout=WAIT_MS)
    kiosk_json(hub.data, "hub", "revoke", "--event", "day", "--device", "Desk 1", *hub.db_args)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert not (folder / "events" / "day").exists()
    assert warnings and "erased" in warnings[0]


def test_a_fresh_laptop_joins_an_event_from_the_hub(qtbot, hub, office, tmp_path):
    from PySide6.QtCore import QTimer

    from kiosk.ui.events_dialog import EventsDialog
    from kiosk.ui.sync_dialog import JoinHubDialog

    data = DataDir(tmp_path / "fresh")
    chooser = EventsDialog(data)
    qtbot.addWidget(chooser)
    code = kiosk_json(hub.data, "hub", "pair", "--event", "day", "--device", "Door", "--url", hub.url,
                      *hub.db_args)["code"]

    def fill_join_dialog() -> None:
        dialog = next(w for w in chooser.findChildren(JoinHubDialog) if w.isVisible())
        dialog.form.url_edit.setText(hub.url)
        dialog.form.code_edit.setText(code)
        dialog.form.pair_button.click()

    QTimer.singleShot(200, fill_join_dialog)
    chooser.join_button.click()  # modal: returns once the pairing has downloaded the event
    assert chooser.chosen == "day" and data.current_slug() == "day"
    with data.open("day") as store:
        assert Desk(store).attendee("TICKET-2") is not None


def test_a_kiosk_on_its_own_syncs_and_is_erased_when_revoked(qtbot, hub, office, tmp_path):
    from kiosk.selfservice.staff_pin import StaffPin
    from kiosk.ui.selfservice.launch import _sync_in_background
    from kiosk.ui.selfservice.window import KioskWindow

    from tests.support.kiosk_screens import PIN, scan_and_wait

    folder = paired_kiosk(hub, tmp_path / "door", "Door kiosk")
    data = DataDir(folder)
    StaffPin(data).set(PIN)
    window = KioskWindow(data, data.open_current(), camera=None, owns_store=True)
    qtbot.addWidget(window)
    _sync_in_background(data, window)  # what `kiosk --mode kiosk` does
    window.start()
    qtbot.waitUntil(lambda: window.sync_summary().startswith("Online"), timeout=WAIT_MS)
    scan_and_wait(qtbot, window, "TICKET-2")
    qtbot.waitUntil(lambda: office_sees(office, "TICKET-2") == ["Door kiosk"], timeout=WAIT_MS)

    kiosk_json(hub.data, "hub", "revoke", "--event", "day", "--device", "Door kiosk", *hub.db_args)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert not (folder / "events" / "day").exists()


def test_a_hub_that_stops_answering_never_freezes_the_desk(qtbot, tmp_path, monkeypatch):
    """The venue's hub hangs mid-request (accepts, never answers): closing the desk must not wait
    for the request's timeout, and the outbox stays on disk for the next start."""
    import time

    from kiosk.sync import transport as sync_client
    from kiosk.ui import sync_worker

    monkeypatch.setattr(sync_client, "TIMEOUT_S", 4)  # the real 10 s would only slow the test
    hub = SilentHub()
    folder = tmp_path / "desk1"
    with DataDir(folder).create("day", "Day") as store:
        add_attendee(store, "TICKET-1")
        SyncClient(store).configure(hub.url, "a-token")
    window = open_desk(qtbot, folder)
    window.check_in("TICKET-1")
    qtbot.waitUntil(lambda: bool(hub.held), timeout=WAIT_MS)  # a push is in flight, unanswered
    started = time.monotonic()
    window.close()
    assert time.monotonic() - started < 2.0  # it used to block for the whole timeout
    assert sync_worker._retiring  # the last round carries on alone, off screen
    qtbot.waitUntil(lambda: not sync_worker._retiring, timeout=WAIT_MS)
    hub.close()
    with DataDir(folder).open("day") as store:
        assert SyncClient(store).pending() >= 2  # the person and the check-in, still queued


def test_the_last_sync_time_ages_on_screen_between_rounds(qtbot, tmp_path, monkeypatch):
    """After a refusal the next round is 30 s away: "last sync" must not stand still meanwhile."""
    from kiosk.core.hlc import wall_ms
    from kiosk.sync import loop
    from kiosk.ui import desk_sync

    from tests.support.raw_http import http, serve_once

    monkeypatch.setattr(desk_sync, "REFRESH_MS", 50)
    folder = tmp_path / "desk1"
    refusing_hub = serve_once(http("401 Unauthorized", b'{"error": "unknown device token"}'))
    with DataDir(folder).create("day", "Day") as store:
        SyncClient(store).configure(refusing_hub, "a-token")
        with store.write():
            store._set_meta("sync.last_ok", str(wall_ms() - 20_000))
    window = open_desk(qtbot, folder)
    try:
        qtbot.waitUntil(lambda: "Sync refused" in window.sync_button.text(), timeout=WAIT_MS)
        assert "last sync 20 s ago" in window.sync_button.text()
        later = wall_ms() + 5 * 60_000
        monkeypatch.setattr(loop, "wall_ms", lambda: later)
        qtbot.waitUntil(lambda: "last sync 5 min ago" in window.sync_button.text(), timeout=2000)
    finally:
        window.close()


def test_closing_mid_way_through_a_long_round_ends_it_after_the_request_in_flight(qtbot, tmp_path):
    """A first download or a full resend is hundreds of requests: closing the desk must end the
    round after the one in flight, or the app could not exit until the whole event had come down."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs, urlsplit

    from kiosk.ui import sync_worker

    pulls: list[int] = []

    class EndlessHub(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server API)
            after = int(parse_qs(urlsplit(self.path).query)["after"][0])
            pulls.append(after)
            threading.Event().wait(0.2)  # each page takes a moment, and there is always more
            self._answer({"ops": [], "cursor": after + 1, "more": True})

        def do_POST(self):  # noqa: N802 (http.server API)
            self.rfile.read(int(self.headers["Content-Length"]))
            self._answer({"accepted": 0, "received": 0, "cursor": 0})

        def _answer(self, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), EndlessHub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    folder = tmp_path / "desk1"
    with DataDir(folder).create("day", "Day") as store:
        SyncClient(store).configure(f"http://127.0.0.1:{server.server_address[1]}", "a-token")
    window = open_desk(qtbot, folder)
    try:
        qtbot.waitUntil(lambda: len(pulls) >= 3, timeout=WAIT_MS)  # deep in an endless round
        window.close()
        qtbot.waitUntil(lambda: not sync_worker._retiring, timeout=3000)
        settled = len(pulls)
        qtbot.wait(500)
        assert len(pulls) == settled  # nothing more was asked for
    finally:
        server.shutdown()
        server.server_close()
