"""Sync end to end: a real hub process, real sockets on loopback, three kiosk data folders.

Every test here runs against a hub on SQLite and, with KIOSK_TEST_PG_DSN set, on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

from kiosk.store.datadir import DataDir

from tests.support.cli import ROOT, assert_clean_failure, kiosk, kiosk_json
from tests.support.hub import grid_with_one_session, hub_on, hub_ops, paired_kiosk, snapshot, token_of
from tests.support.paths import DATA


def test_three_kiosks_offline_then_converge_with_the_double_admission_flagged(hub, tmp_path):
    desks = [paired_kiosk(hub, tmp_path / f"k{i}", f"Desk {i}") for i in (1, 2, 3)]
    kiosk_json(desks[0], "import", str(DATA / "eventbrite-2024.csv"))
    kiosk_json(desks[0], "grid", "space", "add", "Main Hall")
    kiosk_json(desks[0], "grid", "slot", "add", "10:00", "11:00")
    assert kiosk_json(desks[0], "sync", "--once")["pushed"] >= 3
    for desk in desks[1:]:
        assert kiosk_json(desk, "sync", "--once")["pulled"] >= 3
        assert kiosk_json(desk, "stats")["expected"] == 3

    hub.kill()  # the venue Wi-Fi goes
    sian, sean = "881234500111000011001", "881234500211000021001"
    kiosk_json(desks[0], "checkin", sean)
    kiosk_json(desks[1], "checkin", sian)
    kiosk_json(desks[2], "checkin", sian)  # the same ticket, admitted on two offline laptops
    kiosk_json(desks[1], "walkin", "--first", "Zoë", "--last", "O'Neill")
    kiosk_json(desks[2], "edit", sean, "--first", "Seán Óg")
    kiosk_json(desks[1], "grid", "propose", "Wellbeing", "--convener", "Ann", "--space", "Main Hall", "--slot", "10:00")
    kiosk_json(desks[2], "grid", "propose", "Data", "--convener", "Bob", "--space", "Main Hall", "--slot", "10:00")
    offline = kiosk(desks[0], "sync", "--once", "--json")
    assert offline.returncode == 1 and "cannot reach the hub" in offline.stderr

    hub.start()  # it comes back
    for _ in range(2):
        for desk in desks:
            kiosk_json(desk, "sync", "--once")
    states = [snapshot(desk) for desk in desks]
    assert states[0] == states[1] == states[2]
    stats = kiosk_json(desks[0], "stats")
    assert stats["checked_in"] == 3 and stats["admitted_twice"] == 1 and stats["walk_ins"] == 1
    shown = kiosk_json(desks[0], "show", sian)["attendee"]["admissions"]
    assert sorted(a["device"] for a in shown) == ["Desk 2", "Desk 3"]
    grid = kiosk_json(desks[0], "grid", "show")
    assert len(grid["sessions"]) == 2 and len(grid["clashes"]) == 1  # both kept: a clash, not a loss
    assert kiosk_json(desks[0], "sync", "--once") == {"pushed": 0, "pulled": 0, "pending": 0}


def test_an_import_in_the_column_form_reaches_every_desk_through_the_hub(hub, tmp_path):
    """A clean export is logged in the column form (kiosk/ops/import_columns.py): the hub checks
    and keeps it as it is, and a desk that pulls it ends with the same attendees."""
    export = tmp_path / "export.csv"
    export.write_text("Barcode #,First Name,Last Name,Email,Company,Order Date\n" + "".join(
        f"Q{n:05d},Siân{n % 7},Evans{n},p{n}@example.org,Org {n % 3},2026-10-0{n % 9 + 1}\n"
        for n in range(2500)), encoding="utf-8")
    first, second = (paired_kiosk(hub, tmp_path / f"k{i}", f"Desk {i}") for i in (1, 2))
    assert kiosk_json(first, "import", str(export))["created"] == 2500
    kiosk_json(first, "sync", "--once")
    chunks = [op["payload"] for op in hub_ops(hub, token_of(first)) if op["kind"] == "attendee.import"]
    assert len(chunks) == 3 and all(c["columns"][0] == "code" and "Order Date" in c["extra"] for c in chunks)
    assert kiosk_json(second, "sync", "--once")["pulled"] >= 3
    assert snapshot(first) == snapshot(second)
    assert kiosk_json(second, "show", "Q00042")["attendee"]["full_name"] == "Siân0 Evans42"


def test_a_laptops_own_event_of_the_same_name_is_kept_apart_from_the_hubs(hub, tmp_path):
    """A volunteer tried the desk on their own "day" (a practice check-in), then joins the hub's
    "day", which has its own list: the two are not mixed. The hub's goes into day-2; the laptop's
    own stays as it was, unshared. A laptop whose own event meets an empty hub event uploads it."""
    first = paired_kiosk(hub, tmp_path / "k1", "Desk 1")
    kiosk_json(first, "import", str(DATA / "eventbrite-2024.csv"))
    kiosk_json(first, "sync", "--once")
    volunteer = tmp_path / "k2"
    kiosk_json(volunteer, "event", "create", "day", "--name", "Practice day")
    kiosk_json(volunteer, "walkin", "--first", "Practice", "--last", "Person")
    code = kiosk_json(hub.data, "hub", "pair", "--event", "day", "--device", "Desk 2", "--url", hub.url,
                      *hub.db_args)["code"]
    joined = kiosk_json(volunteer, "sync", "pair", hub.url, code)
    assert (joined["event"], joined["kept_apart"]) == ("day-2", "day")
    assert kiosk_json(volunteer, "stats")["expected"] == 3  # the hub's list, current now
    assert kiosk_json(volunteer, "sync", "--once")["pending"] == 0
    kiosk_json(first, "sync", "--once")
    assert kiosk_json(first, "stats")["walk_ins"] == 0  # the practice walk-in never left the laptop
    kiosk_json(volunteer, "event", "use", "day")
    own = kiosk_json(volunteer, "stats")
    assert (own["expected"], own["walk_ins"]) == (1, 1)  # the laptop's own, as it was
    # An organiser's laptop that set the event up alone first, meeting an empty hub event: its
    # event is the one shared (uploaded), as before.
    organiser = tmp_path / "k3"
    kiosk_json(organiser, "event", "create", "fresh", "--name", "Fresh day")
    kiosk_json(organiser, "import", str(DATA / "eventbrite-2024.csv"))
    code = kiosk_json(hub.data, "hub", "pair", "--event", "fresh", "--device", "Office", "--url", hub.url,
                      *hub.db_args)["code"]
    assert kiosk_json(organiser, "sync", "pair", hub.url, code)["kept_apart"] == ""
    assert kiosk_json(organiser, "sync", "--once")["pending"] == 0
    assert len([op for op in hub_ops(hub, token_of_event(organiser, "fresh")) if op["kind"] == "attendee.import"]) >= 1


def token_of_event(folder, slug: str) -> str:
    with DataDir(folder).open(slug) as store:
        return store.get_meta("sync.token")


def test_revoked_device_wipes_its_copy(hub, tmp_path):
    desk = paired_kiosk(hub, tmp_path / "k1", "Desk 1")
    kiosk_json(desk, "walkin", "--first", "Ann", "--last", "Example")
    kiosk_json(desk, "sync", "--once")
    kiosk_json(hub.data, "hub", "revoke", "--event", "day", "--device", "Desk 1", *hub.db_args)
    [listed] = kiosk_json(hub.data, "hub", "devices", "--event", "day", *hub.db_args)["devices"]
    assert listed["name"] == "Desk 1" and listed["revoked"] and listed["last_seen"]
    assert_clean_failure(kiosk(desk, "sync", "--once"), 1)
    assert not (desk / "events" / "day").exists()


def test_bad_requests_get_a_4xx_and_change_nothing(hub, tmp_path):
    desk = paired_kiosk(hub, tmp_path / "k1", "Desk 1")
    with DataDir(desk).open("day") as store:
        token = store.get_meta("sync.token")

    def post(path: str, body: bytes, auth: str | None = token) -> int:
        request = urllib.request.Request(hub.url + path, data=body, method="POST")
        if auth:
            request.add_header("Authorization", f"Bearer {auth}")
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:
                return answer.status
        except urllib.error.HTTPError as exc:
            return exc.code

    assert post("/api/v1/push", b'{"ops": []}', auth=None) == 401
    assert post("/api/v1/push", b'{"ops": []}', auth="forged") == 401
    assert post("/api/v1/push", b"not json") == 400
    assert post("/api/v1/push", b'{"ops": [{"id": "x"}]}') == 400
    assert post("/api/v1/push", json.dumps({"ops": [{"id": "x", "device": "d", "hlc": "soon",
                                                     "kind": "checkin", "payload": {}}]}).encode()) == 400
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", hub.port, timeout=5)
    conn.putrequest("POST", "/api/v1/push")
    conn.putheader("Authorization", f"Bearer {token}")
    conn.putheader("Content-Length", str(5 * 1024 * 1024))  # refused before the body is read
    conn.endheaders()
    assert conn.getresponse().status == 413
    conn.close()
    assert post("/api/v1/pair", b'{"code": "NOPE"}', auth=None) == 403
    assert kiosk_json(desk, "sync", "--once")["pulled"] == 0  # nothing was stored


def test_public_grid_page_and_calendar_feed(hub, tmp_path):
    grid_with_one_session(hub, tmp_path / "k1")
    with urllib.request.urlopen(hub.url + "/events/day/grid", timeout=5) as page:
        assert "Wellbeing at work" in page.read().decode()
    with urllib.request.urlopen(hub.url + "/events/day/grid.ics", timeout=5) as feed:
        assert "SUMMARY:Wellbeing at work" in feed.read().decode()


def test_two_hub_processes_on_one_database_serve_one_event(hub_db, hub, tmp_path):
    """An organisation's hubs at two venues share the log; each keeps its own cache of the state."""
    other = hub_on(hub_db, hub.data, tmp_path / "other-cache")
    other.start()
    try:
        near = paired_kiosk(hub, tmp_path / "k1", "Desk 1")
        far = paired_kiosk(other, tmp_path / "k2", "Desk 2")
        kiosk_json(near, "grid", "space", "add", "Main Hall")
        kiosk_json(near, "grid", "slot", "add", "10:00", "11:00")
        kiosk_json(near, "grid", "propose", "Wellbeing at work", "--convener", "Siân", "--first-free")
        kiosk_json(far, "walkin", "--first", "Zoë", "--last", "O'Neill")
        for desk in (near, far, near):
            kiosk_json(desk, "sync", "--once")
        assert snapshot(near) == snapshot(far)
        with urllib.request.urlopen(other.url + "/events/day/grid", timeout=5) as page:
            assert "Wellbeing at work" in page.read().decode()
    finally:
        other.kill()


def test_many_desks_paired_at_once_while_the_hub_serves(hub, tmp_path):
    """Setting up the morning: codes made for two dozen desks at once, beside a hub already serving
    one. Each `kiosk hub pair` opens the database; none may block or deadlock the others."""
    first = paired_kiosk(hub, tmp_path / "k0", "Desk 0")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    makers = []
    for n in range(1, 25):  # staggered, so one's schema check meets another's pairing code
        makers.append(subprocess.Popen([sys.executable, "-m", "kiosk", "--data", str(hub.data), "hub", "pair",
                                        "--event", "day", "--device", f"Desk {n}", "--json", *hub.db_args],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env))
        time.sleep(0.03)
    while any(m.poll() is None for m in makers):
        kiosk_json(first, "sync", "--once")  # the hub keeps serving meanwhile
    answers = [m.communicate() for m in makers]
    assert [m.returncode for m in makers] == [0] * len(makers), [err for _, err in answers if err]
    codes = [json.loads(out)["code"] for out, _ in answers]
    kiosk_json(tmp_path / "k5", "sync", "pair", hub.url, codes[4])
    assert kiosk_json(tmp_path / "k5", "stats")["expected"] == kiosk_json(first, "stats")["expected"]
