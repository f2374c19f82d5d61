"""The data directory: which events it holds, which one is current, and this device's identity."""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from kiosk.core.errors import (
    DISK_FULL,
    KioskError,
    RefusedError,
    StorageError,
    UsageError,
    damaged_event,
    storage_words,
)
from kiosk.core.files import write_json_atomic
from kiosk.core.private import count_files, private_db, private_dir, remove_files, tighten, written_files
from kiosk.store.event_store import DB_FILENAME, EventStore

# What a laptop is called until someone names it: never the computer's own name, which says
# nothing to staff ("checked in at 09:14 on vm") and may carry its owner's name.
DEFAULT_DEVICE_NAME = "Desk 1"

APP_NAME = "event-kiosk"
PRINTS_FOLDER = "prints"  # the default PDF-folder printer's folder (kiosk.print.printers)
HUB_FOLDER = "hub"  # a SQLite hub's default folder (kiosk hub without --db)
LEGACY_TEMP_PREFIX = "kiosk-print-"  # where older versions rendered badges, never cleaned
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


# config.json's keys that must have one kind of value ("settings", "printers" and the other
# sections are checked by section(): any of them that is not an object reads as empty).
_CONFIG_KEYS: dict[str, type] = {"device": dict, "current": str}
_DAMAGED_SUFFIX = ".damaged"
_SQLITE_HEADER = b"SQLite format 3\x00"
_log = logging.getLogger("kiosk.config")
_warned: set[str] = set()


def _os_words(exc: OSError, what: str) -> str:
    if exc.errno == errno.ENOSPC:
        return DISK_FULL
    if exc.errno == errno.EROFS or (exc.errno == errno.EACCES and "read-only" in str(exc)):
        return storage_words(sqlite3.OperationalError("readonly database")) or what
    return f"{what}: {exc.strerror or exc}"


def config_warning(message: str) -> None:
    """Say once per process what in config.json was not used (the command line prints it)."""
    if message not in _warned:
        _warned.add(message)
        _log.warning(message)


def _kind(value: object) -> str:
    kinds = {dict: "an object", list: "a list", str: "text", bool: "true or false", type(None): "null"}
    return kinds.get(type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__)


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(arg: str | os.PathLike | None) -> Path:
    """--data wins, then KIOSK_DATA, then the platform's user data directory."""
    if arg:
        return Path(arg).expanduser()
    env = os.environ.get("KIOSK_DATA")
    if env:
        return Path(env).expanduser()
    return default_data_dir()


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:63].strip("-")
    return slug or "event"


def check_slug(slug: str) -> str:
    if not _SLUG_RE.match(slug):
        raise UsageError(
            f"invalid event name {slug!r}: use lower-case letters, digits and hyphens (max 63)"
        )
    return slug


@dataclass(frozen=True)
class EventSummary:
    slug: str
    name: str
    date: str
    venue: str
    current: bool
    problem: str = ""  # why the event cannot be opened (a damaged database, a full disk)

    def to_json(self) -> dict:
        found = {"slug": self.slug, "name": self.name, "date": self.date, "venue": self.venue,
                 "current": self.current}
        return {**found, "problem": self.problem} if self.problem else found


@dataclass
class Erased:
    """What erasing removed: counts and folders only (a print's file name holds a person's name)."""

    files: int = 0
    prints: int = 0
    exports: int = 0
    folders: list[str] = field(default_factory=list)

    def add_folder(self, folder: Path) -> None:
        if folder.exists():
            self.files += count_files(folder)
            shutil.rmtree(folder)
            self.folders.append(str(folder))

    def to_json(self) -> dict:
        return {"files": self.files, "prints": self.prints, "exports": self.exports, "folders": self.folders}


