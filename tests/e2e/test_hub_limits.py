"""The hub's defences against hostile or runaway clients: body size, hostile operations, rate limits.

Real hub processes on loopback. Started with --trusted-proxy 127.0.0.1, they believe
X-Forwarded-For from loopback (a reverse proxy on the same machine), which lets one test speak
from several client addresses.
"""

from __future__ import annotations

import http.client
import json
import select
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kiosk.hub.app import FAILURE_BURST, PUBLIC_BURST, RATE_PER_SECOND
from kiosk.store.datadir import DataDir

from tests.support.cli import kiosk_json
from tests.support.hub import Hub, grid_with_one_session, hub_ops, paired_kiosk, synced_walk_in, token_of

MB = 1024 * 1024


@pytest.fixture
def sqlite_hub(tmp_path):
    """For what does not depend on the storage: one backend is enough."""
    hub = Hub(tmp_path / "hub-data", args=("--trusted-proxy", "127.0.0.1"))
    hub.start()
    yield hub
    hub.kill()


def memory_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} for process {pid}")


def call(hub: Hub, path: str, body: bytes | None = None, token: str | None = None,
         address: str | None = None) -> tuple[int, dict, http.client.HTTPMessage]:
    request = urllib.request.Request(hub.url + path, data=body, method="POST" if body is not None else "GET")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if address:
        request.add_header("X-Forwarded-For", address)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read() or b"{}") if body is not None else {}, answer.headers
    except urllib.error.HTTPError as exc:
        text = exc.read()
        try:
            return exc.code, json.loads(text), exc.headers
        except ValueError:  # a 500 from the server, not the hub's own answer
            return exc.code, {"error": text.decode(errors="replace")}, exc.headers


def pair_call(hub: Hub, code: str, address: str | None = None) -> tuple[int, dict, http.client.HTTPMessage]:
    return call(hub, "/api/v1/pair", json.dumps({"code": code}).encode(), address=address)


