"""Fuzzing the WebSocket protocol: >= 10,000 hostile frames, no crash, every bad frame a typed error."""

from __future__ import annotations

import json
import random
import string
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from web.app import create_app
from web.protocol import ERROR_MESSAGES

FRAMES = 10_000


def ok_rasa(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    return httpx.Response(200, json=[{"recipient_id": body["sender"], "text": "收到"}])


def hostile_frame(rng: random.Random, max_bytes: int) -> str | bytes:
    """One malformed frame of a random kind."""
    kind = rng.randrange(12)
    junk = "".join(
        rng.choice(string.printable + '中文{}[]"\\') for _ in range(rng.randrange(1, 40))
    )
    if kind == 0:
        return junk  # not JSON (or JSON that is not an object)
    if kind == 1:
        return json.dumps(rng.choice([[], 1, "x", None, True, [{"type": "message"}]]))
    if kind == 2:
        return json.dumps({"type": rng.choice(["", "msg", "MESSAGE", "delete", 5, None])})
    if kind == 3:
        return json.dumps(
            {
                "type": "message",
                "client_id": rng.choice([5, None, "", "a b", "x" * 65]),
                "text": "hi",
            }
        )
    if kind == 4:
        return json.dumps(
            {"type": "message", "client_id": "c1", "text": rng.choice([5, None, [], {"a": 1}])}
        )
    if kind == 5:
        return json.dumps({"type": "message", "client_id": "c1", "text": "痛" * 1500})
    if kind == 6:
        return "x" * (max_bytes + 1 + rng.randrange(1000))
    if kind == 7:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
    if kind == 8:
        return '{"type":"message","client_id":"c1","text":"\\ud800 broken surrogate"}'
    if kind == 9:
        return json.dumps({"type": "sync", "after_seq": rng.choice([-1, "a", 1.5, None])})
    if kind == 10:
        return json.dumps({"type": "ping", "v": rng.choice([0, 2, "1", 99])})
    return "[" * rng.randrange(1, 5000)  # deep nesting


@pytest.fixture
def client(settings):
    settings.rate_limit_messages = 5
    settings.rate_limit_window_s = 60
    app = create_app(settings, rasa_transport=httpx.MockTransport(ok_rasa))
    with TestClient(app) as c:
        yield c


def test_ten_thousand_hostile_frames_get_typed_errors(client, settings) -> None:
    rng = random.Random(20261127)
    codes: dict[str, int] = {}
    with client.websocket_connect("/ws?locale=en") as ws:
        ws.receive_json()
        for _ in range(FRAMES):
            frame = hostile_frame(rng, settings.max_frame_bytes)
            if isinstance(frame, bytes):
                ws.send_bytes(frame)
            else:
                ws.send_text(frame)
            reply: dict[str, Any] = ws.receive_json()
            assert reply["type"] == "error", (frame[:80], reply)
            assert reply["code"] in ERROR_MESSAGES and reply["message"]
            codes[reply["code"]] = codes.get(reply["code"], 0) + 1
        # the connection still works after the storm
        ws.send_text(json.dumps({"type": "ping", "ts": 1}))
        assert ws.receive_json() == {"type": "pong", "ts": 1}
    assert sum(codes.values()) == FRAMES
    assert {"bad_frame", "message_too_long", "frame_too_large", "unsupported_version"} <= set(codes)
    assert client.get("/healthz").status_code == 200


def test_flood_is_rate_limited_and_nothing_is_lost(client) -> None:
    accepted, limited = [], 0
    with client.websocket_connect("/ws") as ws:
        ws.receive_json()
        for i in range(30):
            ws.send_text(json.dumps({"type": "message", "client_id": f"f{i}", "text": f"第{i}条"}))
            frame = ws.receive_json()
            if frame["type"] == "ack":
                accepted.append(frame["seq"])
                while ws.receive_json() != {"type": "typing", "on": False}:
                    pass
            else:
                assert frame["code"] == "rate_limited"
                limited += 1
    assert len(accepted) == 5 and limited == 25
