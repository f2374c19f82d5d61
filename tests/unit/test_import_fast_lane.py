"""The import's fast lane and the column form of its chunks give exactly what the row-by-row
planner and the row form give: the same plan (rows, problems, their words), the same log
meaning, the same attendees, stamps and all, on this laptop and on one that syncs the log."""

from __future__ import annotations

import json
import random
import uuid

import pytest

from kiosk.importer import apply_import, fast_lane, plan_import
from kiosk.ops import import_columns
from kiosk.ops.base import MalformedOperation, Operation
from kiosk.store.datadir import DataDir

from tests.support.paths import DATA

HEADER = "Barcode #,First Name,Last Name,Email,Company,Ticket Type,Attendee Status,Order Date,Seat,Note\n"


def _rows(count: int, seed: int = 1, odd: dict[int, str] | None = None) -> str:
    rng = random.Random(seed)
    firsts = ["Siân", "Zoë", "Ann", "Seán", "Dai", "O'Neil", 'Mary "May"', "Back\\slash"]
    lines = []
    for n in range(count):
        line = (f"C{n:06d},{rng.choice(firsts)},Evans{n % 7},p{n}@example.org,Org {n % 5},"
                f"{rng.choice(['Member', 'Guest'])},{rng.choice(['Attending', 'Refunded'])},"
                f"2026-10-0{n % 9 + 1},{rng.choice(['A1', ''])},{rng.choice(['', 'x'])}\n")
        lines.append((odd or {}).get(n, line))
    return "".join(lines)


def _csv(tmp_path, body: str, header: str = HEADER):
    path = tmp_path / f"list-{uuid.uuid4().hex[:6]}.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def _state(store) -> list[dict]:
    """Every attendee as stored. Which chunk of an import wrote a row (its rev, the operation its
    stamps name) may differ: the fast lane's rows are written before the others, each in code
    order. So the stamps say which kind of operation wrote each register."""
    imports = dict(store.conn.execute("SELECT id, kind FROM ops"))
    rows = []
    for row in store.conn.execute("SELECT * FROM attendees ORDER BY code"):
        row = dict(row)
        del row["rev"]
        stamps = json.loads(row.pop("stamps"))
        row["stamps"] = sorted((imports.get(stamp.partition("/")[2], stamp), keys) for stamp, keys in stamps.items())
        rows.append(row)
    return rows


def _both(tmp_path, monkeypatch, path, **kw):
    """(plan, state) with the fast lane, and with every block sent row by row."""
    results = []
    for fast in (True, False):
        store = DataDir(tmp_path / f"data-{fast}").create("e", "E", "2026-11-23", "Hall")
        with monkeypatch.context() as m:
            if not fast:
                m.setattr(fast_lane, "plan_block", lambda *a: False)
            plan = plan_import(path, store, **kw)
            apply_import(store, plan)
        results.append((plan, _state(store), store))
    (quick, quick_state, store), (slow, slow_state, _) = results
    assert quick.to_json() == slow.to_json()
    assert sorted(quick.creates, key=lambda r: r["code"]) == sorted(slow.creates, key=lambda r: r["code"])
    assert quick_state == slow_state
    return quick, store


def test_a_clean_export_is_planned_in_the_column_form_with_the_same_result(tmp_path, monkeypatch):
    plan, store = _both(tmp_path, monkeypatch, _csv(tmp_path, _rows(2500)))
    assert plan.creates.shape is not None and len(plan.creates) == 2500 and not plan.warnings
    assert plan.creates.shape.extra == ("Order Date", "Seat")  # "Note" is read as notes
    kinds = [json.loads(p) for (p,) in store.conn.execute("SELECT payload FROM ops WHERE kind = 'attendee.import'")]
    assert all("columns" in p for p in kinds) and sum(len(p["rows"]) for p in kinds) == 2500
    row = store.conn.execute("SELECT full_name, status, extra, source FROM attendees WHERE code = 'C000001'").fetchone()
    assert row["source"] == "import" and row["full_name"].endswith(" Evans1")
    assert row["status"] in ("valid", "cancelled")