def upload_chunked(port: int, path: str, total: int) -> tuple[int, int]:
    """POST `total` bytes as 1 MB chunks, for as long as the hub reads them; (status, bytes sent)."""
    conn = socket.create_connection(("127.0.0.1", port), timeout=30)
    conn.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 "Transfer-Encoding: chunked\r\n\r\n".encode())
    chunk = f"{MB:x}\r\n".encode() + b" " * MB + b"\r\n"
    stream = memoryview(chunk * (total // MB) + b"0\r\n\r\n")
    sent = 0
    conn.setblocking(False)
    try:
        while True:
            readable, writable, _ = select.select([conn], [conn] if sent < len(stream) else [], [], 30)
            if readable:
                break  # the hub answered (before the end, if it stopped reading)
            assert writable, "the hub neither read on nor answered"
            try:
                sent += conn.send(stream[sent:sent + MB])
            except (BrokenPipeError, ConnectionResetError):
                break
        conn.settimeout(10)
        answer = http.client.HTTPResponse(conn)
        answer.begin()
        return answer.status, sent
    finally:
        conn.close()


def test_a_chunked_body_far_over_the_limit_is_refused_before_it_fills_the_hubs_memory(sqlite_hub):
    pid = sqlite_hub.proc.pid
    before = memory_kb(pid, "VmRSS")
    status, sent = upload_chunked(sqlite_hub.port, "/api/v1/pair", 200 * MB)  # no login needed
    peak, after = memory_kb(pid, "VmHWM"), memory_kb(pid, "VmRSS")
    print(f"hub RSS {before // 1024} MB before, peak {peak // 1024} MB, {after // 1024} MB after; "
          f"{sent // MB} MB sent")
    assert status == 413
    assert sent < 100 * MB  # the hub stopped reading at the limit
    assert peak - before < 40 * 1024  # KB: a few times the 4 MB limit at most, not the upload
    assert call(sqlite_hub, "/api/v1/status")[0] == 200


def test_hostile_operations_get_a_400_with_a_reason_and_nothing_is_logged(hub, tmp_path):
    """A 5xx makes a kiosk retry forever, and a logged operation no kiosk can apply stops them all."""
    token, before = synced_walk_in(hub, tmp_path / "k1")
    own_id = DataDir(tmp_path / "k1").device()[0]  # the hub takes only the desk's own operations

    def push_raw(kind: str, payload: str) -> tuple[int, dict]:
        body = ('{"ops": [{"id": "hostile-1", "device": "%s", "hlc": %d, "kind": "%s", "payload": %s}]}'
                % (own_id, 1 << 40, kind, payload)).encode()
        status, answer, _ = call(hub, "/api/v1/push", body, token)
        return status, answer

    checkin = '{"code": "X", "device": "d", "at_ms": %d}'
    printed = '{"job": "j", "device": "d", "printer": "p", "at_ms": %d}'
    # Written out by hand: json.dumps itself would overflow the stack on the deepest of these.
    deep = '{"code": "A", "set": {"extra": {"k": %s}}}'
    hostile = [("checkin", checkin % 10**30), ("checkin", checkin % 2**63), ("checkin", checkin % -(2**63 + 1)),
               ("print.done", printed % 10**30), ("print.done", printed % -(10**20)),
               ("attendee.upsert", deep % ("[" * 100 + "1" + "]" * 100)),
               ("attendee.upsert", deep % ("[" * 900 + "1" + "]" * 900))]
    # Grid values of the wrong shape would break the grid window, the projector and the public page.
    grid = '{"kind": "%s", "id": "x1", "set": %s}'
    hostile += [("grid.set", grid % ("slot", '{"start": 5}')), ("grid.set", grid % ("slot", '{"end": "25:99"}')),
                ("grid.set", grid % ("session", '{"placement": "Main Hall"}')),
                ("grid.set", grid % ("session", '{"conveners": [1, 2]}')),
                ("grid.set", grid % ("space", '{"capacity": "lots"}')),
                ("grid.set", grid % ("space", '{"position": 1e400}'))]
    for kind, payload in hostile:
        status, answer = push_raw(kind, payload)
        assert status == 400, (kind, payload[:80], status)
        assert "malformed operation" in answer["error"], answer
    assert push_raw("checkin", checkin % (2**63 - 1))[0] == 200  # the largest that fits is fine
    assert len(hub_ops(hub, token)) == len(before) + 1
    for page in ("/events/day/grid", "/events/day/grid.ics"):
        assert call(hub, page)[0] == 200


def test_a_device_pushing_too_often_is_slowed_with_a_retry_after(sqlite_hub, tmp_path):
    token = token_of(paired_kiosk(sqlite_hub, tmp_path / "k1", "Desk 1"))
    conn = http.client.HTTPConnection("127.0.0.1", sqlite_hub.port, timeout=10)
    statuses, retry_after = [], set()
    for _ in range(int(RATE_PER_SECOND * 10)):
        conn.request("POST", "/api/v1/push", b'{"ops": []}', {"Authorization": f"Bearer {token}"})
        answer = conn.getresponse()
        body = json.loads(answer.read())
        statuses.append(answer.status)
        if answer.status == 429:
            assert "slow down" in body["error"]
            retry_after.add(answer.headers["Retry-After"])
    conn.close()
    assert set(statuses) == {200, 429} and statuses.count(200) >= RATE_PER_SECOND * 2
    assert retry_after == {"1"}


def test_wrong_pairing_codes_slow_every_later_attempt_from_that_address(sqlite_hub, tmp_path):
    code = kiosk_json(sqlite_hub.data, "hub", "pair", "--event", "day", "--device", "Desk 1",
                      "--url", sqlite_hub.url)["code"]
    for n in range(FAILURE_BURST):
        assert pair_call(sqlite_hub, f"AAAAAA-BBBBBB-{n:06d}")[0] == 403
    status, answer, headers = pair_call(sqlite_hub, "AAAAAA-BBBBBB-CCCCCC")
    assert status == 429 and "slow down" in answer["error"]
    wait = int(headers["Retry-After"])
    assert 1 <= wait <= 60
    assert pair_call(sqlite_hub, code)[0] == 429  # the right code too: guessing is slowed, not just told
    assert pair_call(sqlite_hub, "AAAAAA-BBBBBB-CCCCCC", address="192.0.2.7")[0] == 403  # others are not held up
    time.sleep(wait)
    status, answer, _ = pair_call(sqlite_hub, code)
    assert status == 200 and answer["device"] == "Desk 1"


def test_stale_tokens_are_refused_plainly_and_do_not_hold_up_pairing(sqlite_hub, tmp_path):
    """After a hub is replaced, a venue's laptops behind one NAT address retry stale tokens: each
    gets a plain 401 ("pair again"), never a 429 ("offline"), and pairing from there still works."""
    desk = paired_kiosk(sqlite_hub, tmp_path / "k1", "Desk 1")
    venue = "192.0.2.9"
    for n in range(FAILURE_BURST * 3):
        assert call(sqlite_hub, "/api/v1/pull", token=f"stale-{n}", address=venue)[0] == 401
    assert call(sqlite_hub, "/api/v1/pull", address=venue)[0] == 401  # no token at all
    assert call(sqlite_hub, "/api/v1/pull", token=token_of(desk), address=venue)[0] == 200
    code = kiosk_json(sqlite_hub.data, "hub", "pair", "--event", "day", "--device", "Desk 2",
                      "--url", sqlite_hub.url)["code"]
    status, answer, _ = pair_call(sqlite_hub, code, address=venue)
    assert status == 200 and answer["device"] == "Desk 2"


def test_the_public_grid_pages_are_limited_per_address(sqlite_hub):
    kiosk_json(sqlite_hub.data, "hub", "pair", "--event", "day", "--device", "Desk 1", "--url", sqlite_hub.url)
    conn = http.client.HTTPConnection("127.0.0.1", sqlite_hub.port, timeout=10)
    statuses = []
    for n in range(PUBLIC_BURST * 2):
        conn.request("GET", "/events/day/grid.ics" if n % 2 else "/events/day/grid")
        answer = conn.getresponse()
        answer.read()
        statuses.append(answer.status)
        if answer.status == 429:
            assert int(answer.headers["Retry-After"]) >= 1
    conn.close()
    assert statuses[:PUBLIC_BURST // 2] == [200] * (PUBLIC_BURST // 2) and 429 in statuses
    assert call(sqlite_hub, "/events/day/grid", address="192.0.2.11")[0] == 200


def test_the_calendar_feed_keeps_venue_times_on_a_hub_in_another_time_zone(tmp_path, monkeypatch):
    """A cloud hub runs in UTC (here, UTC+14); the venue's 10:00 session is at 10:00 in the feed."""
    import icalendar

    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    hub = Hub(tmp_path / "hub-data")
    hub.start()
    try:
        grid_with_one_session(hub, tmp_path / "k1")
        with urllib.request.urlopen(hub.url + "/events/day/grid.ics", timeout=5) as feed:
            [session] = icalendar.Calendar.from_ical(feed.read()).walk("VEVENT")
    finally:
        hub.kill()
    start, end = session.decoded("DTSTART"), session.decoded("DTEND")
    assert start.tzinfo is None and end.tzinfo is None  # floating: the venue's wall clock
    assert (start.strftime("%H:%M"), end.strftime("%H:%M")) == ("10:00", "11:00")
