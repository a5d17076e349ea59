"""Evaluate the red-flag rules of knowledge/red_flags/ against what was found in a message.

A rule fires when its symptom part (``all_of`` and, if given, one of ``any_of``; symptoms that are
present, uncertain included, never negated) or one of its ``patterns`` (not preceded by a negation or a past-time cue such as 以前/去年)
matches, and every stated ``condition`` holds. A condition on a value the patient did not state
(age, temperature, ...) does not hold. Rules with only vital-sign conditions fire on the vitals.
A rule's ``unless`` regexes (a chronic or controlled context: "吃药控制得很好", "后遗症") silence it,
but never in a message that also says something is happening now (``ACUTE_RE``: 突然, 今天, 又抽...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.schemas import RedFlag, RedFlagConditions
from preconsult.triage.extract import negated_at, past_at
from preconsult.triage.lexicon import ACUTE_RE
from preconsult.triage.matcher import Match
from preconsult.triage.models import URGENCY_RANK, Demographics, Duration, RedFlagHit, Vitals

__all__ = ["Context", "evaluate", "fires"]


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


def _pattern_hit(patterns: list[re.Pattern[str]], ctx: Context) -> bool:
    for pattern in patterns:
        for m in pattern.finditer(ctx.text):
            if not negated_at(ctx.text, ctx.matches, m.start()) and not past_at(
                ctx.text, ctx.matches, m.start(), m.end()
            ):
                return True
    return False


def _excused(unless: list[re.Pattern[str]], ctx: Context) -> bool:
    """An ``unless`` context is told ("吃药控制得很好") and nothing says it is happening now."""
    return any(p.search(ctx.text) for p in unless) and not ACUTE_RE.search(ctx.text)


def fires(
    flag: RedFlag,
    patterns: list[re.Pattern[str]],
    ctx: Context,
    unless: list[re.Pattern[str]] | None = None,
) -> bool:
    """Whether one rule fires in this context."""
    has_symptom_part = bool(flag.all_of or flag.any_of)
    symptom_ok = (
        has_symptom_part
        and all(s in ctx.present for s in flag.all_of)
        and (not flag.any_of or any(s in ctx.present for s in flag.any_of))
    )
    triggered = symptom_ok or (bool(patterns) and _pattern_hit(patterns, ctx))
    if not has_symptom_part and not patterns:
        triggered = True  # vital-sign rule: the conditions decide
    return (
        triggered
        and _conditions_hold(flag.conditions, ctx)
        and not (unless and _excused(unless, ctx))
    )


def evaluate(
    flags: list[RedFlag],
    patterns: dict[str, list[re.Pattern[str]]],
    ctx: Context,
    unless: dict[str, list[re.Pattern[str]]] | None = None,
) -> list[RedFlagHit]:
    """Hits, most urgent first (rule order within one urgency)."""
    hits = [
        RedFlagHit(
            id=f.id,
            name=f.name.zh_CN,
            urgency=f.urgency,
            guideline=f.guideline,
            names=f.name,
            advice=f.advice,
        )
        for f in flags
        if fires(f, patterns.get(f.id, []), ctx, (unless or {}).get(f.id))
    ]
    return sorted(hits, key=lambda h: -URGENCY_RANK[h.urgency])
