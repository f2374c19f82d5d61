"""A hostile device or client against a real hub process: raw HTTP and sockets on loopback.

One desk's token speaking for another desk, a device pushing without end, connections that never
finish their request, and forged X-Forwarded-For headers. Linux routes all of 127.0.0.0/8 to
loopback, so a test speaks from several client addresses by binding 127.0.0.2, 127.0.0.3, …
"""

from __future__ import annotations

import http.client
import json
import os
import resource
import socket
import time
import uuid
from pathlib import Path

import pytest

from kiosk.hub.app import FAILURE_BURST
from kiosk.hub.server import HEADER_TIMEOUT_S
from kiosk.store.datadir import DataDir

from tests.support.cli import kiosk, kiosk_json
from tests.support.hub import Hub, paired_kiosk, token_of
from tests.support.hub_backends import hub_db_fixture  # noqa: F401  (the hub_db fixture)


def hub_with(hub_db, data: Path, *args: str, **options) -> Hub:
    if hub_db.kind == "sqlite":
        return Hub(data, args=args, **options)
    return Hub(data, hub_db.db, hub_db.cache, args=args, **options)


def raw(hub: Hub, method: str, path: str, body: bytes = b"", token: str | None = None,
        source: str = "127.0.0.1", headers: dict[str, str] | None = None) -> tuple[int, dict, http.client.HTTPMessage]:
    """One request over a socket of our own from `source`: (status, JSON answer, headers)."""
    lines = [f"{method} {path} HTTP/1.1", "Host: hub", "Connection: close", f"Content-Length: {len(body)}"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    with socket.create_connection(("127.0.0.1", hub.port), timeout=30, source_address=(source, 0)) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        answer = http.client.HTTPResponse(conn)
        answer.begin()
        text = answer.read()
    return answer.status, json.loads(text or b"{}"), answer.headers


def device_id(folder: Path) -> str:
    return DataDir(folder).device()[0]


def op(device: str, kind: str, payload: dict) -> dict:
    return {"id": str(uuid.uuid4()), "device": device, "hlc": (int(time.time() * 1000)) << 16,
            "kind": kind, "payload": payload}


def queued_jobs(folder: Path) -> list[str]:
    with DataDir(folder).open("day") as store:
        return [r[0] for r in store.conn.execute("SELECT id FROM print_jobs WHERE device = ?",
                                                 (store.device_id,))]


# -- 1. a token speaks for one device ------------------------------------------------------------


def test_one_desks_token_cannot_make_another_desk_print(hub_db, tmp_path):
    hub = hub_with(hub_db, tmp_path / "hub-data")
    hub.start()
    try:
        desk1, desk2 = (paired_kiosk(hub, tmp_path / f"k{n}", f"Desk {n}") for n in (1, 2))
        for desk in (desk1, desk2):
            kiosk_json(desk, "walkin", "--first", "Ann", "--last", desk.name)
            kiosk_json(desk, "sync", "--once")
        forged = op(device_id(desk2), "print.queued", {"job": "forged-job", "kind": "badge", "code": "X",
                                                       "printer": "default", "device_name": "Desk 2"})
        status, answer, _ = raw(hub, "POST", "/api/v1/push", json.dumps({"ops": [forged]}).encode(),
                                token_of(desk1))
        assert status == 400 and "names device" in answer["error"] and "Desk 1" in answer["error"], answer
        # A batch mixing its own operations with one of another desk's is refused whole.
        own = op(device_id(desk1), "print.queued", {"job": "own-job", "kind": "badge", "printer": "default"})
        status, _, _ = raw(hub, "POST", "/api/v1/push", json.dumps({"ops": [own, forged]}).encode(), token_of(desk1))
        assert status == 400
        kiosk_json(desk2, "sync", "--once")
        assert "forged-job" not in queued_jobs(desk2)  # Desk 2 prints nothing it did not queue
        # Genuine traffic of both desks still flows both ways.
        kiosk_json(desk2, "walkin", "--first", "Bea", "--last", "Later")
        kiosk_json(desk2, "sync", "--once")
        kiosk_json(desk1, "sync", "--once")
        with DataDir(desk1).open("day") as store:
            assert store.conn.execute("SELECT COUNT(*) FROM attendees").fetchone()[0] == 3
    finally:
        hub.kill()


def test_a_fresh_token_cannot_claim_a_device_id_already_in_use(hub_db, tmp_path):
    """Trust on first use, but not of an id another desk of the event has pushed with."""
    hub = hub_with(hub_db, tmp_path / "hub-data")
    hub.start()
    try:
        desk1 = paired_kiosk(hub, tmp_path / "k1", "Desk 1")
        kiosk_json(desk1, "walkin", "--first", "Ann", "--last", "Example")
        kiosk_json(desk1, "sync", "--once")
        code = kiosk_json(hub.data, "hub", "pair", "--event", "day", "--device", "Intruder", *hub.db_args)["code"]
        status, paired, _ = raw(hub, "POST", "/api/v1/pair", json.dumps({"code": code}).encode())
        assert status == 200
        token = paired["token"]
        claim = op(device_id(desk1), "print.queued", {"job": "j", "kind": "badge", "printer": "default"})
        status, answer, _ = raw(hub, "POST", "/api/v1/push", json.dumps({"ops": [claim]}).encode(), token)
        assert status == 400 and "belongs to another device" in answer["error"], answer
        mine = op(str(uuid.uuid4()), "print.queued", {"job": "j2", "kind": "badge", "printer": "default"})
        assert raw(hub, "POST", "/api/v1/push", json.dumps({"ops": [mine]}).encode(), token)[0] == 200
        # A laptop replacing Desk 1 under its name is paired afresh, and syncs as itself.
        spare = paired_kiosk(hub, tmp_path / "spare", "Desk 1")
        kiosk_json(spare, "walkin", "--first", "Bea", "--last", "Spare")
        assert kiosk_json(spare, "sync", "--once")["pending"] == 0
        listed = {d["name"]: d for d in kiosk_json(hub.data, "hub", "devices", "--event", "day",
                                                     *hub.db_args)["devices"]}
        assert listed["Desk 1"]["device_id"] == device_id(spare)
    finally:
        hub.kill()


# -- 2. quotas -------------------------------------------------------------------------------


def test_a_device_over_its_quota_gets_a_429_and_the_organiser_sees_it(hub_db, tmp_path):
    hub = hub_with(hub_db, tmp_path / "hub-data", "--quota-minute", "5000/64", "--quota-day", "8000/256")
    hub.start()
    try:
        desk = paired_kiosk(hub, tmp_path / "k1", "Desk 1")
        token, me = token_of(desk), device_id(desk)

        def push(count: int) -> tuple[int, dict, http.client.HTTPMessage]:
            ops = [op(me, "checkin", {"code": f"C{n}", "device": "Desk 1", "at_ms": 1}) for n in range(count)]
            return raw(hub, "POST", "/api/v1/push", json.dumps({"ops": ops}).encode(), token)

        assert push(5000)[0] == 200
        status, answer, headers = push(5000)  # 10,000 today: over 8,000
        assert status == 429 and "for today" in answer["error"], answer
        assert 1 <= int(headers["Retry-After"]) <= 86400
        assert push(3001)[0] == 429  # the refused push charged nothing: 5,000 + 3,001 is still over
        listed = kiosk_json(hub.data, "hub", "devices", "--event", "day", *hub.db_args)["devices"]
        quota = listed[0]["quota"]
        assert quota["hit"] and quota["held"] and quota["until"] > time.time() and quota["ops_today"] == 5000
        proc = kiosk(hub.data, "hub", "devices", "--event", "day", *hub.db_args)
        assert proc.returncode == 0 and "QUOTA HIT" in proc.stdout, proc.stdout
    finally:
        hub.kill()


@pytest.mark.parametrize("hub_db", ["postgres"], indirect=True)
def test_the_quota_holds_across_worker_processes(hub_db, tmp_path):
    hub = hub_with(hub_db, tmp_path / "hub-data", "--workers", "2", "--quota-minute", "5000/64",
                   "--quota-day", "5000/64")
    hub.start()
    try:
        desk = paired_kiosk(hub, tmp_path / "k1", "Desk 1")
        token, me = token_of(desk), device_id(desk)
        statuses = []
        for n in range(12):  # a new connection each time: either worker may take it
            ops = [op(me, "checkin", {"code": f"C{n}-{i}", "device": "Desk 1", "at_ms": 1}) for i in range(500)]
            statuses.append(raw(hub, "POST", "/api/v1/push", json.dumps({"ops": ops}).encode(), token)[0])
        assert statuses == [200] * 10 + [429] * 2
    finally:
        hub.kill()


# -- 3. slow and hostile connections -----------------------------------------------------------


def _limit_descriptors() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))