@pytest.mark.parametrize("odd", [
    "C000500,,,nobody@example.org,,,Attending,,,\n",          # no name: warned about
    "C000500,Ann,Lee,not-an-address,,,Attending,,,\n",       # an email without @: warned about
    "C000500,Ann,Lee,a@b.org,,,Perhaps,,,\n",                # a status word nobody knows
    "C000001,Ann,Lee,a@b.org,,,Attending,,,\n",              # a duplicate code
    ",Ann,Lee,a@b.org,,,Attending,,,\n",                     # no code
    "C000500,Ann  ,Lee,a@b.org,,,Attending,,,\n",            # stray spaces to clean
    "C000500,Ann,Lee,a@b.org,,,Attending,,,\"two\nlines\"\n",  # a cell over two lines
    "C000500,Ann,Le\u0301e,a@b.org,,,Attending,,,\n",        # a name not in NFC
    "\n",                                                     # a blank line
    "C000500,Ann,Lee,a@b.org,,,Attending,,," + "x" * 2100 + "\n",  # a cell over the limit
], ids=["no-name", "email", "status", "duplicate", "no-code", "spaces", "multiline", "nfd", "blank", "long"])
def test_a_block_with_one_odd_row_goes_row_by_row_with_the_same_words(tmp_path, monkeypatch, odd):
    plan, _ = _both(tmp_path, monkeypatch, _csv(tmp_path, _rows(2200, odd={500: odd})))
    assert plan.creates.shape is not None  # the other blocks still took the fast lane


def test_each_preset_gives_the_same_plan_either_way(tmp_path, monkeypatch):
    for name in ("eventbrite-2024.csv", "tito-2025.csv", "pretix-orders.csv", "tickettailor.csv",
                 "generic-semicolon.csv"):
        _both(tmp_path / name, monkeypatch, DATA / name)


def test_a_full_name_column_and_void_flags_take_the_fast_lane_too(tmp_path, monkeypatch):
    header = "Barcode,Full name,First name,Last name,Email,Order ID,Ticket type,Voided at\n"  # Ticket Tailor
    body = "".join(f"T{n:04d},Ann Lee{n},Ann,Lee{n},a{n}@b.org,O{n},Day,{'2026-11-01' if n % 3 == 0 else ''}\n"
                   for n in range(50))
    plan, store = _both(tmp_path, monkeypatch, _csv(tmp_path, body, header))
    assert plan.format == "tickettailor" and plan.creates.shape is not None
    voided = store.conn.execute("SELECT COUNT(*) FROM attendees WHERE status = 'void'").fetchone()[0]
    assert voided == 17


def test_a_re_import_after_a_fast_first_import_finds_every_row_unchanged(tmp_path, monkeypatch, store):
    path = _csv(tmp_path, _rows(1500))
    apply_import(store, plan_import(path, store))
    path.write_text(path.read_text(encoding="utf-8") + "C999999,New,Person,n@p.org,,,Attending,,,\n",
                    encoding="utf-8")
    again = plan_import(path, store)  # a new file: known row by row from the digests
    assert (again.unchanged, len(again.creates), len(again.updates)) == (1500, 1, 0)


# -- the column form itself -------------------------------------------------------------------

def _op(payload: dict, hlc: int = 1) -> Operation:
    return Operation(str(uuid.uuid4()), "other-laptop", hlc, "attendee.import", payload)


def _payload(rows, **kw):
    return {"columns": ["code", "first_name", "last_name"], "extra": ["Seat"], "same": {"source": "import"},
            "rows": rows, **kw}


@pytest.mark.parametrize("payload, words", [
    ({"columns": ["first_name", "code"], "rows": []}, "'code' first"),
    ({"columns": ["code", "code"], "rows": []}, "distinct"),
    ({"columns": ["code", "extra"], "rows": []}, "'extra' answers"),
    ({"columns": ["code"], "extra": "Seat", "rows": []}, "'extra' must be a list"),
    ({"columns": ["code"], "same": {"code": "x"}, "rows": []}, "'same'"),
    ({"columns": ["code", "first_name"], "same": {"first_name": "x"}, "rows": []}, "'same'"),
    ({"columns": ["code"], "rows": {}}, "'rows' list"),
    ({"columns": ["code", "first_name"], "rows": [["A1"]]}, "lists of 2 cells"),
    ({"columns": ["code"], "rows": ["A1"]}, "lists of 1 cells"),
    ({"columns": ["code"], "rows": [[""]]}, "non-empty 'code'"),
    ({"columns": ["code"], "rows": [[7]]}, "non-empty 'code'"),
])
def test_a_malformed_column_form_is_refused_in_words(store, payload, words):
    with pytest.raises(MalformedOperation, match=words):
        store.ingest([_op(payload)])
    assert store.attendee_count() == 0


