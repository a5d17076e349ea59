"""Score departments from the mentions found, apply age/sex/pregnancy rules, map to the hospital profile.

Each positive mention spreads its importance over its departments in proportion to the weights of
the knowledge files (plus matching age/sex/pregnancy modifiers): a named disease counts 3, a symptom
1 (1.5 for a name from the derived ICD-10 table; a symptom may carry its own ``importance``), a
department keyword 0.5; an uncertain mention counts 60 %; a background condition (``background``:
"糖尿病十几年", "有高血压病史") counts 15 % when the message also tells a complaint. A message asking about an operation
doubles the scores of departments that operate (``surgical``) and keeps a child's operation with
them. Then: children (< 14 or clearly a
child) move 70 % of a department's score to its ``children_to``; a department for the other sex
moves its score to ``other_sex_to``; a pregnant patient's 产科 gets half the best score as a bonus (all of it when she asks which
medicine is safe: 不敢乱吃药)
(unless the pregnancy itself is the matter: 计划生育科, 生殖医学科 lead); a department with
``sex_first`` hands 60 % of its score to the department that sees that sex first.
Finally each department is mapped to the hospital profile: one it lacks goes to the fallback that
the message also points to most, else to the first fallback the hospital has.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from knowledge.schemas import Department, HospitalProfile, LocalizedText, ModifierWhen
from preconsult.i18n import N_
from preconsult.triage.models import Demographics, DepartmentScore, Reason

__all__ = ["Evidence", "rank_departments"]

IMPORTANCE = {"disease": 3.0, "icd": 1.5, "symptom": 1.0, "keyword": 0.5, "semantic": 1.0}
# when only the semantic back-off routes (triage.semantic), 全科 stays among the three, just below
# the second department: a guess by meaning is offered with the safe first stop beside it
SEMANTIC_GENERAL_SHARE = 0.9
UNCERTAIN_FACTOR = 0.6
ORDER_DECAY = 0.2
BACKGROUND_FACTOR = (
    0.15  # a background condition next to a new complaint ("高血压二十年，最近泡沫尿")
)
CHILD_SHARE = 0.7
CHILD_AGE = 14
NEWBORN_YEARS = 28 / 365
SURGERY_BOOST = 2.0
PREGNANT_SHARE = 0.5  # a pregnant patient's 产科 gets half the best score
PREGNANT_MEDICINE_SHARE = 1.0  # ... and leads when she asks which medicine is safe
SEX_FIRST_SHARE = 0.6  # 生殖医学科 for a man: 男科 first, 生殖医学科 second
# where a pregnancy is the matter itself (ending it, conceiving), not a condition of another problem
PREGNANCY_SERVICES = ("05.03", "05.05")

R_SYMPTOM = N_("您提到“{term}”，该科室诊治此类症状")
R_DISEASE = N_("您提到“{term}”，该病由该科室诊治")
R_KEYWORD = N_("您提到“{term}”，属于该科室的诊治范围")
R_CHILD = N_("患者是儿童，建议优先儿科就诊")
R_PREGNANT = N_("孕期出现不适，建议优先产科评估")
R_FALLBACK = N_("本院未设{original}，由该科室接诊")
R_GENERAL = N_("未能确定具体科室，建议先到全科或普通内科初诊")
R_SEMANTIC = N_("您的描述与“{term}”相近，该科室诊治此类问题（按语义匹配，仅供参考）")
_CONTEXT_REASONS = {R_CHILD, R_PREGNANT, R_FALLBACK, R_GENERAL}


@dataclass(frozen=True)
class Evidence:
    """A positive mention that routes: its departments and how it is shown to users."""

    kind: str  # symptom | disease (curated) | icd (derived table) | keyword | semantic (back-off)
    label: LocalizedText
    weights: dict[str, float]
    uncertain: bool = False
    scale: float = 1.0  # a symptom's own importance (knowledge: Symptom.importance)
    background: bool = False  # a long-standing condition, not the complaint (triage.background)


@dataclass
class _Acc:
    score: float = 0.0
    reasons: dict[str, tuple[float, Reason]] = field(default_factory=dict)

    def add(self, amount: float, reason: Reason | None = None) -> None:
        self.score += amount
        if reason is not None:
            key = reason.key
            old = self.reasons.get(key)
            self.reasons[key] = ((old[0] if old else 0.0) + amount, reason)


def modifier_applies(when: ModifierWhen, demo: Demographics) -> bool:
    age = demo.age
    if age is None and demo.child and when.age_max is not None and when.age_max >= 1:
        age = 6.0  # a child of unknown age
    months = age * 12 if age is not None else None
    if when.age_min is not None and (age is None or age < when.age_min):
        return False
    if when.age_max is not None and (age is None or age > when.age_max):
        return False
    if when.age_min_months is not None and (months is None or months < when.age_min_months):
        return False
    if when.age_max_months is not None and (
        demo.age is None or demo.age * 12 > when.age_max_months
    ):
        return False
    if when.sex is not None and demo.sex != when.sex:
        return False
    return not (when.pregnant is not None and bool(demo.pregnant) != when.pregnant)


def _move(
    accs: dict[str, _Acc], source: str, target: str, share: float, reason: Reason | None
) -> None:
    acc = accs.get(source)
    if acc is None or acc.score <= 0 or source == target:
        return
    amount = acc.score * share
    acc.score -= amount
    moved = accs[target]
    moved.score += amount
    if reason is not None:
        moved.add(0.0, reason)
    for value, r in list(acc.reasons.values()):
        moved.add(0.0, r)
        old = moved.reasons[r.key]
        moved.reasons[r.key] = (old[0] + value * share, r)


def rank_departments(
    evidence: list[Evidence],
    demo: Demographics,
    departments: dict[str, Department],
    profile: HospitalProfile | None,
    locale: str,
    limit: int = 3,
    surgical: bool = False,
    medicine: bool = False,
) -> list[DepartmentScore]:
    """Top ``limit`` hospital departments, best first, scores summing to <= 1. ``surgical``: the
    patient asks about an operation (做手术, 术后, 切除), so surgical departments weigh double.
    ``medicine``: the patient asks which medicine is safe; a pregnant patient's 产科 then leads."""
    accs: dict[str, _Acc] = defaultdict(_Acc)
    rank = 0
    # what is new outweighs what the patient has had for years: background conditions count
    # 15 % and do not push the complaint down the order (unless nothing else is told)
    complaint = any(ev.kind != "keyword" and not ev.background for ev in evidence)
    for ev in evidence:
        total = sum(ev.weights.values())
        if total <= 0:
            continue
        importance = IMPORTANCE[ev.kind] * ev.scale * (UNCERTAIN_FACTOR if ev.uncertain else 1.0)
        if complaint and ev.background:
            importance *= BACKGROUND_FACTOR
        # the complaint stated first weighs most; a request (importance > 1: 康复训练, 查眼底)
        # says where to go wherever it is stated
        elif ev.kind != "keyword" and ev.scale <= 1.0:
            importance /= 1 + ORDER_DECAY * rank
            rank += 1
        msgid = {
            "symptom": R_SYMPTOM,
            "disease": R_DISEASE,
            "icd": R_DISEASE,
            "keyword": R_KEYWORD,
            "semantic": R_SEMANTIC,
        }[ev.kind]
        for code, weight in ev.weights.items():
            if code in departments:
                accs[code].add(importance * weight / total, Reason(msgid, {"term": ev.label}))
    if surgical:
        for code, acc in accs.items():
            if departments[code].surgical:
                acc.score *= SURGERY_BOOST
    # only the semantic back-off routes (triage.semantic): 全科 stays among the three
    semantic_only = bool(accs) and all(ev.kind == "semantic" for ev in evidence)
    if not accs:
        accs["02"].add(1.0, Reason(R_GENERAL))
        accs["03"].add(0.6, Reason(R_GENERAL))
    if semantic_only:
        scores = sorted((a.score for a in accs.values()), reverse=True)
        second = scores[1] if len(scores) > 1 else scores[0]
        accs["02"].add(second * SEMANTIC_GENERAL_SHARE, Reason(R_GENERAL))
    is_child = demo.child if demo.age is None else demo.age < CHILD_AGE
    if is_child:
        for code in list(accs):
            target = departments[code].children_to
            # a child's operation stays with the surgeons (扁桃体/腺样体要不要切 -> 耳鼻喉科)
            keep = (
                surgical and departments[code].surgical and not departments[target or code].surgical
            )
            if target and not keep:
                _move(accs, code, target, CHILD_SHARE, Reason(R_CHILD))
        if demo.age is not None and demo.age <= NEWBORN_YEARS:
            _move(accs, "07", "07.01", 0.5, None)
    else:
        adult_known = demo.age is not None and demo.age >= CHILD_AGE
        for code in ("07", "07.01", "08", "09"):
            if adult_known and code in accs:
                accs[code].score = 0.0
    if demo.sex:
        for code, dept in departments.items():
            if dept.sex and dept.sex != demo.sex and code in accs:
                if dept.other_sex_to:
                    _move(accs, code, dept.other_sex_to, 1.0, None)
                accs[code].score = 0.0
            first = dept.sex_first.get(demo.sex)
            if first and code in accs:
                _move(accs, code, first, SEX_FIRST_SHARE, None)
    best_code = max(accs, key=lambda c: accs[c].score, default=None)
    if demo.pregnant and best_code not in PREGNANCY_SERVICES:
        best = max((a.score for a in accs.values()), default=0.0)
        share = PREGNANT_MEDICINE_SHARE if medicine else PREGNANT_SHARE
        accs["05.02"].add(best * share + 0.01, Reason(R_PREGNANT))

    hospital: dict[str, _Acc] = defaultdict(_Acc)
    for code, acc in accs.items():
        if acc.score <= 0:
            continue
        target = code
        extra: Reason | None = None
        if profile is not None and code not in profile.departments:
            # the fallback the message itself points to most, else the first one there is
            # (no 疼痛科: pain after shingles -> 神经内科, chronic back pain -> 骨科)
            there = [t for t in profile.fallbacks.get(code, []) if t in profile.departments]
            pointed = [t for t in there if accs.get(t, _Acc()).score > 0]
            target = (
                max(pointed, key=lambda t: accs[t].score) if pointed else next(iter(there), "02")
            )
            extra = Reason(R_FALLBACK, {"original": departments[code].name})
        dest = hospital[target]
        dest.score += acc.score
        for value, reason in acc.reasons.values():
            dest.reasons.setdefault(reason.key, (value, reason))
        if extra is not None:
            dest.reasons.setdefault(extra.key, (0.001, extra))

    total = sum(a.score for a in hospital.values()) or 1.0
    ranked = sorted(hospital.items(), key=lambda kv: (-kv[1].score, kv[0]))
    if semantic_only and "02" in hospital and ("02", hospital["02"]) not in ranked[:limit]:
        # merged fallbacks (no 疼痛科 -> 骨科) can push 全科 out: it keeps the last place
        ranked = [*ranked[: limit - 1], ("02", hospital["02"])]
    ranked = ranked[:limit]
    out: list[DepartmentScore] = []
    for code, acc in ranked:
        dept = departments[code]
        ordered = [r for _, r in sorted(acc.reasons.values(), key=lambda vr: -vr[0])]
        context = [r for r in ordered if r.msgid in _CONTEXT_REASONS]
        reasons = [r for r in ordered if r.msgid not in _CONTEXT_REASONS][
            : 3 - min(len(context), 2)
        ]
        reasons += context[:2]
        place = profile.departments.get(code) if profile is not None else None
        out.append(
            DepartmentScore(
                code=code,
                name=dept.name.get(locale),
                category=dept.category,
                score=acc.score / total,
                reasons=[r.render(locale) for r in reasons],
                names=dept.name,
                reason_specs=reasons,
                hospital=(
                    {"name": place.name, "location": place.location, "hours": place.hours}
                    if place
                    else None
                ),
            )
        )
    return out
