"""The hub's storage backends for tests: SQLite always, PostgreSQL when KIOSK_TEST_PG_DSN is set.

Each PostgreSQL test gets a schema of its own in that database (a search_path in the address),
dropped afterwards: as isolated as a fresh database, and far quicker to make.
"""

from __future__ import annotations

import os
import secrets
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.hub.store import HubStore

PG_DSN = os.environ.get("KIOSK_TEST_PG_DSN", "")
NO_PG = ("PostgreSQL hub tests need KIOSK_TEST_PG_DSN=postgresql://USER:PASSWORD@HOST:PORT/DB "
         "(sudo scripts/setup-test-postgres.sh starts one)")


@dataclass(frozen=True)
class HubDb:
    kind: str   # sqlite or postgres
    db: str     # a folder or a postgresql:// address
    cache: Path

    def open(self, cache: Path | None = None) -> HubStore:
        return HubStore(self.db, cache or self.cache)


def with_search_path(dsn: str, schema: str) -> str:
    parts = urllib.parse.urlsplit(dsn)
    option = urllib.parse.urlencode({"options": f"-csearch_path={schema}"})
    query = f"{parts.query}&{option}" if parts.query else option
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


# Imported by the test modules that use it: `from tests.support.hub_backends import hub_db_fixture`.
@pytest.fixture(name="hub_db", params=["sqlite", "postgres"])
def hub_db_fixture(request, tmp_path):
    if request.param == "sqlite":
        yield HubDb("sqlite", str(tmp_path / "hub"), tmp_path / "hub" / "cache")
        return
    if not PG_DSN:
        pytest.skip(NO_PG)
    import psycopg

    schema = f"kiosk_test_{secrets.token_hex(6)}"
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield HubDb("postgres", with_search_path(PG_DSN, schema), tmp_path / "hub-cache")
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
