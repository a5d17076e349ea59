"""The handoff bus: in memory for one gateway, Redis pub/sub so every gateway's queue sees it."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from web.app import create_app
from web.kiosk.bus import InMemoryHandoffBus, RedisHandoffBus, make_bus
from web.kiosk.models import HandoffRequest
from web.settings import Settings
from web.storage.db import Database

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


async def test_in_memory_bus_delivers_to_current_subscribers_only() -> None:
    bus = make_bus("")
    assert isinstance(bus, InMemoryHandoffBus)
    async with bus.subscribe() as first:
        await bus.publish({"event": "created", "handoff": {"id": 1}})
        assert (await asyncio.wait_for(first.get(), 1))["handoff"]["id"] == 1
    async with bus.subscribe() as second:
        await bus.publish({"event": "updated", "handoff": {"id": 2}})
        assert (await asyncio.wait_for(second.get(), 1))["handoff"]["id"] == 2
    assert first.empty()


@pytest.mark.skipif(not redis_reachable(), reason="no Redis server on 127.0.0.1:6379")
def test_redis_bus_shows_a_handoff_from_one_gateway_on_anothers_queue(
    kiosk_settings: Settings, kiosk_token: str, staff: Any, tmp_path: Path, rasa: Any
) -> None:
    shared = kiosk_settings.model_copy(update={"redis_url": REDIS_URL})
    rasa.up = False  # the button must work with the dialogue engine down
    gateway_a = create_app(shared, rasa_transport=httpx.MockTransport(rasa))
    gateway_b = create_app(shared, rasa_transport=httpx.MockTransport(rasa))
    with (
        TestClient(gateway_a) as a,
        TestClient(gateway_b, follow_redirects=False) as b,
    ):
        assert isinstance(b.app.state.handoffs.bus, RedisHandoffBus)  # type: ignore[attr-defined]
        csrf = staff(b)
        with b.websocket_connect("/admin/handoffs/ws") as queue:
            assert queue.receive_json()["type"] == "snapshot"
            with a.websocket_connect(f"/ws?channel=kiosk&token={kiosk_token}") as kiosk:
                session_id = kiosk.receive_json()["session_id"]
                frame = {"type": "message", "client_id": "c1", "text": "请药师协助",
                         "payload": "/request_human"}  # fmt: skip
                kiosk.send_text(json.dumps(frame, ensure_ascii=False))
                assert kiosk.receive_json()["type"] == "ack"
            with Database(shared.effective_database_url).session() as s:
                handoff_id = s.scalar(
                    select(HandoffRequest.id).where(HandoffRequest.session_id == session_id)
                )
            # gateway B's own event comes after A's: a bus that does not cross gateways fails
            # here on the order instead of waiting forever
            claimed = b.post(f"/admin/handoffs/{handoff_id}/claim", headers={"X-CSRF-Token": csrf})
            assert claimed.status_code == 200
            seen = []
            while not seen or seen[-1] == "created":  # other test runs may share the channel
                event = queue.receive_json()
                if event["handoff"]["session_id"] == session_id:
                    seen.append(event["type"])
                    assert seen[0] == "created", "gateway B never heard of A's handoff"
                    if event["type"] == "created":
                        assert event["handoff"]["pharmacy"] == "仁心大药房"
    assert seen == ["created", "updated"]
