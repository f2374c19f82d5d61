"""Re-importing a file: rows an import wrote and nobody changed since are known by their digest,
and the very file imported last, with nothing changed since, is not planned again at all.

The shortcuts must give exactly the plan the full planner gives; each test compares the two (the
full planner is the same call with the notes hidden), including the cases where a row changed
behind the file's back: a correction at the desk, another laptop's import, a rebuilt state.
"""

import uuid

import pytest

from kiosk.attendees.checkin import Desk
from kiosk.importer import apply_import, plan_import
from kiosk.importer.run import RowDigests
from kiosk.ops.base import Operation

HEADER = "Barcode #,First Name,Last Name,Company,Job Title,Seat\n"
ROWS = [f"C-{n},Ann{n},Example,Org {n % 7},Role {n % 3},Row {n}\n" for n in range(40)]


def write(path, rows, header=HEADER):
    path.write_text(header + "".join(rows), encoding="utf-8")
    return path


def plans(store, path, monkeypatch, **kw):
    """The plan with the shortcut, and the full planner's plan of the same file."""
    quick = plan_import(path, store, **kw)
    with monkeypatch.context() as m:
        m.setattr(store, "unchanged_imported_rows", dict)
        m.setattr(RowDigests, "known_file_rows", lambda self: None)
        full = plan_import(path, store, **kw)
    assert quick.to_json() == full.to_json()
    assert list(quick.creates) == list(full.creates) and list(quick.updates) == list(full.updates)
    return quick


def noted(store):
    """How many rows' digests are noted (each chunk notes its codes, one to a line)."""
    return sum(len(codes.split("\n")) for (codes,) in store.conn.execute("SELECT codes FROM import_digests"))


def test_an_unchanged_file_is_known_row_by_row_and_writes_nothing(store, tmp_path, monkeypatch):
    path = write(tmp_path / "list.csv", [*ROWS, "C-NONAME,,,,,\n", "C-1,Dup,Licate,,,\n"])
    first = plan_import(path, store)
    assert len(first.creates) == 41 and len(first.errors) == 1 and len(first.warnings) == 1
    apply_import(store, first)
    assert noted(store) == 40  # the row warned about is planned again each time, to say so again
    log = store.log_size()

    calls = []
    real = store.unchanged_imported_rows
    monkeypatch.setattr(store, "unchanged_imported_rows", lambda: calls.append(1) or real())
    again = plan_import(path, store)
    monkeypatch.undo()
    assert calls and (again.unchanged, len(again.creates), len(again.updates)) == (41, 0, 0)
    assert [e.row for e in again.errors] == [43] and [w.row for w in again.warnings] == [42]
    plans(store, path, monkeypatch)
    apply_import(store, again)
    assert store.log_size() == log  # nothing recorded


def test_rows_changed_since_the_import_are_planned_in_full(store, data_dir, tmp_path, monkeypatch):
    path = write(tmp_path / "list.csv", ROWS)
    apply_import(store, plan_import(path, store))
    # At the desk: a correction the next import must not undo.
    Desk(store).edit("C-1", first_name="Anne")
    # Another laptop imported a later export that gave C-2 a new job title (arrives by sync).
    other = Operation(str(uuid.uuid4()), "device-far", store.clock.now(), "attendee.import",
                      {"rows": [{"code": "C-2", "set": {"job_title": "Director"}}]})
    store.ingest([other])
    # And this file changed C-3's company.
    rows = list(ROWS)
    rows[3] = rows[3].replace("Org 3", "Org Three")
    changed = write(tmp_path / "later.csv", rows)

    plan = plans(store, changed, monkeypatch)
    assert {row["code"]: row["set"] for row in plan.updates} == {
        "C-2": {"job_title": "Role 2"},       # the file says what it said before: its value again
        "C-3": {"organisation": "Org Three"}}
    assert plan.unchanged == 38
    apply_import(store, plan)
    assert Desk(store).attendee("C-1").first_name == "Anne"
    assert Desk(store).attendee("C-3").organisation == "Org Three"
    # Importing the changed file once more: every row is known again, nothing to write.
    again = plans(store, changed, monkeypatch)
    assert (again.unchanged, len(again.updates)) == (40, 0)


