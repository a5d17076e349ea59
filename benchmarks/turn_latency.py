"""Per-turn latency of a greeting: through the gateway's WebSocket vs directly on Rasa's REST webhook.

Starts its own system (action server, rasa, gateway) on free ports unless --gateway/--rasa point at
a running one. Both paths are measured in the same run, interleaved, so the ratio is fair.

    .venv/bin/python benchmarks/turn_latency.py --turns 100
    .venv/bin/python benchmarks/turn_latency.py --turns 200 --concurrency 1,10,50
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import websockets

from preconsult.cli.launcher import Stack


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def gateway_worker(url: str, turns: int, text: str, out: list[float]) -> None:
    async with websockets.connect(url, max_size=2**20) as ws:
        json.loads(await ws.recv())  # session frame
        for i in range(turns):
            started = time.perf_counter()
            await ws.send(json.dumps({"type": "message", "client_id": f"b{i}", "text": text}))
            while True:
                frame = json.loads(await ws.recv())
                if frame == {"type": "typing", "on": False}:
                    break
            out.append((time.perf_counter() - started) * 1000)


async def rasa_worker(url: str, turns: int, text: str, out: list[float]) -> None:
    sender = "bench-" + uuid.uuid4().hex[:12]
    async with httpx.AsyncClient(timeout=30) as client:
        for _ in range(turns):
            started = time.perf_counter()
            response = await client.post(
                url + "/webhooks/rest/webhook",
                json={
                    "sender": sender,
                    "message": text,
                    "metadata": {"locale": "zh-CN", "channel": "web"},
                },
            )
            response.raise_for_status()
            out.append((time.perf_counter() - started) * 1000)


async def measure(
    gateway_ws: str, rasa_url: str, concurrency: int, turns: int, text: str
) -> dict[str, float]:
    per_worker = max(1, turns // concurrency)
    results: dict[str, list[float]] = {"rasa": [], "gateway": []}
    # interleave: rasa round, gateway round, twice, so drift hits both equally
    for _round in range(2):
        await asyncio.gather(
            *(
                rasa_worker(rasa_url, per_worker // 2, text, results["rasa"])
                for _ in range(concurrency)
            )
        )
        await asyncio.gather(
            *(
                gateway_worker(gateway_ws, per_worker // 2, text, results["gateway"])
                for _ in range(concurrency)
            )
        )
    row: dict[str, float] = {"concurrency": concurrency, "n": len(results["gateway"])}
    for name, values in results.items():
        row[f"{name}_p50"] = statistics.median(values)
        row[f"{name}_p95"] = pct(values, 0.95)
    row["overhead_p50_pct"] = 100 * (row["gateway_p50"] / row["rasa_p50"] - 1)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--turns", type=int, default=100, help="turns per path and concurrency level"
    )
    parser.add_argument("--concurrency", default="1", help="comma-separated levels, e.g. 1,10,50")
    parser.add_argument("--text", default="你好")
    parser.add_argument("--gateway", help="ws://host:port/ws of a running gateway")
    parser.add_argument("--rasa", help="http://host:port of the running Rasa behind it")
    args = parser.parse_args()

    stack = None
    if not args.gateway:
        data_dir = Path(tempfile.mkdtemp(prefix="bench-"))
        stack = Stack.on_free_ports(
            data_dir,
            {
                "PRECONSULT_RATE_LIMIT_MESSAGES": "100000",
                "PRECONSULT_SLOW_REPLY_FALLBACK_S": "30",
            },
        )
        print(f"starting the system in {data_dir} ...", flush=True)
        started = time.monotonic()
        stack.start()
        print(f"ready in {time.monotonic() - started:.1f}s", flush=True)
        args.gateway = f"ws://127.0.0.1:{stack.gateway_port}/ws"
        args.rasa = f"http://127.0.0.1:{stack.rasa_port}"
    try:
        print(
            f"{'conc':>5} {'n':>5} {'rasa p50':>9} {'rasa p95':>9} {'gw p50':>9} {'gw p95':>9} {'overhead p50':>13}"
        )
        for level in [int(x) for x in args.concurrency.split(",")]:
            row = asyncio.run(measure(args.gateway, args.rasa, level, args.turns, args.text))
            print(
                f"{level:>5} {int(row['n']):>5} {row['rasa_p50']:>8.1f}ms {row['rasa_p95']:>8.1f}ms "
                f"{row['gateway_p50']:>8.1f}ms {row['gateway_p95']:>8.1f}ms {row['overhead_p50_pct']:>12.1f}%",
                flush=True,
            )
    finally:
        if stack:
            stack.stop()


if __name__ == "__main__":
    main()
