"""Input guardrails: what the question asks for, decided before anything is retrieved.

Checks run in a fixed order (prompt injection, diagnosis request, prescription request,
misinformation, off-topic) over the normalised question; the patterns live in
``patterns.yml`` next to this module. Red flags are screened earlier, by the router.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

from preconsult.answers.text import normalize_question

__all__ = ["CHECKS", "InputVerdict", "check_input", "looks_health_related"]

InputKind = Literal[
    "prompt_injection", "diagnosis_request", "prescription_request", "misinformation", "off_topic"
]
_PATTERNS_FILE = Path(__file__).with_name("patterns.yml")
# guardrail id -> section of patterns.yml, in the order they are checked
CHECKS: tuple[tuple[InputKind, str], ...] = (
    ("prompt_injection", "injection"),
    ("diagnosis_request", "diagnosis_request"),
    ("prescription_request", "prescription_request"),
    ("misinformation", "misinformation"),
    ("off_topic", "off_topic"),
)


@dataclass(frozen=True)
class InputVerdict:
    """A guardrail that fired on the question and the text that triggered it."""

    kind: InputKind
    matched: str


@lru_cache(maxsize=1)
def _compiled() -> dict[str, list[re.Pattern[str]]]:
    data = yaml.safe_load(_PATTERNS_FILE.read_text(encoding="utf-8"))
    return {section: [re.compile(p, re.I) for p in patterns] for section, patterns in data.items()}


def _search(section: str, text: str) -> str | None:
    for pattern in _compiled()[section]:
        match = pattern.search(text)
        if match:
            return match.group(0)
    return None


def looks_health_related(question: str) -> bool:
    """Whether the question mentions anything about health at all."""
    return _search("health_terms", normalize_question(question)) is not None


def check_input(question: str) -> InputVerdict | None:
    """The first input guardrail that fires, or None for an ordinary health question.

    ``off_topic`` fires only when the question also has no health term, so "运动后膝盖疼" is
    not mistaken for sport small talk.
    """
    text = normalize_question(question)
    for kind, section in CHECKS:
        matched = _search(section, text)
        if matched is None:
            continue
        if kind == "off_topic" and _search("health_terms", text):
            continue
        return InputVerdict(kind=kind, matched=matched)
    return None
