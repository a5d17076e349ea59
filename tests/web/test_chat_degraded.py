"""The gateway when Rasa answers 200 with nothing: Rasa's REST channel does that when it fails
inside (lock store, tracker store or every action server down)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

import web.chat
from web.app import create_app


class SilentRasa:
    """Rasa that returns no bot message for its first ``silent`` messages, then answers."""

    def __init__(self, silent: int, nothing: list[dict[str, Any]] | None = None) -> None:
        self.silent = silent
        self.nothing = nothing or []
        self.received: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/status":
            return httpx.Response(200, json={"model_file": "m.tar.gz"})
        self.received.append(json.loads(request.content)["message"])
        if len(self.received) <= self.silent:
            return httpx.Response(200, json=self.nothing)
        return httpx.Response(200, json=[{"text": "What brings you here today?"}])


def turn(ws: Any, client_id: str, text: str, answers: int = 1) -> list[dict[str, Any]]:
    """Frames up to the end of this message's turn, once ``answers`` bot/fallback frames came
    (a missed message retried first is answered in the same turn)."""
    ws.send_text(json.dumps({"type": "message", "client_id": client_id, "text": text}))
    frames: list[dict[str, Any]] = []
    while True:
        frames.append(ws.receive_json())
        shown = sum(f["type"] in ("bot", "fallback") for f in frames)
        if frames[-1] == {"type": "typing", "on": False} and shown >= answers:
            return frames


@pytest.mark.parametrize("nothing", [[], [{"recipient_id": "s", "text": ""}]])
def test_empty_reply_gives_fallback_and_the_message_is_forwarded_again(settings, nothing) -> None:
    rasa = SilentRasa(silent=1, nothing=nothing)
    app = create_app(settings, rasa_transport=httpx.MockTransport(rasa))
    with TestClient(app) as client, client.websocket_connect("/ws?locale=en") as ws:
        ws.receive_json()
        frames = turn(ws, "c1", "my head hurts")
        assert frames[0] == {"type": "ack", "client_id": "c1", "seq": 1}
        fallback = [f for f in frames if f["type"] == "fallback"]
        assert len(fallback) == 1 and "120" in fallback[0]["text"] and fallback[0]["text"].isascii()
        frames = turn(ws, "c2", "hello", answers=2)
        answers = [f["text"] for f in frames if f["type"] == "bot"]
        assert answers == ["What brings you here today?"] * 2
    # the missed message reached Rasa again, before the new one
    assert rasa.received == ["my head hurts", "my head hurts", "hello"]


def test_a_reply_that_stays_empty_is_taken_as_meant(settings, monkeypatch) -> None:
    monkeypatch.setattr(web.chat, "SILENT_REPLY_RETRIES", 1)
    rasa = SilentRasa(silent=1000)
    app = create_app(settings, rasa_transport=httpx.MockTransport(rasa))
    with TestClient(app) as client, client.websocket_connect("/ws?locale=en") as ws:
        ws.receive_json()
        turn(ws, "c1", "one")  # fallback, pending
        seen = turn(ws, "c2", "two", answers=0)  # "one" retried: empty again, given up
        assert [f["type"] for f in seen].count("fallback") == 0, seen
        turn(ws, "c3", "three", answers=0)
    # "one" retried once, then given up: no endless resending
    assert rasa.received == ["one", "one", "two", "three"]


@pytest.fixture(autouse=True)
def _no_background_retry(monkeypatch) -> None:
    monkeypatch.setattr("web.ws.RETRY_PENDING_EVERY_S", 60.0)
