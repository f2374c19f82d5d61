"""Every check in the order a person reads them: this laptop, the event, the printers, the rest.

`engine_plan` is what may run on a worker thread (files, sockets, the event's database through
its own connection); `qt_plan` asks Qt and runs where the Qt objects live (the GUI thread in the
desk). `run_checks` runs both, for the command line.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.doctor import checks, printer_checks, qt_checks
from kiosk.doctor.report import Check, CheckFn, Report, collect
from kiosk.event import OpenEvent
from kiosk.print.printers import PrinterRegistry
from kiosk.store.datadir import DataDir


def engine_plan(data: DataDir, event: OpenEvent | None, test_page: str | None = None,
                opened: Check | None = None) -> list[tuple[str, CheckFn]]:
    """The checks of the data folder, the event (opened by the caller, or None: `opened` says
    why), printers, hub."""
    registry = event.printers if event is not None else PrinterRegistry(data)
    plan: list[tuple[str, CheckFn]] = [
        ("Data folder", lambda: checks.data_folder(data)),
        ("Disk speed", lambda: checks.disk_sync(data)),
    ]
    if event is not None:
        plan.append(("Event", lambda: checks.event_check(event)))
    elif opened is not None:
        plan.append(("Event", lambda: opened))
    plan += [
        ("Fonts", lambda: checks.fonts(event)),
        ("Printers", lambda: printer_checks.printers(registry)),
    ]
    if test_page:
        plan.append(("Test badge", lambda: printer_checks.test_page(registry, test_page)))
    plan.append(("Hub", lambda: checks.hub(event)))
    return plan


def qt_plan() -> list[tuple[str, CheckFn]]:
    return [("Window system", qt_checks.window_system), ("Camera", qt_checks.camera), ("Sound", qt_checks.sound)]


def run_checks(data: DataDir, device_name: str | None = None, test_page: str | None = None,
               on_check: Callable[[Check], None] | None = None, qt: bool = True) -> Report:
    """Open the current event (if there is one), run every check, close it. qt=False leaves out
    the Qt checks, for a worker thread (the desk runs `qt_plan` on its GUI thread)."""
    report = Report()

    def add(check: Check) -> None:
        report.checks.append(check)
        if on_check is not None:
            on_check(check)

    try:
        opened, event = checks.open_current(data, device_name)
    except Exception as exc:  # a check never ends the report
        opened, event = Check("Event", "fail", f"The current event cannot be opened ({type(exc).__name__}).",
                              "Tell the organiser."), None
    try:
        collect(engine_plan(data, event, test_page, opened) + (qt_plan() if qt else []), add)
    finally:
        if event is not None:
            event.close()
    return report
