"""Every operation kind the app writes is declared once, in kiosk/ops/registry.py.

A whole demo day runs through the façade the screens and commands use — an import, check-ins,
an undo, walk-ins, corrections, badges and slips printed, grid work, the event renamed — and every
kind that lands in the log must be a registered one; every registered kind must be written by
something (no kind nobody uses).
"""

from __future__ import annotations

import pytest

from kiosk.event import OpenEvent
from kiosk.ops.base import MalformedOperation, Operation
from kiosk.ops.registry import KINDS, validate


def test_a_demo_day_writes_only_registered_kinds_and_uses_every_one(data_dir, tmp_path):
    from kiosk.demo.event import ensure_demo

    store, _ = ensure_demo(data_dir, attendees=40)  # an import, the grid, morning arrivals
    with OpenEvent(data_dir, store) as event:
        codes = [hit.code for hit in event.search_index.search("a", 10)]
        event.save_settings(auto_print="first")
        event.printers.add("sheets", f"pdf:{tmp_path / 'prints'}")
        event.printers.assign("badges", "sheets")
        event.printers.assign("slips", "sheets")
        arrivals = [event.check_in(code) for code in codes[:4]]
        assert any(a.badge_job for a in arrivals)
        event.undo(codes[0])
        walk_in = event.walk_in(first_name="Aled", last_name="Jones", organisation="Mind Cymru")
        event.edit(walk_in.result.code or "", first_name="Aled Wyn")
        grid = event.grid
        session = grid.propose("Loneliness after discharge", ["Siân"], first_free=True)
        other = grid.propose("Lonely after hospital", ["Eoin"])
        grid.merge(other.id, session.id)
        from kiosk.grid.reports import Action

        grid.report(session.id, participants="12", key_points="Peer calls", actions=[Action("Pilot in Gwent", "Siân")])
        event.print_queue.enqueue_slip(session.id)
        while (job := event.print_queue.run_once()) is not None:
            assert job.state == "done", job.error
        store.update_event_info(name="Cardiff Community Day (moved)")
        written = {op.kind for op in store.operations()}

    assert written <= set(KINDS), written - set(KINDS)
    assert set(KINDS) <= written, f"registered but never written: {set(KINDS) - written}"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_refuses_a_payload_that_does_not_fit(kind):
    with pytest.raises(MalformedOperation):
        validate(Operation("op-1", "device-1", 1 << 40, kind, {}))


def test_an_unknown_kind_is_refused_in_words():
    with pytest.raises(MalformedOperation, match="unknown operation kind 'attendee.delete'"):
        validate(Operation("op-1", "device-1", 1 << 40, "attendee.delete", {"code": "X"}))


def test_print_jobs_belong_to_their_device_and_nothing_else_does():
    assert {name for name, kind in KINDS.items() if kind.scope == "device"} == {"print.queued"}
