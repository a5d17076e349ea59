"""Handoff events between gateways: an in-memory bus (one process) or Redis pub/sub (several).

An event is a JSON-able dict ``{"event": "created" | "updated", "handoff": {...}}``. Every
gateway's staff queue sockets subscribe to their local bus; with Redis, an event published on one
gateway reaches the subscribers of all of them (the publisher's own included, exactly once).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Any, Protocol

__all__ = ["HandoffBus", "InMemoryHandoffBus", "RedisHandoffBus", "make_bus"]

log = logging.getLogger(__name__)

CHANNEL = "preconsult:handoffs"
QUEUE_SIZE = 256


class HandoffBus(Protocol):
    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def publish(self, event: dict[str, Any]) -> None: ...

    def subscribe(self) -> contextlib.AbstractAsyncContextManager[asyncio.Queue[dict[str, Any]]]:
        """A queue receiving every event published from now on, until the block exits."""
        ...


class _LocalFanout:
    """Delivers events to the queues of this process's subscribers (slow ones drop the oldest)."""

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[dict[str, Any]]] = set()

    def deliver(self, event: dict[str, Any]) -> None:
        for queue in list(self._queues):
            if queue.full():
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
            queue.put_nowait(event)

    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[asyncio.Queue[dict[str, Any]]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)


class InMemoryHandoffBus(_LocalFanout):
    """The default: a single gateway process."""

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def publish(self, event: dict[str, Any]) -> None:
        self.deliver(event)


class RedisHandoffBus(_LocalFanout):
    """Redis pub/sub on one channel; a listener task fans incoming events out locally."""

    def __init__(self, url: str, channel: str = CHANNEL) -> None:
        super().__init__()
        self.url, self.channel = url, channel
        self._redis: Any = None
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    async def start(self) -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(self.url)
        self._task = asyncio.create_task(self._listen())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._ready.wait(), timeout=5)

    async def _listen(self) -> None:
        backoff = 0.5
        while True:
            try:
                pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
                async with pubsub:
                    await pubsub.subscribe(self.channel)
                    self._ready.set()
                    backoff = 0.5
                    async for message in pubsub.listen():
                        if message.get("type") != "message":
                            continue
                        try:
                            event = json.loads(message["data"])
                        except (TypeError, ValueError):
                            continue
                        if isinstance(event, dict):
                            self.deliver(event)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis restarted: resubscribe, the DB still has the queue
                log.warning("handoff bus: redis listener failed (%s), retrying", exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 10)

    async def publish(self, event: dict[str, Any]) -> None:
        try:
            await self._redis.publish(self.channel, json.dumps(event, ensure_ascii=False))
        except Exception as exc:  # Redis down: deliver here at least; other gateways reload
            log.warning("handoff bus: publish failed (%s), delivering locally only", exc)
            self.deliver(event)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        if self._redis is not None:
            await self._redis.aclose()


def make_bus(redis_url: str) -> HandoffBus:
    """Redis when a URL is configured, else in-memory."""
    return RedisHandoffBus(redis_url) if redis_url else InMemoryHandoffBus()
