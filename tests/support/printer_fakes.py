"""A network ESC/POS printer for tests: a real TCP listener on 127.0.0.1 that keeps every byte."""

from __future__ import annotations

import socket
import threading


class TcpPrinter:
    def __init__(self, port: int = 0) -> None:
        self.jobs: list[bytes] = []
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", port))
        self.port = self._sock.getsockname()[1]
        self._sock.listen(5)
        self._sock.settimeout(0.2)
        self._running = True
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while self._running:
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(5)
                chunks = []
                while True:
                    try:
                        data = conn.recv(65536)
                    except (TimeoutError, OSError):
                        break
                    if not data:
                        break
                    chunks.append(data)
                self.jobs.append(b"".join(chunks))

    def close(self) -> None:
        self._running = False
        self._thread.join(2)
        self._sock.close()

    @property
    def uri(self) -> str:
        return f"escpos+tcp://127.0.0.1:{self.port}"
