"""Many concurrent WebSocket sessions: N open, M of them chatting; lost/duplicated messages, memory.

    .venv/bin/python benchmarks/ws_connections.py --open 2000 --chatting 200 --turns 5

Starts its own system (action server, rasa, gateway) unless --gateway points at a running one
(then give --db for the SQLite file or PostgreSQL URL to count stored rows, and --pid to read the
gateway's memory). Compares every client-side ack with the rows in the database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import tempfile
import time
from pathlib import Path

import websockets
from sqlalchemy import create_engine, text

from preconsult.cli.launcher import Stack


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def idle_session(
    url: str, opened: asyncio.Event, hold: asyncio.Event, ids: list[str]
) -> None:
    async with websockets.connect(url, open_timeout=60, ping_interval=None) as ws:
        ids.append(json.loads(await ws.recv())["session_id"])
        opened.set()
        await hold.wait()


async def chatting_session(
    url: str, turns: int, acks: dict[str, list[int]], latencies: list[float], errors: list[str]
) -> None:
    async with websockets.connect(url, open_timeout=60, ping_interval=None) as ws:
        session_id = json.loads(await ws.recv())["session_id"]
        acks[session_id] = []
        for i in range(turns):
            started = time.perf_counter()
            await ws.send(json.dumps({"type": "message", "client_id": f"m{i}", "text": "你好"}))
            while True:
                frame = json.loads(await ws.recv())
                if frame["type"] == "ack":
                    acks[session_id].append(frame["seq"])
                elif frame["type"] == "error":
                    errors.append(frame["code"])
                    break
                elif frame == {"type": "typing", "on": False}:
                    break
            latencies.append((time.perf_counter() - started) * 1000)


async def run(url: str, n_open: int, n_chat: int, turns: int, pid: int | None) -> dict[str, object]:
    hold = asyncio.Event()
    ids: list[str] = []
    idle = []
    started = time.perf_counter()
    for i in range(n_open - n_chat):
        idle.append(asyncio.create_task(idle_session(url, asyncio.Event(), hold, ids)))
        if i % 100 == 99:
            await asyncio.sleep(0.05)
    while len(ids) < n_open - n_chat:
        await asyncio.sleep(0.1)
        if time.perf_counter() - started > 300:
            raise TimeoutError(f"only {len(ids)} idle sessions opened")
    open_s = time.perf_counter() - started
    acks: dict[str, list[int]] = {}
    latencies: list[float] = []
    errors: list[str] = []
    chat_started = time.perf_counter()
    await asyncio.gather(
        *(chatting_session(url, turns, acks, latencies, errors) for _ in range(n_chat))
    )
    chat_s = time.perf_counter() - chat_started
    peak_rss = rss_mb(pid) if pid else float("nan")  # every session still open
    hold.set()
    await asyncio.gather(*idle, return_exceptions=True)
    return {
        "open_s": open_s,
        "chat_s": chat_s,
        "acks": acks,
        "latencies": latencies,
        "errors": errors,
        "rss": peak_rss,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--open", type=int, default=2000, help="sessions open at once (idle + chatting)"
    )
    parser.add_argument("--chatting", type=int, default=200)
    parser.add_argument("--turns", type=int, default=5, help="messages per chatting session")
    parser.add_argument("--gateway", help="ws://host:port/ws of a running gateway")
    parser.add_argument("--db", help="database URL of that gateway")
    parser.add_argument("--pid", type=int, help="gateway process id (for memory)")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, args.open * 2 + 512)), hard))

    stack = None
    if not args.gateway:
        data_dir = Path(tempfile.mkdtemp(prefix="bench-ws-"))
        stack = Stack.on_free_ports(
            data_dir,
            {
                "PRECONSULT_RATE_LIMIT_MESSAGES": "100000",
                "PRECONSULT_SLOW_REPLY_FALLBACK_S": "30",
            },
        )
        stack.start()
        args.gateway = f"ws://127.0.0.1:{stack.gateway_port}/ws"
        args.db = f"sqlite:///{data_dir / 'preconsult.db'}"
        assert stack.gateway.popen is not None
        args.pid = stack.gateway.popen.pid
    try:
        before = rss_mb(args.pid) if args.pid else float("nan")
        result = asyncio.run(run(args.gateway, args.open, args.chatting, args.turns, args.pid))
        after = result["rss"]
        acks: dict[str, list[int]] = result["acks"]  # type: ignore[assignment]
        latencies: list[float] = result["latencies"]  # type: ignore[assignment]
        sent = args.chatting * args.turns
        acked = sum(len(v) for v in acks.values())
        engine = create_engine(args.db)
        lost = duplicated = 0
        with engine.connect() as conn:
            for session_id, seqs in acks.items():
                rows = conn.execute(
                    text(
                        "SELECT seq, client_id FROM message WHERE session_id = :s AND sender = 'user'"
                    ),
                    {"s": session_id},
                ).fetchall()
                stored = {r[0] for r in rows}
                lost += len(set(seqs) - stored)
                client_ids = [r[1] for r in rows]
                duplicated += len(client_ids) - len(set(client_ids))
        ordered = sorted(latencies)
        print(
            f"open sessions: {args.open} (opened in {result['open_s']:.1f}s), chatting: {args.chatting} x {args.turns}"
        )
        print(
            f"messages sent {sent}, acked {acked}, lost {lost}, duplicated {duplicated}, errors {len(result['errors'])}"
        )
        print(
            f"turn latency p50 {statistics.median(ordered):.0f} ms, p95 {ordered[int(0.95 * (len(ordered) - 1))]:.0f} ms; chat phase {result['chat_s']:.1f}s"
        )
        print(f"gateway RSS before {before:.0f} MB, with {args.open} sessions {after:.0f} MB")
    finally:
        if stack:
            stack.stop()


if __name__ == "__main__":
    main()
