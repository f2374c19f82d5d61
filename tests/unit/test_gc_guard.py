"""Cyclic garbage is collected on the GUI thread, by the collector's own thresholds."""

from __future__ import annotations

import gc
import threading
import weakref

from kiosk.ui.gc_guard import GuiThreadCollector


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


def test_the_collector_runs_on_the_gui_thread_only(qtbot):
    collected_on: list[str] = []
    gc.callbacks.append(lambda phase, info: phase == "stop" and collected_on.append(threading.current_thread().name))
    was_enabled = gc.isenabled()
    gc.enable()  # as in a fresh app (the test session keeps it off): the guard must turn it off
    try:
        guard = GuiThreadCollector(interval_ms=10)
        assert not gc.isenabled()
        node = Node()
        gone = weakref.ref(node)
        del node

        kept: list = []

        def allocate_in_a_worker() -> None:  # what a print or sync worker does all day
            kept.extend([] for _ in range(5 * gc.get_threshold()[0]))

        worker = threading.Thread(target=allocate_in_a_worker, name="worker")
        worker.start()
        worker.join()
        assert "worker" not in collected_on and gone() is not None  # nothing collected there
        qtbot.waitUntil(lambda: gone() is None, timeout=2000)  # the GUI thread's timer did it
        assert set(collected_on) == {threading.main_thread().name}
        guard.timer.stop()
    finally:
        gc.callbacks.pop()
        if not was_enabled:
            gc.disable()
