"""Admin HTML pages for every signed-in staff member: login, dashboard, transcripts, annotation, export."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from sqlalchemy import select
from starlette.responses import HTMLResponse

from preconsult.i18n import gettext
from preconsult.privacy.pii import redact
from web.admin import accounts, audit
from web.admin.charts import bar_chart, column_chart
from web.admin.departments import department_choices, department_name
from web.admin.deps import (
    COOKIE,
    LOGIN_CSRF_COOKIE,
    DbDep,
    PageUser,
    client_ip,
    cookie_secure,
    safe_next,
)
from web.admin.export import csv_lines, jsonl_lines
from web.admin.models import Annotation
from web.admin.queries import TranscriptFilter, guardrail_events, list_transcripts
from web.admin.security import new_token, same
from web.admin.settings import get_admin_settings
from web.admin.stats import dashboard
from web.admin.texts import ACCOUNT_ERRORS, CHANNEL_LABELS, URGENCIES, URGENCY_LABELS
from web.storage.models import ChatSession
from web.templating import page_locale, render

__all__ = ["public_router", "router"]

URGENCY_COLORS = {
    "emergency_ambulance": "#9b2c2c",
    "emergency": "#e53e3e",
    "urgent": "#dd6b20",
    "routine": "#3182ce",
    "self_care": "#38a169",
}

public_router = APIRouter(prefix="/admin", include_in_schema=False)
router = APIRouter(prefix="/admin", include_in_schema=False)


def list_audited(
    db: Any, filters: Any, page: int, page_size: int, user: Any, request: Request
) -> tuple[list[Any], int]:
    """One page of the filtered transcript list, recorded in the audit log (pages and API)."""
    rows, total = list_transcripts(db, filters, page=page, page_size=page_size)
    audit.record(
        db,
        "list",
        actor=user.username,
        actor_id=user.user_id,
        detail={"filters": filters.audit_view(), "page": page, "matches": total},
        ip=client_ip(request),
    )
    return list(rows), total


def _error(request: Request, code: str, **params: Any) -> str:
    return gettext(page_locale(request), ACCOUNT_ERRORS[code], **params)


def _filters(
    date_from: str = "",
    date_to: str = "",
    channel: str = "",
    kiosk: str = "",
    urgency: str = "",
    department: str = "",
    red_flag: str = "",
    handoff: str = "",
    annotated: str = "",
    q: str = "",
) -> TranscriptFilter:
    try:
        return TranscriptFilter.model_validate(
            {
                "date_from": date_from or None,
                "date_to": date_to or None,
                "channel": channel,
                "kiosk": kiosk,
                "urgency": urgency,
                "department": department,
                "red_flag": red_flag,
                "handoff": handoff,
                "annotated": annotated,
                "q": q,
            }
        )
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None


FilterDep = Annotated[TranscriptFilter, Depends(_filters)]


# -- login / logout ---------------------------------------------------------------------------
@public_router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/admin", error: str = "") -> HTMLResponse:
    token = new_token(24)
    response = render(
        request, "admin/login.html", csrf_token=token, next=safe_next(next), error=error
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=cookie_secure(request),
        path="/admin",
    )
    return response


@public_router.post("/login", response_model=None)
def login_submit(
    request: Request,
    db: DbDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/admin",
) -> Response:
    def again(code: str, status: int) -> HTMLResponse:
        token = new_token(24)
        response = render(
            request,
            "admin/login.html",
            status_code=status,
            csrf_token=token,
            next=safe_next(next),
            error=_error(request, code),
            username=username,
        )
        response.set_cookie(
            LOGIN_CSRF_COOKIE,
            token,
            httponly=True,
            samesite="lax",
            secure=cookie_secure(request),
            path="/admin",
        )
        return response

    if not same(csrf_token, request.cookies.get(LOGIN_CSRF_COOKIE)):
        return again("csrf", 403)
    settings = get_admin_settings()
    result = accounts.login(db, username, password, settings)
    if not result.ok or result.token is None or result.user is None:
        audit.record(
            db,
            "login_failed",
            # an unknown name may be a mistyped password: keep only names of real accounts
            actor=result.user.username if result.user else "(unknown)",
            actor_id=result.user.id if result.user else None,
            detail={"locked": result.locked},
            ip=client_ip(request),
        )
        return again("locked" if result.locked else "bad_login", 401)
    audit.record(
        db, "login", actor=result.user.username, actor_id=result.user.id, ip=client_ip(request)
    )
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        COOKIE,
        result.token,
        max_age=int(settings.session_hours * 3600),
        httponly=True,
        samesite="lax",
        secure=cookie_secure(request),
        path="/admin",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/admin")
    return response


@router.post("/logout")
def logout(request: Request, db: DbDep, user: PageUser) -> RedirectResponse:
    accounts.end_session(db, user.session_id)
    audit.record(db, "logout", actor=user.username, actor_id=user.user_id, ip=client_ip(request))
    response = RedirectResponse("/admin/login", status_code=303)
    response.delete_cookie(COOKIE, path="/admin")
    return response


@router.get("/password", response_class=HTMLResponse)
def password_page(request: Request, user: PageUser) -> HTMLResponse:
    return render(request, "admin/password.html", user=user)


@router.post("/password", response_class=HTMLResponse)
def password_submit(
    request: Request,
    db: DbDep,
    user: PageUser,
    current: Annotated[str, Form(max_length=256)],
    new: Annotated[str, Form(max_length=256)],
    repeat: Annotated[str, Form(max_length=256)],
) -> HTMLResponse:
    settings = get_admin_settings()
    error = ""
    if new != repeat:
        error = _error(request, "password_mismatch")
    else:
        try:
            accounts.change_password(
                db, user.user_id, current, new, settings, keep_session_id=user.session_id
            )
        except accounts.AccountError as exc:
            error = _error(request, exc.code, n=settings.min_password_length)
    if error:
        return render(request, "admin/password.html", status_code=400, user=user, error=error)
    audit.record(
        db, "password_change", actor=user.username, actor_id=user.user_id, ip=client_ip(request)
    )
    return render(request, "admin/password.html", user=user, done=True)


# -- dashboard --------------------------------------------------------------------------------
@router.get("", response_class=HTMLResponse)
def dashboard_page(
    request: Request, db: DbDep, user: PageUser, days: Annotated[int, Query(ge=1, le=365)] = 30
) -> HTMLResponse:
    data = dashboard(db, days=days)
    locale = page_locale(request)
    order = {u: i for i, u in enumerate(URGENCIES)}
    urgency_items = [
        ((gettext(locale, URGENCY_LABELS[k]) if k in URGENCY_LABELS else k, n), k)
        for k, n in sorted(data.by_urgency, key=lambda kv: order.get(kv[0], len(order)))
    ]
    charts = {
        "per_day": column_chart(data.per_day, title=gettext(locale, "每日对话数")),
        "channel": bar_chart(
            [(gettext(locale, CHANNEL_LABELS.get(k, k)), n) for k, n in data.by_channel],
            title=gettext(locale, "渠道"),
        ),
        "urgency": bar_chart(
            [label for label, _key in urgency_items],
            title=gettext(locale, "紧急程度"),
            colors=[URGENCY_COLORS.get(key, "#4a5568") for _label, key in urgency_items],
        ),
        "department": bar_chart(
            [(department_name(code, locale) or code, n) for code, n in data.by_department],
            title=gettext(locale, "科室"),
        ),
        "accuracy": bar_chart(
            [
                (f"{gettext(locale, label)} ({judged})", round(100 * right / judged))
                for label, (right, judged) in zip(
                    ("分诊科室", "紧急程度", "回答"), data.accuracy.values(), strict=True
                )
                if judged
            ],
            title=gettext(locale, "审核正确率（%）"),
        ),
    }
    return render(request, "admin/dashboard.html", user=user, data=data, charts=charts, days=days)


# -- transcripts ------------------------------------------------------------------------------
def _departments(db: DbDep) -> list[str]:
    departments = db.scalars(
        select(ChatSession.department_code)
        .where(ChatSession.department_code.is_not(None))
        .distinct()
    ).all()
    return sorted(d for d in departments if d)


@router.get("/transcripts", response_class=HTMLResponse)
def transcripts_page(
    request: Request,
    db: DbDep,
    user: PageUser,
    filters: FilterDep,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
) -> HTMLResponse:
    size = get_admin_settings().page_size
    rows, total = list_audited(db, filters, page, size, user, request)
    return render(
        request,
        "admin/transcripts.html",
        user=user,
        rows=rows,
        total=total,
        page=page,
        pages=max((total + size - 1) // size, 1),
        filters=filters,
        query=filters.query_string(),
        urgencies=URGENCIES,
        urgency_labels=URGENCY_LABELS,
        departments=department_choices(page_locale(request), _departments(db)),
        department_name=department_name,
    )


@router.get("/transcripts/{session_id}", response_class=HTMLResponse)
def transcript_page(request: Request, db: DbDep, user: PageUser, session_id: str) -> HTMLResponse:
    session = db.get(ChatSession, session_id)
    if session is None:
        raise HTTPException(status_code=404, detail="transcript not found")
    annotations = db.scalars(
        select(Annotation).where(Annotation.session_id == session_id).order_by(Annotation.id)
    ).all()
    audit.record(
        db,
        "view",
        actor=user.username,
        actor_id=user.user_id,
        target=session_id,
        ip=client_ip(request),
    )
    citations: list[dict[str, Any]] = []
    guardrails: list[str] = []
    for message in session.messages:
        data = (message.payload or {}).get("data") or {}
        if isinstance(data, dict):
            citations += [c for c in data.get("citations") or [] if isinstance(c, dict)]
            guardrails += [str(g) for g in data.get("guardrails") or []]
    return render(
        request,
        "admin/transcript.html",
        user=user,
        session=session,
        messages=session.messages,
        summary=session.summary or {},
        citations=citations,
        guardrails=guardrails,
        events=guardrail_events(db, session_id),
        annotations=annotations,
        urgencies=URGENCIES,
        urgency_labels=URGENCY_LABELS,
        saved=request.query_params.get("saved") == "1",
        department_name=department_name,
        departments=department_choices(page_locale(request)),
    )


def _verdict(value: str) -> bool | None:
    return {"right": True, "wrong": False}.get(value)


@router.post("/transcripts/{session_id}/annotate")
def annotate(
    request: Request,
    db: DbDep,
    user: PageUser,
    session_id: str,
    routing: Annotated[str, Form()] = "",
    urgency: Annotated[str, Form()] = "",
    answer: Annotated[str, Form()] = "",
    correct_department: Annotated[str, Form(max_length=16)] = "",
    correct_urgency: Annotated[str, Form(max_length=32)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> RedirectResponse:
    if db.get(ChatSession, session_id) is None:
        raise HTTPException(status_code=404, detail="transcript not found")
    if correct_urgency and correct_urgency not in URGENCIES:
        raise HTTPException(status_code=422, detail="unknown urgency")
    row = Annotation(
        session_id=session_id,
        reviewer_id=user.user_id,
        reviewer=user.username,
        routing_correct=_verdict(routing),
        urgency_correct=_verdict(urgency),
        answer_correct=_verdict(answer),
        correct_department=correct_department.strip() or None,
        correct_urgency=correct_urgency or None,
        note=redact(note.strip()).text,
    )
    db.add(row)
    audit.record(
        db,
        "annotate",
        actor=user.username,
        actor_id=user.user_id,
        target=session_id,
        detail={"routing": routing, "urgency": urgency, "answer": answer},
        ip=client_ip(request),
    )
    return RedirectResponse(f"/admin/transcripts/{session_id}?saved=1", status_code=303)


@router.get("/export.{fmt}")
def export(request: Request, db: DbDep, user: PageUser, filters: FilterDep, fmt: str) -> Response:
    if fmt not in ("csv", "jsonl"):
        raise HTTPException(status_code=404, detail="export format is csv or jsonl")
    _rows, total = list_transcripts(db, filters, page=1, page_size=1)
    audit.record(
        db,
        "export",
        actor=user.username,
        actor_id=user.user_id,
        detail={"format": fmt, "filters": filters.audit_view(), "sessions": total},
        ip=client_ip(request),
    )
    database = request.app.state.db

    def body() -> Any:
        counter = [0]
        with database.session() as session:
            lines = csv_lines if fmt == "csv" else jsonl_lines
            yield from lines(session, filters, counter)

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
    return StreamingResponse(
        body(),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="transcripts-{stamp}.{fmt}"'},
    )
