"""`kiosk hub --workers N`: one hub served by N processes, on PostgreSQL only.

uvicorn starts each worker process afresh and builds its app by importing worker_app: the hub's
settings (database, cache, trusted proxies, quotas) reach it through the environment (set by the
command line before uvicorn starts). Each worker opens its own database connections and keeps
its own event caches, in a folder of the cache folder that it holds a lock on (worker-0,
worker-1, …): two processes never write one cache, and a restarted hub finds the caches its
last run left rather than rebuilding them.

SQLite is refused: it lets one process write at a time, so more would wait for each other.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from typing import IO

from starlette.applications import Starlette

from kiosk.core.errors import UsageError
from kiosk.hub.backend import is_dsn

DB_ENV, CACHE_ENV = "KIOSK_HUB_DB", "KIOSK_HUB_CACHE"
MAX_WORKERS = 64
_held: list[IO[bytes]] = []  # the lock files this process holds, open for its lifetime


def check_workers(db: str | Path, workers: int) -> None:
    if not 1 <= workers <= MAX_WORKERS:
        raise UsageError(f"--workers is between 1 and {MAX_WORKERS}")
    if workers > 1 and not is_dsn(db):
        raise UsageError("--workers needs a PostgreSQL hub (--db postgresql://…): "
                         "SQLite lets one process write at a time")


def worker_app() -> Starlette:
    """The app of one worker process (uvicorn's factory, by import string)."""
    from kiosk.hub import server
    from kiosk.hub.app import create_app
    from kiosk.hub.store import HubStore

    _exit_with_parent()
    settings = server.ServerSettings.from_env(os.environ.get(server.SETTINGS_ENV))
    server.install_logging()
    server.configure(settings)
    hub = HubStore(os.environ[DB_ENV], claim_cache_dir(Path(os.environ[CACHE_ENV])))
    return create_app(hub, owns_hub=True, trusted=server.TrustedProxies(settings.trusted_proxies),
                      quota=settings.quota)


def claim_cache_dir(base: Path) -> Path:
    """The first worker-N folder of base that no other running process holds; held until exit."""
    base.mkdir(parents=True, exist_ok=True)
    for n in range(MAX_WORKERS * 2):
        handle = open(base / f"worker-{n}.lock", "a+b")  # noqa: SIM115 (kept open on purpose)
        if _try_lock(handle):
            _held.append(handle)
            return base / f"worker-{n}"
        handle.close()
    raise UsageError(f"every worker cache folder in {base} is in use")


def _try_lock(handle: IO[bytes]) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _exit_with_parent() -> None:
    """A worker whose supervisor was killed outright (SIGKILL) would keep serving, orphaned, and
    keep the port: it ends itself instead."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    if os.name != "nt":  # on Windows getppid does not change when the parent dies
        threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
