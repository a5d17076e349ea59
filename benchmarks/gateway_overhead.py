"""What the gateway itself adds to a turn, in milliseconds, with Rasa replaced by a stub.

A stub speaks Rasa's REST webhook (fixed reply: a greeting with two buttons, after --delay-ms), so
the difference between "through the gateway" and "directly on the stub" is the gateway's own cost:
WebSocket framing, PII redaction, the red-flag screen, storing the message and the replies, and the
hop to Rasa. Both paths are measured in the same run, interleaved.

    .venv/bin/python benchmarks/gateway_overhead.py --turns 400 --concurrency 1,10,50
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import httpx
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent))
from turn_latency import pct  # noqa: E402

from preconsult.cli.launcher import VENV_BIN, Process, Stack, free_port  # noqa: E402

STUB = """
import asyncio, json, os
DELAY = float(os.environ.get("STUB_DELAY_MS", "0")) / 1000
REPLY = [{"recipient_id": "x", "text": "您好！我是预问诊助手。请问哪里不舒服？",
          "buttons": [{"title": "我要导诊", "payload": "/triage"},
                      {"title": "健康问题", "payload": "/ask"}]}]
BODY = json.dumps(REPLY, ensure_ascii=False).encode()
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    if scope["path"] == "/status":
        body = b'{"model_file": "stub.tar.gz"}'
    else:
        if DELAY:
            await asyncio.sleep(DELAY)
        body = BODY
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})
"""


async def ws_worker(url: str, turns: int, out: list[float]) -> None:
    async with websockets.connect(url, max_size=2**20) as ws:
        json.loads(await ws.recv())  # session frame
        for i in range(turns):
            started = time.perf_counter()
            await ws.send(json.dumps({"type": "message", "client_id": f"b{i}", "text": "你好"}))
            # a turn that never ends fails the run instead of hanging it
            while json.loads(await asyncio.wait_for(ws.recv(), 30)) != {
                "type": "typing",
                "on": False,
            }:
                pass
            out.append((time.perf_counter() - started) * 1000)


async def http_worker(url: str, turns: int, out: list[float]) -> None:
    async with httpx.AsyncClient(timeout=30) as client:
        for _ in range(turns):
            started = time.perf_counter()
            response = await client.post(url, json={"sender": "s", "message": "你好"})
            response.raise_for_status()
            out.append((time.perf_counter() - started) * 1000)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(gateway: str, stub: str, level: int, turns: int, pid: int) -> dict[str, float]:
    per = max(2, turns // level)
    direct: list[float] = []
    via: list[float] = []
    cpu = 0.0
    for _ in range(2):  # interleaved rounds so drift hits both paths
        await asyncio.gather(*(http_worker(stub, per // 2, direct) for _ in range(level)))
        before = cpu_seconds(pid)
        await asyncio.gather(*(ws_worker(gateway, per // 2, via) for _ in range(level)))
        cpu += cpu_seconds(pid) - before
    return {
        "n": len(via),
        "direct_p50": pct(direct, 0.5),
        "direct_p95": pct(direct, 0.95),
        "gw_p50": pct(via, 0.5),
        "gw_p95": pct(via, 0.95),
        "cpu_ms": 1000 * cpu / len(via),  # includes opening the connections
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--turns", type=int, default=400)
    parser.add_argument("--concurrency", default="1,10,50")
    parser.add_argument("--delay-ms", type=float, default=0.0, help="the stub's think time")
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="gw-overhead-"))
    (data_dir / "stub_rasa.py").write_text(STUB, encoding="utf-8")
    stub_port = free_port()
    stub = Process(
        "stub rasa",
        [
            str(VENV_BIN / "uvicorn"),
            "stub_rasa:app",
            "--port",
            str(stub_port),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        f"http://127.0.0.1:{stub_port}/status",
        cwd=data_dir,
        env={"STUB_DELAY_MS": str(args.delay_ms)},
    )
    env = {"PRECONSULT_RATE_LIMIT_MESSAGES": "100000"}
    if args.database_url:
        env["PRECONSULT_DATABASE_URL"] = args.database_url
    stack = Stack.on_free_ports(data_dir, env)
    stack.rasa_port = stub_port
    stack.gateway.env["PRECONSULT_RASA_URL"] = f"http://127.0.0.1:{stub_port}"
    stub.start()
    try:
        stub.wait_ready(30)
        stack.start(with_rasa=False)
        gateway = f"ws://127.0.0.1:{stack.gateway_port}/ws"
        direct = f"http://127.0.0.1:{stub_port}/webhooks/rest/webhook"
        print(f"stub delay {args.delay_ms:.0f} ms, database {args.database_url or 'sqlite'}")
        print(
            f"{'conc':>5} {'n':>5} {'stub p50':>9} {'stub p95':>9} {'gw p50':>9} {'gw p95':>9}"
            f" {'added p50':>10} {'gw CPU/turn':>12}"
        )
        for level in [int(x) for x in args.concurrency.split(",")]:
            pid = stack.gateway.popen.pid if stack.gateway.popen else 0
            row = asyncio.run(measure(gateway, direct, level, args.turns, pid))
            print(
                f"{level:>5} {int(row['n']):>5} {row['direct_p50']:>7.2f}ms {row['direct_p95']:>7.2f}ms"
                f" {row['gw_p50']:>7.2f}ms {row['gw_p95']:>7.2f}ms"
                f" {row['gw_p50'] - row['direct_p50']:>8.2f}ms {row['cpu_ms']:>10.2f}ms",
                flush=True,
            )
    finally:
        stack.gateway.stop()
        stub.stop()


if __name__ == "__main__":
    main()
