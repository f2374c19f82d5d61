"""The sync client's connection to the hub: kept alive between rounds, closed when let go, cut off
from another thread, a dead kept-alive one retried once; Retry-After and the answer size limit."""

from __future__ import annotations

import gc
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from kiosk.core.errors import KioskError
from kiosk.sync import transport as sync_client
from kiosk.sync.client import SyncClient
from kiosk.sync.loop import REFUSED_RETRY_S, SyncLoop
from kiosk.sync.transport import Offline, RequestRefused

from tests.support.raw_http import SilentHub, http, serve_by_path


class KeepAliveHub:
    """A loopback HTTP/1.1 server answering like an idle hub, counting the connections it took."""

    def __init__(self, status: int = 200, extra_headers: dict | None = None, body: bytes | None = None) -> None:
        self.opened = self.closed = self.requests = 0
        self.drop_next = False  # close the connection on the next request without answering
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # as the real hub (asyncio sets TCP_NODELAY)

            def setup(self) -> None:
                super().setup()
                hub.opened += 1

            def finish(self) -> None:
                super().finish()
                hub.closed += 1

            def do_GET(self) -> None:  # noqa: N802 (http.server API)
                self._answer({"ops": [], "cursor": 0, "more": False})

            def do_POST(self) -> None:  # noqa: N802 (http.server API)
                self.rfile.read(int(self.headers["Content-Length"]))
                self._answer({"accepted": 0, "received": 0, "cursor": 0})

            def _answer(self, answer: dict) -> None:
                hub.requests += 1
                if hub.drop_next:  # as if the hub had closed it just as the request went out
                    hub.drop_next = False
                    self.close_connection = True
                    return
                data = body if body is not None else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (extra_headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_closed(self, count: int, within_s: float = 3.0) -> bool:
        deadline = time.monotonic() + within_s
        while self.closed < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.closed >= count

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def keepalive_hub():
    hub = KeepAliveHub()
    yield hub
    hub.stop()


def test_rounds_share_one_connection_and_close_lets_it_go(store, keepalive_hub):
    client = SyncClient(store)
    client.configure(keepalive_hub.url, "token")
    for _ in range(5):
        client.sync_once()
    assert keepalive_hub.requests >= 5 and keepalive_hub.opened == 1
    client.close()
    assert keepalive_hub.wait_closed(1)
    with pytest.raises(Offline, match="stopped"):  # closed is closed: no new connection behind its back
        client.sync_once()
    assert keepalive_hub.opened == 1


def test_a_client_dropped_without_close_closes_its_connection(store, keepalive_hub):
    client = SyncClient(store)
    client.configure(keepalive_hub.url, "token")
    client.sync_once()
    del client
    gc.collect()
    assert keepalive_hub.wait_closed(1)


def test_a_new_address_or_ca_gets_a_new_connection(store, keepalive_hub):
    client = SyncClient(store)
    client.configure(keepalive_hub.url, "token")
    client.sync_once()
    client.configure(keepalive_hub.url, "token", ca_pem="")  # e.g. paired again with --cafile
    assert keepalive_hub.wait_closed(1)
    client.sync_once()
    assert keepalive_hub.opened == 2
    client.close()


def test_a_kept_alive_connection_closed_under_a_request_is_retried_once_on_a_fresh_one(store, keepalive_hub):
    client = SyncClient(store)
    client.configure(keepalive_hub.url, "token")
    client.sync_once()
    keepalive_hub.drop_next = True
    assert client.sync_once().pulled == 0  # not reported as offline
    assert keepalive_hub.opened == 2
    client.close()


def test_a_fresh_connection_that_fails_is_not_retried(store):
    accepted = []
    listener = socket.create_server(("127.0.0.1", 0))

    def run() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            accepted.append(conn)
            conn.recv(65536)
            conn.close()  # not a word back

    threading.Thread(target=run, daemon=True).start()
    client = SyncClient(store)
    client.configure(f"http://127.0.0.1:{listener.getsockname()[1]}", "token")
    with store.write():
        store._set_meta("sync.pushed_seq", "999999")
    with pytest.raises(Offline, match="cannot reach the hub"):
        client.sync_once()
    assert len(accepted) == 1  # the hub's answer, not a stale connection: no second try
    listener.close()


def test_closing_from_another_thread_ends_a_request_in_flight_at_once(store, monkeypatch):
    monkeypatch.setattr(sync_client, "TIMEOUT_S", 30)
    hub = SilentHub()
    client = SyncClient(store)
    client.configure(hub.url, "token")
    outcome: list[BaseException] = []

    def sync() -> None:
        try:
            client.sync_once()
        except BaseException as exc:  # noqa: BLE001 (reported to the test)
            outcome.append(exc)

    worker = threading.Thread(target=sync)
    worker.start()
    deadline = time.monotonic() + 5
    while not hub.held and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)  # the request is out, waiting for an answer that never comes
    started = time.monotonic()
    client.close()
    worker.join(5)
    assert not worker.is_alive() and time.monotonic() - started < 2
    assert isinstance(outcome[0], Offline) and "stopped" in outcome[0].message
    hub.close()


