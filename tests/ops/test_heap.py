"""A serving process exempts its start-up objects from the garbage collector's full walks."""

from __future__ import annotations

import gc
import sys

from gepmonitor.web.heap import PRELOAD, settle_heap


def test_settle_heap_freezes_what_lives_as_long_as_the_process():
    before = gc.get_freeze_count()
    held = [[index] for index in range(1000)]  # containers alive now: they must be frozen
    try:
        frozen = settle_heap()
        assert frozen == gc.get_freeze_count() >= before + len(held)
        assert all(name in sys.modules for name in PRELOAD)
        walked = {id(item) for item in gc.get_objects()}  # what a full collection walks
        assert not any(id(item) in walked for item in held)
    finally:
        gc.unfreeze()  # the test process goes on collecting as before
    assert gc.get_freeze_count() == 0
