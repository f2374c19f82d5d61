"""Personal data on the laptop: owner-only files, no badge copies left behind, and a purge that
erases every trace of an event's attendees (the database, prints, exports, temp copies)."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.attendees.export import export_checkins
from kiosk.print.backends.base import Backend, Document, PrintError
from kiosk.print.printers import PrinterRegistry
from kiosk.print.queue import PrintQueue, wait_for
from kiosk.store.datadir import DataDir

from tests.support.cli import kiosk, kiosk_json
from tests.support.event_data import add_attendee
from tests.support.hub import Hub, token_of

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="file modes are POSIX; Windows relies on the profile")

# Names no other test, font or library holds, so finding one anywhere is a leak of this test's data.
NAMES = ("Quillfeather", "Vantongerloo", "Zbigniewska")
ATTENDEES = "Ticket code,First name,Last name,Email,Access needs\n" \
            "PRIV-0001,Ottoline,Quillfeather,ottoline@example.org,Wheelchair user\n" \
            "PRIV-0002,Anselm,Vantongerloo,anselm@example.org,\n"


def modes(*roots: Path) -> dict[str, str]:
    """Every file and folder under the roots (the roots too) whose mode is not owner-only."""
    wrong = {}
    for root in roots:
        for folder, dirs, files in os.walk(root):
            paths = [(Path(folder), 0o700)] + [(Path(folder, d), 0o700) for d in dirs] + \
                    [(Path(folder, f), 0o600) for f in files]
            for path, expected in paths:
                mode = stat.S_IMODE(os.lstat(path).st_mode)
                if not stat.S_ISLNK(os.lstat(path).st_mode) and mode != expected:
                    wrong[str(path)] = oct(mode)
    return wrong


@pytest.mark.slow  # hub and `kiosk` processes: 3-9 s
def test_a_day_with_a_hub_leaves_only_owner_only_files(tmp_path):
    desk, hub_data = tmp_path / "desk", tmp_path / "hub-machine"
    (tmp_path / "attendees.csv").write_text(ATTENDEES, encoding="utf-8")
    out = []
    kiosk_json(desk, "event", "create", "day", "--name", "Privacy Day")
    kiosk_json(desk, "import", str(tmp_path / "attendees.csv"))
    kiosk_json(desk, "checkin", "PRIV-0001")
    assert kiosk_json(desk, "print", "badge", "PRIV-0001")["status"] == "done"
    kiosk_json(desk, "export", "checkins", "--out", str(desk / "checkins.csv"))
    hub = Hub(hub_data)
    hub.start()
    try:
        code = kiosk_json(hub_data, "hub", "pair", "--event", "day", "--device", "Desk 1", "--url", hub.url)["code"]
        for args in (("sync", "pair", hub.url, code), ("sync", "--once"), ("sync", "--once", "--json")):
            proc = kiosk(desk, *args)
            assert proc.returncode == 0, proc.stderr
            out.append(proc.stdout + proc.stderr)
        assert kiosk_json(hub_data, "hub", "devices", "--event", "day")["devices"]
    finally:
        hub.kill()
    assert (hub_data / "hub" / "hub.sqlite").exists() and list((hub_data / "hub").rglob("day.sqlite"))
    assert modes(desk, hub_data) == {}
    token = token_of(desk)
    assert token and not any(token in text for text in out)  # the laptop's token is never printed


def test_the_library_makes_owner_only_files_whatever_the_umask(tmp_path):
    """Tests and other programs use the engine without the entry points' umask."""
    previous = os.umask(0o022)
    try:
        data = DataDir(tmp_path / "data")
        store = data.create("day", "Day")
        add_attendee(store, "T1", first_name="Ottoline", last_name="Quillfeather")
        queue = PrintQueue(store, PrinterRegistry(data))
        assert wait_for(queue, queue.enqueue_badge("T1").id).state == "done"
        export_checkins(store, data.root / "exports" / "checkins.csv")
        assert list((data.root / "prints").glob("*.pdf"))
        assert (store.path.parent / "event.sqlite-wal").exists()  # open: its WAL and SHM are there
        assert modes(data.root) == {}
        store.close()
    finally:
        os.umask(previous)


def test_a_readable_data_folder_is_tightened_when_opened(tmp_path):
    root = tmp_path / "data"
    with DataDir(root).create("day", "Day") as store:
        add_attendee(store, "T1", first_name="Anselm", last_name="Vantongerloo")
    (root / "prints").mkdir()
    (root / "prints" / "old-badge-Anselm.pdf").write_bytes(b"%PDF-1.4 Vantongerloo")
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            os.chmod(Path(folder, name), 0o755)
        for name in files:
            os.chmod(Path(folder, name), 0o644)
    os.chmod(root, 0o755)
    assert modes(root)
    proc = kiosk(root, "event", "list")  # any command opens the data folder
    assert proc.returncode == 0, proc.stderr
    assert modes(root) == {}


class _Failing(Backend):
    def print_document(self, document: Document) -> str:
        raise PrintError("the printer is off")


