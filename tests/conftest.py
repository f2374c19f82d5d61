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
# left: fsync stays on for them and for every process they start.
DURABLE = (
    "tests/unit/test_store.py::test_database_is_wal_with_full_sync_and_versioned",
    "tests/e2e/test_crash_safety.py::",
    "tests/e2e/test_sync_faults.py::",
    "tests/e2e/test_cli_kiosk.py::test_kiosk_mode_needs_a_pin_and_runs_once_per_machine",
    "tests/e2e/test_sync.py::test_three_kiosks_offline_then_converge_with_the_double_admission_flagged",
    "tests/e2e/test_desk_sync.py::test_desk_pushes_goes_offline_and_catches_up_by_itself",
)

# Tests that took over ~2 s (any parameter set) in a serial run on a 2-core machine (pytest
# --durations=0), and modules where every test starts hub processes. `pytest -m "not slow"` is
# the quick run while working; the full run includes them. Re-measure when adding a slow test.
SLOW = (
    "tests/e2e/test_camera.py::test_every_ticket_scene_is_scanned",
    "tests/e2e/test_camera.py::test_three_seconds_of_frames_are_one_check_in_at_a_real_desk",
    "tests/e2e/test_cli.py::test_commands_without_event_and_bad_usage",
    "tests/e2e/test_cli.py::test_demo_creates_once_with_tickets_pdf",
    "tests/e2e/test_cli.py::test_event_lifecycle",
    "tests/e2e/test_cli.py::test_export_and_purge_leave_no_file_behind",
    "tests/e2e/test_cli.py::test_import_dry_run_and_row_errors",
    "tests/e2e/test_cli.py::test_import_into_empty_data_dir_then_checkin_flow",
    "tests/e2e/test_cli.py::test_unreadable_imports_exit_2_without_traceback",
    "tests/e2e/test_cli_grid.py::test_grid_bad_input_is_a_clear_error",
    "tests/e2e/test_cli_grid.py::test_marketplace_through_the_cli",
    "tests/e2e/test_cli_kiosk.py::test_kiosk_mode_needs_a_pin_and_runs_once_per_machine",
    "tests/e2e/test_cli_printing.py::test_network_printer_down_then_up",
    "tests/e2e/test_desk_sync.py::",
    "tests/e2e/test_desk_window.py::test_screenshots_of_main_states",
    "tests/e2e/test_hub_limits.py::test_wrong_pairing_codes_slow_every_later_attempt_from_that_address",
    "tests/e2e/test_hub_workers.py::",
    "tests/e2e/test_kiosk_accessibility.py::test_every_screen_is_accessible",
    "tests/e2e/test_kiosk_accessibility.py::test_the_welcome_with_a_camera_is_accessible",
    "tests/e2e/test_kiosk_mode.py::test_idle_timeout_clears_everything_and_returns_to_the_welcome",
    "tests/e2e/test_kiosk_mode.py::test_the_same_ticket_again_is_the_same_welcome_not_a_problem_nor_a_reprint",
    "tests/e2e/test_sync.py::",
    "tests/e2e/test_sync_faults.py::",
    "tests/e2e/test_sync_keepalive.py::",
    "tests/e2e/test_sync_property.py::",
    "tests/e2e/test_sync_tls.py::",
    "tests/e2e/test_system_printing.py::test_badge_arrives_at_exact_size_with_the_name_on_it",
    "tests/unit/test_grid.py::test_many_merges_keep_the_note_within_what_every_replica_accepts",
    "tests/unit/test_import.py::test_fifty_megabyte_files",
    "tests/unit/test_import.py::test_huge_cells_are_cut_and_big_rows_make_smaller_operations",
    "tests/unit/test_qrdecode.py::test_every_scene_decodes",
    "tests/unit/test_qrdecode.py::test_hard_scenes_decode_with_other_noise",
    "tests/unit/test_staff_pin.py::test_lockout_after_five_failures_doubles_and_survives_a_restart",
    "tests/unit/test_store.py::test_any_order_and_duplicates_give_identical_state",
)

# What marks a test as using the CUPS test queue (and its one output folder).
CUPS_MODULES = ("tests/e2e/test_system_printing.py::",)


def _nodeid_matches(nodeid: str, names: tuple[str, ...]) -> bool:
    """`names` holds whole modules ("path.py::") and test functions ("path.py::test_x", which
    covers all of its parameter sets, and no other test whose name merely starts the same)."""
    function = nodeid.split("[", 1)[0]
    return any(function == name or (name.endswith("::") and nodeid.startswith(name)) for name in names)


# tryfirst: xdist's worker reads xdist_group in this same hook; a conftest's would run after it.
@pytest.hookimpl(tryfirst=True)
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
            # One CUPS queue and one output folder, where each test finds its page as "what is
            # new there": one such test at a time. The group keeps them on one worker where
            # --dist loadgroup works (pytest-xdist 3.8 ignores it on pytest 9.2: xdist#1386);
            # the lock below is what holds everywhere, across test runs on one machine too.
            item.add_marker(pytest.mark.xdist_group("cups"))
        if _nodeid_matches(nodeid, SLOW):
            item.add_marker(pytest.mark.slow)
        if _nodeid_matches(nodeid, DURABLE):
            item.add_marker(pytest.mark.durable)


_QT_APP = []


def pytest_sessionstart(session):
    # One QApplication for the whole run, as the app has: printing alone would start only a
    # QGuiApplication (the command line needs no widgets), and a window in the same process after
    # that would have none to live in.
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        _QT_APP.append(QApplication([]))
    # As the app does (kiosk/ui/gc_guard.py): the cyclic collector never runs on a worker thread,
    # where it could destroy a leftover window; each test's garbage is collected after it, here.
    import gc

    gc.disable()


_TESTS_RUN = [0]


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_main_thread():
    yield
    import gc

    _TESTS_RUN[0] += 1
    gc.collect(2 if _TESTS_RUN[0] % 25 == 0 else 1)  # a full pass now and then: it costs the most


@pytest.fixture(autouse=True)
def _fsync_for_durable_tests(request, monkeypatch):
    """A `durable` test, its fixtures and the processes it starts open stores with fsync on."""
    if request.node.get_closest_marker("durable"):
        monkeypatch.delenv("KIOSK_UNSAFE_NO_FSYNC", raising=False)
    yield


@pytest.fixture(autouse=True)
def _one_cups_test_at_a_time(request):
    if not request.node.get_closest_marker("cups"):
        yield
        return
    import fcntl
    import tempfile

    with open(Path(tempfile.gettempdir()) / "kiosk-test-cups.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


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
