"""The last-writer-wins register: the one rule every replicated field follows.

A register keeps its value and the stamp ("clock/op-id", fixed width so text order is clock order)
of the write that set it. A write wins when its stamp is newer, whatever order writes arrive in and
however often one repeats, so every replica ends with the same value. Event details, attendee
fields and grid items all merge through `merge`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def wins(stamps: dict[str, str], key: str, stamp: str) -> bool:
    """Take register `key` for `stamp` if it is newer than the one holding it."""
    if stamp > stamps.get(key, ""):
        stamps[key] = stamp
        return True
    return False


def merge(values: dict, stamps: dict[str, str], updates: Mapping[str, object], stamp: str,
          also: Iterable[str] = ()) -> bool:
    """Apply one write's `updates` to `values`; `also` names registers that hold only a stamp.

    Returns whether anything changed.
    """
    changed = False
    for key, value in updates.items():
        if wins(stamps, key, stamp):
            values[key] = value
            changed = True
    for key in also:
        changed = wins(stamps, key, stamp) or changed
    return changed
