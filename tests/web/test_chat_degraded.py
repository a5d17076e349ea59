"""The gateway when Rasa answers but an action behind it failed (e.g. every action server down)."""

from __future__ import annotations

import json
from typing import Any

import httpx
from fastapi.testclient import TestClient

from web.app import create_app


class SilentRasa:
    """Rasa whose custom actions fail: it takes the message and returns no bot message at all."""

    def __init__(self) -> None:
        self.received: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/status":
            return httpx.Response(200, json={"model_file": "m.tar.gz"})
        self.received.append(json.loads(request.content)["message"])
        return httpx.Response(200, json=[])


def turn(ws: Any, client_id: str, text: str) -> list[dict[str, Any]]:
    ws.send_text(json.dumps({"type": "message", "client_id": client_id, "text": text}))
    frames = []
    while True:
        frames.append(ws.receive_json())
        if frames[-1] == {"type": "typing", "on": False}:
            return frames


def test_empty_rasa_reply_gives_the_localized_fallback_once(settings) -> None:
    rasa = SilentRasa()
    app = create_app(settings, rasa_transport=httpx.MockTransport(rasa))
    with TestClient(app) as client, client.websocket_connect("/ws?locale=en") as ws:
        ws.receive_json()
        frames = turn(ws, "c1", "my head hurts")
        assert frames[0] == {"type": "ack", "client_id": "c1", "seq": 1}
        fallback = [f for f in frames if f["type"] == "fallback"]
        assert len(fallback) == 1 and fallback[0]["reason"] == "empty"
        assert "120" in fallback[0]["text"] and fallback[0]["text"].isascii()
        turn(ws, "c2", "hello")
    # Rasa has the message already: it is not forwarded a second time
    assert rasa.received == ["my head hurts", "hello"]
