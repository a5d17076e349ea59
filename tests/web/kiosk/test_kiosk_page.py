"""The /kiosk page and its device check: pharmacy name, quick questions, refusals of bad tokens."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect


def test_kiosk_page_is_elder_friendly_and_says_it_is_not_a_diagnosis(client: TestClient) -> None:
    page = client.get("/kiosk?locale=zh-CN")
    assert page.status_code == 200
    html = page.text
    assert 'id="ask-pharmacist"' in html and "请药师协助" in html
    for question in (
        "这个药怎么吃",
        "孕妇能吃吗",
        "儿童能吃吗",
        "两种药能一起吃吗",
        "有什么副作用",
    ):
        assert f'class="quick-q">{question}<' in html
    assert "不能代替医生诊断" in html
    assert 'data-idle-seconds="45"' in html and "45 秒后自动清屏" in html  # the configured value
    assert page.headers["cache-control"] == "no-store"


def test_kiosk_page_in_english_and_traditional_chinese(client: TestClient) -> None:
    html = client.get("/kiosk?locale=en").text
    assert "Ask a pharmacist" in html and "does not replace a doctor" in html
    assert "45 seconds" in html
    html = client.get("/kiosk?locale=zh-TW").text
    assert "請藥師協助" in html and "孕婦能吃嗎" in html


def test_device_check_shows_the_pharmacy_of_a_valid_token(
    client: TestClient, kiosk_token: str
) -> None:
    response = client.get("/kiosk/api/device", headers={"X-Kiosk-Token": kiosk_token})
    assert response.status_code == 200
    assert response.json()["pharmacy"] == "仁心大药房"


@pytest.mark.parametrize("which", ["missing", "unknown", "revoked"])
def test_device_check_refuses_with_a_localized_message(
    client: TestClient, revoked_token: str, which: str
) -> None:
    token = {"missing": "", "unknown": "kiosk_made-up", "revoked": revoked_token}[which]
    response = client.get("/kiosk/api/device?locale=zh-CN", headers={"X-Kiosk-Token": token})
    assert response.status_code == 401
    message = response.json()["message"]
    assert ("还没有设置" if which == "missing" else "无效或已被停用") in message
    english = client.get("/kiosk/api/device?locale=en", headers={"X-Kiosk-Token": token})
    assert "token" in english.json()["message"].lower()


@pytest.mark.parametrize("query", ["", "&token=kiosk_made-up", "revoked"])
def test_kiosk_socket_refuses_missing_unknown_and_revoked_tokens(
    client: TestClient, revoked_token: str, query: str
) -> None:
    if query == "revoked":
        query = f"&token={revoked_token}"
    with client.websocket_connect(f"/ws?channel=kiosk&locale=zh-CN{query}") as ws:
        frame = ws.receive_json()
        assert frame["type"] == "error" and frame["code"] == "unauthorized"
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 4401


def test_kiosk_socket_with_a_live_token_names_the_pharmacy(
    client: TestClient, kiosk_token: str
) -> None:
    with client.websocket_connect(f"/ws?channel=kiosk&locale=zh-CN&token={kiosk_token}") as ws:
        frame = ws.receive_json()
    assert frame["type"] == "session" and frame["channel"] == "kiosk"
    assert frame["pharmacy"] == "仁心大药房"
