"""Output guardrails for LLM answers: citations, support, numbers, diagnosis language.

Every sentence must cite a passage and be supported by it (character n-gram overlap, or
embedding similarity when the answer is in another language than the source); every number must
occur in the sources; no diagnosis or prescription language. Any failure → the caller sends the
extractive answer instead and logs the event.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from preconsult.answers.guardrails.input import _compiled
from preconsult.answers.text import has_cjk, split_sentences, to_simplified

__all__ = ["OutputCheck", "check_output", "numbers_in"]

_CITE = re.compile(r"\[(\d+)\]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
SUPPORT_NGRAM = 0.5  # share of a sentence's character bigrams found in its cited passage
SUPPORT_COSINE = 0.87  # e5 cosine for a cross-language sentence (unrelated text scores ~0.80)

Similarity = Callable[[str, str], float]


@dataclass(frozen=True)
class OutputCheck:
    """Result of checking one LLM answer; ``failures`` are guardrail ids."""

    failures: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def numbers_in(text: str) -> set[str]:
    """Numbers written in ``text`` (citation markers excluded), normalised ("5.0" → "5")."""
    found = set()
    for raw in _NUMBER.findall(_CITE.sub(" ", text)):
        found.add(raw.rstrip("0").rstrip(".") if "." in raw else raw.lstrip("0") or "0")
    return found


def _bigrams(text: str) -> set[str]:
    chars = re.sub(r"[\W_]+", "", text.lower())
    if not has_cjk(text):
        words = re.findall(r"[a-z0-9]+", text.lower())
        return {" ".join(words[i : i + 2]) for i in range(len(words) - 1)} or set(words)
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def _support(sentence: str, source: str) -> float:
    grams = _bigrams(sentence)
    if not grams:
        return 1.0
    return len(grams & _bigrams(source)) / len(grams)


def _claims(answer: str) -> list[tuple[str, list[int]]]:
    """(sentence without markers, cited numbers) for every sentence that says something."""
    claims: list[tuple[str, list[int]]] = []
    for line in answer.splitlines():
        for piece in split_sentences(line):
            marks = [int(n) for n in _CITE.findall(piece)]
            text = _CITE.sub("", piece).strip()
            if len(re.sub(r"[\W_]+", "", text)) < 4:
                if marks and claims:  # a marker that trails onto its own piece
                    claims[-1][1].extend(marks)
                continue
            claims.append((text, marks))
    return claims


def check_output(
    answer: str,
    sources: Sequence[str],
    *,
    similarity: Similarity | None = None,
) -> OutputCheck:
    """Check an LLM ``answer`` whose ``[n]`` markers refer to ``sources[n-1]``."""
    failures: list[str] = []
    details: list[str] = []
    simplified = to_simplified(answer)
    claims = _claims(simplified)
    if not claims:
        return OutputCheck(["empty_answer"], ["no sentence in the answer"])
    for sentence, marks in claims:
        valid = [m for m in marks if 1 <= m <= len(sources)]
        if not valid:
            failures.append("uncited_claim")
            details.append(sentence)
            continue
        cited = " ".join(sources[m - 1] for m in valid)
        score = _support(sentence, cited)
        if score < SUPPORT_NGRAM and has_cjk(sentence) != has_cjk(cited) and similarity:
            score = 1.0 if similarity(sentence, cited) >= SUPPORT_COSINE else score
        if score < SUPPORT_NGRAM:
            failures.append("unsupported_claim")
            details.append(sentence)
    invented = numbers_in(simplified) - numbers_in(" ".join(sources))
    if invented:
        failures.append("invented_number")
        details.append(", ".join(sorted(invented)))
    for pattern in _compiled()["output_diagnosis"]:
        match = pattern.search(simplified)
        if match:
            failures.append("diagnosis_language")
            details.append(match.group(0))
            break
    return OutputCheck(sorted(set(failures)), details)


def cosine_similarity(embed: Callable[[str], np.ndarray]) -> Similarity:
    """A Similarity from an embedding function returning L2-normalised vectors."""
    return lambda a, b: float(embed(a) @ embed(b))
