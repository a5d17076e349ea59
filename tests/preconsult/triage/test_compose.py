"""The composer runs only the symptom patterns that can start on a character of the message
(regex_first.py): it finds exactly what running every pattern finds, on every evaluation text."""

from __future__ import annotations

import json
import random
from pathlib import Path

from preconsult.triage import get_engine
from preconsult.triage.compose import Composer
from preconsult.triage.matcher import Entry, Match

EVALS = Path(__file__).parents[3] / "evals"


def _texts() -> list[str]:
    files = sorted((EVALS / "redflags").glob("*.jsonl")) + sorted(
        (EVALS / "routing").glob("*.jsonl")
    )
    texts = [
        json.loads(line)["text"]
        for f in files
        for line in f.read_text("utf-8").splitlines()
        if line
    ]
    rng = random.Random(1127)
    mutated = [t[rng.randrange(len(t) + 1) :] + rng.choice(texts) for t in texts]
    return texts + mutated + [t.upper() for t in texts if t.isascii()]


def test_composer_finds_what_running_every_pattern_finds() -> None:
    index = get_engine().index
    composer = index.composer
    assert composer is not None and len(composer.patterns) > 100
    body_parts_only = Composer(composer.pairs)
    found = 0
    for text in map(index.normalize, _texts()):
        every = [
            Match(m.start(), m.end(), m.group(0), Entry("symptom", ref, 8))
            for pattern, ref in composer.patterns
            for m in pattern.finditer(text)
        ]
        assert composer.find(text) == every + body_parts_only.find(text), text
        found += bool(every)
    assert found > 300  # the patterns do match in many texts
