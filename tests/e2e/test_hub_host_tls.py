"""The hub a desk shares from its window speaks only HTTPS, with a certificate of its own whose
fingerprint travels in the pairing QR: tested as a hostile venue network would behave.

A real hub child process on 127.0.0.1; a desk that pairs by the QR's text and syncs; another
certificate answering at the scanned address (an impostor on the Wi-Fi), which is refused in
words before the code or a token is sent; a relay that records every byte between a desk and the
hub, which sees no name, code or token; and a plain-HTTP request to the hub's port, which gets
nothing readable.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import stat
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kiosk.attendees.checkin import Desk
from kiosk.core.errors import KioskError, RefusedError
from kiosk.hub import selfsigned
from kiosk.hub.host import HOST_FILE, HostError, HubHost
from kiosk.store.datadir import DataDir
from kiosk.sync.client import SyncClient
from kiosk.sync.pairing import NOT_THE_LAPTOP, join, read_pairing_text
from kiosk.sync.transport import Offline

from tests.support.event_data import add_attendee
from tests.support.hub import free_port, sharing_laptop

NAMES = ("Ottoline", "Quennell")  # an attendee's name: must never cross the network readable


def _office(folder: Path, port: int) -> DataDir:
    data = DataDir(folder)
    with data.create("day", "Conference Day") as store:
        add_attendee(store, "TICKET-1", first_name=NAMES[0], last_name=NAMES[1])
        add_attendee(store, "TICKET-2", first_name="Person2", last_name="Example")
    (folder / "hub").mkdir(parents=True, exist_ok=True)
    (folder / "hub" / HOST_FILE).write_text(json.dumps({"port": port}))
    return data


class Impostor:
    """Another computer answering TLS at an address, with a certificate of its own: it records
    every byte a desk sends it after the handshake (a pairing code, a token)."""

    def __init__(self, port: int, cert: selfsigned.HubCertificate) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert.cert_path, cert.key_path)
        self.listener = socket.create_server(("127.0.0.1", port))
        self.received = b""
        self.connections = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            conn.settimeout(5)
            self.connections += 1
            try:
                with self.context.wrap_socket(conn, server_side=True) as tls:
                    while chunk := tls.recv(65536):
                        self.received += chunk
            except OSError:  # the desk refused our certificate: an alert, then it hangs up
                pass
            finally:
                conn.close()

    def close(self) -> None:
        _close_listener(self.listener)
        self._thread.join(5)
        assert not self._thread.is_alive()


class Relay:
    """The venue's network as a sniffer sees it: a TCP relay to the hub that keeps every byte."""

    def __init__(self, target_port: int) -> None:
        self.target = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.seen = bytearray()
        self._lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while chunk := src.recv(65536):
                with self._lock:
                    self.seen += chunk
                dst.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        _close_listener(self.listener)


def _close_listener(listener: socket.socket) -> None:
    # close() alone leaves a listener blocked in accept() on another thread still listening (Linux
    # keeps the socket until accept returns); shutdown wakes it, so the port is free afterwards.
    try:
        listener.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    listener.close()


@pytest.fixture
def shared(tmp_path):
    """The organiser's laptop sharing 'day' from its window, over HTTPS on 127.0.0.1."""
    office = _office(tmp_path / "office", free_port())
    with sharing_laptop(office) as host:
        yield office, host


