"""Per-turn latency through the gateway's WebSocket vs directly on Rasa's REST webhook.

Each simulated patient runs whole conversations: by default a triage interview of 8 turns written
by us (greeting, complaint, onset, severity, age, sex, "nothing else", thanks), then starts a new
conversation, as real patients do; ``--scenario greeting`` sends only "你好" in one long
conversation (the old measurement). ``--think-ms`` adds a patient's pause between turns
(uniform 0.5x-1.5x, seeded); 0 (default) is closed-loop: every patient sends its next message as
soon as the reply arrives, the worst case for a given number of concurrent conversations.

Starts its own system (action server, rasa, gateway) on free ports unless --gateway/--rasa point at
a running one. Both paths are measured in the same run, interleaved, so the ratio is fair.

    .venv/bin/python benchmarks/turn_latency.py --turns 200 --concurrency 1,10,50
    .venv/bin/python benchmarks/turn_latency.py --turns 400 --concurrency 50 --think-ms 3000
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import websockets

from preconsult.cli.launcher import Stack

# our own phrasings; several variants so conversations differ
INTERVIEWS = [
    ["你好", "我肚子疼", "昨天晚上开始的", "挺疼的", "42岁", "男", "没有了", "谢谢"],
    ["您好", "这两天老是咳嗽", "三天了", "不太严重", "28岁", "女", "没有别的", "好的谢谢"],
    ["你好", "头疼得厉害", "今天早上开始", "中等吧", "55岁", "女的", "没有", "谢谢你"],
    ["在吗", "嗓子疼，有点发烧", "两天", "还能忍", "19岁", "男", "没了", "谢谢"],
]
SCENARIOS = {"interview": INTERVIEWS, "greeting": [["你好"]]}
TURN_TIMEOUT_S = 60.0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class Patient:
    """The messages one simulated patient sends, conversation after conversation."""

    def __init__(self, scenario: str, turns: int, think_ms: float, seed: int) -> None:
        self.scripts = SCENARIOS[scenario]
        self.turns, self.think_ms = turns, think_ms
        self.rng = random.Random(seed)
        self.long = scenario == "greeting"

    def conversations(self) -> list[list[str]]:
        """Turn budget split into whole conversations (the last one may be cut short)."""
        if self.long:
            return [["你好"] * self.turns]
        out, left = [], self.turns
        for script in itertools.cycle(self.scripts[self.rng.randrange(len(self.scripts)) :]):
            if left <= 0:
                return out
            out.append(script[:left])
            left -= len(script)
        return out

    async def pause(self) -> None:
        if self.think_ms:
            await asyncio.sleep(self.think_ms * self.rng.uniform(0.5, 1.5) / 1000)


async def gateway_worker(url: str, patient: Patient, out: list[float]) -> None:
    for conversation in patient.conversations():
        async with websockets.connect(url, max_size=2**20) as ws:
            json.loads(await ws.recv())  # session frame
            for i, text in enumerate(conversation):
                await patient.pause()
                started = time.perf_counter()
                await ws.send(json.dumps({"type": "message", "client_id": f"b{i}", "text": text}))
                while True:  # a turn that never ends fails the run instead of hanging it
                    frame = json.loads(await asyncio.wait_for(ws.recv(), TURN_TIMEOUT_S))
                    if frame == {"type": "typing", "on": False}:
                        break
                out.append((time.perf_counter() - started) * 1000)


async def timed_rasa_turn(client: httpx.AsyncClient, url: str, sender: str, text: str) -> float:
    """One message to Rasa's REST webhook at ``url``; milliseconds until the reply."""
    started = time.perf_counter()
    response = await client.post(
        url + "/webhooks/rest/webhook",
        json={"sender": sender, "message": text, "metadata": {"locale": "zh-CN", "channel": "web"}},
    )
    response.raise_for_status()
    return (time.perf_counter() - started) * 1000


async def rasa_worker(url: str, patient: Patient, out: list[float]) -> None:
    async with httpx.AsyncClient(timeout=60) as client:
        for conversation in patient.conversations():
            sender = "bench-" + uuid.uuid4().hex[:12]
            for text in conversation:
                await patient.pause()
                out.append(await timed_rasa_turn(client, url, sender, text))


async def measure(
    gateway_ws: str, rasa_url: str, concurrency: int, turns: int, scenario: str, think_ms: float
) -> dict[str, float]:
    per_worker = max(2, turns // concurrency)
    results: dict[str, list[float]] = {"rasa": [], "gateway": []}

    def patients(round_: int) -> list[Patient]:  # the same patients on both paths
        return [
            Patient(scenario, per_worker // 2, think_ms, seed=1000 * round_ + i)
            for i in range(concurrency)
        ]

    # interleave: rasa round, gateway round, twice, so drift hits both equally
    for round_ in range(2):
        await asyncio.gather(*(rasa_worker(rasa_url, p, results["rasa"]) for p in patients(round_)))
        await asyncio.gather(
            *(gateway_worker(gateway_ws, p, results["gateway"]) for p in patients(round_))
        )
    row: dict[str, float] = {"concurrency": concurrency, "n": len(results["gateway"])}
    for name, values in results.items():
        row[f"{name}_p50"] = statistics.median(values)
        row[f"{name}_p95"] = pct(values, 0.95)
        row[f"{name}_p99"] = pct(values, 0.99)
    row["overhead_p50_pct"] = 100 * (row["gateway_p50"] / row["rasa_p50"] - 1)
    row["overhead_p95_pct"] = 100 * (row["gateway_p95"] / row["rasa_p95"] - 1)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--turns", type=int, default=100, help="turns per path and concurrency level"
    )
    parser.add_argument("--concurrency", default="1", help="comma-separated levels, e.g. 1,10,50")
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="interview")
    parser.add_argument("--think-ms", type=float, default=0.0, help="mean pause between turns")
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
            f"{'conc':>5} {'n':>5} {'rasa p50':>9} {'rasa p95':>9} {'gw p50':>9} {'gw p95':>9}"
            f" {'overhead p50':>13} {'p95':>7} {'rasa p99':>9} {'gw p99':>9}"
        )
        print(f"scenario {args.scenario}, think time {args.think_ms:.0f} ms", flush=True)
        for level in [int(x) for x in args.concurrency.split(",")]:
            row = asyncio.run(
                measure(args.gateway, args.rasa, level, args.turns, args.scenario, args.think_ms)
            )
            print(
                f"{level:>5} {int(row['n']):>5} {row['rasa_p50']:>8.1f}ms {row['rasa_p95']:>8.1f}ms "
                f"{row['gateway_p50']:>8.1f}ms {row['gateway_p95']:>8.1f}ms {row['overhead_p50_pct']:>12.1f}%"
                f" {row['overhead_p95_pct']:>6.1f}% {row['rasa_p99']:>8.1f}ms {row['gateway_p99']:>8.1f}ms",
                flush=True,
            )
    finally:
        if stack:
            stack.stop()


if __name__ == "__main__":
    main()
