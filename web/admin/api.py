"""Admin JSON API under /admin/api: transcripts, annotations, dashboard, audit log, kiosk tokens."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import select

from preconsult.privacy.pii import redact
from web.admin import audit
from web.admin.admin_pages import issue_audited, revoke_audited
from web.admin.deps import ApiAdmin, ApiUser, DbDep, client_ip
from web.admin.export import session_record
from web.admin.kiosks import list_kiosks
from web.admin.models import Annotation
from web.admin.pages import FilterDep, list_audited
from web.admin.settings import get_admin_settings
from web.admin.stats import dashboard
from web.storage.models import ChatSession

__all__ = ["admin_router", "router"]

router = APIRouter(prefix="/admin/api", tags=["admin"])
admin_router = APIRouter(prefix="/admin/api", tags=["admin", "admin-role"])


class AnnotationIn(BaseModel):
    routing_correct: bool | None = None
    urgency_correct: bool | None = None
    answer_correct: bool | None = None
    correct_department: str | None = Field(None, max_length=16)
    correct_urgency: (
        Literal["emergency_ambulance", "emergency", "urgent", "routine", "self_care"] | None
    ) = None
    note: str = Field("", max_length=2000)


class KioskIn(BaseModel):
    name: str = Field(min_length=1, max_length=128)
    pharmacy: str = Field(min_length=1, max_length=128)


def _annotation(a: Annotation) -> dict[str, Any]:
    return {
        "id": a.id,
        "reviewer": a.reviewer,
        "routing_correct": a.routing_correct,
        "urgency_correct": a.urgency_correct,
        "answer_correct": a.answer_correct,
        "correct_department": a.correct_department,
        "correct_urgency": a.correct_urgency,
        "note": a.note,
        "created_at": a.created_at.isoformat(),
    }


@router.get("/me")
def me(user: ApiUser) -> dict[str, Any]:
    return {"username": user.username, "role": user.role, "csrf_token": user.csrf_token}


@router.get("/transcripts")
def transcripts(
    request: Request,
    db: DbDep,
    user: ApiUser,
    filters: FilterDep,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 0,
) -> dict[str, Any]:
    size = page_size or get_admin_settings().page_size
    rows, total = list_audited(db, filters, page, size, user, request)
    return {
        "total": total,
        "page": page,
        "page_size": size,
        "items": [r.model_dump(mode="json") for r in rows],
    }


@router.get("/transcripts/{session_id}")
def transcript(request: Request, db: DbDep, user: ApiUser, session_id: str) -> dict[str, Any]:
    session = db.get(ChatSession, session_id)
    if session is None:
        raise HTTPException(status_code=404, detail="transcript not found")
    record = session_record(session)
    record["events"] = [
        {"kind": e.kind, "data": e.data, "created_at": e.created_at.isoformat()}
        for e in session.events
    ]
    record["annotations"] = [
        _annotation(a)
        for a in db.scalars(select(Annotation).where(Annotation.session_id == session_id)).all()
    ]
    audit.record(
        db,
        "view",
        actor=user.username,
        actor_id=user.user_id,
        target=session_id,
        ip=client_ip(request),
    )
    return record


@router.post("/transcripts/{session_id}/annotations", status_code=201)
def annotate(
    request: Request, db: DbDep, user: ApiUser, session_id: str, body: AnnotationIn
) -> dict[str, Any]:
    if db.get(ChatSession, session_id) is None:
        raise HTTPException(status_code=404, detail="transcript not found")
    row = Annotation(
        session_id=session_id,
        reviewer_id=user.user_id,
        reviewer=user.username,
        **body.model_dump(exclude={"note"}),
        note=redact(body.note.strip()).text,
    )
    db.add(row)
    audit.record(
        db,
        "annotate",
        actor=user.username,
        actor_id=user.user_id,
        target=session_id,
        detail=body.model_dump(exclude={"note"}),
        ip=client_ip(request),
        commit=False,
    )
    db.commit()
    return _annotation(row)


@router.get("/dashboard")
def dashboard_api(
    db: DbDep, user: ApiUser, days: Annotated[int, Query(ge=1, le=365)] = 30
) -> dict[str, Any]:
    return dashboard(db, days=days).to_api()


@admin_router.get("/audit")
def audit_api(
    db: DbDep,
    user: ApiAdmin,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    action: str = "",
) -> dict[str, Any]:
    rows, total = audit.recent(db, page=page, page_size=100, action=action or None)
    return {
        "total": total,
        "items": [
            {
                "at": r.at.isoformat(),
                "actor": r.actor,
                "action": r.action,
                "target": r.target,
                "detail": r.detail,
                "ip": r.ip,
            }
            for r in rows
        ],
    }


@admin_router.get("/kiosks")
def kiosks(db: DbDep, user: ApiAdmin) -> list[dict[str, Any]]:
    return [
        {
            "id": k.id,
            "kiosk_id": k.kiosk_id,
            "name": k.name,
            "pharmacy": k.pharmacy,
            "revoked": k.revoked,
            "created_at": k.created_at.isoformat(),
            "last_seen_at": k.last_seen_at.isoformat() if k.last_seen_at else None,
        }
        for k in list_kiosks(db)
    ]


@admin_router.post("/kiosks", status_code=201)
def kiosk_issue(request: Request, db: DbDep, user: ApiAdmin, body: KioskIn) -> dict[str, Any]:
    issued = issue_audited(request, db, user, body.name, body.pharmacy)
    return {"id": issued.device.id, "kiosk_id": issued.device.kiosk_id, "token": issued.token}


@admin_router.post("/kiosks/{device_id}/revoke")
def kiosk_revoke(request: Request, db: DbDep, user: ApiAdmin, device_id: int) -> dict[str, Any]:
    device = revoke_audited(request, db, user, device_id)
    return {"kiosk_id": device.kiosk_id, "revoked": True}
