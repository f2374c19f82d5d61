"""Every setting is declared once, with its type, default and description."""

from __future__ import annotations

import json

import pytest

from kiosk.core.errors import UsageError
from kiosk.store.settings import Settings


def test_defaults_when_nothing_is_saved(data_dir):
    settings = Settings.load(data_dir)
    assert settings == Settings()
    assert settings.auto_print == "never" and settings.max_gap_ms == 40 and settings.camera is None


def test_a_hand_edited_wrong_value_reads_as_its_default(data_dir):
    data_dir.root.mkdir(parents=True, exist_ok=True)
    (data_dir.root / "config.json").write_text(json.dumps({"settings": {
        "max_gap_ms": "fast", "min_length": 0, "auto_print": "sometimes", "muted": 1,
        "camera": 7, "camera_mirror": True, "kiosk_idle_s": 90, "from_a_newer_app": "kept"}}))
    settings = Settings.load(data_dir)
    assert (settings.max_gap_ms, settings.min_length, settings.auto_print, settings.muted) == (40, 4, "never", False)
    assert settings.camera is None and settings.camera_mirror is True and settings.kiosk_idle_s == 90


def test_saving_checks_each_value_and_keeps_what_it_does_not_know(data_dir):
    data_dir.save_section("settings", {"from_a_newer_app": "kept"})
    assert Settings.update(data_dir, auto_print="first", camera="usb-1").auto_print == "first"
    assert data_dir.section("settings")["from_a_newer_app"] == "kept"
    with pytest.raises(UsageError, match="auto_print"):
        Settings.update(data_dir, auto_print="sometimes")
    with pytest.raises(UsageError, match="no setting"):
        Settings.update(data_dir, colour="blue")
    assert Settings.load(data_dir).camera == "usb-1"


def test_every_setting_says_what_it_is_for():
    described = Settings.describe()
    assert len(described) >= 12
    assert all(entry["description"] and entry["type"] for entry in described)
