"""Pharmacist handoff: created by the button (even with Rasa down) or by the bot, pushed to the
staff queue, claimed and handled with an audit trail, and reported back to the kiosk."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from starlette.websockets import WebSocketDisconnect

from web.admin.models import AuditLog
from web.kiosk.models import HandoffRequest
from web.storage.db import Database
from web.storage.models import ChatSession

Staff = Callable[..., str]


def kiosk_turn(ws: Any) -> list[dict[str, Any]]:
    """Every frame of one turn, up to the typing indicator going off."""
    seen = []
    while True:
        frame = ws.receive_json()
        seen.append(frame)
        if frame == {"type": "typing", "on": False}:
            return seen


def say(ws: Any, client_id: str, text: str, payload: str | None = None) -> None:
    frame: dict[str, Any] = {"type": "message", "client_id": client_id, "text": text}
    if payload:
        frame["payload"] = payload
    ws.send_text(json.dumps(frame, ensure_ascii=False))


def open_kiosk(client: TestClient, token: str) -> Any:
    return client.websocket_connect(f"/ws?channel=kiosk&locale=zh-CN&token={token}")


def handoffs(database: Database) -> list[HandoffRequest]:
    with database.session() as s:
        return list(s.scalars(select(HandoffRequest).order_by(HandoffRequest.id)).all())


def status(client: TestClient, token: str, session_id: str) -> Any:
    response = client.get(
        f"/kiosk/api/handoff?session_id={session_id}", headers={"X-Kiosk-Token": token}
    )
    assert response.status_code == 200, response.text
    return response.json()["status"]


def test_button_creates_the_handoff_even_when_rasa_is_down(
    client: TestClient, kiosk_token: str, rasa: Any, database: Database
) -> None:
    rasa.up = False
    with open_kiosk(client, kiosk_token) as ws:
        session_id = ws.receive_json()["session_id"]
        assert status(client, kiosk_token, session_id) is None
        say(ws, "c1", "请药师协助", payload="/request_human")
        frames = kiosk_turn(ws)
        assert frames[0] == {"type": "ack", "client_id": "c1", "seq": 1}
        assert any(f["type"] == "fallback" for f in frames)
        assert status(client, kiosk_token, session_id) == "open"
    [row] = handoffs(database)
    assert (row.session_id, row.reason, row.status) == (session_id, "user_request", "open")
    assert row.pharmacy == "仁心大药房" and row.kiosk_id
    with database.session() as s:
        assert s.get(ChatSession, session_id).handoff is True  # type: ignore[union-attr]


def test_bot_handoff_decisions_open_one_request_per_conversation(
    client: TestClient, kiosk_token: str, database: Database
) -> None:
    with open_kiosk(client, kiosk_token) as ws:
        ws.receive_json()
        say(ws, "c1", "布洛芬能不能加倍吃")
        assert any(f["type"] == "answer" for f in kiosk_turn(ws))
        say(ws, "c2", "请药师协助", payload="/request_human")
        frames = kiosk_turn(ws)
        assert any(f["type"] == "handoff" for f in frames)
    [row] = handoffs(database)
    assert row.reason == "pharmacy.dose_change"


def test_web_chat_handoffs_do_not_reach_the_pharmacy_queue(
    client: TestClient, database: Database
) -> None:
    with client.websocket_connect("/ws?locale=zh-CN") as ws:
        ws.receive_json()
        say(ws, "c1", "转人工", payload="/request_human")
        kiosk_turn(ws)
    assert handoffs(database) == []


def test_queue_requires_a_signed_in_staff_member(client: TestClient) -> None:
    page = client.get("/admin/handoffs")
    assert page.status_code == 303 and page.headers["location"].startswith("/admin/login")
    assert client.post("/admin/handoffs/1/claim").status_code == 401
    with client.websocket_connect("/admin/handoffs/ws") as ws:
        assert ws.receive_json()["code"] == "unauthorized"
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 4401


def test_queue_refuses_another_origin(client: TestClient, staff: Staff) -> None:
    staff(client)
    headers = {"origin": "https://evil.example"}
    with (
        client.websocket_connect("/admin/handoffs/ws", headers=headers) as ws,
        pytest.raises(WebSocketDisconnect) as closed,
    ):
        ws.receive_json()
    assert closed.value.code == 4403


def test_queue_page_for_a_reviewer(client: TestClient, staff: Staff) -> None:
    staff(client, "reviewer")
    page = client.get("/admin/handoffs?locale=zh-CN")
    assert page.status_code == 200
    assert "药师求助队列" in page.text and "/static/kiosk/handoffs.js" in page.text


def test_queue_socket_pushes_new_handoffs_with_the_redacted_conversation(
    client: TestClient, kiosk_token: str, staff: Staff
) -> None:
    staff(client)
    with client.websocket_connect("/admin/handoffs/ws") as queue:
        assert queue.receive_json() == {"type": "snapshot", "handoffs": []}
        with open_kiosk(client, kiosk_token) as ws:
            session_id = ws.receive_json()["session_id"]
            say(ws, "c1", "我电话13812345678，布洛芬怎么吃")
            kiosk_turn(ws)
            say(ws, "c2", "请药师协助", payload="/request_human")
            kiosk_turn(ws)
        event = queue.receive_json()
    assert event["type"] == "created"
    handoff = event["handoff"]
    assert handoff["session_id"] == session_id and handoff["pharmacy"] == "仁心大药房"
    lines = [(line["sender"], line["text"]) for line in handoff["transcript"]]
    assert ("user", "我电话[电话]，布洛芬怎么吃") in lines
    assert ("bot", "请按说明书服用。") in lines
    assert "13812345678" not in str(handoff)


def test_claim_then_handle_is_audited_pushed_and_shown_on_the_kiosk(
    client: TestClient, kiosk_token: str, staff: Staff, database: Database
) -> None:
    csrf = staff(client, "reviewer")
    with open_kiosk(client, kiosk_token) as ws:
        session_id = ws.receive_json()["session_id"]
        say(ws, "c1", "请药师协助", payload="/request_human")
        kiosk_turn(ws)
    [row] = handoffs(database)
    assert client.post(f"/admin/handoffs/{row.id}/claim").status_code == 403  # no CSRF token
    with client.websocket_connect("/admin/handoffs/ws") as queue:
        [listed] = queue.receive_json()["handoffs"]
        assert listed["id"] == row.id and listed["status"] == "open"
        headers = {"X-CSRF-Token": csrf}
        claimed = client.post(f"/admin/handoffs/{row.id}/claim", headers=headers)
        assert claimed.status_code == 200 and claimed.json()["claimed_by"] == "reviewer-1"
        assert queue.receive_json()["handoff"]["status"] == "claimed"
        assert status(client, kiosk_token, session_id) == "claimed"
        handled = client.post(f"/admin/handoffs/{row.id}/handle", headers=headers)
        assert handled.status_code == 200 and handled.json()["handled_by"] == "reviewer-1"
        assert queue.receive_json()["handoff"]["status"] == "handled"
    assert status(client, kiosk_token, session_id) == "handled"
    again = client.post(f"/admin/handoffs/{row.id}/handle", headers=headers)
    assert again.status_code == 409
    assert client.post("/admin/handoffs/999/claim", headers=headers).status_code == 404
    with database.session() as s:
        actions = s.scalars(
            select(AuditLog.action).where(AuditLog.target == f"handoff:{row.id}")
        ).all()
    assert sorted(actions) == ["handoff_claim", "handoff_handle"]
    # the handled request leaves the live queue
    with client.websocket_connect("/admin/handoffs/ws") as queue:
        assert queue.receive_json()["handoffs"] == []


def test_kiosk_status_only_for_its_own_conversations(
    client: TestClient, kiosk_token: str, database: Database
) -> None:
    from web.admin.kiosks import issue_kiosk

    with database.session() as s:
        other = issue_kiosk(s, "Other", "同济堂", "alice").token
    with open_kiosk(client, kiosk_token) as ws:
        session_id = ws.receive_json()["session_id"]
    response = client.get(
        f"/kiosk/api/handoff?session_id={session_id}", headers={"X-Kiosk-Token": other}
    )
    assert response.status_code == 404
    response = client.get(f"/kiosk/api/handoff?session_id={session_id}")
    assert response.status_code == 401


def test_signing_out_ends_the_live_feed(
    client: TestClient, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    from web.kiosk import staff as staff_routes

    monkeypatch.setattr(staff_routes, "RECHECK_SESSION_S", 0.2)
    csrf = staff(client)
    with client.websocket_connect("/admin/handoffs/ws") as queue:
        assert queue.receive_json()["type"] == "snapshot"
        assert client.post("/admin/logout", data={"csrf_token": csrf}).status_code == 303
        with pytest.raises(WebSocketDisconnect) as closed:
            queue.receive_json()
    assert closed.value.code == 4401
