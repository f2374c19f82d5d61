"""Writes a file whole or not at all: a crash or a cancel never leaves half a PDF, CSV or config.

The one way the app writes a file it must not lose half of: a temporary file beside the target,
flushed to disk, then renamed over it (a rename within one folder is atomic).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.core.errors import UsageError
from kiosk.core.private import private_dir


@contextmanager
def atomic_path(out: Path, suffix: str = ".tmp") -> Iterator[Path]:
    """A temporary path beside `out`; it replaces `out` only if the block finishes."""
    out = Path(out)
    if out.is_dir():
        raise UsageError(f"{out} is a folder: give a file name")
    try:
        private_dir(out.parent, tighten_existing=False)
        # mkstemp makes the file 0600, so what takes the name is its owner's alone.
        fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.stem[:20]}-", suffix=suffix)
        os.close(fd)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from exc
    tmp = Path(name)
    try:
        yield tmp
        with tmp.open("rb") as written:
            os.fsync(written.fileno())  # on disk before it takes the name: a power cut keeps one whole copy
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(out: Path, content: str | bytes, encoding: str = "utf-8") -> None:
    with atomic_path(out, Path(out).suffix or ".tmp") as tmp:
        if isinstance(content, bytes):
            tmp.write_bytes(content)
        else:
            with tmp.open("w", encoding=encoding, newline="") as fh:
                fh.write(content)


def write_json_atomic(out: Path, data: object) -> None:
    write_atomic(out, json.dumps(data, indent=2, ensure_ascii=False))