def test_what_the_fast_insert_cannot_take_is_merged_row_by_row_to_the_same_state(data_dir):
    one, two = data_dir.create("one", "One", "2026-11-23", "Hall"), data_dir.create("two", "Two", "2026-11-23", "Hall")
    with one.write():
        one.record("attendee.upsert", {"code": "B2", "set": {"first_name": "Desk", "email": "d@e.org"}})
    with two.write():
        two.record("attendee.upsert", {"code": "B2", "set": {"first_name": "Desk", "email": "d@e.org"}})
    chunks = [
        _payload([["A1", "Siân", "Evans", "3B"], ["B2", "Bob", "Lee", ""]]),   # B2 is stored already
        _payload([["C3", "Zoe\u0308", "Ng", ""]]),                               # not NFC: composed
        _payload([["D4", 5, None, "x"]]),                                        # not text: as the row form
        _payload([["E5", "Ann", "Lee", "1"]], columns=["code", "first_name", "future_field"]),
        _payload([["A1", "Again", "Evans", ""]]),                                # A1 twice in one batch
    ]
    ops = [_op(p, hlc=n + 1) for n, p in enumerate(chunks)]
    one.ingest(ops)
    two.ingest([Operation(op.id, op.device, op.hlc, op.kind, {"rows": list(import_columns.as_rows(op.payload))})
                for op in ops])  # the same operations in the row form
    assert _state(one) == _state(two)
    got = {r["code"]: r for r in _state(one)}
    assert got["C3"]["first_name"] == "Zo\u00eb" and got["D4"]["first_name"] == "5" and got["D4"]["last_name"] == ""
    # The desk's edit of B2 is newer than these operations: it keeps its name, takes the last name.
    assert got["A1"]["first_name"] == "Again" and (got["B2"]["first_name"], got["B2"]["last_name"]) == ("Desk", "Lee")
    assert json.loads(got["A1"]["extra"]) == {} and json.loads(got["E5"]["extra"]) == {"Seat": "1"}


def test_extra_answers_are_written_as_the_row_form_writes_them(store):
    rng = random.Random(7)
    alphabet = ["a", "é", '"', "\\", "{", "}", " ", "\u2028", "😀", ""]
    rows = [[f"K{n}", "Ann", "Lee", "".join(rng.choice(alphabet) for _ in range(rng.randrange(4)))] for n in range(300)]
    payload = {"columns": ["code", "first_name", "last_name"], "extra": ["Seat {row}", "Ä"], "rows":
               [[*r, rng.choice(["", "1", "ü"])] for r in rows]}
    with store.write():
        store.record("attendee.import", payload)
    for (code, extra), row in zip(store.conn.execute("SELECT code, extra FROM attendees ORDER BY rowid"),
                                  import_columns.as_rows(payload), strict=True):
        assert code == row["code"] and json.loads(extra) == row["set"]["extra"]
        assert extra == json.dumps(row["set"]["extra"], sort_keys=True, ensure_ascii=False)


# -- found by review ---------------------------------------------------------------------------

_SEATS = "".join(f"C{n},Ann,Lee{n},a{n}@b.org,{n},x{n}\n" for n in range(5))


@pytest.mark.parametrize("header", ["Code,First Name,Last Name,Email,Seat,Seat\n",
                                    "Code,First Name,Last Name,Email,Seat,Seat \n"], ids=["same", "same-stripped"])
def test_one_extra_heading_twice_goes_row_by_row_and_keeps_the_last_answer(tmp_path, monkeypatch, header):
    """Two ticket types asking the same question give two columns under one heading: the row form
    keeps a row's last non-blank answer, which no column form can say."""
    plan, store = _both(tmp_path, monkeypatch, _csv(tmp_path, _SEATS, header))
    assert plan.creates.shape is None
    assert json.loads(store.conn.execute("SELECT extra FROM attendees WHERE code = 'C1'").fetchone()[0]) == {
        "Seat": "x1"}


def test_the_command_imports_a_heading_twice_without_an_internal_error(tmp_path):
    from tests.support.cli import kiosk

    path = _csv(tmp_path, _SEATS, "Code,First Name,Last Name,Email,Seat,Seat\n")
    proc = kiosk(tmp_path / "data", "import", str(path))
    assert proc.returncode == 0 and "internal error" not in proc.stderr, proc.stderr


def test_a_stored_code_with_a_nul_is_found_by_the_fast_insert(data_dir):
    """Codes are looked up as bound values: a stored "A\\0B" is an update, merged as the row form does."""
    one, two = data_dir.create("one", "One", "2026-11-23", "Hall"), data_dir.create("two", "Two", "2026-11-23", "Hall")
    walk_in = Operation(str(uuid.uuid4()), "other-laptop", 9, "attendee.upsert",
                        {"code": "A\x00B", "set": {"first_name": "Desk"}})
    chunk = _op({"columns": ["code", "first_name", "last_name"], "rows": [["A\x00B", "Ann", "Lee"]]})
    for store in (one, two):
        store.ingest([walk_in])
    one.ingest([chunk])
    two.ingest([Operation(chunk.id, chunk.device, chunk.hlc, chunk.kind,
                          {"rows": list(import_columns.as_rows(chunk.payload))})])
    assert _state(one) == _state(two) and _state(one)[0]["last_name"] == "Lee"
