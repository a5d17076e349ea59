"""The pre-consultation summary: 主诉 in clinical style ("胸痛2小时"), a 现病史 draft, negatives, red flags."""

from __future__ import annotations

from preconsult.i18n import N_, gettext
from preconsult.triage.models import (
    Demographics,
    Duration,
    PreconsultSummary,
    RedFlagHit,
    SymptomMention,
    Vitals,
)

__all__ = ["build_summary"]

CC = N_("{symptoms}{duration}")
WITH = N_("{first}伴{second}")
PROFILE = N_("患者（{profile}）")
ONSET = N_("{duration}前出现{symptoms}")
NO_ONSET = N_("出现{symptoms}")
SEVERITY = {"severe": N_("程度较重"), "moderate": N_("程度中等"), "mild": N_("程度较轻")}
UNCERTAIN = N_("可能伴有{items}")
NEGATIVES = N_("否认{items}")
PAST = N_("既往{items}")
VITALS = N_("自述{items}")
DISEASES = N_("提及{items}")
RED_FLAGS = N_("危险信号：{items}")
NOTHING = N_("未描述明确症状")
MALE, FEMALE = N_("男"), N_("女")
AGE_YEARS, AGE_MONTHS, AGE_DAYS = N_("{n}岁"), N_("{n}个月"), N_("{n}天")
PREGNANT, PREGNANT_WEEKS = N_("妊娠期"), N_("孕{n}周")
TEMP, BP, SPO2, HR, GLU = (
    N_("体温{v}℃"),
    N_("血压{s}/{d}mmHg"),
    N_("血氧{v}%"),
    N_("心率{v}次/分"),
    N_("血糖{v}mmol/L"),
)


def _join(locale: str, items: list[str]) -> str:
    if locale == "en":
        return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)
    return "、".join(items)


def _age(locale: str, age: float) -> str:
    if age < 1 / 12:
        return gettext(locale, AGE_DAYS, n=max(1, round(age * 365)))
    if age < 3:
        months = round(age * 12)
        if months < 36 and age < 1:
            return gettext(locale, AGE_MONTHS, n=months)
    return gettext(locale, AGE_YEARS, n=f"{age:g}")


def _vitals(locale: str, v: Vitals) -> list[str]:
    items: list[str] = []
    if v.temperature is not None:
        items.append(gettext(locale, TEMP, v=f"{v.temperature:g}"))
    if v.systolic is not None and v.diastolic is not None:
        items.append(gettext(locale, BP, s=f"{v.systolic:g}", d=f"{v.diastolic:g}"))
    if v.spo2 is not None:
        items.append(gettext(locale, SPO2, v=f"{v.spo2:g}"))
    if v.heart_rate is not None:
        items.append(gettext(locale, HR, v=f"{v.heart_rate:g}"))
    if v.glucose is not None:
        items.append(gettext(locale, GLU, v=f"{v.glucose:g}"))
    return items


def build_summary(
    locale: str,
    symptoms: list[SymptomMention],
    diseases: list[SymptomMention],
    demo: Demographics,
    duration: Duration | None,
    severity: str | None,
    vitals: Vitals,
    red_flags: list[RedFlagHit],
) -> PreconsultSummary:
    """Summary in ``locale``; mentions keep text order."""
    sep = ". " if locale == "en" else "，"
    end = "." if locale == "en" else "。"
    current = [s for s in symptoms if not s.past]
    positives = [s.name.get(locale) for s in current if not s.negated and not s.uncertain]
    uncertain = [s.name.get(locale) for s in current if not s.negated and s.uncertain]
    history_items = [m.name.get(locale) for m in symptoms + diseases if m.past and not m.negated]
    negatives = [s.name.get(locale) for s in symptoms + diseases if s.negated]
    named = [d.name.get(locale) for d in diseases if not d.negated and not d.past]
    main = positives[:2] or uncertain[:1] or named[:1]
    dur = duration.render(locale) if duration else ""
    if main:
        joined = gettext(locale, WITH, first=main[0], second=main[1]) if len(main) == 2 else main[0]
        chief = gettext(locale, CC, symptoms=joined, duration=dur) if dur else joined
    else:
        chief = gettext(locale, NOTHING)
    profile: list[str] = []
    if demo.sex:
        word = MALE if demo.sex == "male" else FEMALE
        profile.append(gettext(locale, word))
    if demo.age is not None:
        profile.append(_age(locale, demo.age))
    if demo.pregnant:
        profile.append(
            gettext(locale, PREGNANT_WEEKS, n=f"{demo.gestation_weeks:g}")
            if demo.gestation_weeks
            else gettext(locale, PREGNANT)
        )
    parts: list[str] = []
    if profile:
        parts.append(
            gettext(
                locale,
                PROFILE,
                profile=", ".join(profile) if locale == "en" else "，".join(profile),
            )
        )
    listed = positives or uncertain
    if not listed and named:
        parts.append(gettext(locale, DISEASES, items=_join(locale, named)))
    if listed:
        text = _join(locale, listed)
        parts.append(
            gettext(locale, ONSET, duration=dur, symptoms=text)
            if dur
            else gettext(locale, NO_ONSET, symptoms=text)
        )
    if severity:
        parts.append(gettext(locale, SEVERITY[severity]))
    if uncertain and positives:
        parts.append(gettext(locale, UNCERTAIN, items=_join(locale, uncertain)))
    vitals_items = _vitals(locale, vitals)
    if vitals_items:
        parts.append(gettext(locale, VITALS, items=_join(locale, vitals_items)))
    if named and (positives or uncertain):
        parts.append(gettext(locale, DISEASES, items=_join(locale, named)))
    if history_items:
        parts.append(gettext(locale, PAST, items=_join(locale, history_items)))
    if negatives:
        parts.append(gettext(locale, NEGATIVES, items=_join(locale, negatives)))
    flags = [f.name_in(locale) for f in red_flags]
    if flags:
        parts.append(gettext(locale, RED_FLAGS, items=_join(locale, flags)))
    if locale == "en":
        parts = [p[:1].upper() + p[1:] for p in parts]
        chief = chief[:1].upper() + chief[1:]
    history = (sep.join(parts) + end) if parts else gettext(locale, NOTHING) + end
    return PreconsultSummary(
        chief_complaint=chief,
        history=history,
        positives=positives,
        negatives=negatives,
        red_flags=flags,
        age=demo.age,
        sex=demo.sex,
        pregnant=demo.pregnant,
        duration=dur or None,
        severity=severity,
        vitals=vitals.to_api(),
        diseases=named,
        uncertain=uncertain,
    )
