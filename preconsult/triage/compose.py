"""Body part + sensation phrases that no synonym lists verbatim: "睾丸剧痛", "肚子疼得打滚", "头突然很痛",
"嘴巴特别干", "腰很酸".

The body parts are learned from the symptom synonyms themselves: a synonym such as "肚子疼" teaches
that 肚子 + 疼/痛 within a few characters means that symptom. A symptom's ``patterns`` (knowledge data)
cover whole phrase families ("大便黑得像柏油", "拉了黑色柏油样的大便"). Nothing medical is hard-coded here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from preconsult.triage.matcher import Entry, Match
from preconsult.triage.regex_first import FirstIndex, first_set, text_keys

__all__ = ["Composer"]

_SENSATIONS = {
    "疼": "痛", "痛": "痛", "痒": "痒", "肿": "肿", "麻": "麻", "胀": "胀",
    # qualities too: "嘴巴特别干", "眼睛老是涩", "腰很酸", "手指早上僵"
    "干": "干", "涩": "涩", "酸": "酸", "僵": "僵",
}  # fmt: skip
_MAX_GAP = 5
_NEGATION = re.compile(r"没有|不|没|无")
_QUALITIES = "干涩酸僵"
_BREAK = re.compile(r"[\s，,。.;；!！?？、和及与]")
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
        # only the patterns that can start on a character of the text run (regex_first.py)
        self._first = FirstIndex([first_set(p) for p, _ in self.patterns])
        parts = sorted({body for body, _ in pairs}, key=len, reverse=True)
        self._regex = re.compile("(" + "|".join(map(re.escape, parts)) + ")") if parts else None

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
        for i in self._first.candidates(text_keys(text)):
            pattern, ref = self.patterns[i]
            for m in pattern.finditer(text):
                out.append(Match(m.start(), m.end(), m.group(0), Entry("symptom", ref, 8)))
        if self._regex is None:
            return out
        last_end = 0
        for m in self._regex.finditer(text):
            if m.start() < last_end:  # inside a phrase already read ("月经前乳房胀痛")
                continue
            body = m.group(1)
            # the first sensation within the gap that names a symptom with this body part
            # ("关节酸疼": 关节+疼 when only that pair is known)
            symptom_id = None
            gap_end = m.end()
            for k in range(m.end(), min(len(text), m.end() + _MAX_GAP + 1)):
                ch = text[k]
                if _BREAK.match(ch):
                    break
                if ch in _SENSATIONS:
                    symptom_id = self.pairs.get((body, _SENSATIONS[ch]))
                    if symptom_id is not None:
                        gap_end = k
                        break
                    if ch not in _QUALITIES:  # only a quality is passed over ("关节酸疼")
                        break
            if symptom_id is None:
                continue
            gap = text[m.end() : gap_end]
            end = gap_end + 1
            start = m.start()
            neg = None if _MILD.search(gap) else _NEGATION.search(gap)
            if neg:  # "胸口不疼": a negation cue, then the symptom
                cue = m.end() + neg.start()
                out.append(
                    Match(cue, cue + len(neg.group(0)), neg.group(0), Entry("neg", neg.group(0), 5))
                )
                start = cue + len(neg.group(0))
            out.append(Match(start, end, text[start:end], Entry("symptom", symptom_id, 8)))
            last_end = end
        return out