def _slow_connections(port: int, source: str, count: int) -> list[socket.socket]:
    held = []
    for _ in range(count):
        conn = socket.socket()
        conn.settimeout(5)
        try:
            conn.bind((source, 0))
            conn.connect(("127.0.0.1", port))
            conn.sendall(b"GET /api/v1/status HTTP/1.1\r\nHost: hub\r\nX-Slow: ")  # and never more
        except OSError:
            conn.close()
            continue
        held.append(conn)
    return held


@pytest.mark.slow
def test_connections_that_never_finish_a_request_neither_block_a_desk_nor_flood_the_log(tmp_path):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 3000:
        pytest.skip("needs 3,000 descriptors for the attacking side")
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(4096, hard) if hard != resource.RLIM_INFINITY else 4096, hard))
    log = tmp_path / "hub.log"
    hub = Hub(tmp_path / "hub-data", log=log, preexec=_limit_descriptors)
    hub.start()
    held: list[socket.socket] = []
    try:
        desk = paired_kiosk(hub, tmp_path / "k1", "Desk 1")
        token = token_of(desk)
        began = time.monotonic()
        held += _slow_connections(hub.port, "127.0.0.2", 300)
        started = time.monotonic()
        status, _, _ = raw(hub, "GET", "/api/v1/pull?after=0", token=token)
        first_answer = time.monotonic() - started
        # More of them, from more addresses: more than the hub has descriptors.
        for n in range(3, 12):
            held += _slow_connections(hub.port, f"127.0.0.{n}", 100)
        started = time.monotonic()
        status2, _, _ = raw(hub, "GET", "/api/v1/pull?after=0", token=token)
        second_answer = time.monotonic() - started
        open_fds = len(os.listdir(f"/proc/{hub.proc.pid}/fd"))
        print(f"{len(held)} slow connections open on our side; desk answered in {first_answer * 1000:.0f} ms, "
              f"then {second_answer * 1000:.0f} ms; hub holds {open_fds} descriptors")
        assert status == 200 and first_answer < 1.0
        assert status2 == 200 and second_answer < 1.0
        assert open_fds < 1024
        assert kiosk_json(desk, "sync", "--once")["pending"] == 0
        # The slow ones the hub kept are closed once their head is late.
        survivor = held[-1]
        survivor.settimeout(HEADER_TIMEOUT_S + 5)
        try:
            assert survivor.recv(100) == b""
        except ConnectionResetError:
            pass
        assert time.monotonic() - began < HEADER_TIMEOUT_S * 2 + 15
        time.sleep(max(0.0, began + 12 - time.monotonic()))
        size = log.stat().st_size
        print(f"hub log: {size} bytes after {time.monotonic() - began:.0f} s")
        assert size < 100 * 1024, log.read_text(errors="replace")[:2000]
    finally:
        for conn in held:
            conn.close()
        hub.kill()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.mark.slow
