"""The gateway's FastAPI application factory: WebSocket chat, REST API, pages and admin."""

from __future__ import annotations

import contextlib
import importlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import Response

from preconsult.heap import freeze_startup_heap
from preconsult.i18n import N_, gettext, negotiate_locale
from web import pages, ws
from web.chat import ChatService
from web.rasa_client import RasaClient
from web.settings import REPO_ROOT, Settings, get_settings
from web.storage.db import Database
from web.storage.transcripts import TranscriptStore

__all__ = ["create_app"]

log = logging.getLogger(__name__)

KioskVerifier = Callable[[str], Awaitable[tuple[str, str] | None]]

# Routers of features that register themselves when present: module -> attribute.
FEATURE_ROUTERS = (
    "web.api.triage",
    "web.api.answer",
    "web.admin",
    "web.kiosk",
)

INVALID_REQUEST = N_("请求内容不正确：{fields}。请检查后重试。")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def _redactor() -> Callable[[str], str]:
    from preconsult.privacy.pii import redact

    return lambda text: redact(text).text


async def _screen() -> Callable[[str], list[Any]] | None:
    """The triage engine's red-flag screen, loaded once in a worker thread at start-up."""
    try:
        from preconsult.triage import get_engine
    except ImportError:
        log.error("triage engine not installed: the gateway cannot screen red flags")
        return None
    engine = await run_in_threadpool(get_engine)
    return lambda text: list(engine.screen(text))


async def _refuse_all_kiosks(token: str) -> tuple[str, str] | None:
    return None


def _install_log_redaction() -> None:
    with contextlib.suppress(ImportError):
        from preconsult.privacy.pii import RedactingFilter

        for handler in logging.getLogger().handlers:
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(RedactingFilter())


def create_app(
    settings: Settings | None = None, *, rasa_transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    settings = settings or get_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _install_log_redaction()
        if settings.auto_migrate:
            from web.storage.migrate import upgrade

            await run_in_threadpool(upgrade, settings.effective_database_url)
        db = Database(settings.effective_database_url)
        rasa = RasaClient(
            settings.rasa_url,
            timeout_s=settings.rasa_timeout_s,
            retries=settings.rasa_retries,
            transport=rasa_transport,
        )
        store = TranscriptStore(db)
        app.state.db = db
        app.state.store = store
        app.state.rasa = rasa
        app.state.chat = ChatService(
            store,
            rasa,
            redact=_redactor(),
            screen=await _screen(),
            fallback_after_s=settings.slow_reply_fallback_s,
        )
        app.state.http = httpx.AsyncClient(timeout=2.0)
        if not hasattr(app.state, "kiosk_verifier"):
            app.state.kiosk_verifier = _refuse_all_kiosks
        for hook in app.state.startup_hooks:
            await hook(app)
        if settings.should_freeze_heap:
            freeze_startup_heap()  # the triage index is permanent: full collections skip it
        try:
            yield
        finally:
            for hook in app.state.shutdown_hooks:
                await hook(app)
            await rasa.aclose()
            await app.state.http.aclose()
            db.dispose()

    app = FastAPI(
        title="Pre-consultation assistant API",
        version="1.0.0",
        description="预问诊/智能导诊: triage, grounded health answers and medication Q&A.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.startup_hooks = []
    app.state.shutdown_hooks = []
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(RequestValidationError)
    async def _localized_422(request: Request, exc: RequestValidationError) -> JSONResponse:
        locale = _request_locale(request, exc)
        fields = ", ".join(
            ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
            for err in exc.errors()
        )
        return JSONResponse(
            status_code=422,
            content={
                "error": "invalid_request",
                "message": gettext(locale, INVALID_REQUEST, fields=fields),
                "detail": [
                    {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
                    for e in exc.errors()
                ],
            },
        )

    @app.get("/healthz", tags=["ops"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["ops"])
    async def readyz(request: Request) -> JSONResponse:
        state = request.app.state
        checks = {
            "database": state.db.ping(),
            "rasa": await state.rasa.ready(),
            "action_server": await _action_server_ready(state.http, settings.action_server_url),
        }
        ok = all(checks.values())
        return JSONResponse(status_code=200 if ok else 503, content={"ready": ok, "checks": checks})

    app.include_router(ws.router)
    app.include_router(pages.router)
    for module_name in FEATURE_ROUTERS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        feature_router = getattr(module, "router", None)
        if feature_router is None:  # a feature package still being built
            continue
        app.include_router(feature_router)
        install = getattr(module, "install", None)
        if install is not None:
            install(app)
    app.mount("/static", StaticFiles(directory=REPO_ROOT / "web" / "static"), name="static")
    return app


async def _action_server_ready(client: httpx.AsyncClient, url: str) -> bool:
    try:
        response = await client.get(url.rstrip("/") + "/health")
        return response.status_code == 200
    except httpx.HTTPError:
        return False


def _request_locale(request: Request, exc: RequestValidationError) -> str:
    body = getattr(exc, "body", None)
    explicit = body.get("locale") if isinstance(body, dict) else None
    if not isinstance(explicit, str):
        explicit = request.query_params.get("locale")
    return negotiate_locale(explicit, request.headers.get("accept-language"))
