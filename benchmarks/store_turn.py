"""What storing one chat turn costs, without the rest of the gateway: the user message
(``add_user_message``) and the bot's reply with the delivered flag (``add_bot_messages``), as the
gateway writes them, in milliseconds of wall time and of this process's CPU per turn.

Each worker thread has its own session (one WebSocket conversation each). The database is a fresh
SQLite file by default; ``--database-url`` takes a migrated PostgreSQL database (it is written to).

    .venv/bin/python benchmarks/store_turn.py --turns 2000 --concurrency 1,10
    .venv/bin/python benchmarks/store_turn.py --database-url postgresql://postgres@127.0.0.1:5432/bench_gw
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from turn_latency import pct  # noqa: E402

from web.storage.db import Database  # noqa: E402
from web.storage.migrate import upgrade  # noqa: E402
from web.storage.transcripts import BotDraft, TranscriptStore  # noqa: E402

REPLY = [
    BotDraft(
        "text",
        "您好！我是预问诊助手。请问哪里不舒服？",
        {"buttons": [{"title": "我要导诊", "payload": "/triage"}]},
    )
]


def worker(store: TranscriptStore, turns: int, out: list[float]) -> None:
    session_id = store.create_session("web", "zh-CN")
    for i in range(turns):
        started = time.perf_counter()
        user, _ = store.add_user_message(session_id, f"c{i}", "我头疼两天了")
        store.add_bot_messages(session_id, REPLY, delivered_seq=user.seq)
        out.append((time.perf_counter() - started) * 1000)


def measure(store: TranscriptStore, level: int, turns: int) -> dict[str, float]:
    per = max(1, turns // level)
    warm: list[float] = []
    worker(store, 20, warm)  # connections opened, statements prepared
    wall: list[float] = []
    cpu_before = time.process_time()
    with ThreadPoolExecutor(max_workers=level) as pool:
        for future in [pool.submit(worker, store, per, wall) for _ in range(level)]:
            future.result()
    cpu = time.process_time() - cpu_before
    return {
        "n": len(wall),
        "p50": pct(wall, 0.5),
        "p95": pct(wall, 0.95),
        "cpu_ms": 1000 * cpu / len(wall),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--turns", type=int, default=2000)
    parser.add_argument("--concurrency", default="1,10")
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    args = parser.parse_args()

    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='store-turn-')}/bench.db"
    upgrade(url)
    db = Database(url)
    store = TranscriptStore(db)
    print(f"database {db.engine.dialect.name}: {db.engine.url.render_as_string()}")
    print(f"{'conc':>5} {'turns':>6} {'p50':>8} {'p95':>8} {'CPU/turn':>9}")
    try:
        for level in [int(x) for x in args.concurrency.split(",")]:
            row = measure(store, level, args.turns)
            print(
                f"{level:>5} {int(row['n']):>6} {row['p50']:>6.2f}ms {row['p95']:>6.2f}ms"
                f" {row['cpu_ms']:>7.2f}ms",
                flush=True,
            )
    finally:
        db.dispose()


if __name__ == "__main__":
    main()
