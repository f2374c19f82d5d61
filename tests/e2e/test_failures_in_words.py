"""Every failure a desk can meet is said in words with exit 2 (or the command goes on with a
warning): a damaged config.json, a full disk, a read-only data folder, a damaged or empty event
database, a create that fails half-way. Never 'internal error', never a silently empty event."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from pathlib import Path

import pytest

from kiosk.core.errors import DISK_FULL, StorageError
from kiosk.event import OpenEvent
from kiosk.store.datadir import DataDir
from kiosk.store.settings import Settings

from tests.support.cli import kiosk, kiosk_json
from tests.support.event_data import add_attendee

pytestmark = pytest.mark.slow  # real `kiosk` processes


def _no_internal_error(proc: subprocess.CompletedProcess) -> None:
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def _event(root: Path, slug: str = "day") -> DataDir:
    data = DataDir(root)
    with data.create(slug, "The Day") as store:
        add_attendee(store, "CODE-1", first_name="Siân", last_name="Jones")
    return data


# -- config.json -----------------------------------------------------------------------------------

CONFIGS = {
    "a list": b"[1, 2]",
    "a string": b'"hello"',
    "null": b"null",
    "a number": b"5",
    "device a number": b'{"device": 5}',
    "device id a number": b'{"device": {"id": 5, "name": 7}}',
    "device a list": b'{"device": []}',
    "settings a list": b'{"settings": []}',
    "settings of the wrong kind": b'{"settings": {"muted": "x", "auto_print": 3}}',
    "printers a string": b'{"printers": "x"}',
    "current a number": b'{"current": 7}',
    "current a path": b'{"current": "../../etc"}',
    "current a list": b'{"current": []}',
    "deep lists": b"[" * 100_000 + b"]" * 100_000,
    "deep objects": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "invalid UTF-8": b'{"device": {"id": "abc", "name": "\xff\xfe"}}',
    "truncated": b'{"device": {"id": "ab',
    "empty": b"",
    "staff pin a string": b'{"staff_pin": "x"}',
}


@pytest.mark.parametrize("case", list(CONFIGS))
def test_a_damaged_config_names_the_file_and_the_desk_keeps_working(tmp_path, case, caplog):
    root = tmp_path / "data"
    data = _event(root)
    (root / "config.json").write_bytes(CONFIGS[case])
    Settings.load(data)
    settings_said = caplog.text
    listed = kiosk(root, "event", "list", "--json")
    _no_internal_error(listed)
    assert listed.returncode == 0, listed.stderr
    assert [e["slug"] for e in json.loads(listed.stdout)["events"]] == ["day"]
    said = listed.stderr
    for args in (("printers", "list"), ("pin", "status"), ("event", "use", "day"), ("checkin", "CODE-1"),
                 ("stats",), ("device",)):
        proc = kiosk(root, *args)
        _no_internal_error(proc)
        assert proc.returncode in (0, 1), (args, proc.stderr)
        said += proc.stderr
    if case.startswith("settings"):  # only the desk and kiosk windows read the settings
        said = settings_said
    # Whichever command read the damaged part named the file and said what it did instead.
    assert str(root / "config.json") in said and ("warning" in said or "WARNING" in said), said
    # Working again: the event is current once more, and checking in works.
    assert kiosk_json(root, "checkin", "CODE-1")["status"] in ("checked_in", "already_checked_in")


def test_a_config_with_a_bom_is_read_and_an_unreadable_one_is_kept_aside(tmp_path):
    root = tmp_path / "data"
    data = _event(root)
    device_id, _ = data.device()
    config = json.loads((root / "config.json").read_text())
    (root / "config.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(config).encode())
    proc = kiosk(root, "device", "--json")
    assert proc.returncode == 0 and proc.stderr == "" and json.loads(proc.stdout)["id"] == device_id
    (root / "config.json").write_bytes(b"{not json")
    proc = kiosk(root, "device", "--name", "Front desk")
    assert proc.returncode == 0 and "config.json" in proc.stderr, proc.stderr
    assert (root / "config.json.damaged").read_bytes() == b"{not json"
    assert kiosk(root, "device").stderr == ""  # the new file is whole: no more warnings


# -- a full disk ---------------------------------------------------------------------------------

def test_a_check_in_on_a_full_database_says_the_disk_is_full_and_loses_nothing(tmp_path):
    data = _event(tmp_path / "data")
    event = OpenEvent.current(data)
    try:
        conn = event.store.conn
        conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
        with pytest.raises(StorageError) as raised:
            for n in range(500):  # until the database may grow no more: SQLITE_FULL
                event.walk_in(first_name="W" * 2000, last_name=str(n), auto_print=False)
        assert raised.value.message == DISK_FULL
        assert "rollback" not in raised.value.message
        assert not conn.in_transaction
        conn.execute("PRAGMA max_page_count = 1073741823")
        assert event.check_in("CODE-1").result.status.name == "CHECKED_IN"
    finally:
        event.close()


@contextlib.contextmanager
def _small_disk(folder: Path, size: str = "2m"):
    folder.mkdir()
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                                 capture_output=True).returncode == 0
    except OSError:
        mounted = False
    if not mounted:
        pytest.skip("cannot mount a small tmpfs here (needs root and the capability)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with contextlib.suppress(OSError), filler.open("wb") as fh:
        while True:
            fh.write(b"\0" * 65536)
            fh.flush()
    return filler


def test_a_full_disk_in_words_through_the_command_line(tmp_path):
    with _small_disk(tmp_path / "disk") as disk:
        root = disk / "data"
        _event(root)
        filler = _fill(disk)
        for args in (("checkin", "CODE-1"), ("walkin", "--first", "New", "--last", "Person"),
                     ("event", "create", "second", "--name", "Second")):
            proc = kiosk(root, *args)
            _no_internal_error(proc)
            assert proc.returncode == 2 and "disk is full" in proc.stderr, (args, proc.stderr)
        # The create that failed left nothing: no phantom event to block the name or the list.
        assert sorted(p.name for p in (root / "events").iterdir()) == ["day"]
        listed = kiosk(root, "event", "list", "--json")
        assert listed.returncode == 0, listed.stderr
        filler.unlink()
        assert kiosk_json(root, "checkin", "CODE-1")["status"] == "checked_in"
        assert kiosk_json(root, "event", "create", "second", "--name", "Second")["slug"] == "second"


def test_a_read_only_data_folder_is_said_in_words(tmp_path):
    root = tmp_path / "data"
    _event(root)
    if os.geteuid() == 0:
        ro = subprocess.run(f"mount --bind {root} {root} && mount -o remount,ro,bind {root}",
                            shell=True, capture_output=True)
        if ro.returncode:
            pytest.skip("cannot make a read-only bind mount here")
        undo = ["umount", "-l", str(root)]
    else:
        for folder in (root, root / "events", root / "events" / "day"):
            folder.chmod(0o500)
        undo = ["chmod", "-R", "u+w", str(root)]
    try:
        for args in (("checkin", "CODE-1"), ("event", "create", "other", "--name", "Other")):
            proc = kiosk(root, *args)
            _no_internal_error(proc)
            assert proc.returncode == 2 and ("read-only" in proc.stderr or "disk is full" in proc.stderr), \
                (args, proc.stderr)
    finally:
        subprocess.run(undo, capture_output=True)


# -- a damaged or empty event database --------------------------------------------------------------

@pytest.mark.parametrize("damage", ["zero bytes", "garbage"])
def test_a_damaged_event_is_refused_listed_and_repaired(tmp_path, damage):
    root = tmp_path / "data"
    data = _event(root)
    _event(root, "other")
    data.use("day")
    db = data.event_db("day")
    for leftover in db.parent.glob("event.sqlite-*"):
        leftover.unlink()
    db.write_bytes(b"" if damage == "zero bytes" else os.urandom(8192))
    for args in (("checkin", "CODE-1"), ("stats",)):
        proc = kiosk(root, *args)
        _no_internal_error(proc)
        assert proc.returncode == 2 and "damaged or empty" in proc.stderr, proc.stderr
    assert db.stat().st_size in (0, 8192)  # never made again as an empty event
    events = {e["slug"]: e for e in kiosk_json(root, "event", "list")["events"]}
    assert "damaged" in events["day"]["problem"] and "problem" not in events["other"]
    assert kiosk(root, "event", "create", "day", "--name", "Again").returncode == 1
    assert kiosk(root, "event", "repair", "other").returncode == 1  # it opens: nothing to repair
    repaired = kiosk_json(root, "event", "repair", "day")
    assert Path(repaired["set_aside"]).is_dir()
    assert [e["slug"] for e in kiosk_json(root, "event", "list")["events"]] == ["other"]
    assert kiosk_json(root, "event", "create", "day", "--name", "Again")["slug"] == "day"
