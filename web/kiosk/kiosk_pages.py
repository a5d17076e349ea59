"""The kiosk side: the /kiosk page, its device check and the status of its pharmacist request."""

from __future__ import annotations

import json

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse

from preconsult.i18n import gettext
from web.kiosk.texts import DEVICE_ERRORS, KIOSK_STRINGS, QUICK_QUESTIONS
from web.templating import page_locale, render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

TokenHeader = Header(default="", alias="X-Kiosk-Token")


@router.get("/kiosk", response_class=HTMLResponse)
async def kiosk_page(request: Request) -> HTMLResponse:
    locale = page_locale(request)
    strings = {key: gettext(locale, msg) for key, msg in KIOSK_STRINGS.items()}
    response = render(
        request,
        "kiosk/kiosk.html",
        locale=locale,
        strings_json=json.dumps(strings, ensure_ascii=False),
        idle_seconds=request.app.state.settings.kiosk_idle_seconds,
        quick_questions=[gettext(locale, q) for q in QUICK_QUESTIONS],
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # ?token= never leaks
    return response


def _refused(request: Request, code: str, status: int) -> JSONResponse:
    message = gettext(page_locale(request), DEVICE_ERRORS[code])
    return JSONResponse(status_code=status, content={"error": code, "message": message})


@router.get("/kiosk/api/device")
async def kiosk_device(request: Request, token: str = TokenHeader) -> JSONResponse:
    """Which kiosk this token belongs to (the page shows the pharmacy name), or a clear refusal."""
    if not token:
        return _refused(request, "missing", 401)
    device = await request.app.state.kiosk_verifier(token)
    if device is None:
        return _refused(request, "unauthorized", 401)
    kiosk_id, pharmacy = device
    return JSONResponse({"kiosk_id": kiosk_id, "pharmacy": pharmacy})


@router.get("/kiosk/api/handoff")
async def kiosk_handoff_status(
    request: Request, session_id: str, token: str = TokenHeader
) -> JSONResponse:
    """The state of this conversation's pharmacist request: none, open, claimed or handled."""
    device = await request.app.state.kiosk_verifier(token) if token else None
    if device is None:
        return _refused(request, "unauthorized", 401)
    session = await run_in_threadpool(request.app.state.store.get_session, session_id)
    if session is None or session.kiosk_id != device[0]:
        return _refused(request, "session", 404)
    handoff = await request.app.state.handoffs.status_for_session(session_id)
    return JSONResponse({"status": handoff["status"] if handoff else None})
