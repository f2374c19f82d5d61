"""Locates shipped resources (fonts, layouts, sounds) in a source checkout, an installed package,
or the standalone bundle."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # kiosk/


def assets_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:  # the standalone bundle (PyInstaller): packaging/event-kiosk.spec puts them here
        return Path(bundle) / "kiosk" / "assets"
    installed = _PACKAGE_DIR / "assets"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "assets"


def font_path(filename: str) -> Path:
    return assets_dir() / "fonts" / filename
