"""End-to-end behaviour of the engine: urgency, departments, hospital mapping, summary, locales."""

from __future__ import annotations

from preconsult.triage import TriageEngine, TriageRequest


def test_chest_pain_with_cold_sweat_is_an_ambulance_emergency(engine: TriageEngine) -> None:
    result = engine.assess(TriageRequest(text="胸口疼两个小时，出冷汗", age=58, sex="male"))
    assert result.urgency == "emergency_ambulance"
    assert [f.id for f in result.red_flags] == ["chest_pain_with_sweating"]
    assert result.departments == []  # emergencies get no outpatient choice
    assert result.summary.chief_complaint == "胸痛伴出汗2小时"
    assert "否认" not in result.summary.history


def test_negated_red_flag_symptom_does_not_fire(engine: TriageEngine) -> None:
    result = engine.assess(TriageRequest(text="胸口疼两个小时，没有出汗，也不喘"))
    assert result.red_flags == []
    assert result.departments[0].code == "03.04"


def test_infant_fever_from_text_age(engine: TriageEngine) -> None:
    result = engine.assess(TriageRequest(text="我家宝宝2个月，发烧39度5"))
    assert result.urgency == "emergency"
    assert result.vitals.temperature == 39.5


def test_older_child_fever_goes_to_pediatrics(engine: TriageEngine) -> None:
    result = engine.assess(TriageRequest(text="孩子5岁，发烧咳嗽两天"))
    assert result.urgency in {"routine", "urgent"}
    assert result.departments[0].code == "07"
    assert any("儿童" in r for r in result.departments[0].reasons)


def test_adult_fever_cough_goes_to_respiratory(engine: TriageEngine) -> None:
    result = engine.assess(TriageRequest(text="发烧咳嗽两天", age=30))
    assert result.departments[0].code == "03.01"
    assert len(result.departments) <= 3
    assert all(0 < d.score <= 1 for d in result.departments)


def test_missing_department_uses_hospital_fallback(engine: TriageEngine) -> None:
    # the default profile has no 小儿外科 (08): a child's groin lump goes to 儿科 or 普外科
    result = engine.assess(TriageRequest(text="孩子3岁，大腿根鼓包"))
    codes = [d.code for d in result.departments]
    assert "08" not in codes
    assert codes[0] in {"07", "04.01"}
    assert result.departments[0].hospital is not None


def test_named_disease_routes(engine: TriageEngine) -> None:
    result = engine.assess(TriageRequest(text="我有甲亢，最近心慌"))
    assert result.departments[0].code == "03.07"
    assert result.diseases[0].name.zh_CN == "甲状腺功能亢进症"


def test_stated_low_oxygen_is_an_emergency(engine: TriageEngine) -> None:
    assert [f.id for f in engine.screen("在家测血氧88%")] == ["low_oxygen"]
    assert engine.screen("血氧98%") == []


def test_pattern_red_flag_respects_negation(engine: TriageEngine) -> None:
    assert engine.screen("我爸突然左边身子没劲")[0].id == "one_sided_weakness"
    assert engine.screen("没有左边身子没劲，就是头疼") == []


def test_same_input_same_output(engine: TriageEngine) -> None:
    request = TriageRequest(text="头疼三天，有点发烧，没有咳嗽")
    assert engine.assess(request).to_api("zh-CN") == engine.assess(request).to_api("zh-CN")


def test_api_dict_in_every_locale(engine: TriageEngine) -> None:
    result = engine.assess(TriageRequest(text="咳嗽3天，不发烧", age=30, locale="en"))
    en = result.to_api("en")
    assert en["departments"][0]["name"] == "Respiratory Medicine"
    assert en["summary"]["chief_complaint"] == "Cough for 3 days"
    assert "fever" in en["summary"]["negatives"]
    assert en["disclaimer"] and en["disclaimer"] != result.to_api("zh-CN")["disclaimer"]
    tw = result.to_api("zh-TW")
    assert tw["departments"][0]["name"] == "呼吸內科"
    assert set(en) >= {"urgency", "red_flags", "departments", "symptoms", "summary", "disclaimer"}


def test_no_symptoms_found_suggests_general_practice(engine: TriageEngine) -> None:
    result = engine.assess(TriageRequest(text="你好"))
    assert result.urgency == "routine"
    assert result.departments[0].code == "02"


def test_mild_symptom_may_be_self_care(engine: TriageEngine) -> None:
    assert engine.assess(TriageRequest(text="有点咳嗽", age=30)).urgency == "self_care"
    assert engine.assess(TriageRequest(text="有点咳嗽", age=80)).urgency == "routine"


def test_facts_from_the_interview_are_used(engine: TriageEngine) -> None:
    request = TriageRequest(
        text="还有点咳嗽", known_symptoms=["headache", "发烧"], onset="3天", severity="8分", age=40
    )
    result = engine.assess(request)
    assert {s.id for s in result.symptoms} == {"cough", "headache", "fever"}
    assert result.duration is not None and result.duration.hours == 72
    assert result.severity == "severe"
    assert result.urgency == "urgent"


def test_history_does_not_fire_but_a_new_episode_does(engine: TriageEngine) -> None:
    past = engine.assess(TriageRequest(text="去年胸口疼出冷汗住过院，这次是咳嗽"))
    assert past.red_flags == []
    assert "胸痛" in past.summary.history and "胸痛" not in past.summary.positives
    again = engine.screen("去年胸口疼住过院，今天又胸口疼，出冷汗")
    assert [f.id for f in again] == ["chest_pain_with_sweating"]
