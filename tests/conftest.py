"""Shared fixtures (real data directories and event stores in temporary folders), the run's
markers, and what keeps the suite safe on several xdist workers at once.

Helpers the tests import by name live in tests/support/, never here: a test module imports no
other test module and no conftest.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# TEST-ONLY: event stores opened in this run (and in the `kiosk` processes it starts) skip fsync;
# see kiosk/store/event_store.py connect(). Tests marked `durable` run with fsync on again.
# KIOSK_UNSAFE_NO_FSYNC=0 in the environment runs the whole suite durably.
os.environ.setdefault("KIOSK_UNSAFE_NO_FSYNC", "1")

from kiosk.attendees.checkin import Desk  # noqa: E402
from kiosk.store.datadir import DataDir  # noqa: E402

# Tests that check durability, or kill a process holding an event store and look at what it
# left: fsync stays on for them and for every process they start. Node id prefixes.
DURABLE = (
    "tests/unit/test_store.py::test_database_is_wal_with_full_sync_and_versioned",
    "tests/e2e/test_crash_safety.py::",
    "tests/e2e/test_sync_faults.py::",
    "tests/e2e/test_cli_kiosk.py::test_kiosk_mode_needs_a_pin_and_runs_once_per_machine",
    "tests/e2e/test_sync.py::test_three_kiosks_offline_then_converge_with_the_double_admission_flagged",
    "tests/e2e/test_desk_sync.py::test_desk_pushes_goes_offline_and_catches_up_by_itself",
)

# Tests that took over ~2 s each on a 2-core machine (pytest --durations=0), by node id prefix.
# `pytest -m "not slow"` is the quick run while working; the full run includes them.
SLOW = (
)

# What marks a test as using the CUPS test queue (and its one output folder).
CUPS_MODULES = ("tests/e2e/test_system_printing.py::",)


def _nodeid_matches(nodeid: str, prefixes: tuple[str, ...]) -> bool:
    # Parametrized ids carry "[...]": a prefix without one covers every parameter set.
    return nodeid.startswith(prefixes)


def pytest_collection_modifyitems(config, items):
    for item in items:
        nodeid = item.nodeid
        names = set(getattr(item, "fixturenames", ()))
        if names & {"qtbot", "qapp"}:
            item.add_marker(pytest.mark.gui)
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("hub_db") == "postgres":
            item.add_marker(pytest.mark.postgres)
        if _nodeid_matches(nodeid, CUPS_MODULES):
            item.add_marker(pytest.mark.cups)
            # One CUPS queue and one output folder, found by "what is new there": one worker.
            item.add_marker(pytest.mark.xdist_group("cups"))
        if _nodeid_matches(nodeid, SLOW):
            item.add_marker(pytest.mark.slow)
        if _nodeid_matches(nodeid, DURABLE):
            item.add_marker(pytest.mark.durable)


@pytest.fixture(autouse=True)
def _fsync_for_durable_tests(request, monkeypatch):
    """A `durable` test, its fixtures and the processes it starts open stores with fsync on."""
    if request.node.get_closest_marker("durable"):
        monkeypatch.delenv("KIOSK_UNSAFE_NO_FSYNC", raising=False)
    yield


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
