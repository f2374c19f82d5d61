"""Where the tests' files are: the repository, its sample imports, and the README's pictures."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
DOCS = ROOT / "docs"


def screenshot_dir(tmp_path: Path) -> Path:
    """docs/ when KIOSK_UPDATE_SCREENSHOTS=1 (to refresh the README's pictures), else a temp dir,
    so an ordinary test run leaves the work tree clean."""
    return DOCS if os.environ.get("KIOSK_UPDATE_SCREENSHOTS") == "1" else tmp_path
