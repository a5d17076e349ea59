"""The red-flag prefilter changes cost, never results: the same hits with and without it for every
evaluation text (and mutated variants), while most regexes are skipped on an ordinary message."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from preconsult.triage import TriageEngine, get_engine
from preconsult.triage.redflags import Context, Prefilter, evaluate

EVALS = Path(__file__).parents[3] / "evals"
# ſ, the Kelvin sign and dotless ı fold onto s, k, i under IGNORECASE: a prefilter that compared
# raw characters would skip an English pattern these spell
LOOKALIKES = {"s": "ſ", "k": "\u212a", "i": "ı", "S": "ſ", "K": "\u212a"}


def _rows() -> list[dict[str, Any]]:
    files = sorted((EVALS / "redflags").glob("*.jsonl")) + sorted(
        (EVALS / "routing").glob("*.jsonl")
    )
    assert len(files) >= 8
    return [json.loads(line) for f in files for line in f.read_text("utf-8").splitlines() if line]


def _variants(rows: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each text, then a random slice, a concatenation and (English) case and look-alike variants."""
    rng = random.Random(20261127)
    texts = [r["text"] for r in rows]
    for row in rows:
        text: str = row["text"]
        yield text, row
        i, j = sorted(rng.sample(range(len(text) + 1), 2)) if len(text) > 1 else (0, len(text))
        yield text[i:j], row
        yield text + rng.choice(("", "，", " ")) + rng.choice(texts), row
        if any(ch.isascii() and ch.isalpha() for ch in text):
            yield text.upper(), row
            yield text.lower(), row
            yield "".join(LOOKALIKES.get(ch, ch) if rng.random() < 0.5 else ch for ch in text), row


def _context(engine: TriageEngine, text: str, row: dict[str, Any]) -> Context:
    ctx, _ = engine._context(text, [], row.get("age"), row.get("sex"), row.get("pregnant"))
    return ctx


def test_same_hits_with_and_without_the_prefilter_on_every_eval_text() -> None:
    engine = get_engine()
    ix = engine.index
    assert ix.prefilter is not None
    rows = _rows()
    checked = with_hits = 0
    for text, row in _variants(rows):
        ctx = _context(engine, text, row)
        plain = evaluate(ix.red_flags, ix.patterns, ctx, ix.unless)
        fast = evaluate(ix.red_flags, ix.patterns, ctx, ix.unless, ix.prefilter)
        assert fast == plain, text
        checked += 1
        with_hits += bool(plain)
    assert checked > 2 * len(rows)
    assert with_hits > 500  # the comparison covers many emergencies, not only quiet texts


class _Counting:
    """A compiled regex that counts how often it is run."""

    runs = 0

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.flags, self._compiled = pattern.pattern, pattern.flags, pattern

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        _Counting.runs += 1
        return self._compiled.finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        _Counting.runs += 1
        return self._compiled.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "我妈昨天开始咳嗽，有点低烧，嗓子也疼",
        "孩子三岁，拉肚子两天了，一天四五次",
        "I have had a mild cough for 3 days",
    ],
)
def test_the_prefilter_skips_most_regexes_on_an_ordinary_message(text: str) -> None:
    engine = get_engine()
    ix = engine.index
    counting = {
        fid: [cast(re.Pattern[str], _Counting(p)) for p in ps] for fid, ps in ix.patterns.items()
    }
    unless = {
        fid: [cast(re.Pattern[str], _Counting(p)) for p in ps] for fid, ps in ix.unless.items()
    }
    prefilter = Prefilter.build(ix.red_flags, counting, unless)
    ctx = _context(engine, text, {})
    _Counting.runs = 0
    plain = evaluate(ix.red_flags, counting, ctx, unless)
    without = _Counting.runs
    _Counting.runs = 0
    fast = evaluate(ix.red_flags, counting, ctx, unless, prefilter)
    assert fast == plain
    assert without > 50
    assert _Counting.runs * 4 < without, (_Counting.runs, without)  # at most a quarter run


def test_a_prefilter_built_for_other_rules_is_refused() -> None:
    engine = get_engine()
    ix = engine.index
    assert ix.prefilter is not None
    ctx = _context(engine, "胸口疼", {})
    copied = dict(ix.patterns)
    with pytest.raises(ValueError, match="other red-flag rules"):
        evaluate(ix.red_flags, copied, ctx, ix.unless, ix.prefilter)
