"""Emergencies that independently written questions once slipped past (real knowledge/)."""

from __future__ import annotations

import re

import pytest

from preconsult.triage import TriageRequest, get_engine
from preconsult.triage.compose import Composer
from preconsult.triage.models import URGENCY_RANK


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("怀孕30周了，突然流出一大股水", "ruptured_membranes_gush"),
        ("拉了很多黑色柏油样的大便，站起来就眼前发黑", "melena_with_shock_signs"),
        ("骑车摔了头，现在一直吐，还犯困", "head_injury_danger_signs"),
        ("月经量特别大，一个小时湿透两片卫生巾，头晕", "heavy_vaginal_bleeding"),
        ("刚生完孩子一周，出血突然变多还有大血块", "peripartum_heavy_bleeding"),
        ("My father's face is drooping and he can't lift his left arm", "stroke_befast"),
        # found by the fourth blind set (our own rewordings, not its sentences)
        ("阿嫲啱啱突然冇反应，叫佢都唔应", "unconscious"),
        ("老爸刚才突然就没反应了", "unconscious"),
        (
            "I keep thinking about ending it and looked up how many pills it would take",
            "suicidal_ideation",
        ),
        ("查了一下吃多少片安眠药会死", "suicidal_ideation"),
        ("My son is seizing with a fever", "seizure_active"),
    ],
)
def test_missed_emergencies_now_escalate(text: str, rule: str) -> None:
    result = get_engine().assess(TriageRequest(text=text))
    assert URGENCY_RANK[result.urgency] >= URGENCY_RANK["emergency"]
    assert rule in [f.id for f in result.red_flags]
    assert result.departments == []


@pytest.mark.parametrize(
    "text",
    [
        "大便颜色正常，不黑",
        "以前吐过一次血，后来做了胃镜说没事",
        "生完孩子一个月了，恶露还有一点点淡褐色",
        "月经量比以前多一点，周期正常",
        "小孩头撞到桌角，起了个包，玩得好好的",
    ],
)
def test_phrase_families_do_not_catch_look_alikes(text: str) -> None:
    result = get_engine().assess(TriageRequest(text=text))
    assert URGENCY_RANK[result.urgency] < URGENCY_RANK["emergency"], result.red_flags


def test_symptom_patterns_find_a_phrase_no_synonym_lists() -> None:
    composer = Composer.learn([], [(re.compile(r"(黑|柏油)[^，。不没]{0,6}(大便|屎)"), "melena")])
    found = composer.find("拉了很多黑色柏油样的大便")
    assert [(m.entry.ref, m.surface) for m in found] == [("melena", "黑色柏油样的大便")]
    assert composer.find("大便颜色正常") == []


def test_negated_pattern_mention_is_negated() -> None:
    result = get_engine().assess(TriageRequest(text="没有拉黑色的大便，就是肚子有点胀"))
    melena = [s for s in result.symptoms if s.id == "melena"]
    assert melena and all(s.negated for s in melena)
    assert "melena" not in [f.id for f in result.red_flags]


def test_negation_stops_at_a_new_time_anchor() -> None:
    result = get_engine().assess(TriageRequest(text="不喝酒现在心口痛"))
    assert [(s.id, s.negated) for s in result.symptoms if s.id == "chest_pain"] == [
        ("chest_pain", False)
    ]
    result = get_engine().assess(TriageRequest(text="没有发烧，现在咳嗽"))
    assert {s.id: s.negated for s in result.symptoms} == {"fever": True, "cough": False}


def test_a_space_between_chinese_words_ends_a_clause() -> None:
    result = get_engine().assess(TriageRequest(text="气喘不上来 脸都憋紫了"))
    assert {s.id: s.negated for s in result.symptoms}.get("cyanosis") is False
    assert result.urgency == "emergency_ambulance"


@pytest.mark.parametrize(
    "text",
    [
        "我有抽搐病史，吃药控制两年没发了，想减药",
        "我有癫痫，吃药控制得很好，想问能不能怀孕",
        "孩子热性惊厥过一次，以后打疫苗要注意什么",
        "我爸三年前中风过，现在偏瘫，想做康复",
        "脑梗后遗症说话不清楚，能针灸吗",
        "我有过敏性休克史，能用头孢吗",
        "我姥姥有糖尿病酮症酸中毒病史，饮食要注意什么",
        "我爸有主动脉夹层，做过手术，现在复查",
        "类风湿关节炎十年，手指都变形了",
        "I have a history of seizures but have been seizure free for 5 years",
        "三岁孩子说话不清楚",
        "晚上做噩梦，白天没精神，总想起那次车祸",
        "我说话大舌头是天生的，从小就这样",
        "My daughter had a febrile seizure as a baby. She has a mild cold now and is fine.",
    ],
)
def test_history_and_controlled_conditions_are_not_emergencies(text: str) -> None:
    result = get_engine().assess(TriageRequest(text=text))
    assert URGENCY_RANK[result.urgency] < URGENCY_RANK["emergency"], result.red_flags
    assert result.departments


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("有抽搐病史，今天又抽了十分钟不停", "seizure_active"),
        ("癫痫吃药控制，刚才突然又抽起来了", "seizure_active"),
        ("脑梗后遗症，今天早上起来突然说不出话了", "stroke_befast"),
        ("有高血压病史，突然胸口剧痛出冷汗", "acs_chest_pain_associated"),
        ("类风湿多年，摔了一跤手腕变形了", "fracture_deformity_or_open"),
        (
            "my dad had a stroke last year and now suddenly can't move his right arm",
            "stroke_befast",
        ),
        ("去年中风现在突然说不出话", "stroke_befast"),
        ("孩子突然说话不清楚，嘴歪了", "stroke_befast"),
        ("上次抽了十分钟，今天又抽了", "seizure_active"),
        ("my son had a seizure last year and is having one again now", "seizure_active"),
    ],
)
def test_history_does_not_hide_what_happens_now(text: str, rule: str) -> None:
    result = get_engine().assess(TriageRequest(text=text))
    assert rule in [f.id for f in result.red_flags]


def test_pregnant_headache_with_flashing_lights_is_an_emergency() -> None:
    result = get_engine().assess(
        TriageRequest(
            text="34 weeks pregnant, bad headache and I keep seeing flashing lights",
            pregnant=True,
        )
    )
    assert "pregnancy_headache_vision_combo" in [f.id for f in result.red_flags]


@pytest.mark.parametrize(
    ("text", "fires"), [("宝宝7个月，有点低烧37.8", False), ("宝宝2个月，发烧38.2", True)]
)
def test_form_age_zero_is_refined_by_the_months_in_the_text(text: str, fires: bool) -> None:
    """The registration form says 0 years; the text says how many months: the infant rule
    (< 3 months) follows the months."""
    result = get_engine().assess(TriageRequest(text=text, age=0))
    assert ("infant_fever_under_3_months" in [f.id for f in result.red_flags]) is fires