def test_a_body_that_stops_coming_is_given_up(tmp_path):
    from kiosk.hub.server import BODY_IDLE_TIMEOUT_S

    hub = Hub(tmp_path / "hub-data")
    hub.start()
    try:
        with socket.create_connection(("127.0.0.1", hub.port), timeout=BODY_IDLE_TIMEOUT_S + 10) as conn:
            conn.sendall(b"POST /api/v1/pair HTTP/1.1\r\nHost: hub\r\nContent-Length: 1000\r\n\r\n{\"code\": ")
            began = time.monotonic()
            try:
                while conn.recv(4096):
                    pass  # an answer, if any, then the close
            except ConnectionResetError:
                pass
            waited = time.monotonic() - began
        assert BODY_IDLE_TIMEOUT_S - 1 <= waited <= BODY_IDLE_TIMEOUT_S + 5
    finally:
        hub.kill()


# -- 4. X-Forwarded-For only from trusted proxies -------------------------------------------------


def _pair_from(hub: Hub, source: str, forwarded_for: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return raw(hub, "POST", "/api/v1/pair", b'{"code": "AAAAAA-BBBBBB-CCCCCC"}', source=source, headers=headers)[0]


def test_a_forged_forwarded_for_does_not_reset_the_pairing_budget(tmp_path):
    hub = Hub(tmp_path / "hub-data")
    hub.start()
    try:
        for _ in range(FAILURE_BURST):
            assert _pair_from(hub, "127.0.0.1") == 403
        assert _pair_from(hub, "127.0.0.1") == 429
        assert _pair_from(hub, "127.0.0.1", "192.0.2.7") == 429  # not believed: still this address
        assert _pair_from(hub, "127.0.0.1", "192.0.2.8, 127.0.0.1") == 429
    finally:
        hub.kill()


def test_forwarded_for_is_believed_from_a_trusted_proxy_only(tmp_path):
    hub = Hub(tmp_path / "hub-data", args=("--trusted-proxy", "127.0.0.2"))
    hub.start()
    try:
        for _ in range(FAILURE_BURST):
            assert _pair_from(hub, "127.0.0.2", "192.0.2.1") == 403
        assert _pair_from(hub, "127.0.0.2", "192.0.2.1") == 429
        assert _pair_from(hub, "127.0.0.2", "192.0.2.2") == 403  # the proxy's other clients are not held up
        # The far end of the header is the client's to write: the proxy's own addition counts.
        assert _pair_from(hub, "127.0.0.2", "192.0.2.2, 192.0.2.1") == 429
        # Another address is no proxy of ours: each forged header still counts against it.
        statuses = [_pair_from(hub, "127.0.0.3", f"198.51.100.{n}") for n in range(FAILURE_BURST + 1)]
        assert statuses[-1] == 429 and set(statuses[:FAILURE_BURST]) == {403}
    finally:
        hub.kill()
