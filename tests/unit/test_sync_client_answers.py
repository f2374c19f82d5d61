"""The sync client against odd answers on a real socket: never a crash, never a wipe by mistake."""

from __future__ import annotations

import pytest

from kiosk.core.errors import KioskError
from kiosk.sync.client import SyncClient
from kiosk.sync.transport import Offline, Revoked

from tests.support.raw_http import http, serve_by_path, serve_once


@pytest.mark.parametrize("answer, error", [
    (b"SSH-2.0-OpenSSH_9.2\r\n", Offline),                                  # not HTTP at all
    (http("200 OK", b'{"ops": []')[:-3], Offline),                          # body cut short
    (http("200 OK", b"<html>captive portal</html>"), Offline),              # not JSON
    (http("410 Gone", b"<html>gone</html>"), KioskError),                   # a stray 410: no wipe
    (http("200 OK", b'{"ops": [{"id": 1}], "cursor": 5, "more": false}'), KioskError),
    # Well formed, but a value this version's grid refuses (a newer hub's, or a hostile one).
    (http("200 OK", b'{"ops": [{"id": "x", "device": "d", "hlc": 1099511627776, "kind": "grid.set", '
                    b'"payload": {"kind": "slot", "id": "s", "set": {"start": 5}}}], "cursor": 1, "more": false}'),
     KioskError),
])
def test_odd_answers_are_errors_in_words_and_never_a_wipe(store, answer, error):
    client = SyncClient(store)
    client.configure(serve_once(answer), "token")
    with store.write():  # nothing to push: the pull gets the odd answer
        store._set_meta("sync.pushed_seq", "999999")
    with pytest.raises(error) as raised:
        client.sync_once()
    assert not isinstance(raised.value, Revoked)


def test_only_the_hubs_own_word_revokes(store):
    client = SyncClient(store)
    client.configure(serve_once(http("410 Gone", b'{"error": "revoked", "wipe": true}')), "token")
    with pytest.raises(Revoked):
        client.sync_once()


def test_a_new_pairing_at_the_same_address_starts_the_cursors_again(store):
    client = SyncClient(store)
    client.configure("http://hub:8787", "old-token")
    with store.write():
        store._set_meta("sync.pushed_seq", "40")
        store._set_meta("sync.pulled", "70")
    client.configure("http://hub:8787", "new-token")  # e.g. the hub was replaced and re-paired
    assert store.get_meta("sync.pushed_seq") == "0" and store.get_meta("sync.pulled") == "0"


def test_a_refused_push_still_lets_the_other_desks_work_arrive(store):
    """One operation this hub will not take must not cut the laptop off from everybody else's."""
    import json

    from kiosk.sync.transport import RequestRefused

    from tests.support.event_data import add_attendee

    add_attendee(store, "MINE-1")
    theirs = {"id": "op-from-desk-2", "device": "desk2", "hlc": 1 << 20,
              "kind": "attendee.upsert", "payload": {"code": "THEIRS-1", "set": {"first_name": "Bo"}}}
    url = serve_by_path({
        "/api/v1/push": http("413 Payload Too Large", b'{"error": "request over 4 MB"}'),
        "/api/v1/pull": http("200 OK", json.dumps({"ops": [theirs], "cursor": 1, "more": False}).encode()),
    })
    client = SyncClient(store)
    client.configure(url, "token")
    waiting = client.pending()
    with pytest.raises(RequestRefused, match="over 4 MB"):
        client.sync_once()
    assert store.conn.execute("SELECT COUNT(*) FROM attendees WHERE code = 'THEIRS-1'").fetchone()[0] == 1
    assert client.pending() == waiting > 0 and store.get_meta("sync.pulled") == "1"
