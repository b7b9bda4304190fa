"""Pausing Python's cycle collector through one large batch of work."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Run the block without the cycle collector. A 100,000-row import builds millions of
    long-lived objects and the collector walked them all some twenty times (about 10 s of
    the import, bench/intake) to free next to nothing; reference counting still frees the
    rest, and the few cycles are collected once the block ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
