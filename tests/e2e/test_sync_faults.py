"""Sync under faults: a hub killed mid-push, connections cut mid-response, skewed clocks, bad requests.

Real hub processes and real sockets on loopback; the cutting proxy is a real TCP relay. The
promise checked everywhere: nothing acknowledged is lost, nothing is applied twice, and every
replica ends in the same state.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from kiosk.attendees.checkin import Desk
from kiosk.core.errors import KioskError
from kiosk.core.hlc import wall_ms
from kiosk.store.datadir import DataDir
from kiosk.store.event_store import EventStore
from kiosk.sync.client import SyncClient
from kiosk.sync.transport import Offline

from tests.support.cli import ROOT, assert_clean_failure, kiosk, kiosk_json
from tests.support.event_data import add_attendee
from tests.support.hub import Hub, free_port, hub_ops, paired_kiosk, snapshot, synced_walk_in, token_of

MINUTE_MS = 60_000


class CuttingProxy:
    """Relays TCP to the hub; the first `cuts` connections are cut after `keep` bytes of response."""

    def __init__(self, target_port: int, cuts: int, keep: int) -> None:
        self.target_port, self.cuts, self.keep = target_port, cuts, keep
        self.cut_done = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            cut = self.cut_done < self.cuts
            self.cut_done += cut
            threading.Thread(target=self._relay, args=(client, cut), daemon=True).start()

    def _relay(self, client: socket.socket, cut: bool) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.target_port))

        def pump_requests() -> None:
            try:
                while data := client.recv(65536):
                    upstream.sendall(data)
            except OSError:
                pass

        threading.Thread(target=pump_requests, daemon=True).start()
        sent = 0
        try:
            while data := upstream.recv(65536):
                if cut and sent + len(data) >= self.keep:
                    client.sendall(data[: self.keep - sent])
                    break  # mid-response: the hub has done the work, the kiosk never hears it
                client.sendall(data)
                sent += len(data)
        except OSError:
            pass
        finally:
            for s in (client, upstream):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def close(self) -> None:
        self._stop = True
        self.listener.close()


def pair_via(hub: Hub, url: str, folder: Path, name: str) -> Path:
    code = kiosk_json(hub.data, "hub", "pair", "--event", "day", "--device", name, "--url", url,
                      *hub.db_args)["code"]
    kiosk_json(folder, "sync", "pair", url, code)
    kiosk_json(folder, "device", "--name", name)
    return folder


def sync_until_done(store: EventStore, attempts: int = 20) -> int:
    """Retry as the background worker would; returns how many rounds failed first."""
    failures = 0
    client = SyncClient(store)
    for _ in range(attempts):
        try:
            client.sync_once()
            return failures
        except Offline:
            failures += 1
    raise AssertionError("never got through")


def test_responses_cut_mid_way_lose_nothing_and_apply_nothing_twice(hub, tmp_path):
    writer = paired_kiosk(hub, tmp_path / "k1", "Desk 1")
    with DataDir(writer).open("day") as store:
        for n in range(300):
            add_attendee(store, f"T-{n:04d}", first_name=f"Name{n}")
        desk = Desk(store)
        for n in range(0, 300, 3):
            desk.check_in(f"T-{n:04d}")
        local = {r[0] for r in store.conn.execute("SELECT id FROM ops")}

    # Pushes through a proxy that cuts the first three answers after their headers began.
    proxy = CuttingProxy(hub.port, cuts=3, keep=40)
    try:
        with DataDir(writer).open("day") as store:
            SyncClient(store).configure(proxy.url, store.get_meta("sync.token"))
            assert sync_until_done(store) == 3
            assert SyncClient(store).pending() == 0
        held = hub_ops(hub, token_of(writer))
        assert len(held) == len({op["id"] for op in held}) == len(local)

        # Pulls cut mid-body: the reader retries and applies each operation exactly once.
        reader = pair_via(hub, proxy.url, tmp_path / "k2", "Desk 2")
        proxy.cuts, proxy.cut_done, proxy.keep = 3, 0, 5000
        with DataDir(reader).open("day") as store:
            sync_until_done(store)
            assert store.conn.execute("SELECT COUNT(*) FROM ops").fetchone()[0] >= len(local)
            assert store.conn.execute("SELECT COUNT(*) FROM checkins").fetchone()[0] == 100
            reader_state = store.snapshot()
        with DataDir(writer).open("day") as store:
            sync_until_done(store)
            assert store.snapshot() == reader_state
    finally:
        proxy.close()


def test_a_pairing_answer_cut_on_its_way_back_is_retried_with_the_same_code(hub, tmp_path):
    """The hub paired the device but the Wi-Fi dropped mid-answer: the kiosk has no token, and staff
    need not make a new code."""
    code = kiosk_json(hub.data, "hub", "pair", "--event", "day", "--device", "Desk 1", "--url", hub.url,
                      *hub.db_args)["code"]
    desk = tmp_path / "k1"
    proxy = CuttingProxy(hub.port, cuts=1, keep=40)
    try:
        cut = kiosk(desk, "sync", "pair", proxy.url, code, "--json")
        assert_clean_failure(cut, 1)
        assert "pairing did not finish" in cut.stderr and "try again with the same code" in cut.stderr
        assert proxy.cut_done == 1
        [listed] = kiosk_json(hub.data, "hub", "devices", "--event", "day", *hub.db_args)["devices"]
        assert listed["paired"]  # the hub did its part
        assert kiosk_json(desk, "sync", "pair", proxy.url, code)["device"] == "Desk 1"
        kiosk_json(desk, "device", "--name", "Desk 1")
        kiosk_json(desk, "walkin", "--first", "Ann", "--last", "Example")
        assert kiosk_json(desk, "sync", "--once")["pending"] == 0
    finally:
        proxy.close()
    held = hub_ops(hub, token_of(desk))  # the walk-in reached the hub
    assert sorted(op["kind"] for op in held) == ["attendee.upsert", "checkin"]
    used = kiosk(tmp_path / "k2", "sync", "pair", hub.url, code, "--json")  # its token is in use now
    assert_clean_failure(used, 1)
    assert "That code was not accepted: it is mistyped, already used by another desk" in used.stderr


def test_hub_killed_mid_push_then_restarted_keeps_every_operation_once(hub, tmp_path):
    writer = paired_kiosk(hub, tmp_path / "k1", "Desk 1")
    with DataDir(writer).open("day") as store:
        with store.write():
            store.record_many("attendee.upsert", [
                {"code": f"T-{n:05d}", "set": {"first_name": f"Name{n}", "last_name": "Kill", "status": "valid"}}
                for n in range(20000)])
        expected = {r[0] for r in store.conn.execute("SELECT id FROM ops")}

    errors: list[Exception] = []

    def push() -> None:
        with DataDir(writer).open("day") as store:
            try:
                SyncClient(store).sync_once()
            except KioskError as exc:
                errors.append(exc)

    pusher = threading.Thread(target=push)
    pusher.start()
    with DataDir(writer).open("day") as watcher:
        deadline = time.monotonic() + 30
        while watcher.get_meta("sync.pushed_seq", "0") == "0" and time.monotonic() < deadline:
            time.sleep(0.005)
        hub.kill()  # the first batch is acknowledged, the rest are on their way
    pusher.join(30)
    assert errors and isinstance(errors[0], Offline)
    hub.start()
    with DataDir(writer).open("day") as store:
        assert 0 < SyncClient(store).pending() < len(expected)
        sync_until_done(store)
        assert SyncClient(store).pending() == 0
    held = hub_ops(hub, token_of(writer))
    assert {op["id"] for op in held} == expected and len(held) == len(expected)


def skewed(folder: Path, offset_ms: int) -> tuple[EventStore, Desk]:
    store = DataDir(folder).open("day")
    store.clock._clock = lambda: wall_ms() + offset_ms  # this laptop's clock is off
    return store, Desk(store, clock=lambda: wall_ms() + offset_ms)


def test_clocks_fifteen_minutes_apart_still_converge_in_causal_order(hub, tmp_path):
    seed = paired_kiosk(hub, tmp_path / "k0", "Office")
    with DataDir(seed).open("day") as store:
        add_attendee(store, "T-1", first_name="Priya", last_name="Bose", organisation="Old Org")
        SyncClient(store).sync_once()
    ahead_dir = paired_kiosk(hub, tmp_path / "k1", "Desk Ahead")
    behind_dir = paired_kiosk(hub, tmp_path / "k2", "Desk Behind")
    ahead, ahead_desk = skewed(ahead_dir, +15 * MINUTE_MS)
    behind, behind_desk = skewed(behind_dir, -15 * MINUTE_MS)
    try:
        # Both admit the ticket offline: two facts, each at the time its laptop showed.
        ahead_desk.check_in("T-1")
        behind_desk.check_in("T-1")
        # The fast laptop corrects the organisation; the slow one sees it, then corrects it again.
        ahead_desk.edit("T-1", organisation="Ahead Org")
        SyncClient(ahead).sync_once()
        SyncClient(behind).sync_once()
        assert behind_desk.attendee("T-1").organisation == "Ahead Org"
        behind_desk.edit("T-1", organisation="Final Org")  # later in cause, 30 min earlier by its clock
        for store in (behind, ahead, behind):
            SyncClient(store).sync_once()
        for desk in (ahead_desk, behind_desk):
            attendee = desk.attendee("T-1")
            assert attendee.organisation == "Final Org"
            admissions = {a.device: a.at_ms for a in attendee.admissions}
            assert set(admissions) == {"Desk Ahead", "Desk Behind"}
            assert 25 * MINUTE_MS < admissions["Desk Ahead"] - admissions["Desk Behind"] < 35 * MINUTE_MS
        assert ahead.snapshot() == behind.snapshot()
    finally:
        ahead.close()
        behind.close()


def raw_request(port: int, data: bytes, half_close: bool = True) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        if half_close:
            s.shutdown(socket.SHUT_WR)
        answer = b""
        try:
            while chunk := s.recv(65536):
                answer += chunk
        except (TimeoutError, ConnectionResetError):
            pass
        return answer


def test_garbage_truncated_and_oversized_requests_change_nothing(hub, tmp_path):
    desk = tmp_path / "k1"
    token, before = synced_walk_in(hub, desk)
    auth = f"Authorization: Bearer {token}\r\n".encode()

    # Not HTTP at all.
    raw_request(hub.port, bytes(range(256)) * 8)
    # A push whose body stops half way (the laptop's Wi-Fi went mid-request).
    body = json.dumps({"ops": [{"id": "cut-1", "device": "d", "hlc": 1 << 40, "kind": "checkin",
                                "payload": {"code": "X", "device": "d", "at_ms": 1}}]}).encode()
    raw_request(hub.port, b"POST /api/v1/push HTTP/1.1\r\nHost: x\r\n" + auth
                + f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                + body[:len(body) // 2])
    # A chunked body that never ends within the limit.
    chunk = b"x" * 65536
    answer = raw_request(hub.port, b"POST /api/v1/push HTTP/1.1\r\nHost: x\r\n" + auth +
                         b"Transfer-Encoding: chunked\r\n\r\n" +
                         (f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n") * 70 + b"0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]

    def post(ops: list) -> tuple[int, str]:
        request = urllib.request.Request(hub.url + "/api/v1/push", data=json.dumps({"ops": ops}).encode(),
                                         method="POST")
        request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, ""
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())["error"]

    own_id = DataDir(desk).device()[0]  # the hub takes only the desk's own operations
    good = {"id": "good-1", "device": own_id, "hlc": 1 << 40, "kind": "checkin",
            "payload": {"code": "X", "device": "d", "at_ms": 1}}
    status, reason = post([good, {**good, "id": "bad-1", "payload": {"device": "d"}}])
    assert status == 400 and "malformed" in reason  # one bad operation refuses the whole batch
    status, reason = post([{**good, "id": f"many-{n}"} for n in range(5001)])
    assert status == 413 and "at most" in reason
    status, reason = post([{**good, "hlc": 2 ** 63}])
    assert status == 400

    with urllib.request.urlopen(hub.url + "/api/v1/status", timeout=5) as answer:
        assert json.loads(answer.read())["ok"]  # the hub shrugged it all off
    assert hub_ops(hub, token) == before
    assert kiosk_json(desk, "sync", "--once") == {"pushed": 0, "pulled": 0, "pending": 0}


def test_a_device_is_told_plainly_when_the_hub_address_is_wrong(tmp_path):
    folder = tmp_path / "k1"
    port = free_port()
    proc = kiosk(folder, "sync", "pair", f"http://127.0.0.1:{port}", "ABC123-DEF456-789ABC", "--json")
    assert proc.returncode == 1 and f"Nothing is answering at 127.0.0.1:{port}." in proc.stderr
    assert "Errno" not in proc.stderr and "refused" not in proc.stderr
    assert not (folder / "events").exists() or not any((folder / "events").iterdir())


def test_a_laptop_clock_off_the_hubs_is_pointed_out_to_staff(hub, tmp_path):
    from kiosk.sync.loop import SyncStatus, describe

    folder = paired_kiosk(hub, tmp_path / "k1", "Desk 1")
    with DataDir(folder).open("day") as store:
        assert SyncClient(store).sync_once().clock_skew_s == 0
        client = SyncClient(store)
        client.clock = lambda: wall_ms() + 15 * MINUTE_MS
        skew = client.sync_once().clock_skew_s
        assert 15 * 60 - 3 <= skew <= 15 * 60 + 3
    shown = describe(SyncStatus("online", 0, wall_ms(), clock_skew_s=skew))
    assert shown.endswith("this laptop's clock is 15 min ahead of the hub's")


def test_an_imported_list_bigger_than_one_request_goes_in_pieces(hub, tmp_path):
    """The organisers import 25,000 people: about 4.3 MB of operations (in the column form), over
    the hub's 4 MB request limit. It must go in several pushes and come down in several pages, not
    be refused."""
    import random

    from benchmarks.core import write_export

    office = paired_kiosk(hub, tmp_path / "office", "Office")
    write_export(tmp_path / "list.csv", 25_000, random.Random(3))
    kiosk_json(office, "import", str(tmp_path / "list.csv"))
    with DataDir(office).open("day") as store:
        total = sum(len(r[0].encode()) for r in store.conn.execute("SELECT payload FROM ops"))
        assert total > 4 * 1024 * 1024
        assert SyncClient(store).sync_once().pending == 0
    desk = paired_kiosk(hub, tmp_path / "desk", "Desk 1")  # pairing downloads the event
    with DataDir(desk).open("day") as store:
        assert store.conn.execute("SELECT COUNT(*) FROM attendees").fetchone()[0] == 25_000
    request = urllib.request.Request(f"{hub.url}/api/v1/pull?after=0")
    request.add_header("Authorization", f"Bearer {token_of(desk)}")
    with urllib.request.urlopen(request, timeout=10) as answer:
        first_page = json.loads(answer.read())
    assert first_page["more"] and len(first_page["ops"]) < 25  # pages stop at ~2 MB


def test_a_hub_restored_from_an_older_backup_gets_everything_back_from_the_laptops(tmp_path):
    """The hub's disk dies; the organisers restore last night's backup. Laptops that had pushed since
    must notice that the hub lost their work (their cursors point past its log) and send it again."""
    import sqlite3

    hub = Hub(tmp_path / "hub-data")
    hub.start()
    try:
        desk1 = paired_kiosk(hub, tmp_path / "k1", "Desk 1")
        desk2 = paired_kiosk(hub, tmp_path / "k2", "Desk 2")
        newcomer_code = kiosk_json(hub.data, "hub", "pair", "--event", "day", "--device", "Desk 3",
                                   "--url", hub.url)["code"]
        with DataDir(desk1).open("day") as store:
            for n in range(3):
                add_attendee(store, f"T-{n}", first_name=f"Name{n}")
        kiosk_json(desk1, "sync", "--once")
        kiosk_json(desk2, "sync", "--once")
        hub_file = next(hub.data.rglob("hub.sqlite"))
        backup = tmp_path / "backup.sqlite"
        with sqlite3.connect(hub_file) as live, sqlite3.connect(backup) as copy:
            live.backup(copy)  # what `sqlite3 hub.sqlite .backup` does

        kiosk_json(desk1, "checkin", "T-0")
        kiosk_json(desk2, "walkin", "--first", "Late", "--last", "Comer")
        kiosk_json(desk1, "sync", "--once")
        kiosk_json(desk2, "sync", "--once")
        kiosk_json(desk1, "sync", "--once")

        hub.kill()
        for suffix in ("-wal", "-shm"):
            Path(f"{hub_file}{suffix}").unlink(missing_ok=True)
        backup.replace(hub_file)
        hub.start()
        # Work done after the backup only lives on the laptops now; the first contact resends it.
        kiosk_json(desk2, "walkin", "--first", "After", "--last", "Restore")
        for desk in (desk1, desk2, desk1):
            assert kiosk_json(desk, "sync", "--once")["pending"] == 0
        desk3 = tmp_path / "k3"
        kiosk_json(desk3, "sync", "pair", hub.url, newcomer_code)
        states = [snapshot(d) for d in (desk1, desk2, desk3)]
        assert states[0] == states[1] == states[2]
        stats = kiosk_json(desk3, "stats")
        # walk-ins arrive admitted
        assert stats["expected"] == 5 and stats["checked_in"] == 3 and stats["walk_ins"] == 2
    finally:
        hub.kill()


def test_a_hub_that_moved_is_reached_with_hub_and_a_wrong_address_changes_nothing(hub, tmp_path):
    """The hub laptop came back on another address: `kiosk sync --hub URL` follows it without
    sending everything again; a mistyped address is refused and the pairing is kept."""
    import os
    import subprocess
    import sys


    desk = paired_kiosk(hub, tmp_path / "k1", "Desk 1")
    kiosk_json(desk, "walkin", "--first", "Ann", "--last", "Early")
    assert kiosk_json(desk, "sync", "--once")["pending"] == 0
    kiosk_json(desk, "walkin", "--first", "Bo", "--last", "Later")
    with DataDir(desk).open("day") as store:
        waiting = SyncClient(store).pending()
    moved = CuttingProxy(hub.port, cuts=0, keep=0)  # the same hub, at a new address
    try:
        for wrong in ("notaurl", "ftp://hub/", "http://"):
            assert_clean_failure(kiosk(desk, "sync", "--hub", wrong, "--once", "--json"), 2)
        answer = kiosk_json(desk, "sync", "--hub", moved.url, "--once")
        assert answer == {"pushed": waiting, "pulled": 0, "pending": 0}  # the new walk-in, not all again
        assert kiosk_json(desk, "sync", "--once") == {"pushed": 0, "pulled": 0, "pending": 0}
        with DataDir(desk).open("day") as store:
            assert store.get_meta("sync.hub") == moved.url

        # Without --once it keeps going, one JSON object a line under --json.
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen([sys.executable, "-m", "kiosk", "--data", str(desk), "sync", "--json"],
                                stdout=subprocess.PIPE, text=True, env=env)
        try:
            first = json.loads(proc.stdout.readline())
        finally:
            proc.kill()
            proc.wait(10)
        assert first["state"] == "online" and first["pending"] == 0
    finally:
        moved.close()


def test_a_push_the_hub_lost_in_a_restore_is_sent_again_though_it_was_never_pulled_back(tmp_path):
    """The laptop pushed (acknowledged) and the connection dropped before its pull; then the hub
    went back to a backup taken before that push. Its pull cursor is still valid in the restored
    log, so only the log being shorter than at the push can tell the work is gone."""
    import sqlite3

    hub = Hub(tmp_path / "hub-data")
    hub.start()
    try:
        desk = paired_kiosk(hub, tmp_path / "k1", "Desk 1")
        later_code = kiosk_json(hub.data, "hub", "pair", "--event", "day", "--device", "Desk 2",
                                "--url", hub.url)["code"]
        kiosk_json(desk, "walkin", "--first", "Before", "--last", "Backup")
        kiosk_json(desk, "sync", "--once")
        hub_file = next(hub.data.rglob("hub.sqlite"))
        backup = tmp_path / "backup.sqlite"
        with sqlite3.connect(hub_file) as live, sqlite3.connect(backup) as copy:
            live.backup(copy)
        kiosk_json(desk, "walkin", "--first", "After", "--last", "Backup")
        with DataDir(desk).open("day") as store:
            SyncClient(store)._push()  # acknowledged; the pull that would follow never happens
            assert SyncClient(store).pending() == 0
        hub.kill()
        for suffix in ("-wal", "-shm"):
            Path(f"{hub_file}{suffix}").unlink(missing_ok=True)
        backup.replace(hub_file)
        hub.start()
        kiosk_json(desk, "sync", "--once")
        other = tmp_path / "k2"
        kiosk_json(other, "sync", "pair", hub.url, later_code)
        assert snapshot(other) == snapshot(desk) and kiosk_json(other, "stats")["walk_ins"] == 2
    finally:
        hub.kill()
