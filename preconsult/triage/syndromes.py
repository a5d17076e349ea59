"""Combinations of findings that point to a department more strongly than each finding alone.

A syndrome of knowledge/syndromes/ (joint pain + morning stiffness, a thyroid nodule + a biopsy or
an operation, an old patient + many medicines + falls) holds when its ``require``d findings and at
least ``at_least`` findings in all are present and its ``conditions`` (age, sex) hold. A finding is
present when one of its symptoms or diseases was found (not negated, not told as history; uncertain
counts) or
one of its regexes matches outside a negation or a past-time clause, like a red-flag pattern.

When a syndrome holds it routes as one finding of its ``importance`` (a named disease is 3; at
least the importance of the strongest symptom it used), and the symptoms it used stop routing on
their own, as a symptom's ``refines`` does (so do diseases named inside the words its regexes read:
"高血压冠心病和骨质疏松" as the many-diseases finding of a geriatric syndrome): "手指关节肿痛，
早上僵硬一个多小时" is one inflammatory-arthritis picture, not a bone complaint plus a stiffness.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.schemas import Syndrome
from preconsult.triage.extract import live_spans
from preconsult.triage.matcher import Match
from preconsult.triage.models import Demographics
from preconsult.triage.routing import modifier_applies

__all__ = ["CompiledSyndrome", "Held", "compile_syndrome", "held_syndromes"]


@dataclass(frozen=True)
class CompiledSyndrome:
    syndrome: Syndrome
    patterns: dict[str, list[re.Pattern[str]]]  # finding name -> its regexes (normalised chars)


@dataclass(frozen=True)
class Held:
    """A syndrome that holds, and the symptom ids and disease names that made its findings present."""

    syndrome: Syndrome
    findings: tuple[str, ...]
    symptoms: frozenset[str]
    diseases: frozenset[str] = frozenset()
    # where its regexes matched: the words there are the syndrome's ("高血压冠心病" in a list of
    # diseases), so what is named inside them routes through the syndrome, not on its own
    spans: tuple[tuple[int, int], ...] = ()


def compile_syndrome(syndrome: Syndrome, map_chars: dict[str, str]) -> CompiledSyndrome:
    """Regexes compiled once, written in simplified characters (``map_chars``: t -> s)."""
    return CompiledSyndrome(
        syndrome,
        {
            name: [
                re.compile("".join(map_chars.get(ch, ch) for ch in p), re.IGNORECASE)
                for p in finding.patterns
            ]
            for name, finding in syndrome.findings.items()
        },
    )


def held_syndromes(
    syndromes: list[CompiledSyndrome],
    text: str,
    matches: list[Match],
    present: frozenset[str],
    demo: Demographics,
    diseases: frozenset[str] = frozenset(),
) -> list[Held]:
    """The syndromes that hold in a message (``present``: symptom ids found, ``diseases``: disease
    names found, neither negated nor past)."""
    out: list[Held] = []
    for compiled in syndromes:
        s = compiled.syndrome
        if not modifier_applies(s.conditions, demo):
            continue
        names: list[str] = []
        used: set[str] = set()
        named: set[str] = set()
        # required findings first; stop as soon as the syndrome cannot hold (a regex is the
        # costly check: skipped once enough findings are present)
        order = s.require + [n for n in s.findings if n not in s.require]
        for i, name in enumerate(order):
            finding = s.findings[name]
            hit = [sid for sid in finding.symptoms if sid in present]
            told = [d for d in finding.diseases if d in diseases]
            needed = name in s.require or len(names) < s.at_least
            if (
                hit
                or told
                or (needed and live_spans(compiled.patterns[name], text, matches, first=True))
            ):
                names.append(name)
                used.update(hit)
                named.update(told)
            elif name in s.require or len(names) + len(order) - i - 1 < s.at_least:
                break
        else:
            if len(names) >= s.at_least:
                spans = (
                    tuple(
                        span
                        for n in names
                        for span in live_spans(compiled.patterns[n], text, matches)
                    )
                    if s.explains
                    else ()
                )
                out.append(Held(s, tuple(names), frozenset(used), frozenset(named), spans))
    return out
