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
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.hub.app import FAILURE_BURST, MAX_PAIR_BODY_BYTES
from kiosk.hub.server import HEADER_TIMEOUT_S, TIMEOUTS_ENV
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
    hub = hub_with(hub_db, tmp_path / "hub-data", "--quota-minute", "6000/64", "--quota-day", "8000/256")
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
        assert push(3001)[0] == 429  # the refused push charged no operation: 5,000 + 3,001 is still over
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


def _closed_within(conn: socket.socket, seconds: float) -> float:
    """Seconds until the hub closed `conn` (reading and dropping any answer on the way)."""
    began = time.monotonic()
    conn.settimeout(seconds)
    try:
        while conn.recv(4096):
            pass
    except ConnectionResetError:
        pass
    return time.monotonic() - began


def test_a_body_that_stops_coming_is_given_up(tmp_path, monkeypatch):
    # Deadlines shortened for the test (the real ones: 30 s of pause, 10 s of grace).
    monkeypatch.setenv(TIMEOUTS_ENV, "body_idle=1.5,body_grace=60,body_deadline=60")
    hub = Hub(tmp_path / "hub-data")
    hub.start()
    try:
        with socket.create_connection(("127.0.0.1", hub.port), timeout=10) as conn:
            conn.sendall(b"POST /api/v1/pair HTTP/1.1\r\nHost: hub\r\nContent-Length: 1000\r\n\r\n{\"code\": ")
            waited = _closed_within(conn, 10)
        assert 1.4 <= waited <= 3.5
    finally:
        hub.kill()


def test_a_pairing_request_over_1_kb_is_refused_before_it_is_read(tmp_path):
    hub = Hub(tmp_path / "hub-data")
    hub.start()
    try:
        with socket.create_connection(("127.0.0.1", hub.port), timeout=5) as conn:
            conn.sendall(b"POST /api/v1/pair HTTP/1.1\r\nHost: hub\r\nContent-Length: 100000\r\n\r\n")
            answer = http.client.HTTPResponse(conn)
            answer.begin()  # at once: the hub does not wait for 100,000 bytes it will not read
            assert answer.status == 413
        # Chunked, it has no length to go by: cut at 1 KB.
        with socket.create_connection(("127.0.0.1", hub.port), timeout=5) as conn:
            conn.sendall(b"POST /api/v1/pair HTTP/1.1\r\nHost: hub\r\nTransfer-Encoding: chunked\r\n\r\n")
            conn.sendall(b"%x\r\n%s\r\n" % (MAX_PAIR_BODY_BYTES + 1, b" " * (MAX_PAIR_BODY_BYTES + 1)))
            answer = http.client.HTTPResponse(conn)
            answer.begin()
            assert answer.status == 413
        # A code itself still pairs.
        code = kiosk_json(hub.data, "hub", "pair", "--event", "day", "--device", "Desk 1")["code"]
        assert raw(hub, "POST", "/api/v1/pair", json.dumps({"code": code}).encode())[0] == 200
    finally:
        hub.kill()


def test_a_device_held_back_by_its_quota_is_refused_before_its_body_is_read(tmp_path):
    hub = Hub(tmp_path / "hub-data", args=("--quota-minute", "5000/64", "--quota-day", "5000/64"))
    hub.start()
    try:
        desk = paired_kiosk(hub, tmp_path / "k1", "Desk 1")
        token, me = token_of(desk), device_id(desk)
        ops = [op(me, "checkin", {"code": f"C{n}", "device": "Desk 1", "at_ms": 1}) for n in range(5000)]
        assert raw(hub, "POST", "/api/v1/push", json.dumps({"ops": ops}).encode(), token)[0] == 200
        # Its day is used up. A 4 MB push announced, and not one byte of it sent: refused at once.
        with socket.create_connection(("127.0.0.1", hub.port), timeout=5) as conn:
            began = time.monotonic()
            conn.sendall(f"POST /api/v1/push HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {token}\r\n"
                         f"Content-Length: {4 * 1024 * 1024 - 1}\r\n\r\n".encode())
            answer = http.client.HTTPResponse(conn)
            answer.begin()
            waited = time.monotonic() - began
            assert answer.status == 429 and "for today" in json.loads(answer.read())["error"]
            assert 1 <= int(answer.headers["Retry-After"]) <= 86400
        assert waited < 1.0, waited
        listed = kiosk_json(hub.data, "hub", "devices", "--event", "day")["devices"]
        assert listed[0]["quota"]["held"] and listed[0]["quota"]["ops_today"] == 5000
    finally:
        hub.kill()


def _limit_to_56_connections() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))  # 256 less the reserve of 200


# Shortened for the test: a body has 1 s before it must average 1 KB/s, and 3 s in all; one
# sending 1.5 KB/s or more is not closed to make room.
TRICKLE_DEADLINES = "header=2,body_grace=1,body_deadline=3,body_fair_rate=1500"
TRICKLE_HEADS = (  # bodies no one asked for the hub to wait on: pairing, a push without a token, nowhere
    b"POST /api/v1/pair HTTP/1.1\r\nHost: hub\r\nContent-Length: 1000\r\n\r\n{",
    b"POST /api/v1/pair HTTP/1.1\r\nHost: hub\r\nContent-Length: 100000\r\n\r\n{",
    b"POST /api/v1/push HTTP/1.1\r\nHost: hub\r\nContent-Length: 100000\r\n\r\n{",
    b"POST /nowhere HTTP/1.1\r\nHost: hub\r\nContent-Length: 100000\r\n\r\n{",
)


