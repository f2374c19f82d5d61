"""Pauses Python's cyclic garbage collector around bulk work that allocates no reference cycles.

Building 100k-row indexes or imports creates millions of tuples and dicts; each full collection
rescans all of them, which made those steps grow quadratically (measured: a 100k search index
took 4.4 s with the collector running, well under 1 s without).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
