"""Measure PII redaction against a JSONL test set of {"text", "expected"} cases.

Expected spans are recovered by aligning ``expected`` (placeholders in place of identifiers) with
``text``; a predicted span counts only if kind, start and end all match. Cases whose expected text
equals the text are near-misses: anything redacted there is a false positive.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from preconsult.privacy.pii import find_spans
from preconsult.privacy.spans import KINDS, PLACEHOLDERS, Kind, Span

__all__ = ["KindScore", "PiiReport", "evaluate_file", "expected_spans"]

_KIND_OF = {placeholder: kind for kind, placeholder in PLACEHOLDERS.items()}
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))


@dataclass
class KindScore:
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0

    @property
    def recall(self) -> float:
        found = self.true_pos + self.false_neg
        return self.true_pos / found if found else 1.0

    @property
    def precision(self) -> float:
        predicted = self.true_pos + self.false_pos
        return self.true_pos / predicted if predicted else 1.0


@dataclass
class PiiReport:
    cases: int = 0
    near_misses: int = 0
    exact: int = 0
    kinds: dict[Kind, KindScore] = field(default_factory=lambda: {k: KindScore() for k in KINDS})
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # text, expected, got

    @property
    def total(self) -> KindScore:
        total = KindScore()
        for score in self.kinds.values():
            total.true_pos += score.true_pos
            total.false_pos += score.false_pos
            total.false_neg += score.false_neg
        return total


def expected_spans(text: str, expected: str) -> list[Span]:
    """Where the placeholders of ``expected`` sit in ``text``; ValueError if they do not align."""
    pattern, kinds, cursor = "", [], 0
    for m in _PLACEHOLDER.finditer(expected):
        pattern += re.escape(expected[cursor : m.start()]) + "(.+?)"
        kinds.append(_KIND_OF[m.group()])
        cursor = m.end()
    pattern += re.escape(expected[cursor:])
    match = re.fullmatch(pattern, text, re.DOTALL)
    if match is None:
        raise ValueError(f"expected text does not align with the text: {expected!r}")
    return [Span(kind, match.start(i + 1), match.end(i + 1)) for i, kind in enumerate(kinds)]


def evaluate_file(path: Path) -> PiiReport:
    from preconsult.privacy.pii import redact

    report = PiiReport()
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        case = json.loads(line)
        text, expected = case["text"], case["expected"]
        try:
            gold = set(expected_spans(text, expected))
        except ValueError as exc:
            raise ValueError(f"{path}:{line_no}: {exc}") from None
        predicted = set(find_spans(text))
        report.cases += 1
        report.near_misses += text == expected
        got = redact(text).text
        if got == expected:
            report.exact += 1
        else:
            report.failures.append((text, expected, got))
        for span in predicted & gold:
            report.kinds[span.kind].true_pos += 1
        for span in predicted - gold:
            report.kinds[span.kind].false_pos += 1
        for span in gold - predicted:
            report.kinds[span.kind].false_neg += 1
    return report
