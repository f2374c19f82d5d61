"""Errors that carry a person-readable message and the exit code the command line reports."""

from __future__ import annotations


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