def test_the_shared_hub_is_https_with_its_own_private_certificate(shared, tmp_path):
    office, host = shared
    assert host.url.startswith("https://127.0.0.1:")
    cert = host.certificate
    assert cert is not None and cert.cert_path.parent == office.root / "hub"
    for path in (cert.cert_path, cert.key_path):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    assert "PRIVATE KEY" in cert.key_path.read_text() and "PRIVATE KEY" not in cert.pem
    # The certificate the hub shows is the one kept, and the one the QR names.
    shown = ssl.get_server_certificate(("127.0.0.1", host.port), timeout=5)
    assert selfsigned.fingerprint(shown) == cert.fingerprint
    offer = host.offer("day")
    assert offer.text == f"kiosk-pair:2;{host.url};{offer.code};{cert.fingerprint}"
    assert read_pairing_text(offer.text).fingerprint == cert.fingerprint
    assert offer.check.replace("-", "") == cert.fingerprint[:16]
    # The sharing desk trusts exactly its own certificate.
    with office.open("day") as store:
        assert store.get_meta("sync.ca_pem", "") == cert.pem
        assert SyncClient(store).hub_url == host.url
    # A desk paired with this laptop before it shared over HTTPS is still its own hub's desk, and
    # sharing again moves it to HTTPS with the same token (no new device on the hub).
    plain = host.url.replace("https://", "http://")
    assert host.is_own(plain) and not host.is_own("https://10.9.9.9:8787")
    with office.open("day") as store:
        token = SyncClient(store).token
        SyncClient(store).configure(plain, token, "")
        with pytest.raises(Offline):  # plain HTTP to the hub: cut off, nothing served
            SyncClient(store).sync_once()
    assert host.share("day", "Desk 1") == "Desk 1"
    with office.open("day") as store:
        client = SyncClient(store)
        assert (client.hub_url, client.token, store.get_meta("sync.ca_pem", "")) == (host.url, token, cert.pem)
        client.sync_once()
    assert [d.name for d in host.devices("day") if d.paired] == ["Desk 1"]

    # Started again: the same certificate, so desks paired stay paired.
    host.stop()
    host.start()
    host.wait_ready()
    assert host.certificate.fingerprint == cert.fingerprint

    # Plain HTTP to the hub's port: no answer to read, let alone attendee data.
    with socket.create_connection(("127.0.0.1", host.port), timeout=5) as raw:
        raw.sendall(b"GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = b""
        try:
            while chunk := raw.recv(65536):
                answer += chunk
        except OSError:
            pass
    assert b"HTTP/1.1 200" not in answer and b'"ok"' not in answer and NAMES[0].encode() not in answer
    with pytest.raises((urllib.error.URLError, OSError)):
        urllib.request.urlopen(f"http://127.0.0.1:{host.port}/api/v1/status", timeout=5)


def test_a_desk_pairs_by_the_qr_text_and_syncs_with_nothing_readable_on_the_wire(shared, tmp_path):
    office, host = shared
    offer = host.offer("day")
    scanned = read_pairing_text(offer.text)
    relay = Relay(host.port)
    try:
        # The desk reaches the hub through the relay (as through the venue's Wi-Fi): the relay
        # passes the hub's own certificate along, so the fingerprint matches.
        through = scanned.url.replace(f":{host.port}", f":{relay.port}")
        desk2 = DataDir(tmp_path / "desk2")
        joined = join(desk2, through, scanned.code, fingerprint=scanned.fingerprint)
        assert (joined.event, joined.device) == ("day", offer.device)
        with desk2.open("day", "Front door") as store:
            assert store.get_meta("sync.ca_pem", "") == host.certificate.pem  # pinned for every later sync
            token = SyncClient(store).token
            desk = Desk(store)
            assert desk.attendee("TICKET-1") is not None  # the list came down
            desk.check_in("TICKET-1")
            assert SyncClient(store).sync_once().pushed >= 1
        with office.open("day") as store:
            SyncClient(store).sync_once()
            assert [a.device for a in Desk(store).admissions("TICKET-1")] == ["Front door"]
        seen = bytes(relay.seen)
        assert len(seen) > 1000  # the whole list went through it
        for secret in (*NAMES, "TICKET-1", offer.code, token, "Front door", "/api/v1"):
            assert secret.encode() not in seen, secret
    finally:
        relay.close()


def test_another_certificate_at_the_scanned_address_is_refused_before_anything_is_sent(shared, tmp_path):
    office, host = shared
    offer = host.offer("day")
    scanned = read_pairing_text(offer.text)
    # A desk paired earlier, to see what it sends once someone else answers at the address.
    paired = DataDir(tmp_path / "paired")
    earlier = read_pairing_text(host.offer("day").text)
    join(paired, earlier.url, earlier.code, fingerprint=earlier.fingerprint)
    port = host.port
    host.stop()

    # Someone else on the Wi-Fi answers at the sharing laptop's address, with a certificate of
    # its own (made the same way: only the key differs).
    impostor = Impostor(port, selfsigned.ensure(tmp_path / "impostor", "127.0.0.1"))
    try:
        victim = DataDir(tmp_path / "victim")
        with pytest.raises(RefusedError) as caught:
            join(victim, scanned.url, scanned.code, fingerprint=scanned.fingerprint)
        message = caught.value.message
        assert message == NOT_THE_LAPTOP.format(where=f"127.0.0.1:{port}")
        assert message.startswith("The laptop at 127.0.0.1:") and "not the one whose code you scanned" in message
        assert "rrno" not in message and "SSL" not in message and "certificate" not in message
        assert victim.slugs() == [] and victim.current_slug() is None
        # The typed security check is checked the same way; a typo being likelier than an impostor
        # there, the words say to check what was typed first.
        with pytest.raises(RefusedError, match="The security check you typed does not match the laptop at"):
            join(victim, scanned.url, scanned.code, fingerprint=scanned.fingerprint[:16])
        # The desk paired earlier talks to it no more: its sync is refused before its token goes.
        with paired.open("day") as store, pytest.raises(KioskError, match="certificate is not trusted"):
            SyncClient(store).sync_once()
        assert impostor.connections >= 3  # the two pairings and the sync did reach it
        assert impostor.received == b""  # no code, no token, no request at all
        assert victim.slugs() == []
    finally:
        impostor.close()

    # The sharing laptop back at its address: the same QR still pairs.
    host.start()
    host.wait_ready()
    assert host.port == port
    joined = join(victim, scanned.url, scanned.code, fingerprint=scanned.fingerprint)
    assert joined.event == "day" and victim.slugs() == ["day"]


def test_nothing_answering_or_a_plain_server_is_said_in_words(shared, tmp_path):
    office, host = shared
    scanned = read_pairing_text(host.offer("day").text)
    fresh = DataDir(tmp_path / "fresh")
    # The address and code typed with no security check: nothing says which laptop answers, so
    # the code is not sent (it still pairs afterwards) and the words say what to do instead.
    for typed in (host.url, host.url.replace("https://", "http://")):
        with pytest.raises(KioskError) as caught:
            join(fresh, typed, scanned.code)
        assert "security check" in caught.value.message and "rrno" not in caught.value.message
        assert "SSL" not in caught.value.message and fresh.slugs() == []
    nobody = f"https://127.0.0.1:{free_port()}"
    with pytest.raises(KioskError) as caught:
        join(fresh, nobody, scanned.code, fingerprint=scanned.fingerprint)
    assert caught.value.message.startswith("Nothing is answering at 127.0.0.1:") and "rrno" not in caught.value.message
    # Something answering without TLS (a web server, a captive portal): not the laptop scanned.
    plain = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def answer_plainly() -> None:
        while not stop.is_set():
            try:
                conn, _ = plain.accept()
            except OSError:
                return
            with conn:
                conn.recv(4096)
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    threading.Thread(target=answer_plainly, daemon=True).start()
    try:
        with pytest.raises(RefusedError, match="not the one whose code you scanned"):
            join(fresh, f"https://127.0.0.1:{plain.getsockname()[1]}", scanned.code, fingerprint=scanned.fingerprint)
    finally:
        stop.set()
        plain.close()
    assert fresh.slugs() == []
    assert join(fresh, scanned.url, scanned.code, fingerprint=scanned.fingerprint).event == "day"


def test_a_certificate_that_cannot_be_made_or_kept_is_said_in_words_and_nothing_is_shared(tmp_path, monkeypatch):
    office = _office(tmp_path / "office", free_port())
    # Something in the way where the certificate is kept (a folder of that name: even root
    # cannot write a file over it).
    (office.root / "hub" / selfsigned.CERT_FILE).mkdir(parents=True)
    host = HubHost(office, "127.0.0.1")
    with pytest.raises(HostError) as caught:
        host.start()
    assert caught.value.message.startswith("This laptop could not keep its security certificate")
    assert not host.running and host.proc is None
    (office.root / "hub" / selfsigned.CERT_FILE).rmdir()
    # A bundle built without the library that makes certificates: no falling back to plain HTTP.
    monkeypatch.setitem(sys.modules, "cryptography", None)
    with pytest.raises(HostError) as caught:
        host.start()
    assert "cannot share securely" in caught.value.message and "rror" not in caught.value.message
    assert not host.running and host.proc is None


def test_the_command_line_pairs_by_the_qr_text_or_with_the_security_check(shared, tmp_path):
    from tests.support.cli import assert_clean_failure, kiosk, kiosk_json

    office, host = shared
    offer = host.offer("day")
    by_text = kiosk_json(tmp_path / "k1", "sync", "pair", offer.text)  # the QR's text, pasted
    assert by_text["event"] == "day"
    with DataDir(tmp_path / "k1").open("day") as store:
        assert store.get_meta("sync.ca_pem", "") == host.certificate.pem
    second = host.offer("day")
    typed = kiosk(tmp_path / "k2", "sync", "pair", host.url, second.code)  # no check: refused in words
    assert_clean_failure(typed, 1)  # refused (exit 1), in words: the code was not sent
    assert "security check" in typed.stderr
    with_check = kiosk_json(tmp_path / "k2", "sync", "pair", host.url, second.code, "--check", second.check.lower())
    assert with_check["event"] == "day" and kiosk_json(tmp_path / "k2", "sync", "--once")["pending"] == 0
    assert_clean_failure(kiosk(tmp_path / "k3", "sync", "pair", offer.text, "K7QM-3XPD-HW9R"), 2)
