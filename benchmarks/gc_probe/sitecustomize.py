"""Log every full (generation 2) garbage collection of every Python process started with this
folder on PYTHONPATH: one line per collection, "<unix time> <milliseconds> <command>", in
$GC_PROBE_DIR/gc.<pid> (default /tmp). Compare the times with the benchmark's start and end.

    GC_PROBE_DIR=/tmp/gc PYTHONPATH=benchmarks/gc_probe \\
        .venv/bin/python benchmarks/turn_latency.py --turns 800 --concurrency 1
    # and again with PRECONSULT_FREEZE_HEAP=false to see the collections freezing avoids
"""

import gc
import os
import sys
import time

_started: dict[str, float] = {}
_out = os.path.join(os.environ.get("GC_PROBE_DIR", "/tmp"), f"gc.{os.getpid()}")


def _probe(phase: str, info: dict) -> None:
    if info.get("generation") != 2:
        return
    if phase == "start":
        _started["t"] = time.perf_counter()
        return
    took = (time.perf_counter() - _started.get("t", time.perf_counter())) * 1000
    with open(_out, "a") as f:
        f.write(f"{time.time():.1f} {took:.1f} {' '.join(sys.argv[:3])[-60:]}\n")


gc.callbacks.append(_probe)
