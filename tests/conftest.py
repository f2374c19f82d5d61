"""Shared fixtures: real data directories and event stores in temporary folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.attendees.checkin import Desk  # noqa: E402
from kiosk.store.datadir import DataDir  # noqa: E402

DATA = Path(__file__).parent / "data"
DOCS = Path(__file__).resolve().parents[1] / "docs"


def screenshot_dir(tmp_path: Path) -> Path:
    """docs/ when KIOSK_UPDATE_SCREENSHOTS=1 (to refresh the README's pictures), else a temp dir,
    so an ordinary test run leaves the work tree clean."""
    return DOCS if os.environ.get("KIOSK_UPDATE_SCREENSHOTS") == "1" else tmp_path


@pytest.fixture
def data_dir(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "kiosk-data")


@pytest.fixture
def store(data_dir: DataDir):
    store = data_dir.create("test-day", "Test Day", "2026-11-23", "Hall")
    yield store
    store.close()


@pytest.fixture
def desk(store) -> Desk:
    return Desk(store)


def add_attendee(store, code: str, **fields) -> None:
    values = {"first_name": "Ann", "last_name": "Example", "ticket_type": "Member", "status": "valid"}
    values.update(fields)
    values.setdefault("full_name", f"{values['first_name']} {values['last_name']}".strip())
    with store.write():
        store.record("attendee.upsert", {"code": code, "set": values})


def small_grid(store):
    """Three spaces; 10:00–11:00, a coffee break, 11:30–12:30."""
    from kiosk.grid.editor import GridEditor

    editor = GridEditor(store)
    for name in ("Main Hall", "Garden", "Ystafell Gŵyr"):
        editor.add_space(name)
    editor.add_slot("10:00", "11:00")
    editor.add_slot("11:00", "11:30", "Coffee", is_break=True)
    editor.add_slot("11:30", "12:30")
    return editor
