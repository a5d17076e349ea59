"""Conversations through the real gateway, rasa and action server: health answers, medication
questions at a kiosk, and red flags in the middle of anything."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from web.storage.db import make_engine

pytestmark = pytest.mark.integration


def frames_of(frames, kind: str):
    return [f for f in frames if f["type"] == kind]


def test_health_question_gets_a_cited_answer(chat) -> None:
    client = chat(locale="zh-CN")
    frames = client.say("高血压的人平时吃盐要注意什么")
    answers = frames_of(frames, "answer")
    assert answers, frames
    data = answers[0]["data"]
    assert data["kind"] == "answer" and data["citations"], data
    texts = " ".join(f.get("text", "") for f in frames_of(frames, "bot"))
    assert "[1]" in texts
    client.ws.close()


def test_red_flag_interrupts_and_reaches_the_patient(chat) -> None:
    client = chat(locale="zh-CN")
    frames = client.say("我妈突然说话说不清楚，一边胳膊抬不起来")
    emergency = frames_of(frames, "emergency")
    assert emergency, frames
    assert emergency[0]["data"]["urgency"] in ("emergency", "emergency_ambulance")
    assert "120" in " ".join(f.get("text", "") for f in frames)
    client.ws.close()


@pytest.fixture
def kiosk_token(stack) -> str:
    from web.admin.kiosks import issue_kiosk

    engine = make_engine(f"sqlite:///{stack.data_dir / 'preconsult.db'}")
    with Session(engine) as db:
        token = issue_kiosk(db, "柜台1号机", "城东大药房", created_by="test").token
    engine.dispose()
    return token


def test_kiosk_medication_question_cites_the_label(chat, kiosk_token) -> None:
    client = chat(channel="kiosk", token=kiosk_token, locale="zh-CN")
    assert client.session["pharmacy"] == "城东大药房"
    frames = client.say("布洛芬一次吃几片")
    answers = frames_of(frames, "answer")
    assert answers, frames
    data = answers[0]["data"]
    assert data["kind"] in ("answer", "handoff")
    if data["kind"] == "answer":
        assert any(c["id"].startswith("drug:") for c in data["citations"]), data
    client.ws.close()


def test_unknown_kiosk_token_is_refused(chat) -> None:
    client = chat(channel="kiosk", token="kiosk_forged")
    assert client.session["type"] == "error" and client.session["code"] == "unauthorized"
