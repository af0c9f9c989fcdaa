"""Pausing the cyclic garbage collector while the engine builds many small objects.

Building 100,000 explained pairs (700,000 small objects) next to 200,000 `Person` objects
triggers repeated full collections that each walk every live object: measured 11.9 s with the
collector on against 2.7 s with it paused. Nothing the engine builds forms reference cycles,
so pausing frees nothing late; reference counting still frees everything as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
