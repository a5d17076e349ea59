"""Transcript storage: ordered, idempotent per client id, delivery tracking, results on the session."""

from __future__ import annotations

from web.storage.db import Database
from web.storage.transcripts import BotDraft, TranscriptStore


def store_for(settings) -> TranscriptStore:
    return TranscriptStore(Database(settings.effective_database_url))


def test_messages_keep_order_and_resend_is_idempotent(settings) -> None:
    store = store_for(settings)
    sid = store.create_session("web", "zh-CN")
    first, created = store.add_user_message(sid, "c1", "头疼")
    again, created_again = store.add_user_message(sid, "c1", "头疼")
    [bot] = store.add_bot_messages(sid, [BotDraft("text", "头疼多久了？")])
    assert created and not created_again
    assert first.seq == again.seq == 1 and bot.seq == 2
    assert [m.text for m in store.messages(sid)] == ["头疼", "头疼多久了？"]
    assert [m.seq for m in store.messages(sid, after_seq=1)] == [2]
    assert store.get_session(sid).message_count == 2


def test_undelivered_until_marked(settings) -> None:
    store = store_for(settings)
    sid = store.create_session("web", "en")
    msg, _ = store.add_user_message(sid, "c1", "hello")
    assert [m.seq for m in store.undelivered(sid)] == [msg.seq]
    store.add_bot_messages(sid, [], delivered_seq=msg.seq)
    assert store.undelivered(sid) == []


def test_triage_result_is_recorded_on_the_session(settings) -> None:
    store = store_for(settings)
    sid = store.create_session("kiosk", "zh-CN", kiosk_id="k1", pharmacy="城东药房")
    data = {
        "urgency": "urgent",
        "red_flags": [],
        "departments": [{"code": "03.01", "name": "呼吸内科"}],
    }
    store.add_bot_messages(sid, [BotDraft("triage_result", "", {"data": data}, result=data)])
    row = store.get_session(sid)
    assert row.urgency == "urgent" and row.department_code == "03.01" and row.summary == data
    assert not row.red_flag
    emergency = {"urgency": "emergency_ambulance"}
    handoff = {"reason": "pharmacist"}
    store.add_bot_messages(sid, [BotDraft("emergency", "请立即拨打120", result=emergency)])
    store.add_bot_messages(sid, [BotDraft("handoff", "", result=handoff)])
    row = store.get_session(sid)
    assert row.red_flag and row.handoff and row.urgency == "emergency_ambulance"


def test_session_ids_are_unguessable_and_distinct(settings) -> None:
    store = store_for(settings)
    ids = {store.create_session("web", "zh-CN") for _ in range(20)}
    assert len(ids) == 20 and all(len(i) >= 32 for i in ids)


def test_a_turn_is_stored_in_one_transaction(settings) -> None:

    store = store_for(settings)
    sid = store.create_session("web", "zh-CN")
    user, _ = store.add_user_message(sid, "c1", "咳嗽三天")
    result = {"urgency": "routine", "departments": [{"code": "03.01", "name": "呼吸内科"}]}
    drafts = [
        BotDraft("triage_result", "", {"data": result}, result=result),
        BotDraft("text", "建议挂呼吸内科。", {"buttons": [{"title": "好", "payload": "/affirm"}]}),
    ]
    stored = store.add_bot_messages(sid, drafts, delivered_seq=user.seq)
    assert [m.seq for m in stored] == [2, 3]
    assert [(m.kind, m.text) for m in store.messages(sid, after_seq=1)] == [
        ("triage_result", ""),
        ("text", "建议挂呼吸内科。"),
    ]
    assert store.messages(sid)[2].payload == {"buttons": [{"title": "好", "payload": "/affirm"}]}
    assert store.undelivered(sid) == []
    row = store.get_session(sid)
    assert row.message_count == 3 and row.department_code == "03.01" and row.urgency == "routine"


def test_a_failed_turn_stores_nothing(settings) -> None:

    store = store_for(settings)
    sid = store.create_session("web", "zh-CN")
    user, _ = store.add_user_message(sid, "c1", "头疼")
    unstorable = BotDraft("text", "x", {"bad": object()})  # not JSON: the insert fails
    try:
        store.add_bot_messages(sid, [BotDraft("text", "ok"), unstorable], delivered_seq=user.seq)
    except Exception:
        pass
    else:
        raise AssertionError("an unstorable message was accepted")
    assert [m.seq for m in store.messages(sid)] == [1]
    assert [m.seq for m in store.undelivered(sid)] == [1]  # still forwarded again later
    assert store.get_session(sid).message_count == 1
