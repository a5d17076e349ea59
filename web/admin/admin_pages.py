"""Admin-role pages: audit log, staff accounts and kiosk device tokens."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from starlette.responses import HTMLResponse

from preconsult.i18n import gettext
from web.admin import accounts, audit
from web.admin.deps import DbDep, PageAdmin, client_ip
from web.admin.kiosks import IssuedKiosk, issue_kiosk, list_kiosks, revoke_kiosk
from web.admin.models import ROLES, AdminUser, KioskDevice
from web.admin.retention import purge_before
from web.admin.settings import get_admin_settings
from web.admin.texts import ACCOUNT_ERRORS
from web.storage.models import utcnow
from web.templating import page_locale, render

__all__ = ["router"]

router = APIRouter(prefix="/admin", include_in_schema=False, tags=["admin-role"])


def issue_audited(request: Request, db: Any, user: Any, name: str, pharmacy: str) -> IssuedKiosk:
    """Issue a kiosk token and record it in the audit log (page and API)."""
    try:
        issued = issue_kiosk(db, name, pharmacy, created_by=user.username)
    except ValueError:
        raise HTTPException(
            status_code=422, detail="kiosk name and pharmacy are required"
        ) from None
    audit.record(
        db,
        "kiosk_issue",
        actor=user.username,
        actor_id=user.user_id,
        target=issued.device.kiosk_id,
        detail={"pharmacy": issued.device.pharmacy},
        ip=client_ip(request),
    )
    return issued


def revoke_audited(request: Request, db: Any, user: Any, device_id: int) -> KioskDevice:
    """Revoke a kiosk token (404 if unknown) and record it in the audit log (page and API)."""
    device = revoke_kiosk(db, device_id)
    if device is None:
        raise HTTPException(status_code=404, detail="kiosk not found")
    audit.record(
        db,
        "kiosk_revoke",
        actor=user.username,
        actor_id=user.user_id,
        target=device.kiosk_id,
        ip=client_ip(request),
    )
    return device


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    db: DbDep,
    user: PageAdmin,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    action: str = "",
) -> HTMLResponse:
    rows, total = audit.recent(db, page=page, page_size=100, action=action or None)
    return render(
        request,
        "admin/audit.html",
        user=user,
        rows=rows,
        total=total,
        page=page,
        pages=max((total + 99) // 100, 1),
        action=action,
    )


def _users_page(
    request: Request, db: DbDep, user: PageAdmin, *, error: str = "", created: str = ""
) -> HTMLResponse:
    users = db.scalars(select(AdminUser).order_by(AdminUser.username)).all()
    return render(
        request,
        "admin/users.html",
        status_code=400 if error else 200,
        user=user,
        users=users,
        roles=ROLES,
        error=error,
        created=created,
    )


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, db: DbDep, user: PageAdmin) -> HTMLResponse:
    return _users_page(request, db, user)


@router.post("/users", response_class=HTMLResponse)
def users_create(
    request: Request,
    db: DbDep,
    user: PageAdmin,
    username: Annotated[str, Form(max_length=64)],
    role: Annotated[str, Form()],
    password: Annotated[str, Form(max_length=256)],
    repeat: Annotated[str, Form(max_length=256)],
) -> HTMLResponse:
    settings = get_admin_settings()
    locale = page_locale(request)
    if password != repeat:
        mismatch = ACCOUNT_ERRORS["password_mismatch"]
        return _users_page(request, db, user, error=gettext(locale, mismatch))
    try:
        created = accounts.create_user(db, username, password, role, settings)
    except accounts.AccountError as exc:
        message = gettext(locale, ACCOUNT_ERRORS[exc.code], n=settings.min_password_length)
        return _users_page(request, db, user, error=message)
    audit.record(
        db,
        "user_create",
        actor=user.username,
        actor_id=user.user_id,
        target=created.username,
        detail={"role": role},
        ip=client_ip(request),
    )
    return _users_page(request, db, user, created=created.username)


@router.get("/kiosks", response_class=HTMLResponse)
def kiosks_page(request: Request, db: DbDep, user: PageAdmin) -> HTMLResponse:
    return render(request, "admin/kiosks.html", user=user, kiosks=list_kiosks(db))


@router.post("/kiosks", response_class=HTMLResponse)
def kiosks_issue(
    request: Request,
    db: DbDep,
    user: PageAdmin,
    name: Annotated[str, Form(max_length=128)],
    pharmacy: Annotated[str, Form(max_length=128)],
) -> HTMLResponse:
    issued = issue_audited(request, db, user, name, pharmacy)
    return render(request, "admin/kiosks.html", user=user, kiosks=list_kiosks(db), issued=issued)


@router.post("/kiosks/{device_id}/revoke")
def kiosks_revoke(request: Request, db: DbDep, user: PageAdmin, device_id: int) -> RedirectResponse:
    revoke_audited(request, db, user, device_id)
    return RedirectResponse("/admin/kiosks", status_code=303)


@router.post("/users/{user_id}/unlock")
def users_unlock(request: Request, db: DbDep, user: PageAdmin, user_id: int) -> RedirectResponse:
    target = db.get(AdminUser, user_id)
    if target is None:
        raise HTTPException(status_code=404, detail="account not found")
    target.locked_until = None
    target.failed_logins = 0
    audit.record(
        db, "user_unlock", actor=user.username, actor_id=user.user_id, target=target.username,
        ip=client_ip(request),
    )  # fmt: skip
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/users/{user_id}/active")
def users_active(
    request: Request,
    db: DbDep,
    user: PageAdmin,
    user_id: int,
    active: Annotated[str, Form()] = "",
) -> RedirectResponse:
    target = db.get(AdminUser, user_id)
    if target is None:
        raise HTTPException(status_code=404, detail="account not found")
    if target.id == user.user_id:
        raise HTTPException(status_code=409, detail="you cannot deactivate your own account")
    target.active = active == "yes"
    audit.record(
        db, "user_activate" if target.active else "user_deactivate", actor=user.username,
        actor_id=user.user_id, target=target.username, ip=client_ip(request),
    )  # fmt: skip
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, user: PageAdmin, purged: int = -1) -> HTMLResponse:
    return render(
        request, "admin/settings.html", user=user, settings=get_admin_settings(), purged=purged
    )


@router.post("/purge")
def purge(
    request: Request,
    db: DbDep,
    user: PageAdmin,
    days: Annotated[int, Form(ge=1, le=3650)],
    confirm: Annotated[str, Form()] = "",
) -> RedirectResponse:
    if confirm != "yes":
        raise HTTPException(status_code=422, detail="tick the confirmation box to purge")
    deleted = purge_before(db, utcnow() - timedelta(days=days), actor=user.username)
    return RedirectResponse(f"/admin/settings?purged={deleted}", status_code=303)
