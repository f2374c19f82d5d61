"""The planner's fast lane: a block of clean, new rows planned a column at a time.

Most rows of a ticket export need nothing done to them: no stray spaces or control characters,
a code, a name, a status word the planner knows, an email with an @, and (on a first import) no
attendee yet. For a block of such rows, what the row-by-row planner (plan._plan_row) would plan is
known without a Python step per cell: each row as it is, its full name joined from its first and
last names. `plan_block` checks the whole block with a few scans of its text, and plans it in the
column form (planned.Shape) only when every row passes; otherwise it changes nothing and the block
goes row by row, with the row-by-row planner's words for each problem. The result is the same
either way (tests/unit/test_import_fast_lane.py compares the two).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Protocol

from kiosk.core.codes import MAX_CODE_LENGTH
from kiosk.core.model import MAX_FIELD_LENGTH
from kiosk.importer.planned import Shape

if TYPE_CHECKING:
    from kiosk.importer.existing import Existing
    from kiosk.importer.planned import PlannedRows
    from kiosk.importer.run import RowDigests


class PlanToFill(Protocol):
    """What the fast lane adds to (plan.ImportPlan; not imported: plan.py imports this module)."""

    creates: PlannedRows
    rows: int


class Layout(Protocol):
    """Where a file's fields are (plan._Layout)."""

    code: int | None
    secret: str | None
    width: int
    status: int | None
    flags: list[int]
    fields: list[tuple[str, int]]
    extra: list[tuple[int, str]]

    def status_of(self, text: str) -> str | None: ...
    def void(self, text: str) -> bool: ...


BLOCK_ROWS = 1000  # rows checked, and planned, together
SAME = (("source", "import"),)  # what every imported row says of itself, as the row form does
SEP = "\uffff"  # a noncharacter: joins a row's cells (and a block's rows) for one check of them all
# What clean_text would change in a cell: control characters, any whitespace str.split() knows
# but a plain space, unreadable bytes (one character class: one fast scan of the row)...
ODD_CHARACTERS = re.compile(
    "[\x00-\x1f\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ud800-\udfff\ufffd]")


def is_clean(joined: str) -> bool:
    """Whether cells joined with SEP need nothing done to them (clean_text would change nothing):
    no odd character, and no space before, after or next to another."""
    return (ODD_CHARACTERS.search(joined) is None and "  " not in joined and " \uffff" not in joined
            and "\uffff " not in joined and joined[:1] != " " and joined[-1:] != " ")


def plan_block(plan: PlanToFill, layout: Layout, existing: Existing, first_seen: dict[str, int],
               digests: RowDigests, unchanged: dict[int, str], block: list[list[str]],
               first_row: int) -> bool:
    """Plan `block` (data rows from the file's row `first_row` on) in the column form; False,
    having planned nothing, when any row needs the row-by-row planner."""
    code_at = layout.code
    if code_at is None or layout.secret is not None or min(map(len, block)) < layout.width:
        return False
    joined = list(map(SEP.join, block))
    if max(map(len, joined)) > MAX_FIELD_LENGTH:
        return False  # the row-by-row planner checks such a row's cells one by one
    text = SEP.join(joined)
    if not is_clean(text):  # every row at once: rows are joined like cells
        return False
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        return False
    headings = [header for _, header in layout.extra]
    if len(set(headings)) != len(headings):
        return False  # one heading twice: the row form keeps a row's last answer; no column form can
    codes = [row[code_at] for row in block]
    if (not all(codes) or max(map(len, codes)) > MAX_CODE_LENGTH or "://" in SEP.join(codes)
            or len(set(codes)) != len(codes) or not first_seen.keys().isdisjoint(codes)):
        return False
    row_digests = digests.digest_many(joined)
    if unchanged and not unchanged.keys().isdisjoint(row_digests):
        return False  # rows an earlier import wrote: the row-by-row planner knows them unchanged
    fields = dict((name, i) for name, i in layout.fields)

    def column(name: str) -> Sequence[str]:
        return [row[fields[name]] for row in block] if name in fields else [""] * len(block)

    derived: list[Sequence[str]] = []
    names = [name for name, _ in layout.fields]
    firsts, lasts = column("first_name"), column("last_name")
    if "full_name" in fields:
        if not all(column("full_name")) or not all(map(bool, map(str.__add__, firsts, lasts))):
            return False  # a lone full name is split, a row with no name warned about: one by one
    else:
        fulls = [f"{a} {b}" if a and b else a or b for a, b in zip(firsts, lasts, strict=True)]
        if not all(fulls):
            return False
        derived.append(fulls)
        names.append("full_name")
    statuses = _statuses(layout, block)
    if statuses is False:
        return False
    if isinstance(statuses, list):
        derived.append(statuses)
        names.append("status")
    if "email" in fields and any(e and "@" not in e for e in column("email")):
        return False
    if existing.any_stored(codes):
        return False  # updates: compared field by field, one by one
    shape = Shape(("code", *names), tuple(header for _, header in layout.extra), SAME)
    field_cells = _cells([i for _, i in layout.fields])
    extra_cells = _cells([i for i, _ in layout.extra])
    more = list(zip(*derived, strict=True)) if derived else [()] * len(block)
    plan.creates.add_columns(shape, [
        (code, *field_cells(row), *extra, *extra_cells(row), digest)
        for code, row, extra, digest in zip(codes, block, more, row_digests, strict=True)])
    plan.rows += len(block)
    first_seen.update(zip(codes, range(first_row, first_row + len(block)), strict=True))
    return True


def _statuses(layout: Layout, block: list[list[str]]) -> list[str] | None | bool:
    """Each row's status as the row-by-row planner sets it; None when the file says none; False
    when a row has a status word the planner warns about."""
    statuses: list[str] | None = None
    if layout.status is not None:
        said = [row[layout.status] for row in block]
        meaning = {text: layout.status_of(text) for text in set(said)}  # a few words, many rows
        found = list(map(meaning.__getitem__, said))
        if None in found:
            return False
        statuses = [status or "valid" for status in found]  # none is None
    if layout.flags:
        # The file says for every row whether the ticket is void, so a cleared flag un-voids it.
        void = [any(layout.void(row[i]) for i in layout.flags) for row in block]
        statuses = ["void" if flagged else said
                    for flagged, said in zip(void, statuses or ["valid"] * len(block), strict=True)]
    return statuses


def _cells(indices: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """The cells at these indices of a row, as a tuple (itemgetter gives a lone cell bare)."""
    if not indices:
        return lambda row: ()
    if len(indices) == 1:
        only = indices[0]
        return lambda row: (row[only],)
    return itemgetter(*indices)
