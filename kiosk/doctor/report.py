"""One check's answer, the whole report, and running them all.

A check never raises: what it could not find out is its answer (a failure, or a warning when the
desk works without it). Warnings never make the report fail: a laptop with no camera or no
speakers still checks people in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

OK, WARN, FAIL = "ok", "warn", "fail"
STATUSES = (OK, WARN, FAIL)

log = logging.getLogger("kiosk.doctor")


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    detail: str
    advice: str = ""  # one line: what to do, in plain words ("" when nothing needs doing)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status {self.status!r}")

    def to_json(self) -> dict:
        return {"name": self.name, "status": self.status, "detail": self.detail, "advice": self.advice}


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(c.status == FAIL for c in self.checks)

    def count(self, status: str) -> int:
        return sum(c.status == status for c in self.checks)

    def to_json(self) -> dict:
        return {"checks": [c.to_json() for c in self.checks], "ok": self.ok}

    def summary(self) -> str:
        fails, warns = self.count(FAIL), self.count(WARN)
        if fails:
            return (f"{fails} problem{'s' if fails != 1 else ''} to fix before the doors open"
                    + (f", and {warns} thing{'s' if warns != 1 else ''} to look at" if warns else "") + ".")
        if warns:
            return f"Ready, with {warns} thing{'s' if warns != 1 else ''} to look at."
        return "This laptop is ready."


CheckFn = Callable[[], "Check | list[Check]"]


def safely(name: str, fn: CheckFn) -> list[Check]:
    """Run one check; an unexpected error is that check's failure, never the end of the report.
    Only the error's kind is kept: its text could carry a path or a name."""
    try:
        result = fn()
    except Exception as exc:  # a check must not stop the others
        log.debug("doctor check %s raised %s", name, type(exc).__name__)
        return [Check(name, FAIL, f"This check could not run ({type(exc).__name__}).",
                      "Run 'kiosk doctor' again; if it says the same, tell the organiser.")]
    return result if isinstance(result, list) else [result]


def collect(plan: Iterable[tuple[str, CheckFn]], on_check: Callable[[Check], None] | None = None) -> list[Check]:
    checks: list[Check] = []
    for name, fn in plan:
        for check in safely(name, fn):
            checks.append(check)
            if on_check is not None:
                on_check(check)
    return checks
