"""The staff side: the live pharmacist-handoff queue (/admin/handoffs), its WebSocket and actions.

Any signed-in staff member (reviewer or admin) may see and act on the queue. The page and the
actions reuse the admin's login, role and CSRF dependencies; the WebSocket is authenticated with
the same session cookie and only accepted from the gateway's own origin.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse

from preconsult.i18n import gettext
from web.admin.accounts import Principal, principal_for
from web.admin.deps import COOKIE, ApiUser, PageUser, client_ip
from web.kiosk.handoffs import HandoffConflict
from web.kiosk.texts import QUEUE_STRINGS
from web.templating import page_locale, render

__all__ = ["router"]

log = logging.getLogger(__name__)
router = APIRouter(prefix="/admin/handoffs", include_in_schema=False)

RECHECK_SESSION_S = 30.0  # a signed-out or expired staff session loses the live feed this fast


@router.get("", response_class=HTMLResponse)
async def queue_page(request: Request, user: PageUser) -> HTMLResponse:
    locale = page_locale(request)
    strings = {key: gettext(locale, msg) for key, msg in QUEUE_STRINGS.items()}
    return render(
        request,
        "kiosk/handoffs.html",
        locale=locale,
        user=user,
        strings_json=json.dumps(strings, ensure_ascii=False),
    )


async def _change(request: Request, user: Principal, handoff_id: int, action: str) -> JSONResponse:
    try:
        data = await request.app.state.handoffs.change(
            handoff_id,
            action,
            staff=user.username,
            staff_id=user.user_id,
            ip=client_ip(request),
        )
    except HandoffConflict as exc:
        return JSONResponse(status_code=409, content={"error": "conflict", "status": str(exc)})
    if data is None:
        raise HTTPException(status_code=404, detail="no such handoff")
    return JSONResponse(data)


@router.post("/{handoff_id}/claim")
async def claim(request: Request, user: ApiUser, handoff_id: int) -> JSONResponse:
    return await _change(request, user, handoff_id, "claim")


@router.post("/{handoff_id}/handle")
async def handle(request: Request, user: ApiUser, handoff_id: int) -> JSONResponse:
    return await _change(request, user, handoff_id, "handle")


def _same_origin(ws: WebSocket, allowed: list[str]) -> bool:
    origin = ws.headers.get("origin")
    if not origin:
        return True  # not a browser; the cookie still has to be valid
    return origin in allowed or urlsplit(origin).netloc == ws.headers.get("host", "")


def _principal(ws: WebSocket) -> Principal | None:
    with ws.app.state.db.session() as s:
        return principal_for(s, ws.cookies.get(COOKIE))


def _dumps(frame: dict[str, Any]) -> str:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


@router.websocket("/ws")
async def queue_socket(ws: WebSocket) -> None:
    """Sends a ``snapshot`` of the active handoffs, then every ``created``/``updated`` event."""
    settings = ws.app.state.settings
    await ws.accept()
    if not _same_origin(ws, settings.allowed_origins):
        await ws.close(code=4403)
        return
    principal = await run_in_threadpool(_principal, ws)
    if principal is None:
        await ws.send_text(_dumps({"type": "error", "code": "unauthorized"}))
        await ws.close(code=4401)
        return
    service = ws.app.state.handoffs
    async with service.bus.subscribe() as queue:
        await ws.send_text(_dumps({"type": "snapshot", "handoffs": await service.active()}))
        reader = asyncio.create_task(_until_closed(ws))
        getter: asyncio.Task[dict[str, Any]] | None = None
        try:
            checked = time.monotonic()
            while not reader.done():
                getter = getter or asyncio.create_task(queue.get())
                wait_s = max(0.0, RECHECK_SESSION_S - (time.monotonic() - checked))
                done, _ = await asyncio.wait(
                    {getter, reader}, timeout=wait_s, return_when=asyncio.FIRST_COMPLETED
                )
                if reader in done:
                    break
                if getter in done:
                    event, getter = getter.result(), None
                    await ws.send_text(_dumps({"type": event.get("event"), **event}))
                if time.monotonic() - checked >= RECHECK_SESSION_S:  # still signed in?
                    checked = time.monotonic()
                    if await run_in_threadpool(_principal, ws) is None:
                        await ws.close(code=4401)
                        break
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            for task in (getter, reader):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await task


async def _until_closed(ws: WebSocket) -> None:
    """Read (and ignore) client frames until the socket closes; pings keep proxies happy."""
    while True:
        message = await ws.receive()
        if message["type"] == "websocket.disconnect":
            return
