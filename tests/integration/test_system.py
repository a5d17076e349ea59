"""End to end through real processes: gateway -> rasa -> action server, transcripts in the DB."""

from __future__ import annotations

import sqlite3
import time

import pytest

pytestmark = pytest.mark.integration


def bot_texts(frames) -> list[str]:
    """What the bot itself said (a 'slow' notice may come first on a busy machine)."""
    return [f["text"] for f in frames if f["type"] == "bot" and f.get("text")]


def stored(stack, session_id: str) -> list[tuple[int, str, str]]:
    with sqlite3.connect(stack.data_dir / "preconsult.db") as con:
        return con.execute(
            "SELECT seq, sender, text FROM message WHERE session_id = ? ORDER BY seq", (session_id,)
        ).fetchall()


def test_readiness_reports_every_dependency(stack) -> None:
    import httpx

    body = httpx.get(f"http://127.0.0.1:{stack.gateway_port}/readyz", timeout=10).json()
    assert body == {
        "ready": True,
        "checks": {"database": True, "rasa": True, "action_server": True},
    }


def test_chinese_greeting_gets_a_chinese_answer_and_transcript_matches(chat, stack) -> None:
    client = chat(locale="zh-CN")
    frames = client.say("你好")
    texts = bot_texts(frames)
    assert texts, frames
    assert any("\u4e00" <= ch <= "\u9fff" for ch in texts[0])
    sid = client.session["session_id"]
    rows = stored(stack, sid)
    sent = [(f["seq"], "bot", f["text"]) for f in frames if f["type"] in ("bot", "fallback")]
    assert rows[0][1:] == ("user", "你好")
    assert [r for r in rows if r[1] == "bot" and r[2]] == sent
    client.ws.close()


def test_english_greeting_gets_an_english_answer(chat) -> None:
    client = chat(locale="en")
    texts = bot_texts(client.say("hello"))
    assert texts and texts[0].isascii(), texts
    client.ws.close()


def test_rasa_outage_fallback_then_same_session_continues(chat, stack) -> None:
    client = chat(locale="zh-CN")
    client.say("你好")
    stack.rasa.stop()
    try:
        started = time.monotonic()
        frames = client.say("我咳嗽三天了")
        fallback = [f for f in frames if f["type"] == "fallback" and f["reason"] == "down"]
        assert fallback and "120" in fallback[0]["text"]
        assert time.monotonic() - started < 5
        sid = client.session["session_id"]
        assert ("user", "我咳嗽三天了") in [(r[1], r[2]) for r in stored(stack, sid)]
    finally:
        stack.rasa.start()
        stack.rasa.wait_ready(300)
    # The missed message is forwarded automatically; the conversation goes on in the same session.
    frames = client.say("谢谢")
    assert bot_texts(frames)
    with_rasa = stored(stack, client.session["session_id"])
    bot_after = [r for r in with_rasa if r[1] == "bot" and r[0] > 0]
    assert len(bot_after) >= 3
    client.ws.close()
