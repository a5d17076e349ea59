"""Keep the cyclic garbage collector off the start-up heap of a long-running service.

Each service (gateway, action server, Rasa) loads large, permanent structures at start-up: the
triage index (~260,000 objects), the answer index, a TensorFlow model. Python's full collection
walks every tracked object, so one full collection of the gateway's heap pauses it ~150 ms on
this machine, and it comes back whenever enough new objects survive. ``freeze_startup_heap``,
called once the service is loaded, collects what start-up left behind and moves everything alive
into the permanent generation (``gc.freeze``), which collections skip. Objects created later are
collected as before; frozen objects freed by reference counting are still freed.
"""

from __future__ import annotations

import gc
import logging
import os
import time

__all__ = ["freeze_startup_heap", "freeze_wanted"]

log = logging.getLogger(__name__)


def freeze_wanted() -> bool:
    """``PRECONSULT_FREEZE_HEAP=false`` (or 0/no/off) turns freezing off, e.g. to measure it."""
    return os.environ.get("PRECONSULT_FREEZE_HEAP", "").strip().lower() not in (
        "0",
        "false",
        "no",
        "off",
    )


def freeze_startup_heap() -> int:
    """Collect, then freeze everything alive. Returns the number of objects frozen."""
    started = time.perf_counter()
    gc.collect()
    gc.freeze()
    frozen = gc.get_freeze_count()
    log.info(
        "start-up heap frozen: %d objects out of the collector's reach (%.0f ms)",
        frozen,
        (time.perf_counter() - started) * 1000,
    )
    return frozen
