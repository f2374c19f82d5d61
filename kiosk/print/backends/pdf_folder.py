"""The PDF-folder printer: every badge becomes a file, so a newcomer sees badges with no hardware."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from kiosk.print.backends.base import Backend, Document, PrintError


class PdfFolderBackend(Backend):
    @property
    def folder(self) -> Path:
        return Path(self.config.uri.split(":", 1)[1]).expanduser()

    def print_document(self, document: Document) -> str:
        safe = re.sub(r"[^\w.-]+", "_", document.title)[:60]
        target = self.folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{safe}.pdf"
        n = 2
        while target.exists():
            target = target.with_name(f"{target.stem.rsplit('~', 1)[0]}~{n}.pdf")
            n += 1
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".part")
            shutil.copyfile(document.pdf, tmp)
            tmp.replace(target)
        except OSError as exc:
            raise PrintError(f"cannot write to the PDF folder {self.folder}: {exc.strerror or exc}") from exc
        return str(target)
