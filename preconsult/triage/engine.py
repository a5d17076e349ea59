"""The triage engine: text (+ known facts) -> urgency, red flags, top-3 departments, summary.

Deterministic and pure Python: the same request always gives the same result. Emergencies
(``emergency`` / ``emergency_ambulance``) get an empty department list: the answer is 急诊/120,
never a choice of outpatient departments.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from knowledge.loader import KNOWLEDGE_DIR, load_knowledge
from knowledge.schemas import HospitalProfile, LocalizedText
from preconsult.i18n import LOCALES
from preconsult.triage.background import is_background, is_confirmed
from preconsult.triage.demographics import parse_demographics
from preconsult.triage.extract import Found, find_mentions
from preconsult.triage.index import Index, build_index
from preconsult.triage.lexicon import (
    SOURCE_AFTER_RE,
    SURGERY_RE,
    asks_about_medicine,
    asks_about_surgery,
)
from preconsult.triage.models import (
    URGENCY_RANK,
    Demographics,
    Duration,
    PreconsultSummary,
    RedFlagHit,
    SymptomMention,
    TriageRequest,
    TriageResult,
    Vitals,
)
from preconsult.triage.quantities import parse_duration, parse_severity, parse_vitals
from preconsult.triage.redflags import Context, evaluate
from preconsult.triage.routing import IMPORTANCE, Evidence, modifier_applies, rank_departments
from preconsult.triage.semantic import SemanticRouter
from preconsult.triage.summary import build_summary
from preconsult.triage.syndromes import Held, held_syndromes

__all__ = ["TriageEngine", "get_engine"]

# a general problem of old age (老年病科): age, and how many body systems or named diseases
GERIATRIC_SYMPTOM = "elderly_multimorbidity"
GERIATRIC_AGE = 75
GERIATRIC_SITES = 3
GERIATRIC_SHARE = 0.75
# a confirmed diagnosis ("确诊了再生障碍性贫血") weighs like a stated request, above the complaints it
# causes ("口腔溃疡"): twice a named disease (2.5 times a derived ICD name)
CONFIRMED_SCALE = {"disease": 2.0, "icd": 2.5}

_SEVERITY_WORDS = {
    "mild": "mild",
    "moderate": "moderate",
    "severe": "severe",
    "轻": "mild",
    "中": "moderate",
    "重": "severe",
}


class TriageEngine:
    """Holds the knowledge index; ``assess`` and ``screen`` are cheap and thread-safe."""

    def __init__(self, index: Index, semantic: SemanticRouter | None = None) -> None:
        self.index = index
        # routes a message in which no knowledge phrase is found (optional: built with the
        # answer index by `preconsult knowledge build`)
        self.semantic = semantic

    @classmethod
    def from_knowledge(cls, profile: str = "default", root: Path = KNOWLEDGE_DIR) -> TriageEngine:
        return cls(build_index(load_knowledge(root, profile=profile)))

    # ------------------------------------------------------------ extraction
    def _found(self, text: str, known: list[str]) -> tuple[str, list[Found], Context | None, list]:  # type: ignore[type-arg]
        norm = self.index.normalize(text)
        found, matches = find_mentions(norm, self.index.matcher, self.index.composer)
        for item in known:
            if item in self.index.symptoms:
                found.append(
                    Found(
                        "symptom", item, self.index.symptoms[item].name.zh_CN, -1, -1, False, False
                    )
                )
            else:
                extra, _ = find_mentions(self.index.normalize(item), self.index.matcher)
                found.extend(
                    Found(f.kind, f.ref, f.surface, -1, -1, f.negated, f.uncertain, f.past)
                    for f in extra
                )
        return norm, found, None, matches

    def _demographics(
        self, norm: str, age: float | None, sex: str | None, pregnant: bool | None
    ) -> Demographics:
        parsed = parse_demographics(norm)
        final_age = age if age is not None else parsed.age
        if age is not None and parsed.age is not None and age == int(age) <= parsed.age < age + 1:
            final_age = parsed.age  # a form's whole years (0) refined by the text ("宝宝6个月")
        return Demographics(
            age=final_age,
            sex=sex or parsed.sex,  # type: ignore[arg-type]
            pregnant=pregnant if pregnant is not None else parsed.pregnant,
            gestation_weeks=parsed.gestation_weeks,
            child=(final_age < 14) if final_age is not None else parsed.child,
        )

    def _mentions(
        self, norm: str, found: list[Found], demo: Demographics, held: list[Held] | None = None
    ) -> tuple[list[SymptomMention], list[SymptomMention], list[Evidence]]:
        merged: dict[tuple[str, str], Found] = {}
        # a symptom told twice, once in a word that also names a disease ("关节炎") and once in its
        # own words ("手腕手指肿"), keeps the place of its own words: the disease routes for the
        # word, the symptom for the rest (below, a symptom at a disease's place does not route)
        named_at = {(f.start, f.end) for f in found if f.kind == "disease" and f.start >= 0}
        for f in found:
            key = (f.kind, f.ref)
            old = merged.get(key)
            if old is None:
                merged[key] = f
            elif (f.negated, f.past, f.uncertain) < (old.negated, old.past, old.uncertain):
                merged[key] = Found(
                    f.kind, f.ref, f.surface, old.start, old.end, f.negated, f.uncertain, f.past
                )
            elif (
                f.kind == "symptom"
                and (f.negated, f.past, f.uncertain) == (old.negated, old.past, old.uncertain)
                and (old.start, old.end) in named_at
                and f.start >= 0
                and (f.start, f.end) not in named_at
            ):
                merged[key] = f
        symptoms: list[SymptomMention] = []
        diseases: list[SymptomMention] = []
        evidence: list[Evidence] = []
        context: list[Evidence] = []
        # one word naming both a symptom and a disease ("口腔溃疡") routes once, as the disease
        disease_spans = {
            (f.start, f.end) for f in merged.values() if f.kind == "disease" and f.start >= 0
        }
        # a disease word that also names a context symptom ("怀孕" = 妊娠) is context too
        context_spans = {
            (f.start, f.end)
            for f in found
            if f.kind == "symptom" and f.start >= 0 and self.index.symptoms[f.ref].context
        }
        # a disease or symptom word inside a longer symptom phrase ("卵巢有个囊肿", "蝴蝶样的红斑")
        # routes as that phrase (a word at the head of the phrase, "癫痫病", still counts)
        symptom_spans = [
            (f.start, f.end) for f in merged.values() if f.kind == "symptom" and f.start >= 0
        ]
        refined = {
            general
            for f in merged.values()
            if f.kind == "symptom" and not f.negated
            for general in self.index.symptoms[f.ref].refines
        }
        # a syndrome that holds routes for the symptoms it used (knowledge/syndromes/)
        held = held or []
        refined.update(sid for h in held if h.syndrome.explains for sid in h.symptoms)
        explained = {name for h in held if h.syndrome.explains for name in h.diseases}
        used = [span for h in held for span in h.spans]  # words a syndrome's regexes read

        def inside_phrase(f: Found) -> bool:
            return f.start >= 0 and any(
                lo <= f.start and f.end <= hi and hi - lo > f.end - f.start
                for lo, hi in symptom_spans
            )

        def used_by_syndrome(f: Found) -> bool:
            return f.start >= 0 and any(lo <= f.start and f.end <= hi for lo, hi in used)

        starts = sorted(
            f.start
            for f in merged.values()
            if f.kind in ("symptom", "disease") and f.start >= 0 and not f.negated
        )

        def background(f: Found, kind: str) -> bool:
            # a condition is background only if every time it is named it is told as such
            told = [
                x
                for x in found
                if (x.kind, x.ref) == (f.kind, f.ref) and x.start >= 0 and not x.negated
            ] or [f]
            return all(
                is_background(
                    norm, x.start, x.end, kind, x.past, [s for s in starts if s != x.start]
                )
                for x in told
            )

        for f in sorted(merged.values(), key=lambda x: (x.start < 0, x.start)):
            surface = norm[f.start : f.end] if f.start >= 0 else f.surface
            if f.kind == "symptom":
                s = self.index.symptoms[f.ref]
                weights = dict(s.departments)
                for mod in s.modifiers:
                    if modifier_applies(mod.when, demo):
                        for code, w in mod.departments.items():
                            weights[code] = weights.get(code, 0.0) + w
                symptoms.append(
                    SymptomMention(
                        s.id,
                        s.name,
                        "symptom",
                        surface,
                        f.start,
                        f.negated,
                        f.uncertain,
                        weights,
                        f.past,
                    )
                )
                # ... or a shorter symptom at the head of a longer one ("腰疼" in "腰疼早上最重活动后好转")
                inside = any(
                    (lo < f.start and f.end <= hi) or (lo == f.start and f.end < hi)
                    for lo, hi in symptom_spans
                )
                inside = (
                    inside or s.id in refined
                )  # "右下腹疼" routes as 右下腹痛, not also as 腹痛
                if not f.negated and (f.start, f.end) not in disease_spans and not inside:
                    ev = Evidence(
                        "symptom",
                        s.name,
                        weights,
                        f.uncertain or f.past,
                        s.importance,
                        background(f, "symptom"),
                    )
                    source = f.end >= 0 and SOURCE_AFTER_RE.match(norm, f.end)
                    (context if s.context or source else evidence).append(ev)
            elif f.kind == "disease":
                d = self.index.diseases[f.ref]
                name = self.index.disease_label(f.ref)
                diseases.append(
                    SymptomMention(
                        d.name,
                        name,
                        "disease",
                        surface,
                        f.start,
                        f.negated,
                        f.uncertain,
                        dict(d.departments),
                        f.past,
                    )
                )
                kind = "disease" if f.ref in self.index.curated else "icd"
                inside = any(
                    lo < f.start and f.end <= hi for lo, hi in symptom_spans
                )  # the phrase names the organ first; "癫痫病" (disease at its head) keeps both
                inside = (
                    inside or f.ref in explained or used_by_syndrome(f)
                )  # a syndrome routes for it
                if not f.negated and not inside:
                    told_background = background(f, kind)
                    confirmed = not (f.uncertain or f.past or told_background) and is_confirmed(
                        norm, f.start, f.end
                    )
                    ev = Evidence(
                        kind,
                        name,
                        dict(d.departments),
                        f.uncertain or f.past,
                        scale=CONFIRMED_SCALE[kind] if confirmed else 1.0,
                        background=told_background,
                    )
                    (context if (f.start, f.end) in context_spans else evidence).append(ev)
            elif (
                f.kind == "keyword"
                and not f.negated
                and not SURGERY_RE.fullmatch(surface)
                and not inside_phrase(f)
                and not SOURCE_AFTER_RE.match(norm, f.end)
                and (f.start, f.end) not in context_spans
            ):
                # "surgery"/"手术" asks about an operation (the surgical boost), it names no department;
                # an organ word inside a longer symptom phrase ("肝" in "肝上长了个血管瘤") is routed by
                # that phrase, not again as a department keyword; a test told as the source of a
                # finding ("胃镜说...") or a context word ("怀孕", "体检") does not route as a keyword
                # either: like its symptom, it routes only when nothing else does (below)
                dept = self.index.knowledge.departments[f.ref]
                label = dept.name.model_copy(
                    update={"zh_CN": f.surface, "zh_TW": f.surface, "en": f.surface}
                )
                evidence.append(Evidence("keyword", label, {f.ref: 1.0}, f.uncertain))
        # ... weighing at least as much as the strongest of them
        evidence += [
            Evidence(
                "symptom",
                h.syndrome.name,
                dict(h.syndrome.departments),
                scale=max(
                    [h.syndrome.importance]
                    + [self.index.symptoms[sid].importance for sid in h.symptoms]
                    + [IMPORTANCE["disease"]] * bool(h.diseases)
                ),
            )
            for h in held
        ]
        if not any(ev.kind != "keyword" for ev in evidence):
            evidence = context + evidence  # 体检/怀孕 route only when nothing else does
        geriatric = self._geriatric(symptoms, evidence, demo)
        if geriatric is not None:
            evidence.append(geriatric)
        return symptoms, diseases, evidence

    def _geriatric(
        self, symptoms: list[SymptomMention], evidence: list[Evidence], demo: Demographics
    ) -> Evidence | None:
        """A very old patient with problems in several body systems, or several named diseases, is
        a general problem for 老年病科 (knowledge: the ``elderly_multimorbidity`` symptom)."""
        s = self.index.symptoms.get(GERIATRIC_SYMPTOM)
        if s is None or demo.age is None or demo.age < GERIATRIC_AGE:
            return None
        routed = {id(ev.label) for ev in evidence if ev.kind == "symptom" and not ev.background}
        sites = {
            self.index.symptoms[m.id].body_site
            for m in symptoms
            if id(self.index.symptoms[m.id].name) in routed
            and not self.index.symptoms[m.id].context
        }
        named = {
            ev.label.zh_CN
            for ev in evidence
            if ev.kind in ("disease", "icd") and not ev.uncertain and not ev.background
        }
        if len(sites) < GERIATRIC_SITES and len(named) < GERIATRIC_SITES:
            return None
        # as much as the rest of the message together, so one organ's share does not win alone
        told = sum(IMPORTANCE[ev.kind] * ev.scale for ev in evidence if not ev.background)
        return Evidence("symptom", s.name, dict(s.departments), scale=GERIATRIC_SHARE * told)

    def _context(
        self, text: str, known: list[str], age: float | None, sex: str | None, pregnant: bool | None,
        onset: str | None = None, severity: str | None = None,
    ) -> tuple[Context, list[Found]]:  # fmt: skip
        norm, found, _, matches = self._found(text, known)
        demo = self._demographics(norm, age, sex, pregnant)
        duration: Duration | None = parse_duration(self.index.normalize(onset)) if onset else None
        duration = duration or parse_duration(norm)
        stated = None
        if severity:
            word = severity.strip().lower().removesuffix("分")
            stated = _SEVERITY_WORDS.get(word) or parse_severity(self.index.normalize(severity))
            if stated is None and word.isdigit() and int(word) <= 10:  # a 0-10 pain score
                stated = "severe" if int(word) >= 7 else "moderate" if int(word) >= 4 else "mild"
        stated = stated or parse_severity(norm)
        present = frozenset(
            f.ref for f in found if f.kind == "symptom" and not f.negated and not f.past
        )
        ctx = Context(norm, matches, present, demo, parse_vitals(norm), duration, stated)
        return ctx, found

    # ------------------------------------------------------------ public API
    def screen(
        self,
        text: str,
        age: float | None = None,
        sex: str | None = None,
        pregnant: bool | None = None,
    ) -> list[RedFlagHit]:
        """Red flags in one message (fast enough for every turn of a conversation)."""
        ctx, _ = self._context(text, [], age, sex, pregnant)
        return evaluate(
            self.index.red_flags, self.index.patterns, ctx, self.index.unless, self.index.prefilter
        )

    def assess(
        self,
        request: TriageRequest,
        route_emergencies: bool = False,
        canonical: bool = False,
        *,
        semantic: bool = True,
    ) -> TriageResult:
        """Full triage of one request. For evaluations only: ``route_emergencies`` ranks departments
        even for emergencies, ``canonical`` skips the hospital-profile mapping. ``semantic=False``
        skips the semantic back-off (an embedding, ~0.1 s) for callers that only want the
        symptoms found."""
        ctx, found = self._context(
            request.text, request.known_symptoms, request.age, request.sex, request.pregnant,
            request.onset, request.severity,
        )  # fmt: skip
        demo = ctx.demographics
        named = frozenset(
            f.ref for f in found if f.kind == "disease" and not f.negated and not f.past
        )
        held = held_syndromes(self.index.syndromes, ctx.text, ctx.matches, ctx.present, demo, named)
        symptoms, diseases, evidence = self._mentions(ctx.text, found, demo, held)
        if semantic and self.semantic is not None and not evidence:
            routed = self.semantic.route(request.text)
            if routed is not None:
                evidence.append(Evidence("semantic", routed[1], routed[0]))
        hits = evaluate(
            self.index.red_flags, self.index.patterns, ctx, self.index.unless, self.index.prefilter
        )
        urgency = _urgency(
            hits, symptoms, diseases, self.index, ctx.severity, ctx.vitals, demo, ctx.duration
        )
        emergency = URGENCY_RANK[urgency] >= URGENCY_RANK["emergency"]
        k = self.index.knowledge
        departments = (
            []
            if emergency and not route_emergencies
            else rank_departments(
                evidence,
                demo,
                k.departments,
                None if canonical else k.profile,
                request.locale,
                surgical=asks_about_surgery(ctx.text),
                medicine=asks_about_medicine(ctx.text),
            )
        )
        summaries: dict[str, PreconsultSummary] = {
            loc: build_summary(
                loc, symptoms, diseases, demo, ctx.duration, ctx.severity, ctx.vitals, hits
            )
            for loc in LOCALES
        }
        return TriageResult(
            urgency=urgency,  # type: ignore[arg-type]
            red_flags=hits,
            departments=departments,
            symptoms=symptoms,
            diseases=diseases,
            summary=summaries[request.locale],
            demographics=demo,
            duration=ctx.duration,
            severity=ctx.severity,
            vitals=ctx.vitals,
            locale=request.locale,
            summaries=summaries,
            emergency_phone=k.profile.emergency_phone if emergency else None,
            emergency_department=_emergency_place(k.profile) if emergency else None,
        )


def _urgency(
    hits: list[RedFlagHit],
    symptoms: list[SymptomMention],
    diseases: list[SymptomMention],
    index: Index,
    severity: str | None,
    vitals: Vitals,
    demo: Demographics,
    duration: Duration | None,
) -> str:
    """Red flags decide first; else severe symptoms or 39℃ -> urgent; a few mild symptoms in a
    non-fragile adult for <= 3 days -> self_care; everything else -> routine."""
    if hits:
        return hits[0].urgency
    positive = [s for s in symptoms if not s.negated and not s.past]
    known = [index.symptoms[s.id] for s in positive]
    levels = [k.severity for k, s in zip(known, positive, strict=True) if not s.uncertain]
    worrying = any(level in ("moderate", "severe", None) for level in levels)
    if "severe" in levels or (severity == "severe" and worrying) or (vitals.temperature or 0) >= 39:
        return "urgent"
    fragile = (
        demo.pregnant or demo.child or (demo.age is not None and (demo.age < 14 or demo.age >= 65))
    )
    named = [d for d in diseases if not d.negated]  # a past disease still needs a doctor
    if (
        positive
        and not named
        and not fragile
        and severity in (None, "mild")
        and (duration is None or duration.hours <= 72)
        and all(k.severity == "mild" and k.body_site != "mind" for k in known)
    ):
        return "self_care"
    return "routine"


def _emergency_place(profile: HospitalProfile) -> dict[str, LocalizedText | None] | None:
    place = profile.departments.get("20")
    return {"name": place.name, "location": place.location, "hours": place.hours} if place else None


@lru_cache(maxsize=1)
def get_engine() -> TriageEngine:
    """The process-wide engine, knowledge loaded once (env: PRECONSULT_HOSPITAL_PROFILE,
    PRECONSULT_KNOWLEDGE_DIR)."""
    root = Path(os.environ.get("PRECONSULT_KNOWLEDGE_DIR") or KNOWLEDGE_DIR)
    engine = TriageEngine.from_knowledge(
        os.environ.get("PRECONSULT_HOSPITAL_PROFILE", "default"), root
    )
    if os.environ.get("PRECONSULT_TRIAGE_SEMANTIC", "on").lower() not in ("0", "off", "false"):
        engine.semantic = semantic_router(engine.index)
    return engine


def semantic_router(index: Index, build: bool = False) -> SemanticRouter | None:
    """The semantic back-off on the e5 model, from its cache under PRECONSULT_DATA_DIR/triage/
    (``build``: embed the phrases when the cache is missing or stale; minutes). None when the
    cache is missing and ``build`` is false: routing then works without it."""
    from preconsult.answers.embedder import MODEL_NAME, get_embedder
    from preconsult.answers.settings import get_settings
    from preconsult.triage.semantic import load_or_build_router, router_phrases

    k = index.knowledge
    phrases = router_phrases(k.symptoms, k.departments)
    cache = get_settings().data_dir / "triage"
    # the model loads on first use: not at all when there is no cache and nothing to build
    return load_or_build_router(
        phrases,
        cache,
        MODEL_NAME,
        lambda texts: get_embedder().embed_queries(texts),
        (lambda texts: get_embedder().embed_passages(texts)) if build else None,
    )
