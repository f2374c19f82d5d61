"""The laptop keeps one connection to a real hub across rounds, and finds the hub again after a
restart without reporting itself offline. A TCP relay on loopback counts the connections."""

from __future__ import annotations

import socket
import threading
import time

from kiosk.store.datadir import DataDir
from kiosk.sync.client import SyncClient

from tests.support.event_data import add_attendee
from tests.support.hub import paired_kiosk


class CountingProxy:
    """Relays TCP to the hub and counts the connections it accepted. drop_on_next_request():
    connections open now are closed when their next request arrives, without passing it on (the
    hub closing a kept-alive connection just as the laptop reused it)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.accepted = 0
        self.open: set[socket.socket] = set()
        self._doomed: set[socket.socket] = set()
        self._lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def drop_on_next_request(self) -> None:
        with self._lock:
            self._doomed |= self.open

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self._lock:
                self.accepted += 1
                self.open.add(client)
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _relay(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
        except OSError:
            self._end(client)
            return

        def pump_responses() -> None:
            try:
                while data := upstream.recv(65536):
                    client.sendall(data)
            except OSError:
                pass
            self._end(client, upstream)

        threading.Thread(target=pump_responses, daemon=True).start()
        try:
            while data := client.recv(65536):
                with self._lock:
                    doomed = client in self._doomed
                if doomed:
                    break
                upstream.sendall(data)
        except OSError:
            pass
        self._end(client, upstream)

    def _end(self, *sockets: socket.socket) -> None:
        with self._lock:
            self.open.discard(sockets[0])
            self._doomed.discard(sockets[0])
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def wait_open(self, count: int, within_s: float = 5.0) -> bool:
        deadline = time.monotonic() + within_s
        while len(self.open) != count and time.monotonic() < deadline:
            time.sleep(0.01)
        return len(self.open) == count

    def close(self) -> None:
        self.listener.close()


def test_five_rounds_take_one_connection_and_a_restarted_hub_is_found_again(hub, tmp_path):
    desk = paired_kiosk(hub, tmp_path / "k1", "Desk 1")
    proxy = CountingProxy(hub.port)
    try:
        with DataDir(desk).open("day") as store:
            client = SyncClient(store)
            client.configure(proxy.url, store.get_meta("sync.token"))  # the same hub, relayed
            for n in range(5):
                add_attendee(store, f"T-{n}")
                result = client.sync_once()  # a push and a pull each
                assert result.pushed == 1 and result.pending == 0
                time.sleep(0.2)  # well inside the hub's rate limit
            assert proxy.accepted == 1

            # The hub closes the kept-alive connection just as the next round reuses it: tried
            # again once on a fresh connection, and not reported as offline.
            proxy.drop_on_next_request()
            add_attendee(store, "T-5")
            assert client.sync_once().pending == 0
            assert proxy.accepted == 2

            # The hub restarts between rounds (a kill: no goodbye on its connections).
            hub.kill()
            hub.start()
            add_attendee(store, "T-6")
            assert client.sync_once().pending == 0
            assert proxy.accepted == 3
            for _ in range(2):
                time.sleep(0.2)
                client.sync_once()
            assert proxy.accepted == 3

            client.close()
            assert proxy.wait_open(0)  # closing the client closed its connection
        with DataDir(desk).open("day") as store:
            assert store.conn.execute("SELECT COUNT(*) FROM attendees WHERE code LIKE 'T-%'").fetchone()[0] == 7
    finally:
        proxy.close()

