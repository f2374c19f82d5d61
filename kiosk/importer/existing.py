"""The event's attendees as the import planner compares a file with them (plan.py)."""

from __future__ import annotations

import json

from kiosk.core.model import FIELDS
from kiosk.ops.attendee import BASELINE, decode_stamps, import_rows, op_id_of
from kiosk.ops.import_columns import existing_codes
from kiosk.store.event_store import EventStore

EXTRA_AT, STAMPS_AT = len(FIELDS) + 1, len(FIELDS) + 2  # in a stored row: code, FIELDS, extra, stamps


class Existing:
    """The event's attendees as the planner compares them, and what each last import said."""

    def __init__(self, store: EventStore | None) -> None:
        self.store = store
        self.rows = StoredRows(store)
        self._import_ops: dict[str, dict[str, dict]] = {}
        self._live: dict[str, frozenset[str]] = {}
        self._empty: bool | None = None  # no attendee at all (a first import)

    def any_stored(self, codes: list[str]) -> bool:
        """Whether an attendee has any of these codes (one look-up of them all)."""
        if self.store is None:
            return False
        if self._empty is None:
            self._empty = self.store.attendee_count() == 0
        return not self._empty and bool(existing_codes(self.store.conn, codes))

    def live_fields(self, stamps_text: str) -> frozenset[str]:
        """The fields whose stored value is what the last import said, or that no import set:
        the file is compared with the stored value for these. The rows of one import share one
        stamps text, so this is worked out once per import operation, not once per row."""
        found = self._live.get(stamps_text)
        if found is None:
            stamps = decode_stamps(stamps_text)
            found = self._live[stamps_text] = frozenset(
                f for f in FIELDS
                if stamps.get(BASELINE + f) is None or stamps.get(f) == stamps[BASELINE + f])
        return found

    def baseline(self, code: str, field_name: str) -> str:
        """What the last import said of a field someone changed since (not in live_fields)."""
        imported_by = decode_stamps(self.rows[code][STAMPS_AT])[BASELINE + field_name]
        rows = self._import_rows(op_id_of(imported_by))
        return str(rows.get(code, {}).get(field_name, ""))

    def _import_rows(self, op_id: str) -> dict[str, dict]:
        if self.store is None:  # no event, so no import ever set a field (rows is empty too)
            return {}
        if op_id not in self._import_ops:
            found = self.store.conn.execute("SELECT payload FROM ops WHERE id = ?", (op_id,)).fetchone()
            payload = json.loads(found[0]) if found else {"rows": []}
            self._import_ops[op_id] = {str(r.get("code")): r.get("set", {}) for r in import_rows(payload)}
        return self._import_ops[op_id]


class StoredRows:
    """The stored attendees by code, read as rows ask for them: one at a time at first (a
    re-import in which a few rows changed since: 800k stored rows took ~800 MB), all at once
    after _ONE_BY_ONE of them (a new list: one query beats thousands)."""

    _ONE_BY_ONE = 2000
    _SQL = f"SELECT code, {', '.join(FIELDS)}, extra, stamps FROM attendees"

    def __init__(self, store: EventStore | None) -> None:
        self._cursor = None
        if store is not None:
            self._cursor = store.conn.cursor()
            self._cursor.row_factory = None  # plain tuples: 100k rows load several times faster
        self._all: dict[str, tuple] | None = None if store is not None else {}
        self._some: dict[str, tuple | None] = {}

    def get(self, code: str) -> tuple | None:
        if self._all is not None:
            return self._all.get(code)
        if code in self._some:
            return self._some[code]
        assert self._cursor is not None
        if len(self._some) < self._ONE_BY_ONE:
            row = self._some[code] = self._cursor.execute(f"{self._SQL} WHERE code = ?", (code,)).fetchone()
            return row
        self._all = {r[0]: r for r in self._cursor.execute(self._SQL)}
        self._some = {}
        return self._all.get(code)

    def __getitem__(self, code: str) -> tuple:
        row = self.get(code)
        if row is None:
            raise KeyError(code)
        return row
