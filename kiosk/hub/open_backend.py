"""Open the hub's storage backend named by --db: a folder (SQLite) or a postgresql:// address.

Its own module so that backend.py, which both implementations import, imports neither of them.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.core.errors import UsageError
from kiosk.hub.backend import HubBackend, is_dsn, redact


def open_backend(db: str | Path) -> HubBackend:
    """A folder path opens the SQLite hub in it; a postgresql:// address, the PostgreSQL one."""
    if is_dsn(db):
        from kiosk.hub.postgres_backend import PostgresBackend

        return PostgresBackend(str(db))
    if isinstance(db, str) and "://" in db:
        raise UsageError(f"--db is a folder or a postgresql:// address, not {redact(db)!r}")
    from kiosk.hub.sqlite_backend import SqliteBackend

    return SqliteBackend(Path(db))
