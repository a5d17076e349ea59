"""Build the engine's look-up structures once from ``knowledge.loader.Knowledge``.

The dictionary holds symptom names and synonyms, disease names (curated names win over the derived
ICD-10 table), department keywords and the language cues; a traditional -> simplified table is
learned from the zh-TW/zh-CN names of the knowledge files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.loader import Knowledge
from knowledge.schemas import Disease, LocalizedText, RedFlag, Symptom
from preconsult.triage.compose import Composer
from preconsult.triage.lexicon import GUARD_WORDS, NEGATION_CUES, PAST_CUES, UNCERTAINTY_CUES
from preconsult.triage.matcher import Entry, Matcher
from preconsult.triage.redflags import Prefilter
from preconsult.triage.syndromes import CompiledSyndrome, compile_syndrome
from preconsult.triage.text import base_table, normalize, translation_table

__all__ = ["Index", "build_index"]

_PRIORITY = {
    "symptom": 8,
    "unc": 7,
    "guard": 6,
    "neg": 5,
    "disease_curated": 4,
    "disease": 2,
    "keyword": 1,
}


@dataclass
class Index:
    knowledge: Knowledge
    matcher: Matcher
    t2s: dict[str, str]
    translation: dict[int, int]
    symptoms: dict[str, Symptom]
    diseases: dict[str, Disease]
    disease_names: dict[str, LocalizedText]
    patterns: dict[str, list[re.Pattern[str]]] = field(default_factory=dict)
    curated: frozenset[str] = frozenset()
    composer: Composer | None = None
    to_traditional: dict[int, int] = field(default_factory=dict)
    unless: dict[str, list[re.Pattern[str]]] = field(default_factory=dict)
    syndromes: list[CompiledSyndrome] = field(default_factory=list)
    prefilter: Prefilter | None = None  # red flags: rules and regexes worth running per message

    def disease_label(self, name: str) -> LocalizedText:
        """Display name of a disease (an English alias when the curated entry has one)."""
        label = self.disease_names.get(name)
        if label is None:
            disease = self.diseases[name]
            en = next((a for a in disease.aliases if a.isascii()), name)
            if not self.to_traditional:
                for t, simplified in self.t2s.items():
                    self.to_traditional.setdefault(ord(simplified), ord(t))
            label = LocalizedText.model_construct(
                zh_CN=name, zh_TW=name.translate(self.to_traditional), en=en
            )
            self.disease_names[name] = label
        return label

    def normalize(self, text: str) -> str:
        return normalize(text, self.translation)

    @property
    def red_flags(self) -> list[RedFlag]:
        return self.knowledge.red_flags


def _learn_t2s(knowledge: Knowledge) -> dict[str, str]:
    """Base table plus (traditional, simplified) pairs aligned in same-length zh-TW/zh-CN names;
    a character that also occurs in a zh-CN name is never rewritten (中风/卒中 must not teach 中->卒)."""
    table = base_table()
    names: list[LocalizedText] = [d.name for d in knowledge.departments.values()]
    names += [s.name for s in knowledge.symptoms] + [f.name for f in knowledge.red_flags]
    simplified_chars = {ch for name in names for ch in name.zh_CN}
    simplified_chars |= {ch for d in knowledge.disease_table for ch in d.name}
    simplified_chars |= set("候群剝離敗覆")  # shared or re-worded characters seen in names
    for name in names:
        pairs = list(zip(name.zh_TW, name.zh_CN, strict=False))
        differing = sum(1 for t, s in pairs if t != s)
        if len(name.zh_TW) == len(name.zh_CN) and differing * 2 <= len(
            pairs
        ):  # a rewording is not a spelling
            for t, s in pairs:
                if (
                    t != s
                    and t not in simplified_chars
                    and "\u4e00" <= t <= "\u9fff"
                    and "\u4e00" <= s <= "\u9fff"
                ):
                    table.setdefault(t, s)
    return table


def _en_variants(word: str) -> list[str]:
    w = word.lower().strip()
    if not w.isascii() or " " in w and len(w) > 30:
        return [w]
    out = [w]
    last = w.split(" ")[-1]
    if len(last) > 3 and last.isalpha():
        stem = w[:-1] if w.endswith("e") else w
        out += [w + "s", stem + "ing", stem + "ed"]
    return out


def build_index(knowledge: Knowledge) -> Index:
    t2s = _learn_t2s(knowledge)
    translation = translation_table(t2s)
    matcher = Matcher()

    def add(surface: str, kind: str, ref: str) -> None:
        prio = _PRIORITY[kind]
        entry_kind = "disease" if kind.startswith("disease") else kind
        inflect = (
            surface.isascii() and kind == "symptom"
        )  # "burn" must not match "burning when I pee"
        for variant in _en_variants(surface) if inflect else [surface]:
            key = normalize(variant, translation).strip()
            if len(key) >= 1:
                matcher.add(key, Entry(entry_kind, ref, prio))

    for cue in NEGATION_CUES:
        matcher.add(cue, Entry("neg", cue, _PRIORITY["neg"]))
    for cue in GUARD_WORDS:
        matcher.add(cue, Entry("guard", cue, _PRIORITY["guard"]))
    for cue in UNCERTAINTY_CUES:
        matcher.add(cue, Entry("unc", cue, _PRIORITY["unc"]))
    for cue in PAST_CUES:
        matcher.add(cue, Entry("past", cue, _PRIORITY["unc"]))

    symptoms = {s.id: s for s in knowledge.symptoms}
    for s in knowledge.symptoms:
        for surface in [s.name.zh_CN, s.name.zh_TW, *s.synonyms]:
            if len(surface) >= 2:
                add(surface, "symptom", s.id)
        for surface in [s.name.en, *s.en_synonyms]:
            if len(surface) >= 3:
                add(surface, "symptom", s.id)

    diseases: dict[str, Disease] = {}
    names: dict[str, LocalizedText] = {}
    for curated, group in ((True, knowledge.diseases), (False, knowledge.disease_table)):
        for disease in group:
            if disease.name in diseases:
                continue
            diseases[disease.name] = disease
            kind = "disease_curated" if curated else "disease"
            for surface in [disease.name, *disease.aliases]:
                if len(surface) >= 2 and (curated or _plausible_name(surface)):
                    add(surface, kind, disease.name)

    for dept in knowledge.departments.values():
        for surface in [dept.name.zh_CN, dept.name.zh_TW, dept.name.en, *dept.keywords]:
            if len(surface) >= 1:
                add(surface, "keyword", dept.code)

    patterns = {
        flag.id: [re.compile(_map_chars(p, t2s), re.IGNORECASE) for p in flag.patterns]
        for flag in knowledge.red_flags
    }
    unless = {
        flag.id: [re.compile(_map_chars(p, t2s), re.IGNORECASE) for p in flag.unless]
        for flag in knowledge.red_flags
        if flag.unless
    }
    curated_names = frozenset(d.name for d in knowledge.diseases)
    composer = Composer.learn(
        (
            (normalize(surface, translation), s.id)
            for s in knowledge.symptoms
            for surface in [s.name.zh_CN, *s.synonyms]
        ),
        [
            (re.compile(_map_chars(p, t2s), re.IGNORECASE), s.id)
            for s in knowledge.symptoms
            for p in s.patterns
        ],
    )
    return Index(
        knowledge,
        matcher,
        t2s,
        translation,
        symptoms,
        diseases,
        names,
        patterns,
        curated_names,
        composer,
        unless=unless,
        syndromes=[compile_syndrome(s, t2s) for s in knowledge.syndromes],
        prefilter=Prefilter.build(knowledge.red_flags, patterns, unless),
    )


_DISEASE_ENDINGS = set("炎病症癌瘤疮癣疹痣疝痔疣痈疖瘘瘫痹痨疸癫痫疟痢痧肿伤折裂塞死障碍亢退衰石痛")
_ADJECTIVE_ENDINGS = set("的性型期度级后前侧部")


def _plausible_name(name: str) -> bool:
    """Derived ICD names patients could say: not an adjective or a fragment; 2-3 characters only
    when they end like a disease (炎, 病, 症, 瘤 ...)."""
    if name[0].isdigit() or name[-1] in _ADJECTIVE_ENDINGS:
        return False
    return len(name) >= 4 or name[-1] in _DISEASE_ENDINGS


def _map_chars(pattern: str, table: dict[str, str]) -> str:
    return "".join(table.get(ch, ch) for ch in pattern)
