"""Answer latency of the extractive default: p50/p95 of `Assistant.answer` with an empty cache.

Questions are generated from the articles' own titles and topics (no patient data), so it runs
anywhere once the index is built: `.venv/bin/python benchmarks/answer_latency.py [--n 300]`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from preconsult.answers import get_answer_engine
from preconsult.answers.engine import AnswerEngine
from preconsult.router import Assistant, get_assistant

TEMPLATES = ("{t}", "请问{k}需要注意什么", "{k}怎么办", "关于{k}，平时要注意哪些", "{k}要去医院吗")


def questions(n: int, seed: int = 11) -> list[str]:
    engine = get_answer_engine()
    rng = random.Random(seed)
    articles = sorted(engine.index.articles.values(), key=lambda a: a.id)
    out = []
    for _ in range(n):
        article = rng.choice(articles)
        topic = rng.choice(article.topics or [article.title])
        out.append(rng.choice(TEMPLATES).format(t=article.title, k=topic))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    base = get_assistant()
    engine = base.engine
    fresh = AnswerEngine(
        engine.index, engine.embedder, threshold=engine.threshold
    )  # no LLM, no cache
    assistant = Assistant(base.screener, fresh, base.handlers)
    texts = questions(args.n)
    assistant.answer("预热")
    timings = []
    for text in texts:
        start = time.perf_counter()
        assistant.answer(text)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(
        f"n={len(timings)} p50={statistics.median(timings):.1f} ms p95={p95:.1f} ms max={timings[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
