"""The `kiosk` command run as other tools run it: a real process, JSON out, the exit-code contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.paths import ROOT

__all__ = ["ROOT", "assert_clean_failure", "kiosk", "kiosk_json"]


def kiosk(data: Path, *args: str, input_text: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("KIOSK_DATA", None)
    return subprocess.run([sys.executable, "-m", "kiosk", "--data", str(data), *args],
                          capture_output=True, text=True, env=env, input=input_text, timeout=120)


def kiosk_json(data: Path, *args: str, expect: int = 0) -> dict:
    proc = kiosk(data, *args, "--json")
    assert proc.returncode == expect, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1, proc.stdout  # exactly one JSON object
    return json.loads(lines[0])


def assert_clean_failure(proc: subprocess.CompletedProcess, code: int) -> None:
    assert proc.returncode == code, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
