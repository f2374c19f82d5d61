"""Owner-only files: what holds personal data on this machine is readable by this user alone.

On Linux and macOS every folder the app keeps personal data in is 0700 and every such file 0600:
the event databases (access needs, the sync token) with their WAL and SHM, printed badges,
exports into the data folder, the hub's database and caches. SQLite gives a database's -wal and
-shm files the database file's own mode, so a database is created empty at 0600 before SQLite
opens it. The entry points also set the umask to 077, so files a library creates are private too.

On Windows a file's mode is only its read-only flag: the per-user profile folder, where the data
folder lives by default, is what keeps other users out, and these helpers change nothing there.

This module also keeps each event's list of the files the app wrote for it outside its folder
(badges in a PDF folder, exports into the data folder), so that erasing the event finds them.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
POSIX = os.name == "posix"
WRITTEN_LIST = "written-files.txt"  # in an event's folder: one "kind<TAB>path" a line


def restrict_umask() -> None:
    """Files and folders this process creates from now on are its user's alone (the entry points)."""
    if POSIX:
        os.umask(0o077)


def private_dir(folder: Path, tighten_existing: bool = True) -> Path:
    """Create a folder (and the parents that are missing) owner-only; tighten it if it exists
    (unless told not to: a folder the user chose for an export is theirs)."""
    folder = Path(folder)
    missing = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=DIR_MODE)
        except FileExistsError:
            pass
    if tighten_existing:
        _chmod(folder, DIR_MODE)
    for path in missing:  # mkdir's mode is cut by the umask: say it again
        _chmod(path, DIR_MODE)
    return folder


def private_file(path: Path) -> Path:
    """Make sure a file exists (empty if new) and is owner-only."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
    os.close(fd)
    _chmod(path, FILE_MODE)
    return path


def private_db(path: Path) -> Path:
    """Before SQLite opens a database: its folder 0700, the file 0600, and its journals tightened.

    A new database file is created empty (SQLite takes an empty file as a new database), so the
    -wal and -shm files SQLite makes beside it get its mode too."""
    path = Path(path)
    private_dir(path.parent)
    private_file(path)
    for suffix in ("-wal", "-shm", "-journal"):
        journal = Path(f"{path}{suffix}")
        if journal.exists():
            _chmod(journal, FILE_MODE)
    return path


def tighten(root: Path) -> int:
    """Make a folder and everything under it owner-only (links are not followed); returns how
    many files and folders were changed. Does nothing on Windows."""
    root = Path(root)
    if not POSIX or not root.is_dir() or root.is_symlink():
        return 0
    changed = int(_chmod(root, DIR_MODE))
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            path = Path(folder, name)
            if not path.is_symlink():
                changed += _chmod(path, DIR_MODE)
        for name in files:
            path = Path(folder, name)
            if not path.is_symlink():
                changed += _chmod(path, FILE_MODE)
    return changed


def _chmod(path: Path, mode: int) -> bool:
    if not POSIX:
        return False
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode) or stat.S_IMODE(st.st_mode) == mode:
            return False
        if st.st_uid != os.getuid():  # not ours to change (a shared folder the user pointed at)
            return False
        os.chmod(path, mode)
        return True
    except OSError:
        return False


# -- the files an event wrote outside its own folder ----------------------------------------------

def remember_written(event_folder: Path, kind: str, path: Path) -> None:
    """Note a file the app wrote for this event outside its folder (kind: "print" or "export"),
    so erasing the event removes it too. A failure to note it never fails the print or export."""
    path = Path(path).resolve()  # "--out prints/x.pdf" run from inside the data folder counts too
    if not path.is_file():
        return
    line = f"{kind}\t{path.resolve()}\n"
    if "\n" in line[:-1] or "\r" in line:
        return
    try:
        list_path = Path(event_folder) / WRITTEN_LIST
        private_file(list_path)
        with list_path.open("a", encoding="utf-8") as fh:
            fh.write(line)
    except OSError:
        pass


def written_files(event_folder: Path) -> list[tuple[str, Path]]:
    """(kind, path) of every file remembered for this event, oldest first."""
    try:
        text = (Path(event_folder) / WRITTEN_LIST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    found = []
    for line in text.splitlines():
        kind, _, path = line.partition("\t")
        if kind and path:
            found.append((kind, Path(path)))
    return found


def remove_files(paths: Iterable[Path]) -> int:
    """Delete the regular files among `paths` (never a folder or what a link points at); returns
    how many were deleted."""
    removed = 0
    for path in paths:
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                os.unlink(path)
                removed += 1
        except OSError:
            continue
    return removed


def count_files(root: Path) -> int:
    if not Path(root).is_dir():
        return 0
    return sum(len(files) for _, _, files in os.walk(root))