def test_every_phase_has_the_timeout_the_client_always_had():
    timeout = sync_client._timeout()
    assert timeout.connect == timeout.read == timeout.write == timeout.pool == sync_client.TIMEOUT_S == 10


def test_too_many_requests_waits_as_long_as_the_hub_asks_within_reason(store):
    hub = KeepAliveHub(429, {"Retry-After": "12"}, b'{"error": "too many requests; slow down"}')
    try:
        loop = SyncLoop(store)
        loop.client.configure(hub.url, "token")
        status = loop.sync_now()
        assert status.state == "offline" and "429" in status.detail and "slow down" in status.detail
        assert 11 < loop.seconds_to_next() <= 12
        hub.stop()
        hub = KeepAliveHub(503, {"Retry-After": "86400"}, b'{"error": "busy"}')
        loop.client.configure(hub.url, "token")
        loop.sync_now()
        assert loop.seconds_to_next() <= REFUSED_RETRY_S  # a day is a proxy's mistake
    finally:
        hub.stop()


@pytest.mark.parametrize("value, expected", [("3", 3.0), ("0", 0.0), ("soon", None), ("", None),
                                             ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)])
def test_retry_after_is_seconds_or_a_date(value, expected):
    assert sync_client._retry_after(value) == expected


def test_an_answer_over_the_limit_is_cut_off(store, monkeypatch):
    monkeypatch.setattr(sync_client, "MAX_ANSWER_BYTES", 1000)
    big = json.dumps({"ops": [], "cursor": 0, "more": False, "pad": "x" * 5000}).encode()
    chunked = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
               b"Connection: close\r\n\r\n" + f"{len(big):x}\r\n".encode() + big + b"\r\n0\r\n\r\n")
    for answer in (http("200 OK", big), chunked):  # with a length said first, and without one
        client = SyncClient(store)
        client.configure(serve_by_path({"/": answer}), "token")
        with store.write():
            store._set_meta("sync.pushed_seq", "999999")
        with pytest.raises(Offline, match="over"):
            client.sync_once()
        client.close()


def test_a_long_refusal_still_refuses_in_words(store):
    client = SyncClient(store)
    client.configure(serve_by_path({"/": http("400 Bad Request", b"x" * 200_000)}), "token")
    with pytest.raises(RequestRefused, match="400 Bad Request"):
        client.sync_once()


def test_a_redirect_is_not_followed_with_the_token(store):
    """A captive portal's redirect: reported as not reaching the hub, the token stays here."""
    client = SyncClient(store)
    client.configure(serve_by_path({"/": (b"HTTP/1.1 302 Found\r\nLocation: http://portal.example/login\r\n"
                                          b"Content-Length: 0\r\nConnection: close\r\n\r\n")}), "token")
    with pytest.raises(Offline, match="302 Found, sending to http://portal.example/login"):
        client.sync_once()


def test_an_answer_that_is_json_but_not_an_object_is_an_error_in_words(store):
    client = SyncClient(store)
    client.configure(serve_by_path({"/": http("200 OK", b"[1, 2]")}), "token")
    with pytest.raises(KioskError, match="cannot read"):
        client.sync_once()


def test_without_a_ca_of_its_own_the_system_certificates_are_used(monkeypatch):
    seen = []
    real = httpx.Client

    def spy(*args, **kwargs):
        seen.append(kwargs["verify"])
        return real(*args, **kwargs)

    monkeypatch.setattr(sync_client.httpx, "Client", spy)
    sync_client._verify_context.cache_clear()
    sync_client.Connection().close()
    assert len(seen) == 1 and seen[0].verify_mode.name == "CERT_REQUIRED" and seen[0].check_hostname
