"""Locates shipped resources (fonts, layouts, sounds) in a source checkout or an installed package."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # kiosk/


def assets_dir() -> Path:
    installed = _PACKAGE_DIR / "assets"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "assets"


def font_path(filename: str) -> Path:
    return assets_dir() / "fonts" / filename
