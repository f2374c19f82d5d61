"""Writes a file whole or not at all: a crash or a cancel never leaves half a PDF or CSV behind."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from kiosk.core.errors import UsageError


@contextmanager
def atomic_path(out: Path, suffix: str = ".tmp") -> Iterator[Path]:
    """A temporary path beside `out`; it replaces `out` only if the block finishes."""
    out = Path(out)
    if out.is_dir():
        raise UsageError(f"{out} is a folder: give a file name")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.stem[:20]}-", suffix=suffix)
        os.close(fd)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from exc
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
