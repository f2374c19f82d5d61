"""`kiosk pin …` and `kiosk --mode kiosk` as real processes: the PIN, refusals, one kiosk only."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from tests.support.cli import ROOT, assert_clean_failure, kiosk, kiosk_json


def test_pin_set_status_clear(tmp_path):
    data = tmp_path / "d"
    assert kiosk_json(data, "pin")["set"] is False
    proc = kiosk(data, "pin", "set", "--stdin", input_text="482913\n")
    assert proc.returncode == 0, proc.stderr
    assert "482913" not in (data / "config.json").read_text()
    status = kiosk_json(data, "pin", "status")
    assert status["set"] is True and status["locked_for_s"] == 0
    assert_clean_failure(kiosk(data, "pin", "set", "--stdin", input_text="12ab\n"), 2)
    assert_clean_failure(kiosk(data, "pin", "set"), 2)  # no terminal to ask on, and no --stdin
    assert kiosk_json(data, "pin", "clear")["cleared"] is True
    assert kiosk_json(data, "pin")["set"] is False


def _gui_env() -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("KIOSK_DATA", None)
    return env


def test_kiosk_mode_needs_a_pin_and_runs_once_per_machine(tmp_path):
    data = tmp_path / "d"
    kiosk_json(data, "event", "create", "day", "--name", "Day")
    refused = kiosk(data, "--mode", "kiosk")
    assert_clean_failure(refused, 2)
    assert "kiosk pin set" in refused.stderr
    assert kiosk(data, "pin", "set", "--stdin", input_text="2468\n").returncode == 0
    first = subprocess.Popen([sys.executable, "-m", "kiosk", "--data", str(data), "--mode", "kiosk"],
                             env=_gui_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lock = data / "kiosk-mode.lock"
        deadline = time.monotonic() + 60
        while not lock.exists() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)
        assert first.poll() is None, first.communicate()  # running, full screen, not escapable
        second = subprocess.run([sys.executable, "-m", "kiosk", "--data", str(data), "--mode", "kiosk"],
                                env=_gui_env(), capture_output=True, text=True, timeout=60)
        assert_clean_failure(second, 2)
        assert "already running" in second.stderr
    finally:
        first.kill()
        first.communicate(timeout=30)
    # The first one was killed, as a crash would: its lock is stale and does not block a restart.
    third = subprocess.Popen([sys.executable, "-m", "kiosk", "--data", str(data), "--mode", "kiosk"],
                             env=_gui_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(3)
        assert third.poll() is None, third.communicate()
    finally:
        third.kill()
        third.communicate(timeout=30)
