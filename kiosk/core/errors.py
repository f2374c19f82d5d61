"""Errors that carry a person-readable message and the exit code the command line reports."""

from __future__ import annotations

from pathlib import Path


class KioskError(Exception):
    """A failure to explain to the person, not a bug. exit_code follows the CLI contract."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self.args[0])


class UsageError(KioskError):
    """Bad arguments or unreadable input (exit 2)."""

    exit_code = 2


class RefusedError(KioskError):
    """The action was understood but refused, e.g. an unknown ticket (exit 1)."""

    exit_code = 1


class StorageError(KioskError):
    """The event's data could not be read or saved (disk full, a locked or damaged file)."""

    exit_code = 2


DISK_FULL = ("The disk is full, so this was not saved: free some space, then try again. "
             "Nothing saved before was lost.")


def damaged_event(slug: str) -> str:
    return (f"this event's database is damaged or empty ({slug}): nothing was changed. Join the "
            f"event from the hub again to download it (in the desk: Event, then Join from a hub; "
            f"or 'kiosk sync pair'), or set the damaged copy aside with 'kiosk event repair {slug}'")


def storage_words(exc: BaseException, folder: Path | None = None) -> str | None:
    """Words for a database failure people can act on (a full disk, a read-only folder, a damaged
    file), or None when there is nothing better to say than the error itself."""
    text = str(exc).lower()
    code = getattr(exc, "sqlite_errorcode", None) or 0
    if "disk is full" in text or code & 0xFF == 13:  # SQLITE_FULL
        return DISK_FULL
    if "readonly database" in text or code & 0xFF == 8:  # SQLITE_READONLY
        where = f"The data folder {folder}" if folder is not None else "The data folder"
        return (f"{where} is read-only, so nothing can be saved: make it writable (or start the "
                "app with --data on a writable folder), then try again. Nothing was lost.")
    if "disk i/o" in text and folder is not None and _free_bytes(folder) < 1024 * 1024:
        return DISK_FULL  # SQLite could not grow its shared-memory or log file
    return None


def _free_bytes(folder: Path) -> int:
    import shutil

    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return 1 << 62
