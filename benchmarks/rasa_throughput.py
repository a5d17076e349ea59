"""Throughput ceiling of one Rasa process, and of two behind client-side round robin.

    .venv/bin/python benchmarks/rasa_throughput.py --seconds 20 --concurrency 1,4,16

Starts one action server and two Rasa processes (same model, shared SQLite tracker store is not
safe across processes, so each Rasa gets its own tracker file) and drives /webhooks/rest/webhook
with whole scripted conversations (a new sender per conversation), closed-loop. Prints requests/s
and p50/p95 per level for 1 and 2 processes, and the CPU time Rasa (all Rasa processes) and the
action server spent per request: on a shared machine latency moves with everyone else's load, the
CPU a turn costs much less.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from preconsult.cli.launcher import Process, Stack, free_port, write_endpoints

sys.path.insert(0, str(Path(__file__).resolve().parent))
from turn_latency import INTERVIEWS, timed_rasa_turn  # noqa: E402


def cpu_seconds(group: int) -> float:
    """User+system CPU of every live process in process group ``group`` (Linux /proc)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[2]) == group:  # fields[0] is the state; pgrp, utime and stime follow
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


async def drive(
    urls: list[str], concurrency: int, seconds: float, scripts: list[list[str]]
) -> dict[str, float]:
    latencies: list[float] = []
    stop_at = time.perf_counter() + seconds
    cycle = itertools.cycle(urls)

    async def worker(client: httpx.AsyncClient, index: int) -> None:
        url = next(cycle)  # a conversation sticks to one instance, as with a tracker lock
        rotated = scripts[index % len(scripts) :] + scripts[: index % len(scripts)]
        for script in itertools.cycle(rotated):
            sender = "tp-" + uuid.uuid4().hex[:10]  # a new conversation per script
            for text in script:
                if time.perf_counter() >= stop_at:
                    return
                latencies.append(await timed_rasa_turn(client, url, sender, text))

    async with httpx.AsyncClient(timeout=60) as client:
        began = time.perf_counter()
        await asyncio.gather(*(worker(client, i) for i in range(concurrency)))
        elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(ordered),
        "p95": ordered[int(0.95 * (len(ordered) - 1))],
        "n": len(latencies),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", default="1,4,16")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="bench-rasa-"))
    stack = Stack.on_free_ports(data_dir)
    second_endpoints = write_endpoints(
        data_dir / "endpoints-2.yml",
        action_url=f"http://127.0.0.1:{stack.action_port}/webhook",
        tracker_sqlite=data_dir / "rasa_tracker_2.db",
    )
    port2 = free_port()
    rasa2 = Process(
        "rasa-2",
        [
            a if a != str(data_dir / "endpoints.yml") else str(second_endpoints)
            for a in stack.rasa.args
        ],
        f"http://127.0.0.1:{port2}/status",
        cwd=stack.rasa.cwd,
        env=stack.rasa.env,
        log_path=data_dir / "logs" / "rasa-2.log",
    )
    rasa2.args[rasa2.args.index("--port") + 1] = str(port2)
    # whole conversations (the interviews of turn_latency.py, plus a health question), each
    # under a new sender: Rasa's per-turn cost grows with the length of a conversation
    scripts = [*INTERVIEWS, ["你好", "高血压能吃鸡蛋吗", "谢谢"]]
    try:
        for process in (stack.actions, stack.rasa, rasa2):
            process.start()
        for process in (stack.actions, stack.rasa, rasa2):
            process.wait_ready(300)
        one = [f"http://127.0.0.1:{stack.rasa_port}"]
        two = one + [f"http://127.0.0.1:{port2}"]
        asyncio.run(drive(two, 2, 5, scripts))  # warm both
        # each Process runs in its own session, so its group id is its pid (and covers workers)
        assert stack.rasa.popen and rasa2.popen and stack.actions.popen
        groups = {
            "rasa": [stack.rasa.popen.pid, rasa2.popen.pid],
            "actions": [stack.actions.popen.pid],
        }
        print(
            f"{'procs':>5} {'conc':>5} {'req/s':>7} {'p50':>8} {'p95':>8} {'n':>6}"
            f" {'rasa cpu/req':>13} {'actions cpu/req':>16}"
        )
        for urls in (one, two):
            for level in [int(x) for x in args.concurrency.split(",")]:
                before = {k: sum(map(cpu_seconds, v)) for k, v in groups.items()}
                row = asyncio.run(drive(urls, level, args.seconds, scripts))
                cpu = {
                    k: 1000 * (sum(map(cpu_seconds, v)) - before[k]) / row["n"]
                    for k, v in groups.items()
                }
                print(
                    f"{len(urls):>5} {level:>5} {row['rps']:>7.1f} {row['p50']:>6.0f}ms {row['p95']:>6.0f}ms {int(row['n']):>6}"
                    f" {cpu['rasa']:>11.1f}ms {cpu['actions']:>14.1f}ms",
                    flush=True,
                )
    finally:
        rasa2.stop()
        stack.stop()


if __name__ == "__main__":
    main()