class _Trickler:
    """An attacker's connection sending its body `every` seconds `piece` bytes at a time."""

    def __init__(self, port: int, source: str, head: bytes, piece: int, every: float) -> None:
        self.piece, self.every = piece, every
        self.sock = socket.socket()
        self.sock.bind((source, 0))
        self.sock.settimeout(2)
        self.sock.connect(("127.0.0.1", port))
        self.opened = time.monotonic()
        self.sent_at = self.opened - every
        self.closed: float | None = None
        try:
            self.sock.sendall(head)
        except OSError:
            self.close()
        self.sock.setblocking(False)

    def tick(self, now: float) -> None:
        if self.closed is not None:
            return
        try:
            while True:  # an answer (a 413, a 401) and then the close, or just the close
                if not self.sock.recv(4096):
                    return self.close()
        except BlockingIOError:
            pass
        except OSError:
            return self.close()
        if now - self.sent_at >= self.every:
            self.sent_at = now
            try:
                self.sock.send(b" " * self.piece)
            except BlockingIOError:
                pass
            except OSError:
                self.close()

    def close(self) -> None:
        if self.closed is None:
            self.closed = time.monotonic()
        self.sock.close()


def _run(attackers: list[_Trickler], seconds: float, also: Callable[[], None] = lambda: None) -> None:
    """Keeps the attackers sending for `seconds` (or until all are closed), calling `also` too."""
    until = time.monotonic() + seconds
    while time.monotonic() < until and any(a.closed is None for a in attackers):
        now = time.monotonic()
        for a in list(attackers):
            a.tick(now)
        also()
        time.sleep(0.02)


@pytest.mark.slow
def test_trickled_bodies_from_many_addresses_neither_lock_out_a_desk_nor_stay(tmp_path, monkeypatch):
    """The reviewer's attack, with deadlines scaled down: bodies sent a byte at a time, without a
    token, from four addresses; then more of them than the hub has room for, and each one the hub
    closes opened again."""
    monkeypatch.setenv(TIMEOUTS_ENV, TRICKLE_DEADLINES)
    hub = Hub(tmp_path / "hub-data", preexec=_limit_to_56_connections)
    hub.start()
    attackers: list[_Trickler] = []
    try:
        desk = paired_kiosk(hub, tmp_path / "k1", "Desk 1")
        token = token_of(desk)

        def attack(n: int, fast: bool = False) -> _Trickler:  # fast: 4 KB/s, over the minimum average
            return _Trickler(hub.port, f"127.0.0.{2 + n % 4}", TRICKLE_HEADS[2 if fast else n % 4],
                             2000 if fast else 1, 0.5)

        # 1. Room to spare: a trickle is closed once the first second is over, one that keeps up
        # the minimum average at the overall deadline, and an honest push at 3 KB/s gets through.
        attackers += [attack(n) for n in range(8)] + [attack(n, fast=True) for n in range(4)]
        me = device_id(desk)
        body = json.dumps({"ops": [op(me, "checkin", {"code": f"C{n}", "device": "Desk 1", "at_ms": 1})
                                   for n in range(40)]}).encode()
        with socket.create_connection(("127.0.0.1", hub.port), timeout=5) as conn:
            conn.sendall(f"POST /api/v1/push HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {token}\r\n"
                         f"Content-Length: {len(body)}\r\n\r\n".encode())
            for at in range(0, len(body), 300):
                conn.sendall(body[at:at + 300])
                _run(attackers, 0.1)
            answer = http.client.HTTPResponse(conn)
            answer.begin()
            assert answer.status == 200 and len(body) > 3000, answer.status
        _run(attackers, 3 + 1.5)
        lifetimes = sorted(a.closed - a.opened for a in attackers if a.closed is not None)
        print(f"room to spare: trickles closed after {lifetimes[0]:.1f}-{lifetimes[7]:.1f} s, "
              f"4 KB/s bodies after {lifetimes[8]:.1f}-{lifetimes[-1]:.1f} s")
        assert len(lifetimes) == 12
        assert 0.9 <= lifetimes[0] and lifetimes[7] < 1 + 0.7  # the minimum average
        assert 2.9 <= lifetimes[8] and lifetimes[-1] < 3 + 0.7  # the overall deadline

        # 2. Full: 80 at a time for 56 places, each one closed coming back at once.
        answers: list[tuple[int, float]] = []
        next_desk = [time.monotonic()]
        flood = [attack(n) for n in range(80)]

        def keep_up_and_ask() -> None:
            gone = sum(1 for a in flood if a.closed is not None)
            flood.extend(attack(len(flood) + n) for n in range(80 - (len(flood) - gone)))
            if time.monotonic() >= next_desk[0]:
                path = "/api/v1/status" if len(answers) % 2 else "/api/v1/pull?after=0"
                started = time.monotonic()
                status = raw(hub, "GET", path, token=token)[0]
                answers.append((status, time.monotonic() - started))
                next_desk[0] = time.monotonic() + 0.2

        attackers += flood
        _run(flood, 3.0, keep_up_and_ask)
        stopped, opened = time.monotonic(), len(flood)
        _run(flood, 1 + 1.5)  # no new ones: the last are closed after their first second
        lifetimes = [a.closed - a.opened for a in flood if a.closed is not None]
        slowest = max(seconds for _, seconds in answers)
        print(f"full: {opened} trickling connections opened in 3 s, {len(answers)} desk requests, slowest "
              f"{slowest * 1000:.0f} ms; the last closed {max(a.closed or 0 for a in flood) - stopped:.1f} s "
              f"after the attack stopped; the longest-lived lasted {max(lifetimes):.1f} s")
        assert all(status == 200 for status, _ in answers), answers
        assert slowest < 1.0 and len(answers) >= 5
        assert len(lifetimes) == opened  # every one closed by the hub
        assert max(lifetimes) < 1 + 0.7
        assert kiosk_json(desk, "sync", "--once")["pending"] == 0
    finally:
        for a in attackers:
            a.close()
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
