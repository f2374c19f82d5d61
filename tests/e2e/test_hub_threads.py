"""The hub's handlers do their blocking work in the thread pool: a push being applied holds up no
pull, no status and no grid page of another event."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request
import uuid

import pytest
import uvicorn

from kiosk.hub.app import create_app

from tests.support.hub_backends import hub_db_fixture  # noqa: F401  (the hub_db fixture)

PUSH_S = 1.5


@pytest.fixture
def slow_hub(hub_db):
    """A hub in this process whose pushes take PUSH_S (as a 5,000-operation one may), on loopback."""
    hub = hub_db.open()
    real_push = hub.push

    def slow_push(device, ops):
        time.sleep(PUSH_S)  # blocking, as the database and the cache are
        return real_push(device, ops)

    hub.push = slow_push
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(hub), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield hub, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    hub.close()


def _call(url: str, token: str | None = None, body: dict | None = None) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None,
                                     method="POST" if body is not None else "GET")
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def _token(hub, url: str, device: str) -> str:
    return _call(url + "/api/v1/pair", body={"code": hub.new_pairing_code("day", device)})["token"]


def test_a_slow_push_holds_up_no_pull(slow_hub):
    hub, url = slow_hub
    pusher, puller = _token(hub, url, "Desk 1"), _token(hub, url, "Desk 2")
    op = {"id": str(uuid.uuid4()), "device": "d1", "hlc": 1_790_000_000_000 << 16, "kind": "checkin",
          "payload": {"code": "CODE-1", "device": "Desk 1", "at_ms": 1_790_000_000_000}}
    pushed: dict = {}
    push = threading.Thread(target=lambda: pushed.update(_call(url + "/api/v1/push", pusher, {"ops": [op]})))
    began = time.monotonic()
    push.start()
    time.sleep(0.2)  # the push is in the hub now, sleeping in its thread
    waits = []
    for _ in range(5):
        started = time.monotonic()
        assert _call(url + "/api/v1/pull?after=0", puller)["event"] == "day"
        assert _call(url + "/api/v1/status")["ok"]
        waits.append(time.monotonic() - started)
    assert push.is_alive() and time.monotonic() - began < PUSH_S  # all of that during the push
    assert max(waits) < PUSH_S / 3
    push.join(30)
    assert pushed["accepted"] == 1
    assert [o["id"] for o in _call(url + "/api/v1/pull?after=0", puller)["ops"]] == [op["id"]]
