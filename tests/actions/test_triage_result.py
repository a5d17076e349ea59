"""action_triage_result: readable advice plus the triage_result frame; emergencies differ."""

from __future__ import annotations

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.triage_result import ActionTriageResult
from tests.actions.conftest import Department, FakeEngine, Hit, Result, Summary, make_tracker

INTERVIEW = {"chief_complaint": "咳嗽，有痰", "onset": "2周", "severity": "mild", "age": 29.0,
             "sex": "female", "pregnant": "no", "associated_symptoms": "低烧"}  # fmt: skip


def routine_result() -> Result:
    departments = [
        Department("03.01", "呼吸内科", "内科", 0.8, ["咳嗽2周以上", "伴发热"]),
        Department("03", "内科", "内科", 0.5, ["全身症状"]),
    ]
    return Result("routine", [], departments, [], Summary("咳嗽2周"))


async def test_result_lists_departments_with_reasons_and_a_disclaimer(engine: FakeEngine) -> None:
    engine.result = routine_result()
    dispatcher = CollectingDispatcher()
    events = await ActionTriageResult().run(dispatcher, make_tracker(slots=INTERVIEW), {})

    text = dispatcher.messages[0]["text"]
    assert "这不是诊断" in text
    assert "门诊预约就诊" in text
    assert "1. 呼吸内科\n   挂号：呼吸内科门诊，2层\n   理由：咳嗽2周以上；伴发热" in text
    assert "2. 内科\n   挂号：内科门诊，2层\n   理由：全身症状" in text
    assert text.endswith("本结果不是诊断。")
    assert "主诉：咳嗽2周" in text
    assert dispatcher.messages[1]["custom"] == {
        "type": "triage_result",
        "data": engine.result.to_api("zh-CN"),
    }
    request = engine.assessed[0]
    assert request.text == "咳嗽，有痰。低烧"
    assert (request.age, request.sex, request.pregnant) == (29.0, "female", False)
    assert (request.onset, request.severity) == ("2周", "mild")
    # the interview is cleared so that a new complaint starts afresh
    assert SlotSet("chief_complaint", None) in events
    assert SlotSet("age", None) in events
    assert events[-1] == SlotSet("triage_done", True)


async def test_result_is_rendered_in_english(engine: FakeEngine) -> None:
    engine.result = routine_result()
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(slots={**INTERVIEW, "locale": "en"}, metadata={"locale": "en"})
    await ActionTriageResult().run(dispatcher, tracker, {})
    text = dispatcher.messages[0]["text"]
    assert "not a diagnosis" in text
    assert dispatcher.messages[1]["custom"]["data"]["locale"] == "en"


async def test_emergency_result_gets_no_departments(engine: FakeEngine) -> None:
    engine.result = Result(
        "emergency", [Hit("gi_bleed", "呕血", "emergency")], [], [], Summary("呕血1小时")
    )
    dispatcher = CollectingDispatcher()
    await ActionTriageResult().run(dispatcher, make_tracker(slots=INTERVIEW), {})
    text = dispatcher.messages[0]["text"]
    assert "急诊" in text and "呕血" in text and "建议挂号科室" not in text
    assert [m["custom"]["type"] for m in dispatcher.messages[1:]] == ["emergency", "triage_result"]


async def test_after_a_red_flag_only_the_result_frame_is_sent(engine: FakeEngine) -> None:
    engine.result = routine_result()
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(slots={**INTERVIEW, "red_flag": True})
    await ActionTriageResult().run(dispatcher, tracker, {})
    assert [m.get("text") for m in dispatcher.messages] == [None]
    assert dispatcher.messages[0]["custom"]["type"] == "triage_result"


async def test_engine_failure_gives_safe_advice(engine: FakeEngine, monkeypatch) -> None:
    def broken(request: object) -> Result:
        raise RuntimeError("knowledge not loaded")

    monkeypatch.setattr(engine, "assess", broken)
    dispatcher = CollectingDispatcher()
    await ActionTriageResult().run(dispatcher, make_tracker(slots=INTERVIEW), {})
    assert "120" in dispatcher.messages[0]["text"]
