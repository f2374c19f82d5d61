"""The PDF-folder printer: every badge becomes a file, so a newcomer sees badges with no hardware.

A badge holds a person's name (the file's name does too): the file is its owner's alone (0600),
and a folder the printer has to create is 0700. It returns the file's path, which the print queue
keeps in the event's list of written files so that erasing the event removes it.
"""

from __future__ import annotations

import re
import shutil
import time
import unicodedata
from pathlib import Path

import kiosk.print.backends.words as words
from kiosk.core.errors import KioskError
from kiosk.core.files import atomic_path
from kiosk.core.private import private_dir
from kiosk.print.backends.base import Backend, Document, PrintError


def safe_name(title: str) -> str:
    """A file name from a badge's title, every letter kept in its own script: \\w alone splits
    Indic names at their vowel signs ("badge-प_र_य_"), which are marks, not letters. Path
    separators, controls and punctuation become "_"; at most 60 characters."""
    kept = "".join(ch if ch.isalnum() or ch in ".-" or unicodedata.category(ch).startswith("M") else "_"
                   for ch in unicodedata.normalize("NFC", title))
    return re.sub(r"_+", "_", kept).strip("._")[:60] or "badge"


class PdfFolderBackend(Backend):
    @property
    def folder(self) -> Path:
        return Path(self.config.uri.split(":", 1)[1]).expanduser()

    def print_document(self, document: Document) -> str:
        safe = safe_name(document.title)
        target = self.folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{safe}.pdf"
        n = 2
        while target.exists():
            target = target.with_name(f"{target.stem.rsplit('~', 1)[0]}~{n}.pdf")
            n += 1
        try:
            # An existing folder is left as it is: one the organisers chose may be shared on purpose.
            private_dir(self.folder, tighten_existing=False)
            with atomic_path(target, ".part") as tmp:  # written 0600, whole or not at all
                shutil.copyfile(document.pdf, tmp)
        except OSError as exc:
            why = words.problem(exc, str(self.folder), words.FOLDER)
            raise PrintError(f"Cannot write to the PDF folder: {why}.") from exc
        except KioskError as exc:
            raise PrintError(f"cannot write to the PDF folder {self.folder}: {exc.message}") from exc
        return str(target)
