"""Data quality of knowledge/red_flags/ and evals/redflags/cases.jsonl, and the promise they make:
every emergency in the suite is escalated, negated or general questions are not."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from knowledge.loader import KNOWLEDGE_DIR, load_red_flags, load_symptoms
from knowledge.schemas import RedFlag, RedFlagCase
from preconsult.triage import TriageRequest, get_engine

CASES = Path(__file__).resolve().parents[2] / "evals" / "redflags" / "cases.jsonl"
EMERGENCY = {"emergency", "emergency_ambulance"}
THEMES = {
    "cardio", "neuro", "respiratory", "bleeding", "pediatric", "obstetric", "mental_health",
    "trauma_tox", "infection_sepsis", "allergy",
}  # fmt: skip


@pytest.fixture(scope="module")
def flags() -> list[RedFlag]:
    return load_red_flags()


@pytest.fixture(scope="module")
def cases() -> list[RedFlagCase]:
    lines = CASES.read_text(encoding="utf-8").splitlines()
    return [RedFlagCase.model_validate(json.loads(line)) for line in lines if line.strip()]


def test_enough_rules_by_theme(flags: list[RedFlag]) -> None:
    assert len(flags) >= 60
    files = {p.stem for p in (KNOWLEDGE_DIR / "red_flags").glob("*.yml")}
    assert files >= THEMES
    assert sum(f.urgency == "urgent" for f in flags) >= 10, "urgent (not emergency) rules too"


def test_rules_reference_known_symptoms_and_say_what_to_do(flags: list[RedFlag]) -> None:
    known = {s.id for s in load_symptoms()}
    for flag in flags:
        missing = set(flag.all_of + flag.any_of) - known
        assert not missing, f"{flag.id}: unknown symptom ids {missing}"
        assert flag.advice is not None, f"{flag.id}: advice in zh-CN, zh-TW and en"
        assert "《" in flag.guideline or "guideline" in flag.guideline.lower(), flag.id
        if flag.urgency == "emergency_ambulance":
            assert "120" in flag.advice.zh_CN and "120" in flag.advice.en, flag.id


def test_patterns_never_match_everything(flags: list[RedFlag]) -> None:
    for flag in flags:
        for pattern in flag.patterns:
            regex = re.compile(pattern, re.IGNORECASE)
            for harmless in ("", "你好", "我想挂号", "hello", "今天天气不错"):
                assert not regex.search(harmless), f"{flag.id}: {pattern!r} matches {harmless!r}"


def test_suite_size_and_shape(cases: list[RedFlagCase]) -> None:
    emergencies = [c for c in cases if c.expected == "emergency"]
    look_alikes = [c for c in cases if c.expected == "not_emergency"]
    assert len(cases) >= 220 and len(emergencies) >= 130 and len(look_alikes) >= 90
    texts = [c.text for c in cases]
    assert len(texts) == len(set(texts)), "duplicate case texts"
    assert all(c.note for c in cases), "every case says what it tests"


def test_every_emergency_in_the_suite_is_escalated(cases: list[RedFlagCase]) -> None:
    engine = get_engine()
    missed = []
    for case in cases:
        if case.expected != "emergency":
            continue
        result = engine.assess(
            TriageRequest(
                text=case.text, age=case.age, sex=case.sex, pregnant=case.pregnant, locale="zh-CN"
            )
        )
        if result.urgency not in EMERGENCY:
            missed.append((case.text, result.urgency))
    assert not missed


@pytest.mark.parametrize(
    "text",
    [
        "没有胸痛，也不出汗，就是有点咳嗽",
        "心梗有什么症状",
        "我不发烧，嗓子有点疼",
        "昨天练胸，今天胸肌酸痛，一按就疼",
    ],
)
def test_negations_and_general_questions_are_not_emergencies(text: str) -> None:
    result = get_engine().assess(TriageRequest(text=text, age=40, locale="zh-CN"))
    assert result.urgency not in EMERGENCY, [h.id for h in result.red_flags]


@pytest.mark.parametrize(
    ("text", "age", "rule"),
    [
        ("孩子发烧4天了，精神还可以", 5, "child_fever_over_3_days"),
        ("尿里有血", 40, "hematuria"),
        ("最近头疼得厉害", 60, "new_headache_over_50"),
        ("被狗咬了", 30, "animal_bite_rabies"),
        ("血压185/100，没有不舒服", 60, "severe_hypertension_asymptomatic"),
    ],
)
def test_urgent_but_not_emergency_rules(text: str, age: float, rule: str) -> None:
    result = get_engine().assess(TriageRequest(text=text, age=age, locale="zh-CN"))
    assert result.urgency == "urgent"
    assert rule in [h.id for h in result.red_flags]


@pytest.mark.parametrize(
    "name", ["heldout.jsonl", "heldout2.jsonl", "heldout3.jsonl", "heldout4.jsonl"]
)
def test_every_emergency_in_the_held_out_sets_is_escalated(name: str) -> None:
    lines = (CASES.parent / name).read_text(encoding="utf-8").splitlines()
    held_out = [RedFlagCase.model_validate(json.loads(line)) for line in lines if line.strip()]
    engine = get_engine()
    missed = [
        case.text
        for case in held_out
        if case.expected == "emergency"
        and engine.assess(
            TriageRequest(text=case.text, age=case.age, sex=case.sex, pregnant=case.pregnant)
        ).urgency
        not in EMERGENCY
    ]
    assert not missed


def test_unless_clauses_are_checked_regexes() -> None:
    base = {
        "id": "x",
        "name": {"zh-CN": "抽搐", "zh-TW": "抽搐", "en": "seizure"},
        "urgency": "emergency",
        "guideline": "test",
        "any_of": ["seizure"],
    }
    assert RedFlag.model_validate({**base, "unless": ["吃药控制"]}).unless == ["吃药控制"]
    with pytest.raises(ValueError, match="bad regex"):
        RedFlag.model_validate({**base, "unless": ["(控制"]})
