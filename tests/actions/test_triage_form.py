"""validate_triage_form: what the interview asks next, and red flags interrupting it."""

from __future__ import annotations

from typing import Any

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.triage_form import ValidateTriageForm
from tests.actions.conftest import FakeEngine, make_tracker


async def run_form(tracker: Any) -> tuple[list[dict[str, Any]], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = await ValidateTriageForm().run(dispatcher, tracker, {})
    return events, dispatcher


async def test_first_message_with_several_facts_skips_those_questions(engine: FakeEngine) -> None:
    text = "我58岁男的，胸口疼两个小时"
    tracker = make_tracker(text, "describe_symptom")
    events, dispatcher = await run_form(tracker)
    assert events == [
        SlotSet("onset", "2小时"),
        SlotSet("age", 58.0),
        SlotSet("sex", "male"),
        SlotSet("chief_complaint", text),
        SlotSet("requested_slot", "severity"),
    ]
    assert dispatcher.messages == []


async def test_correction_overrides_an_earlier_answer_and_repeats_the_question(
    engine: FakeEngine,
) -> None:
    slots = {"chief_complaint": "嗓子疼", "onset": "2天"}
    tracker = make_tracker("不对，是三天", "inform", slots, requested_slot="severity")
    events, _ = await run_form(tracker)
    assert events == [SlotSet("onset", "3天"), SlotSet("requested_slot", "severity")]


async def test_dont_know_is_accepted_and_the_interview_moves_on(engine: FakeEngine) -> None:
    tracker = make_tracker(
        "记不清了", "inform", {"chief_complaint": "头晕"}, requested_slot="onset"
    )
    events, _ = await run_form(tracker)
    assert events == [SlotSet("onset", "unknown"), SlotSet("requested_slot", "severity")]


async def test_free_text_answer_is_kept(engine: FakeEngine) -> None:
    tracker = make_tracker(
        "上班的时候突然开始的", "nlu_fallback", {"chief_complaint": "头晕"}, requested_slot="onset"
    )
    events, _ = await run_form(tracker)
    assert events == [
        SlotSet("onset", "上班的时候突然开始的"),
        SlotSet("requested_slot", "severity"),
    ]


async def test_unreadable_age_gets_a_hint_and_is_asked_again(engine: FakeEngine) -> None:
    slots = {"chief_complaint": "咳嗽", "onset": "3天", "severity": "mild"}
    tracker = make_tracker("你猜", "inform", slots, requested_slot="age")
    events, dispatcher = await run_form(tracker)
    assert events == [SlotSet("age", None), SlotSet("requested_slot", "age")]
    assert "35岁" in dispatcher.messages[0]["text"]


async def test_women_of_childbearing_age_are_asked_about_pregnancy(engine: FakeEngine) -> None:
    slots = {"chief_complaint": "下腹疼", "onset": "1天", "severity": "severe", "age": 29.0}
    events, _ = await run_form(make_tracker("女", "inform", slots, requested_slot="sex"))
    assert events[-1] == SlotSet("requested_slot", "pregnant")

    slots["sex"] = "female"
    events, _ = await run_form(make_tracker("是的", "affirm", slots, requested_slot="pregnant"))
    assert events == [SlotSet("pregnant", "yes"), SlotSet("requested_slot", "gestation")]


async def test_men_and_older_women_are_not_asked_about_pregnancy(engine: FakeEngine) -> None:
    slots = {"chief_complaint": "腰疼", "onset": "1周", "severity": "mild", "age": 70.0}
    events, _ = await run_form(make_tracker("女", "inform", slots, requested_slot="sex"))
    assert events[-1] == SlotSet("requested_slot", "associated_symptoms")


async def test_infants_get_their_own_question(engine: FakeEngine) -> None:
    tracker = make_tracker("宝宝6个月大，发烧一天", "describe_symptom")
    events, _ = await run_form(tracker)
    assert SlotSet("age", 0.5) in events
    slots = {e["name"]: e["value"] for e in events}
    slots.update(severity="moderate", sex="male")
    tracker = make_tracker("男孩", "inform", slots, requested_slot="sex")
    events, _ = await run_form(tracker)
    assert events[-1] == SlotSet("requested_slot", "infant_state")


async def test_no_further_symptoms_completes_the_interview(engine: FakeEngine) -> None:
    slots = {"chief_complaint": "咳嗽", "onset": "3天", "severity": "mild", "age": 40.0,
             "sex": "male"}  # fmt: skip
    tracker = make_tracker("没有了", "deny", slots, requested_slot="associated_symptoms")
    events, _ = await run_form(tracker)
    assert events == [SlotSet("associated_symptoms", "无"), SlotSet("requested_slot", None)]


async def test_symptoms_volunteered_later_are_recorded(engine: FakeEngine) -> None:
    slots = {"chief_complaint": "头疼"}
    tracker = make_tracker("两天了，还拉肚子", "describe_symptom", slots, requested_slot="onset")
    events, _ = await run_form(tracker)
    assert events == [
        SlotSet("onset", "2天"),
        SlotSet("associated_symptoms", "腹泻"),
        SlotSet("requested_slot", "severity"),
    ]
    # symptom extraction per turn never pays for the semantic back-off (an embedding per call)
    assert engine.semantic and not any(engine.semantic)


async def test_a_question_interrupts_the_form_without_filling_slots(engine: FakeEngine) -> None:
    tracker = make_tracker(
        "高血压会头疼吗", "ask_health_question", {"chief_complaint": "头疼"}, requested_slot="onset"
    )
    events, dispatcher = await run_form(tracker)
    assert events == []  # Rasa rejects the form and the rule answers the question
    assert dispatcher.messages == []


async def test_red_flag_mid_interview_sends_emergency_and_ends_the_form(
    engine: FakeEngine,
) -> None:
    slots = {"chief_complaint": "胸口闷", "age": 60.0}
    tracker = make_tracker("现在一直出冷汗", "inform", slots, requested_slot="onset")
    events, dispatcher = await run_form(tracker)
    assert events == [
        SlotSet("associated_symptoms", "现在一直出冷汗"),  # so the final assessment sees it
        SlotSet("red_flag", True),
        SlotSet("requested_slot", None),
    ]
    text, frame = dispatcher.messages
    assert "120" in text["text"] and "胸痛伴出汗" in text["text"]
    assert frame["custom"] == {
        "type": "emergency",
        "data": {
            "urgency": "emergency_ambulance",
            "red_flags": [{"id": "chest_pain_sweat", "name": "胸痛伴出汗"}],
            "text": text["text"],
        },
    }
    # the whole interview so far is screened, with what is known about the patient
    screened_text, known = engine.screened[-1]
    assert "胸口闷" in screened_text and "出冷汗" in screened_text
    assert known["age"] == 60.0


async def test_red_flag_beats_an_interrupting_question(engine: FakeEngine) -> None:
    tracker = make_tracker(
        "喘不上气了怎么办",
        "ask_health_question",
        {"chief_complaint": "咳嗽"},
        requested_slot="onset",
    )
    events, dispatcher = await run_form(tracker)
    assert SlotSet("red_flag", True) in events
    assert dispatcher.messages[1]["custom"]["type"] == "emergency"


async def test_urgent_flags_do_not_interrupt(engine: FakeEngine) -> None:
    tracker = make_tracker("高烧不退", "describe_symptom")
    events, dispatcher = await run_form(tracker)
    assert SlotSet("red_flag", True) not in events
    assert dispatcher.messages == []


async def test_locale_change_in_metadata_is_stored(engine: FakeEngine) -> None:
    tracker = make_tracker(
        "3 days", "inform", {"chief_complaint": "cough"}, metadata={"locale": "en"},
        requested_slot="onset",
    )  # fmt: skip
    events, _ = await run_form(tracker)
    assert events[0] == SlotSet("locale", "en")
    assert SlotSet("onset", "3天") in events


async def test_a_free_text_answer_does_not_overwrite_earlier_answers(engine: FakeEngine) -> None:
    slots = {"chief_complaint": "肚子疼", "onset": "1天", "severity": "moderate", "age": 42.0,
             "sex": "male"}  # fmt: skip
    tracker = make_tracker("还有点恶心", "inform", slots, requested_slot="associated_symptoms")
    events, _ = await run_form(tracker)
    assert events == [SlotSet("associated_symptoms", "还有点恶心"), SlotSet("requested_slot", None)]


async def test_answering_another_question_asks_this_one_again(engine: FakeEngine) -> None:
    slots = {"chief_complaint": "咳嗽", "onset": "3天", "severity": "mild"}
    tracker = make_tracker("是个男的", "inform", slots, requested_slot="age")
    events, dispatcher = await run_form(tracker)
    assert events == [SlotSet("sex", "male"), SlotSet("requested_slot", "age")]
    assert dispatcher.messages == []


async def test_answering_other_questions_does_not_fill_a_free_text_one(engine: FakeEngine) -> None:
    slots = {"chief_complaint": "headache", "onset": "1天"}
    tracker = make_tracker(
        "I'm 35, male", "inform", slots, metadata={"locale": "en"}, requested_slot="severity"
    )
    events, _ = await run_form(tracker)
    assert events == [
        SlotSet("locale", "en"),
        SlotSet("age", 35.0),
        SlotSet("sex", "male"),
        SlotSet("requested_slot", "severity"),
    ]
