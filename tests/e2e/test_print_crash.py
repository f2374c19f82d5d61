"""A crash mid-print: the `kiosk print badge` process is killed while a slow network printer is
still taking the badge. When the queue starts again the badge is not printed blind: it waits
until staff say print again (`kiosk print badge CODE --again`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from kiosk.event import OpenEvent
from kiosk.print.queue import INTERRUPTED
from kiosk.store.datadir import DataDir

from tests.support.cli import ROOT, kiosk_json
from tests.support.paths import DATA
from tests.support.printer_fakes import TcpPrinter

CODE = "ti_p5kR8sQ2uVx"
pytestmark = [pytest.mark.slow, pytest.mark.durable]


def test_a_job_killed_mid_print_is_held_until_staff_print_it_again(tmp_path):
    data = tmp_path / "d"
    kiosk_json(data, "import", str(DATA / "tito-2025.csv"))
    printer = TcpPrinter(pause=0.05)  # about 20 KB a second: a badge takes a couple of seconds
    try:
        kiosk_json(data, "printers", "add", "thermal", printer.uri, "--profile", "TM-T20II")
        kiosk_json(data, "printers", "use", "badges", "thermal")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("KIOSK_DATA", None)
        proc = subprocess.Popen([sys.executable, "-m", "kiosk", "--data", str(data), "print", "badge", CODE],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while printer.received < 4096 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.01)
        assert proc.poll() is None and printer.received >= 4096, "the job never started printing"
        proc.send_signal(signal.SIGKILL)  # mid-job: the printer has part of the badge
        proc.wait(10)
        time.sleep(0.5)
        printer.pause = 0.0
        first_connection = printer.connections
        jobs = kiosk_json(data, "print", "queue")["jobs"]
        assert [j["state"] for j in jobs] == ["printing"]

        # The desk starts again: its print worker recovers the queue and drains it.
        with OpenEvent.current(DataDir(data)) as event:
            queue = event.print_queue
            assert queue.recover() == 1
            assert queue.run_once() is None  # nothing is printed blind
            held = queue.jobs()[0]
            assert held.state == "failed" and held.held and held.error == INTERRUPTED
            assert queue.previous_prints(CODE)[-1].uncertain
        assert printer.connections == first_connection

        # The kiosk (or a desk printing without --again) is refused and told it may have printed.
        refused = kiosk_json(data, "print", "badge", CODE, expect=1)
        assert refused["status"] == "already_printed" and refused["previous"][-1]["uncertain"]
        assert printer.connections == first_connection

        # Staff confirm: the same job prints once, and is recorded as printed.
        done = kiosk_json(data, "print", "badge", CODE, "--again")
        assert done["status"] == "done" and done["job"]["id"] == held.id
        assert printer.connections == first_connection + 1
        jobs = kiosk_json(data, "print", "queue")["jobs"]
        assert [j["state"] for j in jobs] == ["done"]
    finally:
        printer.close()
