"""The /ws gateway against a scripted Rasa (httpx MockTransport): acks, storage, fallback, resume."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from web.app import create_app
from web.storage.db import Database
from web.storage.transcripts import TranscriptStore


class FakeRasa:
    """A Rasa REST webhook that can be switched off, like a crashed process."""

    def __init__(self) -> None:
        self.up = True
        self.received: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/status":
            return httpx.Response(200, json={"model_file": "m.tar.gz"} if self.up else {})
        if not self.up:
            raise httpx.ConnectError("connection refused", request=request)
        body = json.loads(request.content)
        self.received.append(body)
        text = body["message"]
        if "hello" in text.lower():
            reply = "Hello! How can I help?"
        elif "triage" in text:
            return httpx.Response(
                200,
                json=[
                    {
                        "recipient_id": body["sender"],
                        "custom": {
                            "type": "triage_result",
                            "data": {
                                "urgency": "routine",
                                "departments": [{"code": "03.01", "name": "呼吸内科"}],
                                "red_flags": [],
                            },
                        },
                    },
                    {"recipient_id": body["sender"], "text": "建议挂呼吸内科。"},
                ],
            )
        else:
            reply = "您好！请问哪里不舒服？"
        buttons = [{"title": "描述症状", "payload": "/describe_symptom"}]
        return httpx.Response(
            200, json=[{"recipient_id": body["sender"], "text": reply, "buttons": buttons}]
        )


@pytest.fixture
def rasa() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def client(settings, rasa):
    app = create_app(settings, rasa_transport=httpx.MockTransport(rasa))
    with TestClient(app) as c:
        yield c


def frames_until(ws, wanted: str, limit: int = 12) -> list[dict[str, Any]]:
    seen = []
    for _ in range(limit):
        frame = ws.receive_json()
        seen.append(frame)
        if frame["type"] == wanted:
            return seen
    raise AssertionError(f"no {wanted} frame in {seen}")


def turn(ws) -> list[dict[str, Any]]:
    """Every frame of one answered turn, up to the typing indicator going off."""
    seen = []
    while True:
        frame = ws.receive_json()
        seen.append(frame)
        if frame == {"type": "typing", "on": False}:
            return seen


def say(ws, client_id: str, text: str) -> None:
    ws.send_text(
        json.dumps({"type": "message", "client_id": client_id, "text": text}, ensure_ascii=False)
    )


def transcript(settings, session_id: str) -> list[tuple[str, str, str]]:
    store = TranscriptStore(Database(settings.effective_database_url))
    return [(m.sender, m.kind, m.text) for m in store.messages(session_id)]


def test_greeting_is_acked_after_storage_and_answered(client, settings, rasa) -> None:
    with client.websocket_connect("/ws?locale=zh-CN") as ws:
        session = ws.receive_json()
        assert session["type"] == "session" and session["v"] == 1 and not session["resumed"]
        assert "诊断" in session["notice"]
        say(ws, "c1", "你好")
        frames = frames_until(ws, "bot")
        assert frames[0] == {"type": "ack", "client_id": "c1", "seq": 1}
        bot = frames[-1]
        assert (
            bot["text"] == "您好！请问哪里不舒服？"
            and bot["buttons"][0]["payload"] == "/describe_symptom"
        )
    assert rasa.received[0]["metadata"] == {"channel": "web", "locale": "zh-CN", "kiosk_id": None}
    assert transcript(settings, session["session_id"]) == [
        ("user", "text", "你好"),
        ("bot", "text", "您好！请问哪里不舒服？"),
    ]


def test_chinese_is_sent_unescaped(client) -> None:
    with client.websocket_connect("/ws") as ws:
        raw = ws.receive_text()
        assert "本助手" in raw and "\\u" not in raw


def test_personal_data_is_redacted_before_storage_and_rasa(client, settings, rasa) -> None:
    with client.websocket_connect("/ws") as ws:
        session = ws.receive_json()
        say(ws, "c1", "我叫王小明，电话13912345678，头疼")
        frames_until(ws, "bot")
    stored = transcript(settings, session["session_id"])[0][2]
    assert "13912345678" not in stored and "王小明" not in stored
    assert "13912345678" not in rasa.received[0]["message"]


def test_structured_results_become_frames_and_are_kept(client, settings) -> None:
    with client.websocket_connect("/ws") as ws:
        session = ws.receive_json()
        say(ws, "c1", "triage please")
        frames = frames_until(ws, "bot")
        kinds = [f["type"] for f in frames]
        assert "triage_result" in kinds
    store = TranscriptStore(Database(settings.effective_database_url))
    row = store.get_session(session["session_id"])
    assert row.urgency == "routine" and row.department_code == "03.01"


def test_rasa_down_gives_fallback_keeps_message_and_recovers(client, settings, rasa) -> None:
    with client.websocket_connect("/ws?locale=en") as ws:
        session = ws.receive_json()
        rasa.up = False
        say(ws, "c1", "hello there")
        frames = frames_until(ws, "fallback")
        assert frames[0]["type"] == "ack"
        assert "120" in frames[-1]["text"] and frames[-1]["text"].isascii()
        rows = transcript(settings, session["session_id"])
        assert rows[0] == ("user", "text", "hello there")
        rasa.up = True
        say(ws, "c2", "hello again")
        replies = [f for f in frames_until(ws, "typing", 3) + frames_until(ws, "bot", 12)]
        # first the missed message is answered, then the new one
        more = frames_until(ws, "bot", 12)
        assert [f["text"] for f in replies + more if f["type"] == "bot"] == [
            "Hello! How can I help?",
            "Hello! How can I help?",
        ]
    assert [b["message"] for b in rasa.received] == ["hello there", "hello again"]


def test_reconnect_resumes_and_syncs_missed_messages(client) -> None:
    with client.websocket_connect("/ws") as ws:
        first = ws.receive_json()
        say(ws, "c1", "你好")
        frames_until(ws, "bot")
    sid = first["session_id"]
    with client.websocket_connect(f"/ws?session_id={sid}") as ws:
        again = ws.receive_json()
        assert again["resumed"] and again["session_id"] == sid and again["last_seq"] == 2
        ws.send_text(json.dumps({"type": "sync", "after_seq": 1}))
        history = ws.receive_json()
        assert history["type"] == "history"
        assert [m["seq"] for m in history["messages"]] == [2]
        say(ws, "c1", "你好")  # a resend of an acked message is not forwarded twice
        assert ws.receive_json() == {"type": "ack", "client_id": "c1", "seq": 1}


def test_unknown_session_starts_a_new_one(client) -> None:
    with client.websocket_connect("/ws?session_id=forged&locale=en") as ws:
        error = ws.receive_json()
        assert error["code"] == "unknown_session"
        session = ws.receive_json()
        assert session["session_id"] != "forged"


def test_rate_limit_holds(settings, rasa) -> None:
    settings.rate_limit_messages = 2
    app = create_app(settings, rasa_transport=httpx.MockTransport(rasa))
    with TestClient(app) as client, client.websocket_connect("/ws") as ws:
        ws.receive_json()
        codes = []
        for i in range(4):
            say(ws, f"c{i}", "你好")
            frame = turn(ws) if i < 2 else [ws.receive_json()]
            codes.append(frame[-1].get("code"))
        assert codes[2:] == ["rate_limited", "rate_limited"]


def test_foreign_origin_is_refused(client) -> None:
    with client.websocket_connect("/ws", headers={"origin": "https://evil.example"}) as ws:
        assert ws.receive_json()["code"] == "origin_not_allowed"


def test_kiosk_needs_a_device_token(client) -> None:
    with client.websocket_connect("/ws?channel=kiosk&token=nope") as ws:
        assert ws.receive_json()["code"] == "unauthorized"


def test_bad_frames_get_typed_errors_and_connection_survives(client) -> None:
    with client.websocket_connect("/ws") as ws:
        ws.receive_json()
        ws.send_text("{broken")
        assert ws.receive_json()["code"] == "bad_frame"
        ws.send_bytes(b"\xff\xfe")
        assert ws.receive_json()["code"] == "bad_frame"
        ws.send_text(json.dumps({"type": "ping", "ts": 5}))
        assert ws.receive_json() == {"type": "pong", "ts": 5}


def test_health_and_readiness(settings, rasa) -> None:
    settings.action_server_url = "http://127.0.0.1:9"  # nothing listens there
    app = create_app(settings, rasa_transport=httpx.MockTransport(rasa))
    with TestClient(app) as client:
        _check_readiness(client)


def _check_readiness(client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 503  # no action server in this test
    assert ready.json()["checks"]["database"] is True and ready.json()["checks"]["rasa"] is True


def test_chat_page_is_localized_and_self_contained(client) -> None:
    page = client.get("/?locale=en")
    assert page.status_code == 200 and "Pre-consultation assistant" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # no CDN
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert client.get("/static/chat/chat.js").status_code == 200


def test_database_outage_is_a_typed_error_and_nothing_is_acked(client, monkeypatch) -> None:
    from sqlalchemy.exc import OperationalError

    def broken(*_args, **_kwargs):
        raise OperationalError("INSERT", {}, Exception("database is down"))

    with client.websocket_connect("/ws?locale=zh-CN") as ws:
        ws.receive_json()
        monkeypatch.setattr(client.app.state.store, "add_user_message", broken)
        say(ws, "c1", "我头疼")
        error = ws.receive_json()
        assert error["type"] == "error" and error["code"] == "service_unavailable"
        assert error["client_id"] == "c1" and "120" in error["message"]
        assert ws.receive_json() == {"type": "typing", "on": False}
        monkeypatch.undo()
        say(ws, "c1", "我头疼")  # the client resends the same message once storage is back
        assert ws.receive_json() == {"type": "ack", "client_id": "c1", "seq": 1}


def test_gateway_on_postgres_stores_the_conversation(postgres_url, tmp_path, rasa) -> None:
    from web.settings import Settings

    pg_settings = Settings(environment="test", data_dir=tmp_path, database_url=postgres_url)
    app = create_app(pg_settings, rasa_transport=httpx.MockTransport(rasa))
    with TestClient(app) as client, client.websocket_connect("/ws") as ws:
        session = ws.receive_json()
        say(ws, "c1", "你好")
        turn(ws)
        assert client.get("/readyz").json()["checks"]["database"] is True
    rows = transcript(pg_settings, session["session_id"])
    assert rows == [("user", "text", "你好"), ("bot", "text", "您好！请问哪里不舒服？")]
