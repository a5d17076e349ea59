"""Evaluate the red-flag rules of knowledge/red_flags/ against what was found in a message.

A rule fires when its symptom part (``all_of`` and, if given, one of ``any_of``; symptoms that are
present, uncertain included, never negated) or one of its ``patterns`` (not preceded by a negation or a past-time cue such as 以前/去年)
matches, and every stated ``condition`` holds. A condition on a value the patient did not state
(age, temperature, ...) does not hold. Rules with only vital-sign conditions fire on the vitals.
A rule's ``unless`` regexes (a chronic or controlled context: "吃药控制得很好", "后遗症") silence it,
but never in a message that also says something is happening now (``ACUTE_RE``: 突然, 今天, 又抽...).

A ``Prefilter`` (built once with the index) finds the rules that can fire without running their
regexes: a rule whose symptom part cannot hold and none of whose patterns can start on a character
of the message (preconsult/triage/regex_first.py) is not evaluated, and a kept rule runs only the
patterns that can. The hits are the same with and without it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.schemas import RedFlag, RedFlagConditions
from preconsult.triage.extract import live_spans
from preconsult.triage.lexicon import ACUTE_RE
from preconsult.triage.matcher import Match
from preconsult.triage.models import URGENCY_RANK, Demographics, Duration, RedFlagHit, Vitals
from preconsult.triage.regex_first import FirstIndex, first_set, may_match, text_keys

__all__ = ["Context", "Prefilter", "evaluate", "fires"]

Firsts = tuple[frozenset[str] | None, ...]  # FIRST set of each regex of a list


@dataclass(frozen=True)
class Context:
    text: str
    matches: list[Match]
    present: frozenset[str]
    demographics: Demographics
    vitals: Vitals
    duration: Duration | None
    severity: str | None


def _at_least(value: float | None, bound: float | None) -> bool:
    return bound is None or (value is not None and value >= bound)


def _at_most(value: float | None, bound: float | None) -> bool:
    return bound is None or (value is not None and value <= bound)


def _conditions_hold(c: RedFlagConditions, ctx: Context) -> bool:
    d, v = ctx.demographics, ctx.vitals
    months = d.age * 12 if d.age is not None else None
    hours = ctx.duration.hours if ctx.duration else None
    checks = (
        _at_least(d.age, c.age_min),
        _at_most(d.age, c.age_max)
        if c.age_max is None or d.age is not None
        else d.child and c.age_max >= 14,
        _at_least(months, c.age_min_months),
        _at_most(months, c.age_max_months),
        c.sex is None or d.sex == c.sex,
        c.pregnant is None or bool(d.pregnant) == c.pregnant,
        _at_least(v.temperature, c.temperature_min),
        _at_most(v.temperature, c.temperature_max),
        _at_least(hours, c.duration_min_hours),
        _at_most(hours, c.duration_max_hours),
        _at_least(v.systolic, c.systolic_min),
        _at_most(v.systolic, c.systolic_max),
        _at_least(v.diastolic, c.diastolic_min),
        _at_most(v.spo2, c.spo2_max),
        _at_least(v.heart_rate, c.heart_rate_min),
        _at_most(v.heart_rate, c.heart_rate_max),
        _at_least(v.glucose, c.glucose_min),
        _at_most(v.glucose, c.glucose_max),
        c.severity is None or ctx.severity == c.severity,
    )
    return all(checks)


def _runnable(
    patterns: list[re.Pattern[str]], first: Firsts | None, keys: frozenset[str] | None
) -> Sequence[re.Pattern[str]]:
    """The regexes that may match a text with these keys (all of them without a prefilter)."""
    if first is None or keys is None:
        return patterns
    return [p for p, f in zip(patterns, first, strict=True) if may_match(f, keys)]


def _excused(unless: Sequence[re.Pattern[str]], ctx: Context) -> bool:
    """An ``unless`` context is told ("吃药控制得很好") and nothing says it is happening now."""
    return any(p.search(ctx.text) for p in unless) and not ACUTE_RE.search(ctx.text)


def fires(
    flag: RedFlag,
    patterns: list[re.Pattern[str]],
    ctx: Context,
    unless: list[re.Pattern[str]] | None = None,
    *,
    keys: frozenset[str] | None = None,
    first: Firsts | None = None,
    unless_first: Firsts | None = None,
) -> bool:
    """Whether one rule fires in this context. With ``keys`` (``text_keys(ctx.text)``) and the
    FIRST sets of ``patterns`` / ``unless``, regexes that cannot match are not run."""
    has_symptom_part = bool(flag.all_of or flag.any_of)
    symptom_ok = (
        has_symptom_part
        and all(s in ctx.present for s in flag.all_of)
        and (not flag.any_of or any(s in ctx.present for s in flag.any_of))
    )
    triggered = symptom_ok or (
        bool(patterns)
        and bool(live_spans(_runnable(patterns, first, keys), ctx.text, ctx.matches, first=True))
    )
    if not has_symptom_part and not patterns:
        triggered = True  # vital-sign rule: the conditions decide
    return (
        triggered
        and _conditions_hold(flag.conditions, ctx)
        and not (unless and _excused(_runnable(unless, unless_first, keys), ctx))
    )


@dataclass(frozen=True)
class Prefilter:
    """The rules of ``flags`` that may fire in a message, and the FIRST sets of their regexes.

    A rule fires only if its symptom part holds (then its first ``all_of`` symptom, or without
    ``all_of`` one of its ``any_of``, is present), one of its patterns matches (then the message
    has a key of that pattern's FIRST set), or it has neither (a vital-sign rule: always kept).
    A rule with a pattern whose FIRST set is unknown is always kept too."""

    flags: list[RedFlag]
    patterns: dict[str, list[re.Pattern[str]]]
    unless: dict[str, list[re.Pattern[str]]] | None
    rules: FirstIndex  # position in flags -> union of its patterns' FIRST sets
    by_symptom: dict[str, tuple[int, ...]]  # symptom id -> positions of rules it may trigger
    first: dict[str, Firsts]  # flag id -> FIRST set of each of its patterns
    unless_first: dict[str, Firsts]

    @classmethod
    def build(
        cls,
        flags: list[RedFlag],
        patterns: dict[str, list[re.Pattern[str]]],
        unless: dict[str, list[re.Pattern[str]]] | None = None,
    ) -> Prefilter:
        """Pass ``evaluate`` these very objects, unchanged, with the prefilter."""
        first = {fid: tuple(map(first_set, regexes)) for fid, regexes in patterns.items()}
        unless_first = {
            fid: tuple(map(first_set, regexes)) for fid, regexes in (unless or {}).items()
        }
        unions: list[frozenset[str] | None] = []
        by_symptom: dict[str, list[int]] = {}
        for i, flag in enumerate(flags):
            sets = first.get(flag.id, ())
            if not sets:
                has_symptom_part = bool(flag.all_of or flag.any_of)
                unions.append(frozenset() if has_symptom_part else None)
            elif any(s is None for s in sets):
                unions.append(None)
            else:
                unions.append(frozenset().union(*sets))  # type: ignore[arg-type]
            for symptom in flag.all_of[:1] or flag.any_of:
                by_symptom.setdefault(symptom, []).append(i)
        return cls(
            flags,
            patterns,
            unless,
            FirstIndex(unions),
            {s: tuple(positions) for s, positions in by_symptom.items()},
            first,
            unless_first,
        )

    def candidates(self, ctx: Context, keys: frozenset[str]) -> list[RedFlag]:
        """The rules that may fire, in rule order."""
        extra = [i for s in ctx.present for i in self.by_symptom.get(s, ())]
        return [self.flags[i] for i in self.rules.candidates(keys, extra)]


def evaluate(
    flags: list[RedFlag],
    patterns: dict[str, list[re.Pattern[str]]],
    ctx: Context,
    unless: dict[str, list[re.Pattern[str]]] | None = None,
    prefilter: Prefilter | None = None,
) -> list[RedFlagHit]:
    """Hits, most urgent first (rule order within one urgency). A ``prefilter`` built from these
    ``flags``, ``patterns`` and ``unless`` makes it cheaper, never different."""
    keys: frozenset[str] | None = None
    first: dict[str, Firsts] = {}
    unless_first: dict[str, Firsts] = {}
    chosen = flags
    if prefilter is not None:
        if not (
            prefilter.flags is flags
            and prefilter.patterns is patterns
            and prefilter.unless is unless
        ):
            raise ValueError("the prefilter was built for other red-flag rules")
        keys = text_keys(ctx.text)
        chosen = prefilter.candidates(ctx, keys)
        first, unless_first = prefilter.first, prefilter.unless_first
    hits = [
        RedFlagHit(
            id=f.id,
            name=f.name.zh_CN,
            urgency=f.urgency,
            guideline=f.guideline,
            names=f.name,
            advice=f.advice,
        )
        for f in chosen
        if fires(
            f,
            patterns.get(f.id, []),
            ctx,
            (unless or {}).get(f.id),
            keys=keys,
            first=first.get(f.id),
            unless_first=unless_first.get(f.id),
        )
    ]
    return sorted(hits, key=lambda h: -URGENCY_RANK[h.urgency])
