"""Session start, restart, handoff, the scope message and the interview questions."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, Restarted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionScope
from actions.handoff import ActionHandoff
from actions.questions import question_for
from actions.session import ActionRestart, ActionSessionStart
from tests.actions.conftest import FakeEngine, make_tracker


async def test_session_start_reads_locale_channel_and_kiosk_from_metadata() -> None:
    tracker = Tracker(
        "k1",
        {"session_started_metadata": {"locale": "en-US", "channel": "kiosk", "kiosk_id": "K-7"}},
        {},
        [],
        False,
        None,
        {},
        "action_listen",
    )
    events = await ActionSessionStart().run(CollectingDispatcher(), tracker, {})
    assert events == [
        SessionStarted(),
        SlotSet("locale", "en"),
        SlotSet("channel", "kiosk"),
        SlotSet("kiosk_id", "K-7"),
        ActionExecuted("action_listen"),
    ]


async def test_session_start_defaults_to_chinese_web() -> None:
    tracker = Tracker("w1", {}, {}, [], False, None, {}, "action_listen")
    events = await ActionSessionStart().run(CollectingDispatcher(), tracker, {})
    assert events[1:3] == [SlotSet("locale", "zh-CN"), SlotSet("channel", "web")]


async def test_restart_keeps_the_language() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("start over", "restart", {"locale": "en"}, metadata={"locale": "en"})
    events = await ActionRestart().run(dispatcher, tracker, {})
    assert events == [Restarted(), SlotSet("locale", "en"), SlotSet("channel", "web")]
    assert dispatcher.messages[0]["text"] != "好的，我们重新开始。请问哪里不舒服？"


async def test_handoff_on_a_kiosk_calls_the_pharmacist() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("转人工", "request_human", metadata={"channel": "kiosk"})
    await ActionHandoff().run(dispatcher, tracker, {})
    assert "药师" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[1]["custom"] == {
        "type": "handoff",
        "data": {"reason": "user_request"},
    }


async def test_scope_message_offers_the_three_services(engine: FakeEngine) -> None:
    dispatcher = CollectingDispatcher()
    await ActionScope().run(dispatcher, make_tracker("明天天气", "out_of_scope"), {})
    buttons = dispatcher.messages[0]["buttons"]
    assert [b["title"] for b in buttons] == ["描述症状", "健康问题", "用药咨询"]
    assert [b["payload"] for b in buttons] == [
        "/describe_symptom",
        "/ask_health_question",
        "/ask_medication",
    ]


async def test_misunderstood_emergency_is_escalated(engine: FakeEngine) -> None:
    dispatcher = CollectingDispatcher()
    await ActionScope().run(dispatcher, make_tracker("救命 喘不上气了", "nlu_fallback"), {})
    assert "120" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[1]["custom"]["type"] == "emergency"


def test_questions_about_a_child_are_phrased_for_a_child() -> None:
    assert (
        question_for("age", {"chief_complaint": "宝宝发烧"})[0]
        == "孩子多大了？（例如：3岁、8个月）"
    )
    assert question_for("age", {"chief_complaint": "我头疼"})[0].startswith("请问患者多大年龄")
    assert question_for("sex", {"age": 5.0})[0] == "孩子是男孩还是女孩？"
    assert question_for("severity", {})[1] == ("轻微", "中等", "严重")


async def test_screen_escalates_an_emergency_misread_as_small_talk(engine: FakeEngine) -> None:
    from rasa_sdk.events import FollowupAction

    from actions.screen import ActionScreen

    dispatcher = CollectingDispatcher()
    events = await ActionScreen().run(dispatcher, make_tracker("救命 喘不上气了", "deny"), {})
    assert events == [FollowupAction("action_listen")]  # the canned reply is skipped
    assert dispatcher.messages[1]["custom"]["type"] == "emergency"

    dispatcher = CollectingDispatcher()
    events = await ActionScreen().run(dispatcher, make_tracker("不用了", "deny"), {})
    assert events == [] and dispatcher.messages == []
