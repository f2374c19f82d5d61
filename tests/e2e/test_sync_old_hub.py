"""A hub still on the app from before the column form of `attendee.import` (the last commit
before it, run from its own source): a desk on this version pushes its import in the row form
that hub reads, and another desk pulls every attendee from it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tarfile

import pytest

from tests.support.cli import ROOT, kiosk_json
from tests.support.hub import Hub, hub_ops, snapshot, token_of

BEFORE_COLUMN_FORM = "da70e68"  # the commit before the column form


@pytest.fixture(scope="module")
def old_app(tmp_path_factory):
    """The app's source as it was before the column form, from this repository's history."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", BEFORE_COLUMN_FORM, "kiosk"],
                             capture_output=True)
    if archive.returncode != 0:
        pytest.skip(f"needs the git history (commit {BEFORE_COLUMN_FORM}): {archive.stderr.decode()[:200]}")
    root = tmp_path_factory.mktemp("app-before-column-form")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(root, filter="data")
    return root


def _old_kiosk_json(root, data, *args) -> dict:
    proc = subprocess.run([sys.executable, "-m", "kiosk", "--data", str(data), *args, "--json"],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(root)}, timeout=120,
                          cwd=root)  # `-m` puts the working folder first on the path
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_an_import_reaches_a_hub_on_the_older_app_in_the_row_form(old_app, tmp_path):
    hub = Hub(tmp_path / "hub-data", root=old_app)
    hub.start()
    probe = subprocess.run([sys.executable, "-c", "import kiosk.ops.import_columns"], cwd=old_app,
                           env={**os.environ, "PYTHONPATH": str(old_app)}, capture_output=True)
    assert probe.returncode != 0  # the hub's app really is the one before the column form
    try:
        desks = []
        for n in (1, 2):
            code = _old_kiosk_json(old_app, hub.data, "hub", "pair", "--event", "day", "--device", f"Desk {n}",
                                   "--url", hub.url)["code"]
            kiosk_json(tmp_path / f"k{n}", "sync", "pair", hub.url, code)
            desks.append(tmp_path / f"k{n}")
        export = tmp_path / "export.csv"
        with export.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["Barcode #", "First Name", "Last Name", "Email", "Order Date"])
            writer.writerows([f"Q{n:05d}", "Siân", f"Evans{n}", f"p{n}@example.org", "2026-10-01"] for n in range(1500))
        assert kiosk_json(desks[0], "import", str(export))["created"] == 1500
        pushed = kiosk_json(desks[0], "sync", "--once")
        assert pushed["pending"] == 0 and pushed["pushed"] >= 2
        chunks = [op["payload"] for op in hub_ops(hub, token_of(desks[0])) if op["kind"] == "attendee.import"]
        assert len(chunks) == 2 and all("columns" not in c and len(c["rows"]) > 400 for c in chunks)
        kiosk_json(desks[1], "sync", "--once")
        assert snapshot(desks[0]) == snapshot(desks[1])
        assert kiosk_json(desks[1], "show", "Q00042")["attendee"]["extra"] == {"Order Date": "2026-10-01"}
    finally:
        hub.kill()
