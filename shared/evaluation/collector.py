"""Pausing the garbage collector while a large request or result document is built.

CPython's cyclic collector runs a full collection whenever the objects that survived earlier collections have
grown by a quarter, and each full collection walks every object the process holds. Reading a request of
100,000 bids builds about a million small objects in one go (dicts and lists from the JSON, then the models),
so the collector would walk the growing heap a dozen times over: more time than the reading itself. None of
those objects form reference cycles, so there is nothing for the collector to find while they are built; they
are walked once after, when it runs again.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the garbage collector off, then leave it as it was (a caller may have turned it off)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