def test_a_duplicate_of_a_known_row_is_still_refused(store, tmp_path, monkeypatch):
    path = write(tmp_path / "list.csv", ROWS)
    apply_import(store, plan_import(path, store))
    doubled = write(tmp_path / "doubled.csv", [*ROWS, ROWS[5]])
    plan = plans(store, doubled, monkeypatch)
    assert [e.error.split(" (")[0] for e in plan.errors] == ["duplicate ticket code 'C-5'"]
    # The same row under another reading of the columns is another row.
    remapped = plans(store, path, monkeypatch, overrides={"Seat": "notes"})
    assert len(remapped.updates) == 40


def test_a_rebuilt_state_forgets_the_shortcut_and_plans_the_same(store, tmp_path, monkeypatch):
    path = write(tmp_path / "list.csv", ROWS)
    apply_import(store, plan_import(path, store))
    assert len(store.unchanged_imported_rows()) == 40
    with store.write():
        store.set_meta("state_stale", "1")
    assert store.rebuild_if_stale()
    assert store.unchanged_imported_rows() == {}  # every row has a new rev
    plan = plans(store, path, monkeypatch)
    assert (plan.unchanged, len(plan.updates), len(plan.creates)) == (40, 0, 0)


def test_the_file_imported_last_is_not_planned_again_while_nothing_changed(store, tmp_path, monkeypatch):
    path = write(tmp_path / "list.csv", ROWS)
    apply_import(store, plan_import(path, store))
    read = []
    monkeypatch.setattr(store, "unchanged_imported_rows", lambda: read.append(1) or {})
    again = plans(store, path, monkeypatch)
    assert (again.rows, again.unchanged, len(again.creates), len(again.updates)) == (40, 40, 0, 0)
    assert not read  # not a row looked at
    Desk(store).check_in("C-4")  # a check-in changes no attendee: still the same
    plans(store, path, monkeypatch)
    assert not read
    monkeypatch.undo()

    # Any attendee changed since, here a walk-in: row by row again, with the same answer.
    Desk(store).walk_in(first_name="Wyn", last_name="Jones")
    calls = []
    real = store.unchanged_imported_rows
    monkeypatch.setattr(store, "unchanged_imported_rows", lambda: calls.append(1) or real())
    assert plans(store, path, monkeypatch).unchanged == 40 and calls
    # Another file, or the same one read with another mapping, is not the file imported last.
    monkeypatch.undo()
    write(tmp_path / "other.csv", ROWS[:39] + [ROWS[39].replace("Row 39", "Row 39b")])
    assert len(plans(store, tmp_path / "other.csv", monkeypatch).updates) == 1


def test_a_file_is_not_remembered_when_something_else_changed_while_it_imported(store, tmp_path, monkeypatch):
    path = write(tmp_path / "list.csv", ROWS)
    apply_import(store, plan_import(path, store))
    changed = write(tmp_path / "later.csv", [r.replace("Role 1", "Role One") for r in ROWS])
    plan = plan_import(changed, store)
    Desk(store).edit("C-1", job_title="Chair")  # at the desk, after the plan, before it is written
    apply_import(store, plan)
    calls = []
    real = store.unchanged_imported_rows
    monkeypatch.setattr(store, "unchanged_imported_rows", lambda: calls.append(1) or real())
    plans(store, changed, monkeypatch)
    assert calls  # planned row by row: the file's plan no longer tells what is stored
    # A file with a row warned about is planned each time, to say so again.
    warned = write(tmp_path / "warned.csv", [*ROWS, "C-X,,,,,\n"])
    apply_import(store, plan_import(warned, store))
    assert [w.row for w in plans(store, warned, monkeypatch).warnings] == [42]


def test_the_command_lines_way_of_writing_a_plan_remembers_the_file_too(store, tmp_path, monkeypatch):
    from kiosk.importer.run import import_lock

    path = write(tmp_path / "list.csv", ROWS)
    for _ in range(2):  # as `kiosk import` does: the lock first, then the plan, then its rows
        with import_lock(store, path.name) as run:
            plan = plan_import(path, store)
            run.write(plan.creates + plan.updates)
    read = []
    monkeypatch.setattr(store, "unchanged_imported_rows", lambda: read.append(1) or {})
    assert plans(store, path, monkeypatch).unchanged == 40 and not read


@pytest.mark.parametrize("damaged", ["not json", "[]", '{"key": 5}', '{"rows": "x"}'])
def test_a_damaged_note_of_the_last_file_is_ignored(store, tmp_path, monkeypatch, damaged):
    path = write(tmp_path / "list.csv", ROWS)
    apply_import(store, plan_import(path, store))
    with store.write():
        store.set_meta("import.file", damaged)
    assert plans(store, path, monkeypatch).unchanged == 40
