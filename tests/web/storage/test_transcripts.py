"""Transcript storage: ordered, idempotent per client id, delivery tracking, results on the session.

Every test runs on SQLite (a transaction per write) and on PostgreSQL (one statement per write).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.exc import NoResultFound

from web.storage.db import Database
from web.storage.migrate import upgrade
from web.storage.transcripts import BotDraft, TranscriptStore


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, settings) -> Iterator[TranscriptStore]:
    url = settings.effective_database_url
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
        upgrade(url)
    db = Database(url)
    yield TranscriptStore(db)
    db.dispose()


def test_messages_keep_order_and_resend_is_idempotent(store) -> None:
    sid = store.create_session("web", "zh-CN")
    first, created = store.add_user_message(sid, "c1", "头疼")
    again, created_again = store.add_user_message(sid, "c1", "头疼")
    [bot] = store.add_bot_messages(sid, [BotDraft("text", "头疼多久了？")])
    assert created and not created_again
    assert first.seq == again.seq == 1 and bot.seq == 2
    assert [m.text for m in store.messages(sid)] == ["头疼", "头疼多久了？"]
    assert [m.seq for m in store.messages(sid, after_seq=1)] == [2]
    assert store.get_session(sid).message_count == 2


def test_undelivered_until_marked(store) -> None:
    sid = store.create_session("web", "en")
    msg, _ = store.add_user_message(sid, "c1", "hello")
    assert [m.seq for m in store.undelivered(sid)] == [msg.seq]
    store.add_bot_messages(sid, [], delivered_seq=msg.seq)
    assert store.undelivered(sid) == []


def test_triage_result_is_recorded_on_the_session(store) -> None:
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


def test_session_ids_are_unguessable_and_distinct(store) -> None:
    ids = {store.create_session("web", "zh-CN") for _ in range(20)}
    assert len(ids) == 20 and all(len(i) >= 32 for i in ids)


def test_a_turn_is_stored_in_one_transaction(store) -> None:
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


def test_a_failed_turn_stores_nothing(store) -> None:
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


def test_concurrent_turns_and_resends_keep_one_gapless_order(store) -> None:
    """Gateways racing on one session, some resending the same client id at the same time."""
    sid = store.create_session("web", "zh-CN")
    jobs = [("user", i) for i in range(30)] * 2 + [("bot", i) for i in range(10)]
    random.Random(7).shuffle(jobs)

    def write(job: tuple[str, int]) -> tuple[str, int, bool]:
        sender, i = job
        if sender == "bot":
            drafts = [BotDraft("text", f"答{i}a"), BotDraft("text", f"答{i}b")]
            return f"bot{i}", store.add_bot_messages(sid, drafts)[0].seq, True
        message, created = store.add_user_message(sid, f"c{i}", f"问{i}")
        return f"c{i}", message.seq, created

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(write, jobs))
    stored = store.messages(sid)
    assert [m.seq for m in stored] == list(range(1, 30 + 2 * 10 + 1))
    assert store.get_session(sid).message_count == len(stored)
    users = [r for r in results if r[0].startswith("c")]
    assert sum(created for _, _, created in users) == 30  # each client id stored once
    seq_of = {m.client_id: m.seq for m in stored if m.client_id}
    assert all(seq_of[cid] == seq for cid, seq, _ in users)  # a resend gets the stored row
    for m in stored:  # a bot turn's two messages are adjacent
        if m.text.endswith("a"):
            assert stored[m.seq].text == m.text[:-1] + "b"


def test_a_message_to_an_unknown_session_is_refused(store) -> None:
    with pytest.raises(NoResultFound):
        store.add_user_message("no-such-session", "c1", "你好")
    with pytest.raises(NoResultFound):
        store.add_bot_messages("no-such-session", [BotDraft("text", "hi")])
    assert store.messages("no-such-session") == []
