"""Age, sex and pregnancy as patients and relatives state them."""

from __future__ import annotations

import pytest

from preconsult.triage.demographics import parse_demographics


def test_demographics() -> None:
    baby = parse_demographics("我家宝宝2个月，发烧")
    assert baby.age is not None and baby.age < 0.2 and baby.child
    assert parse_demographics("怀孕30周，肚子疼").pregnant is True
    assert parse_demographics("怀孕30周，肚子疼").gestation_weeks == 30
    assert parse_demographics("我老公胸口疼").sex == "male"
    assert parse_demographics("女，35岁，头疼").age == 35
    assert parse_demographics("女，35岁，头疼").sex == "female"
    assert parse_demographics("没有怀孕，肚子疼").pregnant is None
    assert parse_demographics("a 45 year old man with chest pain").age == 45
    assert parse_demographics("备孕半年，想要孩子").child is False


def test_sex_of_the_patient_not_of_the_relative() -> None:
    assert parse_demographics("我老公说我月经不调").sex == "female"
    assert parse_demographics("我老公胸口疼").sex == "male"
    assert parse_demographics("患者女，30岁，吐血").sex == "female"
    assert parse_demographics("I am a 45 year old woman").sex == "female"


def test_calendar_dates_and_ages_of_onset_are_not_the_age() -> None:
    assert parse_demographics("今年4月查出来乙肝大三阳").age is None
    assert parse_demographics("10岁就查出乙肝，现在23岁了").age == 23
    assert parse_demographics("我从十多岁的时候就有癫痫").age is None
    assert parse_demographics("我今年二十多岁").age == 20
    assert parse_demographics("结婚三年了一直没孩子").child is False
    assert parse_demographics("我表弟精子畸形").sex == "male"


@pytest.mark.parametrize(
    ("text", "age", "sex"),
    [
        ("my 3 year old has a fever", 3, None),
        ("my 3-year-old son is coughing", 3, "male"),
        ("i'm 45 and have chest tightness", 45, None),
        ("45 yo male, headache", 45, "male"),
        ("my son is 7 and has a rash", 7, "male"),
        ("my mom is 70", 70, "female"),
        ("my son is 7 years old", 7, "male"),
    ],
)
def test_english_ages(text: str, age: float, sex: str | None) -> None:
    d = parse_demographics(text)
    assert (d.age, d.sex) == (age, sex)


def test_an_infant_in_days_is_not_years_old() -> None:
    age = parse_demographics("my baby is 3 weeks old").age
    assert age is not None and age < 0.1


@pytest.mark.parametrize("text", ["宫外孕手术后半年，想再怀孕", "怀孕的几率大吗", "有没有怀孕"])
def test_asking_about_pregnancy_is_not_being_pregnant(text: str) -> None:
    assert parse_demographics(text).pregnant is None


@pytest.mark.parametrize(
    "text",
    [
        "我生孩子有两个月了，但是我有癫痫病",
        "生完孩子两个月，漏尿",
        "我现在给孩子喂奶，乙肝大三阳能吃药吗",
        "乙肝会遗传给孩子吗",
    ],
)
def test_a_parent_writing_about_her_child_is_the_patient(text: str) -> None:
    d = parse_demographics(text)
    assert d.child is False and d.age is None


def test_an_age_before_an_onset_word_is_not_the_current_age() -> None:
    assert parse_demographics("在12岁前有过癫痫").age is None
    assert parse_demographics("孩子两个月，发烧").age == pytest.approx(2 / 12, abs=0.01)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("孩子今年高三，压力大", 16),
        ("儿子上幼儿园老咳嗽", 4),
        ("乙肝大三阳", None),
        ("孩子3岁，上幼儿园", 3),
    ],
)
def test_a_school_grade_tells_an_age_when_none_is_stated(text: str, age: float | None) -> None:
    assert parse_demographics(text).age == age


def test_a_baby_with_a_fever_is_a_child_but_trying_for_one_is_not() -> None:
    assert parse_demographics("i have a baby with a fever").child is True
    assert parse_demographics("we have been trying for a baby for two years").child is False


def test_once_a_day_is_not_one_day_old() -> None:
    assert parse_demographics("一天大便三四次").age is None
    age = parse_demographics("宝宝三天大，黄疸").age
    assert age is not None and age < 0.02


@pytest.mark.parametrize(
    ("text", "sex"),
    [
        # the writer asks her husband to get checked: she is the patient
        ("结婚四年怀不上，我自己很着急，叫我老公去查他不肯去", "female"),
        ("劝我老婆陪我去医院她不去，我最近早泄", "male"),
        # the husband's own symptoms: he is the patient
        ("我老公最近老是尿频尿急", "male"),
        ("医生让我老公去查精液，结果精子活力低", "male"),
        ("my sperm count is low, what can I do", "male"),  # the organ tells the sex
    ],
)
def test_a_partner_asked_to_do_something_is_not_the_patient(text: str, sex: str) -> None:
    assert parse_demographics(text).sex == sex
