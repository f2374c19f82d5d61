"""Loopback servers that answer raw bytes: odd hubs for the sync client to meet."""

from __future__ import annotations

import socket
import threading


def serve_once(answer: bytes) -> str:
    """A server on loopback that reads each request and sends `answer` raw."""
    return serve_by_path({"/": answer})


def http(status: str, body: bytes) -> bytes:
    return (f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n").encode() + body


def serve_by_path(answers: dict[str, bytes]) -> str:
    """A loopback server answering each request by its path's start (e.g. '/api/v1/push'), raw."""
    listener = socket.create_server(("127.0.0.1", 0))

    def run() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                request = conn.recv(65536)
                path = (request.split(b" ", 2) + [b"/", b""])[1].decode(errors="replace")
                while b"Content-Length" in request and not request.endswith(b"}"):
                    more = conn.recv(65536)  # drain the body, so the answer is not a reset
                    if not more:
                        break
                    request += more
                conn.sendall(next(a for p, a in answers.items() if path.startswith(p)))

    threading.Thread(target=run, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}"


class SilentHub:
    """A loopback server that accepts every connection and never answers: a hub that hung.
    `held` are the connections it took (a request has gone out once one is there)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                self.held.append(self.listener.accept()[0])
            except OSError:
                return

    def close(self) -> None:
        self.listener.close()
        for conn in self.held:
            conn.close()
