"""The `/ws` WebSocket endpoint shared by the web chat and the pharmacy kiosks (protocol v1)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import deque
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from preconsult.i18n import gettext, negotiate_locale
from web.chat import FALLBACK, NOTICE, ChatService, Conversation
from web.protocol import (
    PROTOCOL_VERSION,
    EndFrame,
    FrameError,
    MessageFrame,
    PingFrame,
    SyncFrame,
    error_frame,
    parse_client_frame,
)

__all__ = ["router"]

log = logging.getLogger(__name__)
router = APIRouter()

RETRY_PENDING_EVERY_S = 3.0


class RateLimiter:
    """At most ``limit`` messages in any ``window`` seconds (sliding window, per connection)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self.times: deque[float] = deque()

    def allow(self) -> bool:
        now = time.monotonic()
        while self.times and now - self.times[0] > self.window:
            self.times.popleft()
        if len(self.times) >= self.limit:
            return False
        self.times.append(now)
        return True


def _dumps(frame: dict[str, Any]) -> str:
    """Frames are sent as compact UTF-8 JSON; Chinese is not \\u-escaped."""
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


def _origin_allowed(ws: WebSocket, allowed: list[str]) -> bool:
    origin = ws.headers.get("origin")
    if not origin:
        return True  # not a browser (kiosk app, tests, load generators)
    if origin in allowed or "*" in allowed:
        return True
    host = ws.headers.get("host", "")
    return urlsplit(origin).netloc == host


@router.websocket("/ws")
async def chat_socket(ws: WebSocket) -> None:
    state = ws.app.state
    settings = state.settings
    params = ws.query_params
    locale = negotiate_locale(params.get("locale"), ws.headers.get("accept-language"))
    channel = params.get("channel", "web")
    if not _origin_allowed(ws, settings.allowed_origins):
        await ws.accept()
        await ws.send_text(_dumps(error_frame("origin_not_allowed", locale)))
        await ws.close(code=4403)
        return
    await ws.accept()
    send_lock = asyncio.Lock()

    async def send(frame: dict[str, Any]) -> None:
        async with send_lock:
            await ws.send_text(_dumps(frame))

    if channel not in ("web", "kiosk"):
        await send(error_frame("bad_frame", locale, detail="channel must be web or kiosk"))
        await ws.close(code=4400)
        return
    kiosk_id, pharmacy = None, None
    if channel == "kiosk":
        device = await state.kiosk_verifier(params.get("token", ""))
        if device is None:
            await send(error_frame("unauthorized", locale))
            await ws.close(code=4401)
            return
        kiosk_id, pharmacy = device

    conv = await _open_conversation(ws, channel, locale, kiosk_id, pharmacy, send)
    chat: ChatService = state.chat
    limiter = RateLimiter(settings.rate_limit_messages, settings.rate_limit_window_s)
    retry_task = asyncio.create_task(_retry_loop(chat, conv, send))
    try:
        while True:
            message = await ws.receive()
            if message["type"] == "websocket.disconnect":
                break
            raw = message.get("text") if message.get("text") is not None else message.get("bytes")
            try:
                frame = parse_client_frame(
                    raw or b"",
                    max_frame_bytes=settings.max_frame_bytes,
                    max_message_chars=settings.max_message_chars,
                )
            except FrameError as exc:
                await send(
                    error_frame(
                        exc.code,
                        conv.locale,
                        detail=exc.detail,
                        client_id=exc.client_id,
                        **exc.params,
                    )
                )
                continue
            if isinstance(frame, PingFrame):
                await send({"type": "pong", "ts": frame.ts})
            elif isinstance(frame, SyncFrame):
                await send(
                    {
                        "type": "history",
                        "messages": await chat.history(conv.session_id, frame.after_seq),
                    }
                )
            elif isinstance(frame, EndFrame):
                await run_in_threadpool(state.store.end_session, conv.session_id)
                await send({"type": "ended", "session_id": conv.session_id})
                await ws.close(code=1000)
                break
            elif isinstance(frame, MessageFrame):
                if not limiter.allow():
                    await send(error_frame("rate_limited", conv.locale, client_id=frame.client_id))
                    continue
                try:
                    await chat.handle_message(
                        conv, frame.client_id, frame.text, frame.payload, send
                    )
                except SQLAlchemyError as exc:  # database down: nothing acked, client resends
                    log.error("storage unavailable: %s", type(exc).__name__)
                    await send(
                        error_frame(
                            "service_unavailable",
                            conv.locale,
                            client_id=frame.client_id,
                            advice=gettext(conv.locale, FALLBACK),
                        )
                    )
                    await send({"type": "typing", "on": False})
    except WebSocketDisconnect:
        pass
    except RuntimeError as exc:  # sending on a socket the client already closed
        log.info("connection closed during send: %s", exc)
    finally:
        retry_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await retry_task


async def _open_conversation(
    ws: WebSocket,
    channel: str,
    locale: str,
    kiosk_id: str | None,
    pharmacy: str | None,
    send: Any,
) -> Conversation:
    store = ws.app.state.store
    requested = ws.query_params.get("session_id")
    resumed = False
    session = await run_in_threadpool(store.get_session, requested) if requested else None
    if (
        session is not None
        and session.ended_at is None
        and session.channel == channel
        and (channel != "kiosk" or session.kiosk_id == kiosk_id)
    ):
        resumed = True
        if ws.query_params.get("locale") and session.locale != locale:
            await run_in_threadpool(store.set_locale, session.id, locale)
        else:
            locale = session.locale  # type: ignore[assignment]
        session_id = session.id
    else:
        if requested:
            await send(error_frame("unknown_session", locale))
        session_id = await run_in_threadpool(
            store.create_session, channel, locale, kiosk_id, pharmacy
        )
    last_seq = await run_in_threadpool(store.last_seq, session_id)
    frame: dict[str, Any] = {
        "type": "session",
        "v": PROTOCOL_VERSION,
        "session_id": session_id,
        "resumed": resumed,
        "channel": channel,
        "locale": locale,
        "last_seq": last_seq,
        "notice": gettext(locale, NOTICE),
    }
    if pharmacy:
        frame["pharmacy"] = pharmacy
    await send(frame)
    return Conversation(
        session_id=session_id, channel=channel, locale=locale, kiosk_id=kiosk_id, pending=resumed
    )


async def _retry_loop(chat: ChatService, conv: Conversation, send: Any) -> None:
    """While the connection lives, keep forwarding messages that Rasa missed during an outage."""
    while True:
        await asyncio.sleep(RETRY_PENDING_EVERY_S)
        try:
            if not conv.lock.locked():
                await chat.retry_pending(conv, send)
        except asyncio.CancelledError:
            raise
        except Exception:  # the loop must never take the connection down
            log.exception("retrying pending messages failed")