def test_rendering_leaves_no_copy_in_the_temp_folder_nor_the_event(tmp_path, monkeypatch):
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    data = DataDir(tmp_path / "data")
    store = data.create("day", "Day")
    add_attendee(store, "T1", first_name="Ottoline", last_name="Quillfeather")
    add_attendee(store, "T2", first_name="Anselm", last_name="Vantongerloo")
    rendering = store.path.parent / "rendering"
    # What a crash left mid-print: a job's folder with a badge in it.
    (rendering / "a-crashed-job").mkdir(parents=True)
    (rendering / "a-crashed-job" / "badge.pdf").write_bytes(b"%PDF Quillfeather")
    queue = PrintQueue(store, PrinterRegistry(data))
    assert not (rendering / "a-crashed-job").exists()
    assert wait_for(queue, queue.enqueue_badge("T1").id).state == "done"
    failing = PrintQueue(store, PrinterRegistry(data), backend_for=lambda config: _Failing(config))
    job = failing.enqueue_badge("T2")
    assert wait_for(failing, job.id, timeout_s=1).state == "failed"
    assert list(rendering.iterdir()) == []  # the failed job is drawn again when it is retried
    assert wait_for(queue, job.id).state == "done"
    assert list(rendering.iterdir()) == [] and list(system_temp.iterdir()) == []
    store.close()


def _traces(*roots: Path) -> list[str]:
    """Every file under the roots that holds or is named after one of NAMES."""
    found = []
    for root in roots:
        for path in root.rglob("*"):
            if any(name.lower() in path.name.lower() for name in NAMES):
                found.append(f"{path} (its name)")
            if not path.is_file():
                continue
            raw = path.read_bytes()
            texts = [raw]
            if raw.startswith(b"%PDF"):
                try:
                    texts += [page.extract_text().encode() for page in PdfReader(path).pages]
                except Exception:  # not a whole PDF: the raw bytes are searched all the same
                    pass
            needles = [n.encode(enc) for n in NAMES for enc in ("utf-8", "utf-16-be", "utf-16-le")]
            if any(needle in text for text in texts for needle in needles):
                found.append(str(path))
    return found


@pytest.mark.slow  # hub and `kiosk` processes: 3-9 s
def test_purge_erases_every_trace_of_the_event_but_leaves_other_events(tmp_path, monkeypatch):
    data, system_temp = tmp_path / "data", tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(system_temp))  # the `kiosk` processes' temp folder
    attendees = tmp_path / "input" / "attendees.csv"
    attendees.parent.mkdir()
    attendees.write_text(ATTENDEES, encoding="utf-8")
    kiosk_json(data, "event", "create", "other", "--name", "Another Day")
    kept = kiosk_json(data, "walkin", "--first", "Keep", "--last", "Thisbadge")["code"]
    assert kiosk_json(data, "print", "badge", kept)["status"] == "done"
    kiosk_json(data, "event", "create", "day", "--name", "Privacy Day")
    kiosk_json(data, "import", str(attendees))
    for code in ("PRIV-0001", "PRIV-0002"):
        kiosk_json(data, "checkin", code)
        assert kiosk_json(data, "print", "badge", code)["status"] == "done"
    kiosk_json(data, "grid", "space", "add", "Main Hall")
    kiosk_json(data, "grid", "slot", "add", "10:00", "11:00")
    session = kiosk_json(data, "grid", "propose", "Wellbeing at work", "--convener", "Marta Zbigniewska",
                         "--first-free")["id"]
    assert kiosk_json(data, "grid", "slip", session, "--printer", "pdf")["status"] == "done"
    kiosk_json(data, "export", "checkins", "--out", str(data / "exports" / "checkins.csv"))
    # A pre-printed sheet and the book of proceedings saved into the data folder's prints/.
    kiosk_json(data, "badge", "--all", "--out", str(data / "prints" / "pre-print.pdf"))
    kiosk_json(data, "grid", "export", "--format", "proceedings", "--out", str(data / "prints" / "proceedings.pdf"))
    before = _traces(data, system_temp)
    assert len([t for t in before if "prints" in t]) >= 5 and any("checkins.csv" in t for t in before)

    erased = kiosk_json(data, "purge", "--yes")
    assert erased["purged"] == "day"
    assert _traces(data, system_temp) == []
    assert erased["removed"]["prints"] == 5 and erased["removed"]["exports"] == 1
    assert erased["removed"]["folders"] == [str(data / "events" / "day")]
    # The other event and its badge stay.
    assert [e["slug"] for e in kiosk_json(data, "event", "list")["events"]] == ["other"]
    assert any("Thisbadge" in p.name for p in (data / "prints").iterdir())


@pytest.mark.slow  # hub and `kiosk` processes: 3-9 s
def test_purge_all_erases_every_event_the_prints_and_the_hub_folder(tmp_path):
    data = tmp_path / "data"
    for slug in ("one", "two"):
        kiosk_json(data, "event", "create", slug, "--name", slug)
        code = kiosk_json(data, "walkin", "--first", "Ottoline", "--last", "Quillfeather")["code"]
        kiosk_json(data, "print", "badge", code)
    kiosk_json(data, "hub", "pair", "--event", "one", "--device", "Desk 1")  # makes the hub's folder
    assert (data / "hub" / "hub.sqlite").exists()
    proc = kiosk(data, "purge", "--all")
    assert proc.returncode == 2 and (data / "events" / "one").exists()  # needs --yes
    erased = kiosk_json(data, "purge", "--yes", "--all")
    assert erased["purged"] == ["one", "two"] and erased["removed"]["prints"] == 2
    assert not (data / "events").exists() and not (data / "prints").exists() and not (data / "hub").exists()
    assert _traces(data) == []
    assert kiosk_json(data, "device")["id"]  # the machine's own settings stay
    text = kiosk(data, "purge", "--yes", "--all")
    assert text.returncode == 0 and "Erased 0 events" in text.stdout
