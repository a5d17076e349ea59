"""Triage engine latency: median and p95 of `assess` (and `screen`) over 1,000 texts.

Texts are generated from templates and the knowledge's own symptom names (no patient data), so the
benchmark runs anywhere: `.venv/bin/python benchmarks/triage_latency.py [--n 1000]`; with
`--jsonl ../shared/data/routing/toyhom_neike.jsonl` it times real (longer) messages instead.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time

from preconsult.triage import TriageRequest, get_engine

TEMPLATES = (
    "{a}{d}了，还有点{b}，没有{c}",
    "我家孩子{age}岁，{a}，{b}，请问挂什么科",
    "医生你好，我最近{a}，不知道怎么回事，好像还{b}，已经{d}了，吃了药也不见好，很担心",
    "{a}{d}，不{c}但是{b}，体温38度5",
    "I have had {en} for {d_en}, no fever",
    "女，32岁，{a}伴{b}{d}，否认{c}",
)
DURATIONS = ("两个小时", "3天", "半个月", "一周", "昨天开始", "一年多")
DURATIONS_EN = ("2 hours", "3 days", "a week")


def texts(n: int, seed: int = 7) -> list[str]:
    engine = get_engine()
    symptoms = engine.index.knowledge.symptoms
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        a, b, c = (rng.choice(s.synonyms or [s.name.zh_CN]) for s in rng.sample(symptoms, 3))
        en = rng.choice(symptoms).name.en
        template = rng.choice(TEMPLATES)
        out.append(
            template.format(
                a=a,
                b=b,
                c=c,
                d=rng.choice(DURATIONS),
                age=rng.randint(1, 12),
                en=en,
                d_en=rng.choice(DURATIONS_EN),
            )  # fmt: skip
        )
    return out


def measure(fn, items: list[str]) -> tuple[float, float, float, float, float]:  # type: ignore[no-untyped-def]
    """(wall median, wall p95, CPU median, CPU p95, wall p99) in ms; CPU time ignores a busy
    machine. p99 shows the rare slow path (the semantic back-off embeds the message)."""
    wall, cpu = [], []
    for item in items:
        start, start_cpu = time.perf_counter(), time.thread_time()
        fn(item)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    wall.sort()
    cpu.sort()
    p95 = int(len(items) * 0.95) - 1
    p99 = max(int(len(items) * 0.99) - 1, 0)
    return statistics.median(wall), wall[p95], statistics.median(cpu), cpu[p95], wall[p99]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument(
        "--jsonl", help="time real messages instead (title + text of the first N rows)"
    )
    args = parser.parse_args()
    start = time.perf_counter()
    engine = get_engine()
    build = time.perf_counter() - start
    if args.jsonl:
        with open(args.jsonl, encoding="utf-8") as fp:
            rows = [json.loads(line) for line, _ in zip(fp, range(args.n), strict=False)]
        items = [f"{r.get('title', '')}。{r.get('text', '')}" for r in rows]
    else:
        items = texts(args.n)
    for item in items[:50]:
        engine.assess(TriageRequest(text=item))  # warm-up
    avg_len = sum(map(len, items)) / len(items)
    print(f"engine build {build:.2f}s; {len(items)} texts, mean {avg_len:.0f} chars")
    for name, fn in (
        ("assess", lambda t: engine.assess(TriageRequest(text=t))),
        ("screen", engine.screen),
    ):
        med, p95, cmed, cp95, p99 = measure(fn, items)
        print(
            f"{name}: wall median {med:.2f} ms, p95 {p95:.2f} ms, p99 {p99:.2f} ms"
            f" | CPU median {cmed:.2f} ms, p95 {cp95:.2f} ms"
        )


if __name__ == "__main__":
    main()