class DataDir:
    """A folder of events (one SQLite database each) plus config.json."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.events_root = self.root / "events"
        self._config_path = self.root / "config.json"
        self._config_damaged = False  # config.json could not be read: kept aside before a save
        if self._is_ours():
            tighten(self.root)  # a folder an older version (or a copy) left readable to others

    def _is_ours(self) -> bool:
        """A data folder the app made (never tighten a home folder someone passed as --data)."""
        return not self._is_home() and (self._config_path.is_file() or self.events_root.is_dir())

    def _is_home(self) -> bool:
        try:
            return self.root.resolve() == Path.home().resolve()
        except (OSError, RuntimeError):
            return True

    # -- config ---------------------------------------------------------------------------------

    def _config(self) -> dict:
        """config.json as a dict. A damaged file (not JSON, not an object, a key of the wrong
        kind) never stops the desk: what cannot be used reads as the default, with a warning
        that names the file and the key; the file itself is kept aside before it is rewritten."""
        path = self._config_path
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise KioskError(f"cannot read {path}: {exc.strerror or exc}") from exc
        try:
            config = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            return self._damaged("is not UTF-8 text")
        except RecursionError:
            return self._damaged("is nested too deeply")
        except ValueError as exc:
            return self._damaged(f"is not valid JSON ({exc})")
        if not isinstance(config, dict):
            return self._damaged(f"holds {_kind(config)}, not a JSON object")
        for key, wanted in _CONFIG_KEYS.items():
            if key in config and not isinstance(config[key], wanted):
                config_warning(f"{path}: {key!r} is {_kind(config[key])}, not "
                               f"{_kind(wanted())}; using the default")
                del config[key]
        return config

    def _damaged(self, why: str) -> dict:
        config_warning(f"{self._config_path} {why}; using the defaults (this machine's settings, "
                       f"printers and desk name); it is kept as {self._config_path.name}{_DAMAGED_SUFFIX} "
                       "when the settings are next saved")
        self._config_damaged = True
        return {}

    def _save_config(self, config: dict) -> None:
        try:
            if self._config_damaged:
                # Keep the damaged file for whoever hand-edited it before it is overwritten.
                aside = self._config_path.with_name(self._config_path.name + _DAMAGED_SUFFIX)
                if self._config_path.is_file() and not aside.exists():
                    shutil.copyfile(self._config_path, aside)
                self._config_damaged = False
            write_json_atomic(self._config_path, config)
        except OSError as exc:
            raise KioskError(f"cannot write to data directory {self.root}: {exc.strerror or exc}") from exc

    def device(self) -> tuple[str, str]:
        """(device id, device name), created on first use: the id is stable for this data dir."""
        config = self._config()
        device = config.get("device") or {}
        name = device.get("name")
        if not (isinstance(name, str) and name.strip()):
            name = None
        if not (isinstance(device.get("id"), str) and device["id"].strip()):
            if device.get("id") is not None:
                config_warning(f"{self._config_path}: 'device' 'id' is {_kind(device['id'])}, not "
                               "text; this desk gets a new id")
            device = {"id": str(uuid.uuid4()), "name": name or DEFAULT_DEVICE_NAME}
            config["device"] = device
            self._save_config(config)
        return device["id"], name or DEFAULT_DEVICE_NAME

    def set_device_name(self, name: str) -> None:
        name = name.strip()
        if not name or len(name) > 60:
            raise UsageError("device name must be 1–60 characters")
        device_id, _ = self.device()
        config = self._config()
        config["device"] = {"id": device_id, "name": name}
        self._save_config(config)

    def section(self, name: str) -> dict:
        """A part of this machine's config (settings, printers): local, never synced."""
        value = self._config().get(name)
        if value is not None and not isinstance(value, dict):
            config_warning(f"{self._config_path}: {name!r} is {_kind(value)}, not an object; "
                           "using the defaults")
        return dict(value) if isinstance(value, dict) else {}

    def save_section(self, name: str, value: dict) -> None:
        config = self._config()
        config[name] = value
        self._save_config(config)

    # -- events ---------------------------------------------------------------------------------

    def event_db(self, slug: str) -> Path:
        return self.events_root / check_slug(slug) / DB_FILENAME

    def slug_of(self, db_path: Path) -> str:
        """The event an event database belongs to (its folder's name)."""
        return Path(db_path).parent.name

    def exists(self, slug: str) -> bool:
        return self.event_db(slug).is_file()

    def slugs(self) -> list[str]:
        if not self.events_root.is_dir():
            return []
        # Only event names: a folder being created or set aside (.new-…, .damaged-…) is none.
        return sorted(p.parent.name for p in self.events_root.glob(f"*/{DB_FILENAME}")
                      if _SLUG_RE.match(p.parent.name))

    def current_slug(self) -> str | None:
        slug = self._config().get("current")
        if slug and not _SLUG_RE.match(slug):
            config_warning(f"{self._config_path}: 'current' is {slug!r}, not an event's name; "
                           "no event is current")
            return None
        if slug and self.exists(slug):
            return slug
        return None

    def use(self, slug: str) -> None:
        if not self.exists(slug):
            raise RefusedError(f"no event {slug!r} in {self.root}")
        config = self._config()
        config["current"] = slug
        self._save_config(config)

    def list_events(self) -> list[EventSummary]:
        current = self.current_slug()
        summaries = []
        for slug in self.slugs():
            try:  # one event that cannot be opened does not hide the others
                with self.open(slug) as store:
                    info = store.event_info()
            except (KioskError, sqlite3.Error) as exc:
                problem = exc.message if isinstance(exc, KioskError) else str(exc)
                summaries.append(EventSummary(slug, slug, "", "", slug == current, problem))
                continue
            summaries.append(EventSummary(slug, info.get("name", slug), info.get("date", ""),
                                          info.get("venue", ""), slug == current))
        return summaries

    def damage(self, slug: str) -> str | None:
        """What is wrong with an event's database file (missing, empty, not SQLite), or None."""
        db = self.event_db(slug)
        try:
            with db.open("rb") as fh:
                header = fh.read(16)
        except FileNotFoundError:
            return "its database is missing"
        except OSError:
            return None  # unreadable for another reason: opening it says which
        if not header:
            wal = Path(f"{db}-wal")
            if not (wal.is_file() and wal.stat().st_size > 0):
                return "its database is empty"
        elif header != _SQLITE_HEADER:
            return "its database is not an event database"
        return None

    def set_aside(self, slug: str) -> Path:
        """Move a damaged event's folder aside (kept, never deleted), so its name is free to pair
        or create again. An event that opens is refused."""
        folder = self.event_db(slug).parent
        if not folder.is_dir():
            raise RefusedError(f"no event {slug!r} in {self.root}")
        if self.damage(slug) is None:
            try:
                self.open(slug).close()
            except StorageError as exc:
                if "damaged" not in exc.message:
                    raise
            else:
                raise RefusedError(f"event {slug!r} opens normally: there is nothing to repair")
        aside = self.events_root / f".damaged-{slug}-{datetime.now():%Y%m%d-%H%M%S}"
        try:
            os.rename(folder, aside)
        except OSError as exc:
            raise StorageError(_os_words(exc, f"cannot move {folder} aside")) from exc
        config = self._config()
        if config.get("current") == slug:
            config.pop("current")
            self._save_config(config)
        return aside

    def create(self, slug: str, name: str, event_date: str | None = None, venue: str | None = None,
               make_current: bool = True, record_info: bool = True) -> EventStore:
        check_slug(slug)
        if event_date:
            try:
                date.fromisoformat(event_date)
            except ValueError:
                raise UsageError(f"invalid date {event_date!r}: use YYYY-MM-DD") from None
        folder = self.event_db(slug).parent
        if folder.exists():
            if self.damage(slug) is not None:
                raise RefusedError(f"event {slug!r} already exists but is damaged: set it aside with "
                                   f"'kiosk event repair {slug}' first")
            raise RefusedError(f"event {slug!r} already exists")
        name = (name or slug).strip()[:200]
        device_id, device_name = self.device()
        # Built whole in a folder beside, then renamed into place: a create that fails (a full
        # disk) leaves no half-made event behind to block the name or the event list.
        try:
            private_dir(self.root, tighten_existing=not self._is_home())
            private_dir(self.events_root)
            building = Path(tempfile.mkdtemp(prefix=f".new-{slug}-", dir=self.events_root))
        except OSError as exc:
            raise StorageError(_os_words(exc, f"cannot write to data directory {self.root}")) from exc
        try:
            db = private_db(building / DB_FILENAME)
            with EventStore(db, device_id, device_name) as store:
                if record_info:  # not for a copy paired from a hub: its name and date come from there
                    store.update_event_info(name=name, date=event_date or "", venue=venue or "")
            os.rename(building, folder)
        except OSError as exc:
            shutil.rmtree(building, ignore_errors=True)
            raise StorageError(_os_words(exc, f"cannot create event {slug!r} in {self.root}")) from exc
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        store = self.open(slug)
        if make_current or self.current_slug() is None:
            self.use(slug)
        return store

    def open(self, slug: str, device_name: str | None = None) -> EventStore:
        device_id, name = self.device()
        db = self.event_db(slug)
        if db.parent.is_dir():
            if self.damage(slug) is not None:
                # Never made again as an empty event: check-ins would answer "unknown ticket".
                raise StorageError(damaged_event(slug))
            try:
                private_db(db)  # owner-only before SQLite makes its -wal and -shm from it
            except OSError as exc:
                raise StorageError(_os_words(exc, f"cannot open event database {db}")) from exc
        return EventStore(db, device_id, device_name or name)

    def open_current(self, device_name: str | None = None) -> EventStore:
        slug = self.current_slug()
        if slug is None:
            raise RefusedError(
                "no current event: create one with 'kiosk event create', import a file, or run 'kiosk demo'"
            )
        return self.open(slug, device_name)

    def purge(self, slug: str) -> Erased:
        """Erase an event: its folder (database, WAL and journals, print queue, rendering copies,
        demo tickets), the badges and slips the app printed for it to a PDF folder, the exports it
        wrote into the data folder, and badge copies older versions left in the temp folder."""
        folder = self.event_db(slug).parent
        if not folder.exists():
            raise RefusedError(f"no event {slug!r} in {self.root}")
        erased = Erased()
        remembered = written_files(folder)
        erased.prints = remove_files(p for kind, p in remembered if kind == "print")
        erased.exports = remove_files(p for kind, p in remembered if kind == "export" and self._inside(p))
        erased.files += erased.prints + erased.exports
        erased.add_folder(folder)
        if not self.slugs():
            # No event is left whose badges could be there: whatever else the app wrote to its
            # default PDF folder (pre-print sheets, grid PDFs, older versions' badges) goes too.
            erased.add_folder(self.root / PRINTS_FOLDER)
        erased.files += remove_legacy_temp()
        config = self._config()
        if config.get("current") == slug:
            config.pop("current")
            self._save_config(config)
        return erased

    def purge_all(self) -> tuple[list[str], Erased]:
        """Erase every event in this data folder, its PDF folder and a SQLite hub's folder kept in
        it (stop that hub first). The machine's settings, printers and staff PIN stay."""
        slugs = self.slugs()
        total = Erased()
        for slug in slugs:
            erased = self.purge(slug)
            total.files += erased.files
            total.prints += erased.prints
            total.exports += erased.exports
            total.folders += erased.folders
        for leftover in (self.events_root, self.root / PRINTS_FOLDER, self.root / HUB_FOLDER):
            total.add_folder(leftover)
        return slugs, total

    def _inside(self, path: Path) -> bool:
        try:
            return Path(path).resolve().is_relative_to(self.root.resolve())
        except (OSError, RuntimeError):
            return False


def remove_legacy_temp() -> int:
    """Delete the badge copies older versions left in kiosk-print-* temp folders; returns the
    number of files. Only this user's folders are touched."""
    removed = 0
    base = Path(tempfile.gettempdir())
    try:
        candidates = list(base.glob(f"{LEGACY_TEMP_PREFIX}*"))
    except OSError:
        return 0
    for folder in candidates:
        try:
            st = folder.lstat()
            if not folder.is_dir() or folder.is_symlink() or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
                continue
            count = count_files(folder)
            shutil.rmtree(folder)
            removed += count
        except OSError:
            continue
    return removed
