"""Body part + sensation phrases that no synonym lists verbatim: "睾丸剧痛", "肚子疼得打滚", "头突然很痛".

The body parts are learned from the symptom synonyms themselves: a synonym such as "肚子疼" teaches
that 肚子 + 疼/痛 within a few characters means that symptom. A symptom's ``patterns`` (knowledge data)
cover whole phrase families ("大便黑得像柏油", "拉了黑色柏油样的大便"). Nothing medical is hard-coded here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from preconsult.triage.matcher import Entry, Match

__all__ = ["Composer"]

_SENSATIONS = {"疼": "痛", "痛": "痛", "痒": "痒", "肿": "肿", "麻": "麻", "胀": "胀"}
_MAX_GAP = 5
_NEGATION = re.compile(r"没有|不|没|无")
_MILD = re.compile(r"不太|不是很|不算")  # "头不太疼": it does hurt, a little


class Composer:
    """Finds '<body part> ... <sensation>' spans and maps them to symptom ids."""

    def __init__(
        self,
        pairs: dict[tuple[str, str], str],
        patterns: list[tuple[re.Pattern[str], str]] | None = None,
    ) -> None:
        self.pairs = pairs
        self.patterns = patterns or []
        parts = sorted({body for body, _ in pairs}, key=len, reverse=True)
        self._regex = (
            re.compile(
                "("
                + "|".join(map(re.escape, parts))
                + r")([^\s，,。.;；!！?？、和及与]{0,"
                + str(_MAX_GAP)
                + r"}?)([疼痛痒肿麻胀])"
            )
            if parts
            else None
        )

    @classmethod
    def learn(
        cls,
        synonyms: Iterable[tuple[str, str]],
        patterns: list[tuple[re.Pattern[str], str]] | None = None,
    ) -> Composer:
        """``synonyms``: (normalised surface, symptom id); the first id for a pair wins.
        ``patterns``: (compiled symptom pattern, symptom id)."""
        pairs: dict[tuple[str, str], str] = {}
        for surface, symptom_id in synonyms:
            if 2 <= len(surface) <= 5 and surface[-1] in _SENSATIONS:
                body = surface[:-1]
                if body and body[-1] not in _SENSATIONS and not body.isascii():
                    pairs.setdefault((body, _SENSATIONS[surface[-1]]), symptom_id)
        return cls(pairs, patterns)

    def find(self, text: str) -> list[Match]:
        out: list[Match] = []
        for pattern, ref in self.patterns:
            for m in pattern.finditer(text):
                out.append(Match(m.start(), m.end(), m.group(0), Entry("symptom", ref, 8)))
        if self._regex is None:
            return out
        for m in self._regex.finditer(text):
            symptom_id = self.pairs.get((m.group(1), _SENSATIONS[m.group(3)]))
            if symptom_id is None:
                continue
            start = m.start()
            neg = None if _MILD.search(m.group(2)) else _NEGATION.search(m.group(2))
            if neg:  # "胸口不疼": a negation cue, then the symptom
                cue = m.start(2) + neg.start()
                out.append(
                    Match(cue, cue + len(neg.group(0)), neg.group(0), Entry("neg", neg.group(0), 5))
                )
                start = cue + len(neg.group(0))
            out.append(
                Match(start, m.end(), text[start : m.end()], Entry("symptom", symptom_id, 8))
            )
        return out
