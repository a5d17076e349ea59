"""Background conditions (糖尿病多年, 有高血压病史) weigh less than the complaint the patient comes with."""

from __future__ import annotations

import pytest

from knowledge.schemas import LocalizedText
from preconsult.triage import TriageRequest, get_engine
from preconsult.triage.background import is_background, is_confirmed
from preconsult.triage.models import Demographics
from preconsult.triage.routing import Evidence, rank_departments


def _bg(text: str, word: str, kind: str = "disease", past: bool = False) -> bool:
    start = text.index(word)
    others = [
        text.index(w) for w in ("泡沫", "模糊", "脚麻", "胸闷", "numb", "看不清") if w in text
    ]
    return is_background(text, start, start + len(word), kind, past, others)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("高血压二十年，最近尿里泡沫多", "高血压"),
        ("糖尿病十几年了，这几天看东西模糊", "糖尿病"),
        ("我本身有糖尿病，最近脚麻", "糖尿病"),
        ("一直有高血压，现在胸闷", "高血压"),
        ("尿里泡沫多好几个月了，我有高血压", "高血压"),
        ("我有糖尿病，最近看东西模糊", "糖尿病"),
        ("diabetes for 10 years, now my feet are numb", "diabetes"),
    ],
)
def test_long_standing_conditions_are_background(text: str, word: str) -> None:
    assert _bg(text, word)


@pytest.mark.parametrize(
    ("text", "word", "kind"),
    [
        ("我有糖尿病，血糖控制不好", "糖尿病", "disease"),  # nothing else told
        ("糖尿病，胸闷", "糖尿病", "disease"),  # no cue: both are the complaint
        ("腰疼好几年了，最近胸闷", "腰疼", "symptom"),  # a symptom lasting years is a complaint
    ],
)
def test_complaints_are_not_background(text: str, word: str, kind: str) -> None:
    assert not _bg(text, word, kind)


def test_history_is_background() -> None:
    assert _bg("有高血压病史，最近胸闷", "高血压", past=True)


def _label(name: str) -> LocalizedText:
    return LocalizedText(zh_CN=name, zh_TW=name, en=name)


def test_background_weighs_less_only_next_to_a_complaint() -> None:
    departments = get_engine().index.knowledge.departments
    disease = Evidence("disease", _label("高血压"), {"03.04": 1.0}, background=True)
    complaint = Evidence("symptom", _label("泡沫尿"), {"03.06": 1.0})
    ranked = rank_departments([disease, complaint], Demographics(), departments, None, "zh-CN")
    assert ranked[0].code == "03.06"
    alone = rank_departments([disease], Demographics(), departments, None, "zh-CN")
    assert alone[0].code == "03.04"


def _top(text: str) -> str:
    result = get_engine().assess(TriageRequest(text=text), canonical=True, route_emergencies=True)
    return result.departments[0].code


def test_the_new_complaint_routes_over_the_old_disease() -> None:
    assert _top("高血压十几年了，最近查出来肌酐高") == "03.06"
    assert _top("糖尿病多年，这几天看东西模糊") == "10"


def test_a_question_about_the_disease_makes_it_the_matter() -> None:
    assert not _bg("尿频好几个月，查出来前列腺癌，患有前列腺癌怎样治疗", "前列腺癌")


def test_a_list_after_have_is_background_too() -> None:
    text = "有糖尿病高血压冠心病，最近眼睛看不清"
    assert _bg(text, "冠心病")


def test_the_very_old_with_several_systems_go_to_geriatrics() -> None:
    assert _top("我爷爷80岁，经常头晕，咳嗽，腿肿，还便秘") == "03.10"
    assert _top("我妈85岁，有高血压、冠心病、糖尿病，还有骨质疏松，想开药") == "03.10"


def test_old_age_alone_keeps_the_organ_department() -> None:
    assert _top("我爸78岁，有糖尿病高血压冠心病，最近眼睛看不清") == "10"
    assert _top("我奶奶80岁，摔了一跤，手腕肿了，很疼") == "04.03"
    assert _top("我爷爷50岁，经常头晕，咳嗽，腿肿，还便秘") != "03.10"


@pytest.mark.parametrize(
    ("text", "word", "confirmed"),
    [
        ("上个月确诊了再生障碍性贫血，现在嘴里长溃疡", "再生障碍性贫血", True),
        ("再生障碍性贫血上个月确诊了", "再生障碍性贫血", True),
        ("医院诊断为多发性骨髓瘤，最近腰疼", "多发性骨髓瘤", True),
        ("如何确诊肋间神经痛", "肋间神经痛", False),  # a question about confirming
        ("确诊糖尿病十年了，最近看东西模糊", "糖尿病", False),  # confirmed years ago
        ("三年前，又被诊断为冠心病", "冠心病", False),  # a past cue in the same sentence
        ("还没确诊是不是白血病", "白血病", False),
        ("我有高血压，最近头晕", "高血压", False),  # named, not told as confirmed
    ],
)
def test_a_confirmed_diagnosis_is_told_as_news(text: str, word: str, confirmed: bool) -> None:
    start = text.index(word)
    assert is_confirmed(text, start, start + len(word)) is confirmed


def test_a_confirmed_blood_disease_outranks_the_mouth_ulcers_it_causes() -> None:
    text = "前阵子确诊了骨髓增生异常综合征，这几天口腔溃疡很厉害，只能喝粥"
    result = get_engine().assess(TriageRequest(text=text), canonical=True)
    assert result.departments[0].code == "03.05"
    # without the confirmation the complaint and the disease are weighed as usual
    plain = get_engine().assess(TriageRequest(text="口腔溃疡很厉害，只能喝粥"), canonical=True)
    assert plain.departments[0].code == "12"
