"""One desk cannot mark another desk's print job as printed.

A `print.done` for a job queued on Desk 2, pushed by Desk 1 under its own device id, would stop
Desk 2 printing the badge and make every desk's reprint guard say it was printed. It now counts
only when the device that queued the job says it, in whatever order the operations arrive.
"""

from __future__ import annotations

import itertools
import uuid

from kiosk.core.hlc import COUNTER_BITS, wall_ms
from kiosk.ops.base import Operation
from kiosk.print.printers import PrinterRegistry
from kiosk.print.queue import PrintQueue
from kiosk.store.datadir import DataDir

from tests.support.event_data import add_attendee


def _op(device: str, kind: str, payload: dict, n: int) -> Operation:
    return Operation(str(uuid.uuid4()), device, (wall_ms() << COUNTER_BITS) + n, kind, payload)


def test_a_forged_print_done_changes_nothing_in_any_order(tmp_path):
    job = str(uuid.uuid4())
    queued = _op("desk-2", "print.queued", {"job": job, "kind": "badge", "code": "T-1", "printer": "pdf",
                                            "device_name": "Desk 2"}, 1)
    forged = _op("desk-1", "print.done", {"job": job, "code": "T-1", "at_ms": wall_ms(), "device": "Desk 2"}, 2)
    genuine = _op("desk-2", "print.done", {"job": job, "code": "T-1", "at_ms": wall_ms(), "device": "Desk 2"}, 3)
    snapshots, printed = [], []
    for n, order in enumerate(itertools.permutations([queued, forged])):
        data = DataDir(tmp_path / f"forged-{n}")
        with data.create("day", "Day", record_info=False) as store:
            store.device_id = "desk-2"  # the desk the job was queued on
            add_attendee(store, "T-1")
            store.ingest(list(order))
            queue = PrintQueue(store, PrinterRegistry(data))
            assert queue.job(job).state == "queued"  # still waiting to print on Desk 2
            assert queue.previous_prints("T-1") == []  # no desk is told it was printed
    for n, order in enumerate(itertools.permutations([queued, forged, genuine])):
        data = DataDir(tmp_path / f"all-{n}")
        with data.create("day", "Day", record_info=False) as store:
            store.device_id = "desk-2"
            store.ingest(list(order))
            queue = PrintQueue(store, PrinterRegistry(data))
            printed.append((queue.job(job).state, [p.device for p in queue.previous_prints("T-1")]))
            snapshot = store.snapshot()
            snapshot.pop("attendees")
            snapshots.append(snapshot)
    assert set(map(str, printed)) == {str(("done", ["Desk 2"]))}
    assert all(s == snapshots[0] for s in snapshots)  # every arrival order, the same state
