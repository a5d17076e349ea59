"""action_answer / action_medication: router replies with citations and structured frames."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer
from actions.medication import ActionMedication
from tests.actions.conftest import FakeAssistant, Reply, make_tracker


async def test_answer_has_numbered_citations_and_an_answer_frame(assistant: FakeAssistant) -> None:
    dispatcher = CollectingDispatcher()
    await ActionAnswer().run(dispatcher, make_tracker("高血压吃什么", "ask_health_question"), {})
    assert dispatcher.messages[0]["text"] == (
        "高血压患者每天盐不超过5克。\n\n参考资料：\n[1] 高血压饮食"
    )
    assert dispatcher.messages[1]["custom"] == {"type": "answer", "data": assistant.reply.to_api()}
    assert assistant.asked == [("高血压吃什么", "zh-CN", "web")]


async def test_escalation_also_sends_the_emergency_frame(assistant: FakeAssistant) -> None:
    assistant.reply = Reply("escalation", "请立即拨打120。", urgency="emergency_ambulance")
    dispatcher = CollectingDispatcher()
    await ActionAnswer().run(
        dispatcher, make_tracker("胸口压着疼还出汗", "ask_health_question"), {}
    )
    frames = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    assert frames[1] == {
        "type": "emergency",
        "data": {"urgency": "emergency_ambulance", "red_flags": [], "text": "请立即拨打120。"},
    }


async def test_medication_question_uses_the_kiosk_channel(assistant: FakeAssistant) -> None:
    tracker = make_tracker(
        "布洛芬饭前吃吗", "ask_medication", metadata={"channel": "kiosk", "locale": "zh-TW"}
    )
    dispatcher = CollectingDispatcher()
    events = await ActionMedication().run(dispatcher, tracker, {})
    assert assistant.asked == [("布洛芬饭前吃吗", "zh-TW", "kiosk")]
    assert {"event": "slot", "timestamp": None, "name": "channel", "value": "kiosk"} in events


async def test_a_button_payload_gets_a_prompt_instead_of_an_answer(
    assistant: FakeAssistant,
) -> None:
    dispatcher = CollectingDispatcher()
    await ActionMedication().run(dispatcher, make_tracker("/ask_medication", "ask_medication"), {})
    assert assistant.asked == []
    assert "药品名称" in dispatcher.messages[0]["text"]


async def test_router_failure_gives_emergency_advice(monkeypatch) -> None:
    from actions import services

    def broken() -> None:
        raise RuntimeError("index missing")

    monkeypatch.setattr(services, "assistant", broken)
    dispatcher = CollectingDispatcher()
    await ActionAnswer().run(dispatcher, make_tracker("感冒怎么办", "ask_health_question"), {})
    assert "120" in dispatcher.messages[0]["text"]
