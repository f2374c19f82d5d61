"""A few database connections shared by the hub's request threads, each used by one thread at a time.

The hub answers requests in a thread pool: a thread takes an idle connection (or opens one), and
gives it back when its statement or transaction is over. At most `size` are open at once; a thread
beyond that waits for one to come back. Kept deliberately small: the backends need no more.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

C = TypeVar("C")


class Pool(Generic[C]):
    def __init__(self, open_connection: Callable[[], C], close_connection: Callable[[C], None],
                 size: int, usable: Callable[[C], bool] = lambda conn: True) -> None:
        self._open, self._close, self._usable = open_connection, close_connection, usable
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._idle: list[C] = []
        self._closed = False

    @contextmanager
    def connection(self) -> Iterator[C]:
        with self._slots:
            with self._lock:
                if self._closed:
                    raise RuntimeError("the connection pool is closed")
                conn = self._idle.pop() if self._idle else None
            if conn is None:
                conn = self._open()
            try:
                yield conn
            finally:
                self._give_back(conn)

    def _give_back(self, conn: C) -> None:
        with self._lock:
            if not self._closed and self._usable(conn):
                self._idle.append(conn)
                return
        self._close(conn)

    def clear(self) -> None:
        """Close the idle connections (after the server dropped one, the others are likely gone too)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            self._close(conn)

    def idle(self) -> list[C]:
        with self._lock:
            return list(self._idle)

    def close(self) -> None:
        """Close the idle connections now and the others as they are given back."""
        with self._lock:
            self._closed = True
        self.clear()
